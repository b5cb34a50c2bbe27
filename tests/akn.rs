//! Akoma Ntoso input over the 40-file sample: paragraphs in the order of the
//! derived text, the editors' links as citations at their place, the votes
//! of the metadata read back exactly, evidence that quotes the XML bytes,
//! and a clear per-file error for bad XML.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use unsc_kg::error::ReadError;
use unsc_kg::extract::actors::lookup_state;
use unsc_kg::input::akn::{self, AknDocument};
use unsc_kg::input::{Options, extract_file};
use unsc_kg::model::{Item, ParagraphRole, Position};
use unsc_kg::text::read::read_file;

use crate::util::{Workdir, corpus};

fn sample_files() -> Vec<PathBuf> {
    let files = crate::util::sorted_files(&corpus("akn-sample/akn"), Some("xml"));
    assert_eq!(files.len(), 40, "the sample has 40 files");
    files
}

fn read_akn(path: &Path) -> AknDocument {
    let (source, _) = read_file(path, u64::MAX).expect("readable");
    akn::read(source).unwrap_or_else(|e| panic!("{e}"))
}

fn derived_text(xml: &Path) -> String {
    let name = xml.file_stem().expect("stem").to_string_lossy();
    std::fs::read_to_string(corpus(&format!("akn-sample/text/{name}.txt"))).expect("derived text")
}

/// For each line of the derived text, the block of our text that holds the
/// same words; lines must come in the same order (our text may have more
/// blocks: list introductions the derivation dropped).
fn align(doc: &AknDocument, derived: &str) -> Result<Vec<usize>, String> {
    let norm = &doc.text.norm;
    let mut out = Vec::new();
    let mut next = 0;
    for (k, line) in derived.lines().enumerate() {
        let found = (next..norm.blocks.len())
            .find(|&b| norm.block_text(&norm.blocks[b]) == line.trim_end());
        match found {
            Some(b) => {
                out.push(b);
                next = b + 1;
            }
            None => {
                return Err(format!(
                    "derived line {} not found in order: {line:?}",
                    k + 1
                ));
            }
        }
    }
    Ok(out)
}

#[test]
fn sample_paragraphs_follow_the_derived_text() {
    for xml in sample_files() {
        let doc = read_akn(&xml);
        let derived = derived_text(&xml);
        if let Err(e) = align(&doc, &derived) {
            panic!("{}: {e}", xml.display());
        }
        // Operative paragraph numbers of the resolution, in order.
        let want: Vec<String> = derived
            .lines()
            .take_while(|l| !l.starts_with("Annex"))
            .filter_map(|l| {
                let n = l.split_once(". ")?.0;
                (n.len() <= 3 && n.chars().all(|c| c.is_ascii_digit())).then(|| n.to_string())
            })
            .collect();
        let got: Vec<String> = doc
            .structure
            .paras
            .iter()
            .filter(|p| p.doc == 0 && p.item.role == ParagraphRole::Operative)
            .filter_map(|p| p.item.number.clone())
            .collect();
        assert_eq!(got, want, "{}: operative paragraphs", xml.display());
        assert!(!want.is_empty(), "{}", xml.display());
        let pp = doc
            .structure
            .paras
            .iter()
            .filter(|p| p.item.role == ParagraphRole::Preambular)
            .count();
        assert!(pp > 0, "{}: no preambular paragraphs", xml.display());
    }
}

#[derive(Debug, serde::Deserialize)]
struct GoldLink {
    doc: String,
    txt_file: String,
    start: usize,
    end: usize,
    anchor_text: String,
    target_symbol: String,
}

