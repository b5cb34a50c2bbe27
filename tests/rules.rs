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

/// `unsc-kg rules` lists the registry in its order, each rule with what it
/// means; a prefix keeps the rules it starts; an unknown prefix is an error
/// that says so.
#[test]
fn the_rules_command_prints_the_registry() {
    let run = |args: &[&str]| {
        let o = util::bin().arg("rules").args(args).output().expect("runs");
        (
            o.status.code(),
            String::from_utf8_lossy(&o.stdout).into_owned(),
            String::from_utf8_lossy(&o.stderr).into_owned(),
        )
    };
    let (code, out, _) = run(&[]);
    assert_eq!(code, Some(0));
    let rows: Vec<(&str, &str)> = out
        .lines()
        .skip(1)
        .map(|l| {
            let (name, meaning) = l.split_once(' ').expect("two columns");
            (name, meaning.trim_start())
        })
        .collect();
    assert_eq!(rows, rules::ALL.to_vec());
    let (code, out, _) = run(&["vote."]);
    assert_eq!(code, Some(0));
    let names: Vec<&str> = out
        .lines()
        .skip(1)
        .filter_map(|l| l.split(' ').next())
        .collect();
    let want: Vec<&str> = rules::ALL
        .iter()
        .map(|(n, _)| *n)
        .filter(|n| n.starts_with("vote."))
        .collect();
    assert!(!want.is_empty());
    assert_eq!(names, want);
    let (code, _, err) = run(&["nothing."]);
    assert_eq!(code, Some(2));
    assert!(err.contains("no rule starts with \"nothing.\""), "{err}");
}
