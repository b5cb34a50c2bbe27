//! The rule registry (`src/rules.rs`): every rule the sample corpora's
//! outputs record is registered, each part of a joined rule included.

use std::collections::BTreeSet;
use std::path::Path;

use unsc_kg::input::{self, Options};
use unsc_kg::rules;

use crate::util;

fn files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("corpus folder")
        .map(|e| e.expect("entry").path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            files(&p, out);
        } else if matches!(
            p.extension().and_then(|e| e.to_str()),
            Some("txt" | "md" | "xml" | "html")
        ) {
            out.push(p);
        }
    }
}

/// Mali, the Akoma Ntoso sample, the meetings tables and the record sample:
/// every rule (and every `+`-joined part) is in `rules::ALL`.
#[test]
fn every_rule_in_the_outputs_is_registered() {
    let mut paths = Vec::new();
    for dir in [
        "mali",
        "akn-sample",
        "meetings-tables",
        "record-sample/text",
    ] {
        files(&util::corpus(dir), &mut paths);
    }
    let mut seen = BTreeSet::new();
    for p in &paths {
        let fx = input::extract_file(p, &Options::default()).expect("readable");
        for item in &fx.items {
            seen.insert(item.evidence().rule.clone());
        }
    }
    // The sample outputs use most of the registry, so this is no empty check.
    assert!(seen.len() >= 40, "{seen:?}");
    let unknown: Vec<&String> = seen
        .iter()
        .filter(|r| rules::meaning(r).is_none())
        .collect();
    assert!(
        unknown.is_empty(),
        "rules missing from src/rules.rs: {unknown:?}"
    );
}

/// The README's "Rule names" table is the registry, in its order.
#[test]
fn readme_lists_the_registry() {
    let mut want = String::from("| Rule | What it means |\n|---|---|\n");
    for (name, doc) in rules::ALL {
        want.push_str(&format!("| `{name}` | {doc} |\n"));
    }
    let readme = std::fs::read_to_string(util::root().join("README.md")).expect("README");
    let start = readme.find("| Rule | What it means |").expect("the table");
    let end = readme[start..]
        .find("\n\n")
        .map_or(readme.len(), |e| start + e + 1);
    assert_eq!(
        &readme[start..end],
        want,
        "README's rule table differs from src/rules.rs"
    );
}
