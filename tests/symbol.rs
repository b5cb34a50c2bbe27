//! The `symbol` module: every family parsed from its written forms into its
//! canonical form (TOML cases), canonical forms parsing back to themselves
//! (property), and the running-text scanner agreeing with the whole-string
//! parse.

use std::str::FromStr;

use proptest::prelude::*;
use serde::Deserialize;
use unsc_kg::symbol::{self, Organ, Suffix, SuffixKind, Symbol};

#[derive(Deserialize)]
struct Cases {
    case: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    name: String,
    input: String,
    family: String,
    canonical: Option<String>,
}

fn cases() -> Vec<Case> {
    let raw = std::fs::read_to_string("tests/testdata/symbol/families.toml").expect("cases");
    toml::from_str::<Cases>(&raw).expect("valid TOML").case
}

#[test]
fn every_family_parses_to_its_canonical_form() {
    let cases = cases();
    assert!(cases.len() >= 20);
    for c in cases {
        match Symbol::from_str(&c.input) {
            Ok(s) => {
                assert_eq!(s.family(), c.family, "{}: {:?}", c.name, c.input);
                let canonical = s.to_string();
                assert_eq!(Some(&canonical), c.canonical.as_ref(), "{}", c.name);
                // The canonical form is a fixed point.
                assert_eq!(Symbol::from_str(&canonical).as_ref(), Ok(&s), "{}", c.name);
            }
            Err(e) => {
                assert_eq!(c.family, "none", "{}: {e}", c.name);
                assert!(e.to_string().contains("not a UN document symbol"));
            }
        }
    }
}

/// In running text the scanner finds the same canonical form as the whole
/// parse, except that a lone number of under four digits is not taken.
#[test]
fn scanner_in_text_agrees_with_the_whole_parse() {
    for c in cases() {
        let Some(want) = c.canonical else { continue };
        let text = format!("See {} of the Council.", c.input.trim());
        let got = symbol::parse_at(&text, 4).map(|(_, s)| s);
        if c.family == "numbered" && c.input.trim().len() < 6 {
            assert_eq!(got, None, "{}", c.name);
        } else {
            assert_eq!(got.as_deref(), Some(want.as_str()), "{}", c.name);
        }
    }
}

/// The masthead regex and the scanner see the same symbol.
#[test]
fn masthead_regex_finds_what_the_scanner_finds() {
    for line in [
        "S/RES/2374 (2017)",
        "United Nations S/2020/476/Add.1",
        "S/PRST/2018/10",
        "S/PV.9251 (Resumption 1)",
        "S/AC.51/2020/6",
    ] {
        let m = symbol::IN_TEXT.captures(line).expect(line);
        let start = m.get(1).expect("group").start();
        let (_, canon) = symbol::parse_at(line, start).expect(line);
        assert_eq!(symbol::printed(&m[1]), canon, "{line}");
    }
}

#[test]
fn typed_references_and_file_names() {
    for (input, want) in [
        ("2531", Some("S/RES/2531 (")),
        ("Resolution No. 2531(2020)", Some("S/RES/2531 (2020)")),
        ("S / 2020 / 600", Some("S/2020/600")),
        ("MINUSMA", None),
    ] {
        assert_eq!(symbol::typed(input).as_deref(), want, "{input}");
    }
    for (stem, want) in [
        ("S-RES-93(1951)", Some(("S/RES/93 (1951)", true))),
        ("S_2020_476", Some(("S/2020/476", false))),
        ("resolution", None),
    ] {
        let got = symbol::in_file_name(stem);
        assert_eq!(got.as_ref().map(|(s, r)| (s.as_str(), *r)), want, "{stem}");
    }
}

fn suffixes() -> impl Strategy<Value = Vec<Suffix>> {
    prop::collection::vec(
        (0usize..4, 1u32..30).prop_map(|(k, number)| Suffix {
            kind: SuffixKind::ALL[k],
            number,
        }),
        0..3,
    )
}

fn symbols() -> impl Strategy<Value = Symbol> {
    prop_oneof![
        (1u32..3000, 1946u16..2030).prop_map(|(number, y)| Symbol::Resolution {
            number,
            year: Some(y)
        }),
        (1946u16..2030, 1u32..2000, suffixes()).prop_map(|(year, number, suffixes)| {
            Symbol::Document {
                year,
                number,
                suffixes,
            }
        }),
        (1994u16..2030, 1u32..80, suffixes()).prop_map(|(year, number, suffixes)| {
            Symbol::Statement {
                year,
                number,
                suffixes,
            }
        }),
        (1u32..10000, prop::option::of(1u32..9)).prop_map(|(meeting, resumption)| {
            Symbol::Record {
                meeting,
                resumption,
                suffixes: Vec::new(),
            }
        }),
        (1u32..10000, suffixes()).prop_map(|(meeting, suffixes)| Symbol::Record {
            meeting,
            resumption: None,
            suffixes,
        }),
        (1u32..99999, suffixes())
            .prop_map(|(number, suffixes)| Symbol::Numbered { number, suffixes }),
        (1u32..200, 1990u16..2030, 1u32..99).prop_map(|(committee, y, n)| {
            Symbol::Committee {
                committee,
                rest: format!("{y}/{n}"),
            }
        }),
        (prop::bool::ANY, 1u32..80, 1u32..300).prop_map(|(a, s, n)| Symbol::OrganResolution {
            organ: if a { Organ::Assembly } else { Organ::Ecosoc },
            rest: format!("{s}/{n}"),
        }),
    ]
}

proptest! {
    /// Canonical forms parse back to themselves, in every family.
    #[test]
    fn canonical_forms_parse_back_to_themselves(s in symbols()) {
        let text = s.to_string();
        prop_assert_eq!(Symbol::from_str(&text), Ok(s.clone()));
        // And the citation link reader agrees on the canonical form.
        if !matches!(s, Symbol::Numbered { number, .. } if number < 1000) {
            prop_assert_eq!(symbol::canonical_target(&text), Some(text));
        }
    }

    /// Any string: the parse never panics, and what it accepts is a fixed
    /// point of Display.
    #[test]
    fn whatever_parses_is_a_fixed_point(s in "[ASE]/[A-Za-z0-9./ ()]{0,24}") {
        if let Ok(sym) = Symbol::from_str(&s) {
            let text = sym.to_string();
            prop_assert_eq!(Symbol::from_str(&text), Ok(sym));
        }
    }
}