#[test]
fn sample_links_are_citations_of_their_target_at_their_place() {
    let mut rdr = csv::Reader::from_path(corpus("akn-sample/links.csv")).expect("links.csv");
    let gold: Vec<GoldLink> = rdr.deserialize().map(|r| r.expect("row")).collect();
    let mut by_file: BTreeMap<String, Vec<&GoldLink>> = BTreeMap::new();
    for g in &gold {
        by_file.entry(g.txt_file.clone()).or_default().push(g);
    }
    let (mut matched, mut cited, mut link_citations) = (0, 0, 0);
    let mut misses = Vec::new();
    for (txt_file, links) in by_file {
        let xml = corpus(&format!(
            "akn-sample/{}",
            txt_file.replace("text/", "akn/").replace(".txt", ".xml")
        ));
        let doc = read_akn(&xml);
        let derived = derived_text(&xml);
        let blocks = align(&doc, &derived).expect("aligned");
        let items = extract_file(&xml, &Options::default())
            .expect("extracted")
            .items;
        let citations: Vec<_> = items
            .iter()
            .filter_map(|i| match i {
                Item::Citation(c) if c.ev.rule.contains(akn::RULE_LINK) => Some(c),
                _ => None,
            })
            .collect();
        link_citations += citations.len();
        // Character offsets -> (line, byte offset in line).
        let byte_at: Vec<usize> = derived
            .char_indices()
            .map(|(b, _)| b)
            .chain([derived.len()])
            .collect();
        let mut used = BTreeSet::new();
        for g in links {
            let (a, z) = (byte_at[g.start], byte_at[g.end]);
            assert_eq!(&derived[a..z], g.anchor_text, "gold offsets");
            let line = derived[..a].matches('\n').count();
            let line_start = derived[..a].rfind('\n').map(|i| i + 1).unwrap_or(0);
            let b = &doc.text.norm.blocks[blocks[line]];
            let ev = doc
                .text
                .evidence(b.start + a - line_start, b.start + z - line_start, "gold");
            assert_eq!(
                ev.text, g.anchor_text,
                "{txt_file}: the anchor maps to the XML"
            );
            let hit = citations.iter().position(|c| {
                c.target == g.target_symbol
                    // An annex's citations belong to the annex, part of the resolution.
                    && (c.doc == g.doc || c.doc.starts_with(&format!("{}/", g.doc)))
                    && c.ev.start <= ev.start
                    && ev.end <= c.ev.end
                    && c.ev.text.contains(&g.anchor_text)
            });
            match hit {
                Some(k) => {
                    matched += 1;
                    used.insert(k);
                }
                None => misses.push(format!(
                    "{txt_file}: {} -> {}",
                    g.anchor_text, g.target_symbol
                )),
            }
        }
        cited += used.len();
    }
    eprintln!(
        "akn links: {matched}/{} gold links matched; {cited}/{link_citations} link citations backed by gold",
        gold.len()
    );
    assert!(misses.is_empty(), "missed links: {misses:#?}");
    assert_eq!(cited, link_citations, "every link citation is a gold link");
}

#[derive(Debug, serde::Deserialize)]
struct GoldVote {
    doc: String,
    in_favour: String,
    against: String,
    abstaining: String,
    draft: String,
    sponsors: String,
    adopted_at: String,
}

fn names(s: &str) -> Vec<&str> {
    s.split(';').filter(|n| !n.is_empty()).collect()
}

/// The sponsor list split the simple way, with the compound names that
/// occur in the sample kept whole.
fn gold_sponsors(s: &str) -> Vec<String> {
    const WHOLE: &[&str] = &[
        "United Kingdom of Great Britain and Northern Ireland",
        "Antigua and Barbuda",
        "Bosnia and Herzegovina",
        "Saint Kitts and Nevis",
        "Saint Vincent and the Grenadines",
    ];
    if !s.starts_with(|c: char| c.is_uppercase()) {
        return Vec::new();
    }
    let mut t = s.to_string();
    for (k, w) in WHOLE.iter().enumerate() {
        t = t.replace(w, &format!("#{k}#"));
    }
    t.split(", ")
        .flat_map(|p| p.split(" and "))
        .map(|p| {
            let mut p = p.to_string();
            for (k, w) in WHOLE.iter().enumerate() {
                p = p.replace(&format!("#{k}#"), w);
            }
            p
        })
        .collect()
}

