//! Document structure on the seed corpus.

use unsc_kg::input::{Options, extract_file};
use unsc_kg::model::{DocType, Item, ParagraphRole};

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

/// Every paragraph of a file, one line each: id, role, number, parent and the
/// start of its text. Pins the order and the numbering.
fn paragraph_table(rel: &str) -> String {
    let fx = extract_file(&util::corpus(rel), &Options::default()).expect("readable");
    let mut s = String::new();
    for it in &fx.items {
        match it {
            Item::Document(d) => s.push_str(&format!(
                "DOC\t{}\t{}\t{}\t{}\n",
                d.id,
                d.doc_type.as_str(),
                d.date.as_deref().unwrap_or("-"),
                d.part_of.as_deref().unwrap_or("-")
            )),
            Item::Paragraph(p) => {
                let head: String = p.clean.chars().take(70).collect();
                s.push_str(&format!(
                    "{}\t{:?}\t{}\t{}\t{}\n",
                    p.id,
                    p.role,
                    p.number.as_deref().unwrap_or("-"),
                    p.parent.as_deref().unwrap_or("-"),
                    head
                ));
            }
            _ => {}
        }
    }
    s
}

#[test]
fn seed_paragraphs_match_golden() {
    for (rel, golden) in [
        (
            "mali/letter-2020-06-30-president-S-2020-600-vote.txt",
            "paragraphs-letter.tsv",
        ),
        ("mali/S-RES-2531-2020.md", "paragraphs-S-RES-2531.tsv"),
        ("mali/S-2021-610.txt", "paragraphs-S-2021-610.tsv"),
        ("mali/S-2017-558.txt", "paragraphs-S-2017-558.tsv"),
        ("mali/repertoire-2023-mali.md", "paragraphs-repertoire.tsv"),
    ] {
        util::golden(golden, &paragraph_table(rel));
    }
}

#[test]
fn operative_paragraphs_are_numbered_without_gaps() {
    // The drafts and the resolution number their operative paragraphs 1..N;
    // a gap or a repeat means a paragraph was lost or split by page layout.
    for (rel, doc, expected) in [
        ("mali/S-2021-610.txt", "S/2021/610", 63),
        ("mali/S-2017-558.txt", "S/2017/558", 49),
        ("mali/S-RES-2531-2020.md", "S/RES/2531 (2020)", 65),
        (
            "mali/letter-2020-06-30-president-S-2020-600-vote.txt",
            "S/2020/600",
            64,
        ),
    ] {
        let fx = extract_file(&util::corpus(rel), &Options::default()).expect("readable");
        let numbers: Vec<usize> = fx
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Paragraph(p) if p.doc == doc && p.role == ParagraphRole::Operative => {
                    p.number.as_deref().and_then(|n| n.parse().ok())
                }
                _ => None,
            })
            .collect();
        assert_eq!(numbers, (1..=expected).collect::<Vec<_>>(), "{rel}");
    }
}

#[test]
fn letter_yields_its_annexes_and_the_enclosed_draft() {
    let fx = extract_file(
        &util::corpus("mali/letter-2020-06-30-president-S-2020-600-vote.txt"),
        &Options::default(),
    )
    .expect("readable");
    let docs: Vec<_> = fx
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Document(d) => Some(d),
            _ => None,
        })
        .collect();
    // The letter, annexes I-XIX, and the enclosure to annex I.
    assert_eq!(docs.len(), 21);
    let top = &docs[0];
    assert!(top.id.starts_with("x:letter:2020-06-30:"), "{}", top.id);
    let annexes = docs
        .iter()
        .filter(|d| d.part_of.as_deref() == Some(top.id.as_str()))
        .count();
    assert_eq!(annexes, 19);
    let draft = docs
        .iter()
        .find(|d| d.id == "S/2020/600")
        .expect("enclosed draft");
    assert_eq!(draft.doc_type, DocType::DraftResolution);
    assert_eq!(draft.authors, vec!["France".to_string()]);
    assert_eq!(draft.part_of.as_deref(), Some(docs[1].id.as_str()));
    let votes = docs
        .iter()
        .filter(|d| d.doc_type == DocType::Letter && d.part_label.is_some())
        .count();
    assert_eq!(votes, 16, "annex I and the 15 vote letters");
    let statements = docs
        .iter()
        .filter(|d| d.doc_type == DocType::Statement)
        .count();
    assert_eq!(statements, 3, "explanations of vote");
}

