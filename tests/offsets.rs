//! Property: whatever the layout noise, every item's `start..end` bytes of the
//! original file equal its quoted `text`, and the normalized text of each
//! paragraph is the same words as the clean rendering.

use proptest::prelude::*;
use unsc_kg::extract::extract_text;
use unsc_kg::text::Text;

/// Paragraphs of a small resolution in clean form.
const PARAS: &[&str] = &[
    "Recalling its previous resolutions, in particular 2100 (2013) and 2085 (2012), and its press statements on the situation in Mali,",
    "Reaffirming its strong commitment to the sovereignty, unity and territorial integrity of Mali, emphasizing that the Malian authorities have primary responsibility,",
    "Taking note of the report of the Secretary-General (S/2021/519) and the letter of the Secretary-General (S/2021/520),",
    "1. Urges the Government of Mali and the Plateforme and Coordination armed groups (“the Malian parties”) to accelerate the implementation of the Agreement;",
    "2. Decides to extend the mandate of MINUSMA until 30 June 2022, with up to 13,289 military personnel and 1,920 police personnel;",
    "3. Requests the Secretary-General to report on the implementation of paragraph 4 of resolution 2480 (2019) and on peace-building efforts;",
];

/// Lays the paragraphs out as PDF text would: wrapped at `width`, optionally
/// double spaced, with a page header block inserted after line `break_at`.
fn pdf_layout(width: usize, double: bool, break_at: usize, hyphenate: bool) -> String {
    let mut lines: Vec<String> = vec![
        "United Nations  S/2021/610".into(),
        "Security Council  Distr.: General".into(),
        "29 June 2021".into(),
        "France: draft resolution".into(),
        " The Security Council,".into(),
    ];
    for p in PARAS {
        let mut line = String::from(" ");
        for word in p.split(' ') {
            if line.len() + word.len() + 1 > width && !line.trim().is_empty() {
                // Hyphenate only words the document uses elsewhere too: that
                // is the evidence normalization needs to undo the hyphen
                // (otherwise "peace-\nbuilding" must stay a compound).
                let recurs = PARAS.iter().map(|p| p.matches(word).count()).sum::<usize>() >= 2;
                if hyphenate && recurs && word.len() > 8 && word.chars().all(char::is_alphabetic) {
                    let (a, b) = word.split_at(4);
                    line.push_str(&format!(" {a}-"));
                    lines.push(std::mem::take(&mut line));
                    line.push_str(b);
                    continue;
                }
                lines.push(std::mem::take(&mut line));
            } else if !line.trim().is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        lines.push(line);
    }
    let at = break_at.min(lines.len());
    let header = [
        "",
        "S/2021/610",
        "",
        "21-08827 2/18",
        "https://undocs.org/en/S/2021/519",
        "",
    ];
    for (k, h) in header.iter().enumerate() {
        lines.insert(at + k, h.to_string());
    }
    let sep = if double { "\n\n" } else { "\n" };
    lines.join(sep)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn offsets_are_exact_under_layout_noise(width in 40usize..110, double in any::<bool>(), break_at in 6usize..30, hyphenate in any::<bool>()) {
        let src = pdf_layout(width, double, break_at, hyphenate);
        let text = Text::from_str("noisy.txt", &src);
        let items = extract_text(&text);
        prop_assert!(!items.is_empty());
        for it in &items {
            let ev = it.evidence();
            prop_assert_eq!(&src.as_bytes()[ev.start..ev.end], ev.text.as_bytes());
        }
        // No page furniture inside any paragraph.
        for it in &items {
            if let unsc_kg::model::Item::Paragraph(p) = it {
                prop_assert!(!p.clean.contains("21-08827"), "{}", p.clean);
                prop_assert!(!p.clean.contains("undocs.org"), "{}", p.clean);
            }
        }
        // The three operative paragraphs survive whole, in order.
        let ops: Vec<String> = items.iter().filter_map(|i| match i {
            unsc_kg::model::Item::Paragraph(p) if p.number.is_some() => Some(p.clean.clone()),
            _ => None,
        }).collect();
        prop_assert_eq!(ops.len(), 3, "{:?}", ops);
        for (k, op) in ops.iter().enumerate() {
            prop_assert_eq!(op.as_str(), PARAS[3 + k]);
        }
    }
}

/// Strings over an alphabet that exercises every normalization rule:
/// Markdown, escapes, superscripts, tabs, dashes, page marks, symbols.
fn un_ish() -> impl Strategy<Value = String> {
    let atoms = prop::sample::select(vec![
        "a",
        "b",
        "Z",
        "S/",
        "RES/",
        "2374",
        " (2017)",
        "(",
        ")",
        "\n",
        "\n\n",
        " ",
        "  ",
        "\t",
        "*",
        "**",
        "[",
        "](#)",
        "](https://undocs.org/S/2020/600)",
        "\\(",
        "^a",
        "⁴²¹",
        "ᵃ",
        "-",
        "-\n",
        "–",
        "é",
        "’",
        "1.",
        "(a)",
        "21-08827",
        "2/18",
        "*2108827*",
        "Annex",
        "(Signed)",
        "The Security Council,",
        "https://undocs.org/en/S/RES/2531(2020)",
        "<i>",
        "</i>",
        "\u{a0}",
        "\u{ad}",
        "Recalling",
        "resolution",
        "United Nations",
        "Distr.: General",
        "29 June 2021",
        "France: draft resolution",
        ",",
        ".",
        ";",
    ]);
    prop::collection::vec(atoms, 0..120).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]
    #[test]
    fn any_text_extracts_without_panic_and_with_exact_evidence(src in un_ish()) {
        let text = Text::from_str("fuzz.txt", &src);
        let items = extract_text(&text);
        for it in &items {
            let ev = it.evidence();
            prop_assert!(ev.start <= ev.end && ev.end <= src.len());
            prop_assert_eq!(&src.as_bytes()[ev.start..ev.end], ev.text.as_bytes());
        }
    }

    #[test]
    fn any_bytes_decode_or_fail_cleanly(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        match unsc_kg::text::SourceFile::decode("fuzz.bin", bytes.clone()) {
            Ok((file, _)) => {
                let text = Text::new(file);
                for it in extract_text(&text) {
                    let ev = it.evidence();
                    prop_assert!(ev.start <= ev.end && ev.end <= bytes.len());
                }
            }
            Err(e) => prop_assert!(e.to_string().starts_with("fuzz.bin: ")),
        }
    }
}