#[test]
fn sample_votes_and_decisions_read_back_exactly() {
    let mut rdr = csv::Reader::from_path(corpus("akn-sample/votes.csv")).expect("votes.csv");
    let gold: BTreeMap<String, GoldVote> = rdr
        .deserialize::<GoldVote>()
        .map(|r| r.expect("row"))
        .map(|g| (g.doc.clone(), g))
        .collect();
    assert_eq!(gold.len(), 40);
    let mut seen = 0;
    let mut votes_matched = 0;
    let mut votes_total = 0;
    for xml in sample_files() {
        let items = extract_file(&xml, &Options::default())
            .expect("extracted")
            .items;
        let Some(Item::Document(d)) = items.first() else {
            panic!("{}: no document", xml.display())
        };
        let g = gold
            .get(&d.id)
            .unwrap_or_else(|| panic!("{} not in votes.csv", d.id));
        seen += 1;
        let mut want: BTreeSet<(String, Position)> = BTreeSet::new();
        for (list, pos) in [
            (&g.in_favour, Position::InFavour),
            (&g.against, Position::Against),
            (&g.abstaining, Position::Abstaining),
        ] {
            for n in names(list) {
                want.insert((lookup_state(n).expect("a state").id, pos));
            }
        }
        votes_total += want.len();
        let got: Vec<(String, Position)> = items
            .iter()
            .filter_map(|i| match i {
                Item::Vote(v) => {
                    assert_eq!(v.on, d.id);
                    Some((v.member.clone(), v.position))
                }
                _ => None,
            })
            .collect();
        assert_eq!(got.len(), want.len(), "{}: number of votes", d.id);
        let got: BTreeSet<_> = got.into_iter().collect();
        assert_eq!(got, want, "{}: votes", d.id);
        votes_matched += got.len();
        let decisions: Vec<_> = items
            .iter()
            .filter_map(|i| match i {
                Item::Decision(x) => Some(x),
                _ => None,
            })
            .collect();
        assert_eq!(decisions.len(), 1, "{}: one decision", d.id);
        let dec = decisions[0];
        assert_eq!(
            dec.draft.as_deref(),
            Some(g.draft.as_str()),
            "{}: draft",
            d.id
        );
        assert_eq!(
            dec.meeting.as_deref(),
            Some(g.adopted_at.as_str()),
            "{}: meeting",
            d.id
        );
        assert_eq!(dec.resolution.as_deref(), Some(d.id.as_str()));
        let tally = format!(
            "{}-{}-{}",
            names(&g.in_favour).len(),
            names(&g.against).len(),
            names(&g.abstaining).len()
        );
        assert_eq!(
            dec.tally.as_deref(),
            Some(tally.as_str()),
            "{}: tally",
            d.id
        );
        let sponsors: Vec<String> = gold_sponsors(&g.sponsors)
            .iter()
            .map(|n| lookup_state(n).expect("a state").id)
            .collect();
        assert_eq!(dec.sponsors, sponsors, "{}: sponsors", d.id);
        assert!(
            !items
                .iter()
                .any(|i| matches!(i, Item::Warning(w) if !w.ev.rule.starts_with("citation"))),
            "{}: consistent metadata gives no warning",
            d.id
        );
    }
    eprintln!("akn votes: {votes_matched}/{votes_total} member votes, {seen}/40 decisions");
    assert_eq!(seen, 40);
}

// A sponsor list naming the United Kingdom in full is three sponsors, not four.
#[test]
fn sponsors_with_and_in_their_name_stay_whole() {
    let xml = corpus("akn-sample/akn/S_RES_2593_2021.xml");
    let items = extract_file(&xml, &Options::default())
        .expect("extracted")
        .items;
    let dec = items
        .iter()
        .find_map(|i| match i {
            Item::Decision(d) => Some(d),
            _ => None,
        })
        .expect("decision");
    assert_eq!(dec.sponsors.len(), 3, "{:?}", dec.sponsors);
    assert_eq!(dec.tally.as_deref(), Some("13-0-2"));
}

#[test]
fn every_akn_item_quotes_its_xml_bytes() {
    for xml in sample_files() {
        let bytes = crate::util::read(&xml);
        let ex = extract_file(&xml, &Options::default()).expect("extracted");
        for it in &ex.items {
            let ev = it.evidence();
            assert!(ev.start <= ev.end && ev.end <= bytes.len(), "{ev:?}");
            assert_eq!(
                &bytes[ev.start..ev.end],
                ev.text.as_bytes(),
                "{}: {} item quotes other bytes",
                xml.display(),
                it.kind()
            );
            assert!(!ev.rule.is_empty());
        }
    }
}