#[test]
fn repertoire_yields_footnotes_and_table_rows() {
    let fx = extract_file(
        &util::corpus("mali/repertoire-2023-mali.md"),
        &Options::default(),
    )
    .expect("readable");
    let footnotes: Vec<&str> = fx
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Paragraph(p) if p.role == ParagraphRole::Footnote => p.number.as_deref(),
            _ => None,
        })
        .collect();
    // Numbered footnotes 410-442 and the table's lettered notes a-i.
    for n in 410..=442 {
        assert!(
            footnotes.contains(&n.to_string().as_str()),
            "footnote {n} missing"
        );
    }
    for l in ["a", "b", "c", "d", "e", "f", "g", "h", "i"] {
        assert!(footnotes.contains(&l), "table note {l} missing");
    }
    let rows: Vec<&str> = fx
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Paragraph(p) if p.role == ParagraphRole::TableRow => Some(p.clean.as_str()),
            _ => None,
        })
        .collect();
    assert!(rows.iter().any(|r| r.starts_with("S/PV.9251 27 January\t")));
    assert!(
        rows.iter()
            .any(|r| r.contains("Draft resolution (S/2023/638) not adopted 13-1-1"))
    );
    let doc = fx.items.iter().find_map(|i| match i {
        Item::Document(d) => Some(d),
        _ => None,
    });
    let doc = doc.expect("a document");
    assert_eq!(doc.doc_type, DocType::RepertoireSection);
    assert_eq!(doc.agenda_item.as_deref(), Some("The situation in Mali"));
}

#[test]
fn derived_akn_texts_yield_one_resolution_numbered_without_gaps() {
    // One paragraph a line, no page layout: a different shape of input from
    // the PDF text of the seeds.
    let dir = util::corpus("akn-sample/text");
    let files = util::sorted_files(&dir, None);
    assert_eq!(files.len(), 40);
    for f in files {
        let stem = f.file_stem().and_then(|s| s.to_str()).expect("name");
        // S_RES_2369_2017 -> S/RES/2369 (2017)
        let parts: Vec<&str> = stem.split('_').collect();
        let symbol = format!("S/RES/{} ({})", parts[2], parts[3]);
        let fx = extract_file(&f, &Options::default()).expect("readable");
        let docs: Vec<_> = fx
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Document(d) => Some(d),
                _ => None,
            })
            .collect();
        assert_eq!(docs[0].id, symbol, "{stem}");
        assert_eq!(docs[0].doc_type, DocType::Resolution, "{stem}");
        assert!(
            docs[0]
                .date
                .as_deref()
                .is_some_and(|d| d.starts_with(parts[3])),
            "{stem}"
        );
        let numbers: Vec<usize> = fx
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Paragraph(p) if p.doc == symbol && p.role == ParagraphRole::Operative => {
                    p.number.as_deref().and_then(|n| n.parse().ok())
                }
                _ => None,
            })
            .collect();
        assert!(!numbers.is_empty(), "{stem}: no operative paragraphs");
        assert_eq!(numbers, (1..=numbers.len()).collect::<Vec<_>>(), "{stem}");
        let preambular = fx
            .items
            .iter()
            .filter(|i| matches!(i, Item::Paragraph(p) if p.role == ParagraphRole::Preambular))
            .count();
        assert!(preambular > 0, "{stem}: no preambular paragraphs");
    }
}

#[derive(serde::Deserialize)]
struct DocCase {
    name: String,
    text: String,
    id: String,
    doc_type: String,
    date: Option<String>,
    agenda_item: Option<String>,
    #[serde(default)]
    authors: Vec<String>,
    operative: Option<usize>,
    preambular: Option<usize>,
}

#[derive(serde::Deserialize)]
struct DocCases {
    case: Vec<DocCase>,
}

