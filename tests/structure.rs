//! Document structure on the seed corpus.

use unsc_kg::extract::{Options, extract_file};
use unsc_kg::model::Item;

use crate::util;

fn outline(rel: &str) -> String {
    let fx = extract_file(&util::corpus(rel), &Options::default()).expect("readable");
    unsc_kg::cmd::inspect::outline(&fx.items)
}

#[test]
fn seed_outlines_match_golden() {
    for (rel, golden) in [
        (
            "mali/letter-2020-06-30-president-S-2020-600-vote.txt",
            "outline-letter.txt",
        ),
        ("mali/S-RES-2531-2020.md", "outline-S-RES-2531.txt"),
        ("mali/S-2021-610.txt", "outline-S-2021-610.txt"),
        ("mali/S-2017-558.txt", "outline-S-2017-558.txt"),
        ("mali/repertoire-2023-mali.md", "outline-repertoire.txt"),
    ] {
        util::golden(golden, &outline(rel));
    }
}

#[test]
fn every_item_quotes_its_source_bytes() {
    for rel in [
        "mali/letter-2020-06-30-president-S-2020-600-vote.txt",
        "mali/S-RES-2531-2020.md",
        "mali/S-2021-610.txt",
        "mali/S-2017-558.txt",
        "mali/repertoire-2023-mali.md",
    ] {
        let path = util::corpus(rel);
        let bytes = util::read(&path);
        let fx = extract_file(&path, &Options::default()).expect("readable");
        for it in &fx.items {
            let ev = it.evidence();
            assert_eq!(
                &bytes[ev.start..ev.end],
                ev.text.as_bytes(),
                "{rel}: {} item at {}..{}",
                it.kind(),
                ev.start,
                ev.end
            );
        }
    }
}

#[test]
fn drafts_keep_no_page_furniture_inside_paragraphs() {
    for rel in ["mali/S-2021-610.txt", "mali/S-2017-558.txt"] {
        let fx = extract_file(&util::corpus(rel), &Options::default()).expect("readable");
        for it in &fx.items {
            if let Item::Paragraph(p) = it {
                for junk in ["21-08827", "17-10885", "/18 ", "undocs.org", "*21", "*17"] {
                    assert!(
                        !p.clean.contains(junk),
                        "{rel} {}: {junk:?} left in {:?}",
                        p.id,
                        p.clean
                    );
                }
            }
        }
    }
}