#[test]
fn annexes_are_documents_of_their_own() {
    let doc = read_akn(&corpus("akn-sample/akn/S_RES_2371_2017.xml"));
    let ids: Vec<(&str, Option<&str>)> = doc
        .structure
        .docs
        .iter()
        .map(|d| (d.item.id.as_str(), d.item.part_label.as_deref()))
        .collect();
    assert_eq!(
        ids,
        [
            ("S/RES/2371 (2017)", None),
            ("S/RES/2371 (2017)/annex-i", Some("Annex I")),
            ("S/RES/2371 (2017)/annex-ii", Some("Annex II")),
        ]
    );
    // The annex lists are not operative paragraphs of the resolution.
    assert!(
        doc.structure
            .paras
            .iter()
            .all(|p| p.doc == 0 || p.item.role != ParagraphRole::Operative)
    );
}

const MINIMAL: &str = r##"<?xml version="1.0" encoding="UTF-8"?>
<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0">
  <statement name="resolution">
    <meta>
      <identification source="#DGACM">
        <FRBRWork>
          <FRBRuri value="/akn/un/statement/deliberation/unsc/2020-06-29/2531-2020/"/>
          <FRBRdate date="2020-06-29" name="adoption"/>
        </FRBRWork>
        <FRBRExpression>
          <FRBRlanguage language="LANG"/>
        </FRBRExpression>
      </identification>
    </meta>
    <preamble>
      <formula name="enactingFormula"><p>Le Conseil de sécurité,</p></formula>
      <container name="Rappelant"><p>	<span>Rappelant</span> sa résolution <a href="https://undocs.org/fr/S/RES/2480(2019)">2480 (2019)</a> &amp; la déclaration<authorialNote marker="1"><p>Voir <a href="https://undocs.org/fr/S/PRST/2019/1">S/PRST/2019/1</a>.</p></authorialNote>,</p></container>
    </preamble>
    <mainBody>
      <paragraph><num>1.</num><content><p><span>Décide</span> de proroger le mandat;</p></content></paragraph>
    </mainBody>
  </statement>
</akomaNtoso>
"##;

