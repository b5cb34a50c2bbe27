//! `unsc-kg rules`: the rule names a fact's evidence can carry and what each
//! means, from the one registry ([`crate::rules::ALL`]), so that the list a
//! user reads is the list the code uses.

use std::process::ExitCode;

use super::common::Table;

/// Arguments of `rules`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only the rules whose name starts with this (`citation`, `vote.`).
    pub prefix: Option<String>,
}

/// Prints the registry as a table, in its order.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut t = Table::new(&["rule", "meaning"]);
    let mut n = 0;
    for (name, meaning) in crate::rules::ALL {
        if args.prefix.as_deref().is_none_or(|p| name.starts_with(p)) {
            t.row(vec![name.to_string(), meaning.to_string()]);
            n += 1;
        }
    }
    if n == 0 {
        anyhow::bail!(
            "no rule starts with {:?} (see `unsc-kg rules`)",
            args.prefix.unwrap_or_default()
        );
    }
    super::print(&t.render())?;
    Ok(ExitCode::SUCCESS)
}