#[test]
fn document_identity_cases() {
    let path = util::root().join("tests/testdata/structure/documents.toml");
    let cases: DocCases =
        toml::from_str(&std::fs::read_to_string(&path).expect("cases")).expect("valid TOML");
    let mut failures = Vec::new();
    for c in &cases.case {
        let text = unsc_kg::text::Text::from_str("case.txt", &c.text);
        let items = unsc_kg::extract::extract_text(&text);
        let Some(Item::Document(d)) = items.first() else {
            failures.push(format!("{}: no document", c.name));
            continue;
        };
        let mut check = |what: &str, ok: bool, got: String| {
            if !ok {
                failures.push(format!("{}: {what} was {got}", c.name));
            }
        };
        check("id", d.id == c.id, d.id.clone());
        check(
            "doc_type",
            d.doc_type.as_str() == c.doc_type,
            d.doc_type.as_str().into(),
        );
        if c.date.is_some() {
            check("date", d.date == c.date, format!("{:?}", d.date));
        }
        if c.agenda_item.is_some() {
            check(
                "agenda_item",
                d.agenda_item == c.agenda_item,
                format!("{:?}", d.agenda_item),
            );
        }
        if !c.authors.is_empty() {
            check(
                "authors",
                d.authors == c.authors,
                format!("{:?}", d.authors),
            );
        }
        let count = |role: ParagraphRole| {
            items
                .iter()
                .filter(|i| matches!(i, Item::Paragraph(p) if p.role == role))
                .count()
        };
        if let Some(n) = c.operative {
            let got = count(ParagraphRole::Operative);
            check("operative", got == n, got.to_string());
        }
        if let Some(n) = c.preambular {
            let got = count(ParagraphRole::Preambular);
            check("preambular", got == n, got.to_string());
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Lays a one-paragraph-a-line text out as PDF text would: wrapped at 78
/// columns, double spaced, paragraphs indented, a running header block (the
/// symbol, a job number and a page mark) every 45 lines.
fn pdf_rendering(clean: &str) -> String {
    let lines: Vec<&str> = clean.lines().collect();
    let symbol = lines.get(1).copied().unwrap_or("S/RES/1 (1946)").trim();
    let mut wrapped: Vec<String> = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        if i < 8 {
            wrapped.push(l.to_string());
            continue;
        }
        if l.trim().is_empty() {
            continue;
        }
        let mut line = String::from(" ");
        for word in l.split(' ') {
            if line.len() + word.len() + 1 > 78 && !line.trim().is_empty() {
                wrapped.push(std::mem::take(&mut line));
            } else if !line.trim().is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        wrapped.push(line);
    }
    let mut out: Vec<String> = Vec::new();
    let mut page = 1;
    for (i, l) in wrapped.into_iter().enumerate() {
        out.push(l);
        if i > 10 && i % 45 == 0 {
            page += 1;
            for h in ["", symbol, "", &format!("17-12345 {page}/9"), "", ""] {
                out.push(h.to_string());
            }
        }
    }
    out.join("\n\n") + "\n"
}

#[test]
fn pdf_rendering_of_the_akn_texts_reads_the_same() {
    // Same documents, same operative numbering, same citation targets, whether
    // a resolution comes as clean text or as double-spaced PDF text with page
    // headers: the layout rules must not depend on the seeds' layout.
    let dir = util::corpus("akn-sample/text");
    let files = util::sorted_files(&dir, None);
    let summary = |items: &[Item]| {
        let mut docs = Vec::new();
        let mut ops = Vec::new();
        let mut cites = Vec::new();
        for it in items {
            match it {
                Item::Document(d) => docs.push((d.id.clone(), d.doc_type)),
                // Numbered paragraphs: the text after a list (its wrap-up) is
                // its own line in clean text but joins the last item in PDF text.
                Item::Paragraph(p) if p.role == ParagraphRole::Operative && p.number.is_some() => {
                    ops.push(p.number.clone())
                }
                Item::Citation(c) => cites.push(c.target.clone()),
                _ => {}
            }
        }
        cites.sort();
        (docs, ops, cites)
    };
    let mut failures = Vec::new();
    for f in files {
        let clean = std::fs::read_to_string(&f).expect("utf-8");
        let a = unsc_kg::extract::extract_text(&unsc_kg::text::Text::from_str("clean.txt", &clean));
        let noisy = pdf_rendering(&clean);
        let b = unsc_kg::extract::extract_text(&unsc_kg::text::Text::from_str("noisy.txt", &noisy));
        if summary(&a) != summary(&b) {
            failures.push(f.display().to_string());
        }
    }
    assert!(
        failures.is_empty(),
        "differ under PDF layout: {failures:#?}"
    );
}