// A language version is an expression of the same work: same ids, its language.
#[test]
fn french_expression_shares_the_work_id() {
    let w = Workdir::new();
    let fr = w.write("fr.xml", MINIMAL.replace("LANG", "fra").as_bytes());
    let en = w.write("en.xml", MINIMAL.replace("LANG", "eng").as_bytes());
    let fr_items = extract_file(&fr, &Options::default()).expect("fr").items;
    let en_items = extract_file(&en, &Options::default()).expect("en").items;
    let doc = |items: &[Item]| match &items[0] {
        Item::Document(d) => d.clone(),
        _ => panic!("document first"),
    };
    assert_eq!(doc(&fr_items).id, "S/RES/2531 (2020)");
    assert_eq!(doc(&fr_items).id, doc(&en_items).id);
    assert_eq!(doc(&fr_items).language.as_deref(), Some("fra"));
    let paras = |items: &[Item]| -> Vec<String> {
        items
            .iter()
            .filter_map(|i| match i {
                Item::Paragraph(p) => Some(p.id.clone()),
                _ => None,
            })
            .collect()
    };
    assert_eq!(paras(&fr_items), paras(&en_items));
    assert_eq!(
        paras(&fr_items),
        [
            "S/RES/2531 (2020)#pp1",
            "S/RES/2531 (2020)#fn1",
            "S/RES/2531 (2020)#op1"
        ]
    );
    // The footnote is its own block after the paragraph; both links are citations.
    let targets: Vec<(String, Option<String>)> = fr_items
        .iter()
        .filter_map(|i| match i {
            Item::Citation(c) => Some((c.target.clone(), c.paragraph.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(
        targets,
        [
            (
                "S/RES/2480 (2019)".to_string(),
                Some("S/RES/2531 (2020)#pp1".to_string())
            ),
            (
                "S/PRST/2019/1".to_string(),
                Some("S/RES/2531 (2020)#fn1".to_string())
            ),
        ]
    );
    let bytes = MINIMAL.replace("LANG", "fra");
    for it in &fr_items {
        let ev = it.evidence();
        assert_eq!(&bytes.as_bytes()[ev.start..ev.end], ev.text.as_bytes());
    }
    let doc = read_akn(&fr);
    assert!(
        doc.text
            .norm
            .text
            .contains("Rappelant sa résolution 2480 (2019) & la déclaration,")
    );
}

fn xml_error(body: &str) -> String {
    let w = Workdir::new();
    let p = w.write("bad.xml", body.as_bytes());
    match extract_file(&p, &Options::default()) {
        Err(ReadError::Xml { reason, .. }) => reason,
        Err(e) => panic!("expected an XML error, got {e}"),
        Ok(_) => panic!("expected an XML error for {body:?}"),
    }
}

#[test]
fn malformed_xml_is_an_error_with_line_and_column() {
    let r =
        xml_error("<akomaNtoso>\n  <statement>\n    <p>text</q>\n  </statement>\n</akomaNtoso>\n");
    assert!(r.contains("line 3"), "{r}");
    let r = xml_error("<akomaNtoso>\n  <statement>\n    <p>cut off");
    assert!(r.contains("not closed") && r.contains("line"), "{r}");
    let r = xml_error("<akomaNtoso><statement/></akomaNtoso><akomaNtoso/>");
    assert!(r.contains("after the root"), "{r}");
}

#[test]
fn xml_that_is_not_akoma_ntoso_is_refused() {
    let r = xml_error("<?xml version=\"1.0\"?>\n<catalog><book>Hello</book></catalog>\n");
    assert!(
        r.contains("not an Akoma Ntoso document") && r.contains("<catalog>"),
        "{r}"
    );
}

// XHTML saved as `.xml` used to be refused as "not Akoma Ntoso": content
// decides the format, so it is read as an HTML page.
#[test]
fn xhtml_with_an_xml_extension_is_read_as_html() {
    let w = Workdir::new();
    let body = "<?xml version=\"1.0\"?>\n<html><body><p>The Security Council,</p>\n<p>Recalling its resolution 2374 (2017),</p></body></html>\n";
    let p = w.write("page.xml", body.as_bytes());
    let items = extract_file(&p, &Options::default()).expect("read").items;
    assert!(
        items
            .iter()
            .any(|i| matches!(i, Item::Citation(c) if c.target == "S/RES/2374 (2017)"))
    );
}

// The "billion laughs": entity declarations are refused, nothing is expanded.
#[test]
fn entity_expansion_bomb_is_refused() {
    let mut bomb =
        String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE akomaNtoso [\n <!ENTITY lol \"lol\">\n");
    for i in 1..10 {
        let prev = if i == 1 {
            "lol".to_string()
        } else {
            format!("lol{}", i - 1)
        };
        bomb.push_str(&format!(
            " <!ENTITY lol{i} \"{}\">\n",
            format!("&{prev};").repeat(10)
        ));
    }
    bomb.push_str(
        "]>\n<akomaNtoso><statement><mainBody><p>&lol9;</p></mainBody></statement></akomaNtoso>\n",
    );
    let r = xml_error(&bomb);
    assert!(r.contains("DOCTYPE") && r.contains("line 2"), "{r}");
    // An undeclared entity is kept as written, not expanded, with a warning.
    let w = Workdir::new();
    let p = w.write(
        "undeclared.xml",
        b"<akomaNtoso><statement><mainBody><paragraph><num>1.</num><content><p>A &lol9; B</p></content></paragraph></mainBody></statement></akomaNtoso>",
    );
    let ex = extract_file(&p, &Options::default()).expect("read");
    assert!(
        ex.warnings.iter().any(|w| w.contains("&lol9;")),
        "{:?}",
        ex.warnings
    );
}

#[test]
fn absurd_nesting_is_an_error_not_a_stack_overflow() {
    let deep = format!(
        "<akomaNtoso>{}{}</akomaNtoso>",
        "<b>".repeat(100_000),
        "</b>".repeat(100_000)
    );
    let r = xml_error(&deep);
    assert!(r.contains("nested deeper"), "{r}");
}

#[test]
fn oversized_xml_is_skipped_by_size() {
    let w = Workdir::new();
    let p = w.write("big.xml", MINIMAL.replace("LANG", "eng").as_bytes());
    let opts = Options { max_bytes: 100 };
    assert!(matches!(
        extract_file(&p, &opts),
        Err(ReadError::TooLarge { .. })
    ));
}

// AKN4UN writes the sub-list of a point as the point's next sibling.
#[test]
fn sublists_nest_under_the_point_they_follow() {
    let doc = read_akn(&corpus("akn-sample/akn/S_RES_2592_2021.xml"));
    let p = doc
        .structure
        .paras
        .iter()
        .find(|p| p.item.id == "S/RES/2592 (2021)#op11.a.i")
        .expect("op11.a.i");
    assert_eq!(p.item.parent.as_deref(), Some("S/RES/2592 (2021)#op11.a"));
    assert_eq!(p.item.number.as_deref(), Some("(i)"));
}

// The text grammar finding "resolution 1251 (1999)" where the editors linked
// "1251 (1999)" is the same citation: one item, both rules.
#[test]
fn grammar_and_link_citations_of_one_place_merge() {
    use unsc_kg::model::CitationItem;
    let xml = corpus("akn-sample/akn/S_RES_2369_2017.xml");
    let doc = read_akn(&xml);
    let mut items = extract_file(&xml, &Options::default())
        .expect("extracted")
        .items;
    let phrase = "resolution 1251 (1999)";
    let at = doc.text.norm.text.find(phrase).expect("phrase");
    items.push(Item::Citation(CitationItem {
        doc: doc.structure.doc_id_at(&doc.text, at).to_string(),
        paragraph: doc.structure.para_id_at(&doc.text, at).map(String::from),
        target: "S/RES/1251 (1999)".into(),
        pinpoint: None,
        relation: Some("citesAsAuthority".into()),
        verb: Some("Reaffirms".into()),
        ev: doc
            .text
            .evidence(at, at + phrase.len(), "citation.resolution"),
    }));
    akn::merge_citations(&mut items);
    let hits: Vec<&CitationItem> = items
        .iter()
        .filter_map(|i| match i {
            Item::Citation(c) if c.target == "S/RES/1251 (1999)" => Some(c),
            _ => None,
        })
        .collect();
    assert_eq!(hits.len(), 1, "{hits:#?}");
    // Both rules are recorded (the real grammar also found it, confirmed by
    // the hyperlink: "+link").
    let rules: Vec<&str> = hits[0].ev.rule.split('+').collect();
    assert!(
        rules.contains(&"citation.akn-link") && rules.contains(&"citation.resolution"),
        "{}",
        hits[0].ev.rule
    );
    assert!(
        hits[0].ev.text.starts_with("resolution <a href="),
        "{}",
        hits[0].ev.text
    );
    assert_eq!(hits[0].verb.as_deref(), Some("Reaffirms"));
    assert_eq!(hits[0].paragraph.as_deref(), Some("S/RES/2369 (2017)#op3"));
}

// A bare root is a document with nothing in it, not a panic in the extractors.
#[test]
fn empty_akoma_ntoso_is_read_without_panic() {
    let w = Workdir::new();
    let p = w.write(
        "empty.xml",
        b"<akomaNtoso xmlns=\"http://docs.oasis-open.org/legaldocml/ns/akn/3.0\"/>",
    );
    let ex = extract_file(&p, &Options::default()).expect("read");
    assert_eq!(
        ex.items.iter().filter(|i| i.kind() == "document").count(),
        1
    );
    let p = w.write(
        "text.xml",
        b"<akomaNtoso><statement>loose <b>text</b> &#8217; here</statement></akomaNtoso>",
    );
    let ex = extract_file(&p, &Options::default()).expect("read");
    assert_eq!(
        ex.items.iter().filter(|i| i.kind() == "paragraph").count(),
        1
    );
}

mod damaged {
    //! Damaged copies of a real file: cut short, or with markup characters
    //! dropped in. Reading never panics; what is read quotes its bytes.

    use proptest::prelude::*;

    use super::*;

    fn check(bytes: &[u8]) {
        let w = Workdir::new();
        let p = w.write("damaged.xml", bytes);
        if let Ok(ex) = extract_file(&p, &Options::default()) {
            let on_disk = std::fs::read(&p).expect("read back");
            // A spike inside a multi-byte character makes the file invalid
            // UTF-8: it is then read as Windows-1252 and the quote is the
            // decoded slice.
            // (A file merely cut inside its last character stays UTF-8.)
            let utf8 = std::str::from_utf8(&on_disk)
                .err()
                .is_none_or(|e| e.error_len().is_none());
            for it in &ex.items {
                let ev = it.evidence();
                assert!(ev.start <= ev.end && ev.end <= on_disk.len());
                if utf8 {
                    assert_eq!(&on_disk[ev.start..ev.end], ev.text.as_bytes());
                } else {
                    let (decoded, _, _) =
                        encoding_rs::WINDOWS_1252.decode(&on_disk[ev.start..ev.end]);
                    assert_eq!(decoded, ev.text.as_str());
                }
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]
        #[test]
        fn truncated_or_spiked_files_never_panic(cut in 0.0f64..1.0, at in 0.0f64..1.0, spike in 0usize..6) {
            let src = std::fs::read(corpus("akn-sample/akn/S_RES_2371_2017.xml")).expect("sample");
            let cut = ((src.len() as f64) * cut) as usize;
            check(&src[..cut.max(1)]);
            let mut spiked = src.clone();
            let at = ((src.len() as f64) * at) as usize;
            let junk: &[&[u8]] = &[b"<", b"&", b"</p>", b"<p>", b"&#x0;", b"]]>"];
            for (k, b) in junk[spike].iter().enumerate() {
                spiked.insert(at + k, *b);
            }
            check(&spiked);
        }
    }
}

// The outline of two structurally rich resolutions: preambular lists,
// headings, points with sub-lists, a wrap-up, annexes.
#[test]
fn akn_outlines_match_golden() {
    for (file, golden) in [
        ("S_RES_2628_2022.xml", "outline-akn-S-RES-2628.txt"),
        ("S_RES_2371_2017.xml", "outline-akn-S-RES-2371.txt"),
    ] {
        let ex = extract_file(
            &corpus(&format!("akn-sample/akn/{file}")),
            &Options::default(),
        )
        .expect("extracted");
        crate::util::golden(golden, &unsc_kg::cmd::inspect::outline(&ex.items));
    }
}

// A count that disagrees with its list, or with the workflow's tally, is
// reported with the element as evidence, and the votes are kept as listed.
#[test]
fn inconsistent_voting_metadata_is_reported_not_fixed() {
    let body = MINIMAL.replace("LANG", "eng").replace(
        "    </meta>",
        r##"      <workflow source="#un">
        <step date="2020-06-29" outcome="draftResolution" as="S/2020/600" by="France and Niger" />
        <step date="2020-06-29" outcome="adopted" as="S/2020/613" by="Adopted 15-0-0; voting by mail" />
      </workflow>
      <analysis source="#un"><parliamentary><voting>
        <count value="015" refersTo="inFavour"><akn4un:voters xmlns:akn4un="http://un.org/akn4un">
          <organization refersTo="memberState">BELGIUM</organization>
          <organization refersTo="memberState">NIGER</organization>
          <organization refersTo="memberState">NIGER</organization>
        </akn4un:voters></count>
      </voting></parliamentary></analysis>
    </meta>"##,
    );
    let w = Workdir::new();
    let p = w.write("inconsistent.xml", body.as_bytes());
    let items = extract_file(&p, &Options::default()).expect("read").items;
    let warnings: Vec<String> = items
        .iter()
        .filter_map(|i| match i {
            Item::Warning(x) => Some(format!("{} | {}", x.message, x.ev.text)),
            _ => None,
        })
        .collect();
    assert_eq!(warnings.len(), 3, "{warnings:#?}");
    assert!(
        warnings[0].contains("says 15 but lists 3") && warnings[0].contains("<count value=\"015\"")
    );
    assert!(warnings[1].contains("NIGER is listed twice"));
    assert!(warnings[2].contains("3-0-0") && warnings[2].contains("<step"));
    let dec = items
        .iter()
        .find_map(|i| match i {
            Item::Decision(d) => Some(d),
            _ => None,
        })
        .expect("decision");
    assert_eq!(dec.tally.as_deref(), Some("3-0-0"));
    assert_eq!(dec.meeting.as_deref(), Some("S/2020/613"));
    assert_eq!(dec.sponsors.len(), 2);
    assert_eq!(items.iter().filter(|i| i.kind() == "vote").count(), 3);
}

// A voter not on the Council that year, impossible counts and an unknown
// refersTo were dropped without a warning (the text path warns).
#[test]
fn impossible_akn_votes_are_warnings_naming_the_element() {
    let body = MINIMAL.replace("LANG", "eng").replace(
        "    </meta>",
        r##"      <workflow source="#un">
        <step date="2020-06-29" outcome="adopted" as="S/2020/613" by="Adopted" />
      </workflow>
      <analysis source="#un"><parliamentary><voting>
        <count value="001" refersTo="inFavour"><akn4un:voters xmlns:akn4un="http://un.org/akn4un">
          <organization refersTo="memberState">SWEDEN</organization>
        </akn4un:voters></count>
        <count value="abc" refersTo="against"><akn4un:voters xmlns:akn4un="http://un.org/akn4un">
        </akn4un:voters></count>
        <count value="040" refersTo="abstaining"><akn4un:voters xmlns:akn4un="http://un.org/akn4un">
        </akn4un:voters></count>
        <count value="002" refersTo="present"><akn4un:voters xmlns:akn4un="http://un.org/akn4un">
          <organization refersTo="memberState">NIGER</organization>
          <organization refersTo="memberState">BELGIUM</organization>
        </akn4un:voters></count>
      </voting></parliamentary></analysis>
    </meta>"##,
    );
    let w = Workdir::new();
    let p = w.write("impossible.xml", body.as_bytes());
    let items = extract_file(&p, &Options::default()).expect("read").items;
    let warnings: Vec<(&str, &str, &str)> = items
        .iter()
        .filter_map(|i| match i {
            Item::Warning(x) => Some((x.message.as_str(), x.ev.text.as_str(), x.ev.file.as_str())),
            _ => None,
        })
        .collect();
    let expected = [
        (
            "SWEDEN voted on",
            "was not a member of the Council in 2020",
            ">SWEDEN<",
        ),
        (
            "voting count against has value \"abc\"",
            "not a number",
            "<count value=\"abc\"",
        ),
        (
            "voting count abstaining says 40",
            "more than the Council's 15",
            "<count value=\"040\"",
        ),
        (
            "refersTo=\"present\"",
            "its 2 members are not counted",
            "<count value=\"002\"",
        ),
    ];
    for (a, b, element) in expected {
        let Some((_, text, file)) = warnings
            .iter()
            .find(|(m, ..)| m.contains(a) && m.contains(b))
        else {
            panic!("no warning {a} … {b}: {warnings:#?}");
        };
        assert!(text.contains(element), "{a}: quotes {text:?}");
        assert!(file.ends_with("impossible.xml"));
    }
    // The votes of known positions are kept, as the text path keeps them.
    assert_eq!(items.iter().filter(|i| i.kind() == "vote").count(), 1);
}

// Fuzzing found a UTF-16 byte-order mark that the XML reader and the decoder
// count differently: the parser sliced the text off a character boundary and
// panicked. It is now an error naming the file (fuzz/regressions/akn/).
#[test]
fn a_span_off_character_boundaries_is_an_error_not_a_panic() {
    let w = crate::util::Workdir::new();
    let p = w.write("bom.xml", &[0xfe, 0xff, 0xfe, 0xff, 0x05, 0x00, 0x05, 0x00]);
    let r = unsc_kg::input::extract_file(&p, &unsc_kg::input::Options::default());
    let err = r.expect_err("an error, not items").to_string();
    assert!(err.contains("does not fall on characters"), "{err}");
}
