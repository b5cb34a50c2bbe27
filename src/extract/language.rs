//! The words of each language the rules read, as data: month names, the
//! labels of annexed parts, enacting formulas, the words that introduce
//! paragraph numbers in a citation and the words after which a number is no
//! resolution number.
//!
//! One table per language in `ontology/language/` (embedded), each line
//! `kind<TAB>word[<TAB>value]`, like the verb table next to it. The
//! structure pass builds its regexes and their cheap prefilters from these
//! words at start, so that both come from one list and a new language is a
//! new table and one line in [`TABLES`].

use std::sync::LazyLock;

/// The embedded tables: a language code and its table, in the order their
/// words are tried.
pub const TABLES: &[(&str, &str)] = &[
    ("en", include_str!("../../ontology/language/en.tsv")),
    ("fr", include_str!("../../ontology/language/fr.tsv")),
];

/// What an annexed part's label makes of the part.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PartKind {
    /// A part of the main document ("Annex", "Annexe").
    Annex,
    /// A part of the last annex ("Enclosure", "Pièce jointe").
    Enclosure,
}

/// A month name and its number (1-12), in one language.
#[derive(Clone, Debug)]
pub struct Month {
    /// The language code of the table it comes from.
    pub lang: &'static str,
    /// The name as dates print it.
    pub name: String,
    /// 1 for January.
    pub number: u32,
}

/// The words of every table, in table order.
#[derive(Debug, Default)]
pub struct Words {
    /// Month names.
    pub months: Vec<Month>,
    /// Labels of annexed parts and what they make of the part.
    pub part_labels: Vec<(String, PartKind)>,
    /// Enacting formulas ("The Security Council").
    pub enacting: Vec<String>,
    /// Words that introduce paragraph numbers ("paragraph").
    pub para_words: Vec<String>,
    /// Words after which a number is not a resolution number ("No.").
    pub blockers: Vec<String>,
}

/// The embedded tables, read once.
pub static WORDS: LazyLock<Words> = LazyLock::new(|| {
    Words::parse(TABLES).unwrap_or_else(|e| panic!("embedded language tables: {e}"))
});

impl Words {
    /// Reads `(language, table)` pairs; the error names the language, the
    /// line and what is wrong with it.
    pub fn parse(tables: &[(&'static str, &str)]) -> Result<Words, String> {
        let mut w = Words::default();
        for &(lang, table) in tables {
            for (n, line) in table.lines().enumerate() {
                let line = line.trim_end();
                if line.is_empty() || line.starts_with('#') {
                    continue;
                }
                let at = |what: &str| format!("{lang}.tsv line {}: {what}", n + 1);
                let mut cols = line.split('\t');
                let (kind, word, value) = (cols.next(), cols.next(), cols.next());
                let Some(word) = word.filter(|w| !w.is_empty()).map(str::to_string) else {
                    return Err(at("no word after the kind"));
                };
                match (kind.unwrap_or(""), value) {
                    ("month", Some(v)) => match v.parse::<u32>() {
                        Ok(number @ 1..=12) => w.months.push(Month {
                            lang,
                            name: word,
                            number,
                        }),
                        _ => return Err(at(&format!("month number {v:?} is not 1-12"))),
                    },
                    ("part-label", Some("annex")) => w.part_labels.push((word, PartKind::Annex)),
                    ("part-label", Some("enclosure")) => {
                        w.part_labels.push((word, PartKind::Enclosure))
                    }
                    ("enacting", None) => w.enacting.push(word),
                    ("para-word", None) => w.para_words.push(word),
                    ("blocker", None) => w.blockers.push(word),
                    (kind, value) => {
                        return Err(at(&format!("unknown kind {kind:?} with value {value:?}")));
                    }
                }
            }
        }
        Ok(w)
    }

    /// The number of a month name in any language (case-sensitive).
    pub fn month_number(&self, name: &str) -> Option<u32> {
        self.months
            .iter()
            .find(|m| m.name == name)
            .map(|m| m.number)
    }

    /// The month names of `lang` (every language when `None`) as a regex
    /// alternation, escaped, in table order.
    pub fn month_alternation(&self, lang: Option<&str>) -> String {
        alternation(
            self.months
                .iter()
                .filter(|m| lang.is_none_or(|l| m.lang == l))
                .map(|m| m.name.as_str()),
        )
    }

    /// The month of `lang` that `w` names with one letter misread, as OCR
    /// prints it ("Janunry", "Octobcr"): the one month name of the same
    /// length (four letters at least) and first letter that differs from
    /// `w` in exactly one other letter. `None` when none or two fit.
    pub fn month_one_letter_off(&self, lang: &str, w: &str) -> Option<u32> {
        let w: Vec<char> = w.chars().collect();
        let mut found = None;
        for m in self.months.iter().filter(|m| m.lang == lang) {
            let n: Vec<char> = m.name.chars().collect();
            if n.len() != w.len() || n.len() < 4 || n[0] != w[0] {
                continue;
            }
            if n.iter().zip(&w).filter(|(a, b)| a != b).count() == 1 {
                if found.is_some_and(|f| f != m.number) {
                    return None;
                }
                found = Some(m.number);
            }
        }
        found
    }

    /// Whether `w` is a month name of `lang`.
    pub fn is_month(&self, lang: &str, w: &str) -> bool {
        self.months.iter().any(|m| m.lang == lang && m.name == w)
    }

    /// What the part label `label` makes of its part.
    pub fn part_kind(&self, label: &str) -> Option<PartKind> {
        self.part_labels
            .iter()
            .find(|(l, _)| l == label)
            .map(|(_, k)| *k)
    }
}

/// `words` escaped and joined with `|`.
pub fn alternation<'a>(words: impl Iterator<Item = &'a str>) -> String {
    words.map(regex::escape).collect::<Vec<_>>().join("|")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_month_with_one_letter_misread_is_read_only_when_one_month_fits() {
        for (w, want) in [
            ("Janunry", Some(1)),
            ("Fcbruary", Some(2)),
            ("Octobcr", Some(10)),
            ("Jume", Some(6)),
            ("Juny", None),  // June or July
            ("Mby", None),   // too short
            ("Annex", None), // two letters off April
            ("Novembers", None),
        ] {
            assert_eq!(WORDS.month_one_letter_off("en", w), want, "{w}");
        }
    }

    #[test]
    fn every_language_has_twelve_months_in_order() {
        for (lang, _) in TABLES {
            let numbers: Vec<u32> = WORDS
                .months
                .iter()
                .filter(|m| m.lang == *lang)
                .map(|m| m.number)
                .collect();
            assert_eq!(numbers, (1..=12).collect::<Vec<_>>(), "{lang}");
        }
        assert_eq!(WORDS.month_number("août"), Some(8));
        assert_eq!(WORDS.month_number("june"), None);
        assert!(WORDS.is_month("en", "May") && !WORDS.is_month("en", "mai"));
    }

    #[test]
    fn part_labels_say_what_the_part_is() {
        assert_eq!(WORDS.part_kind("Annexe"), Some(PartKind::Annex));
        assert_eq!(WORDS.part_kind("Pièce jointe"), Some(PartKind::Enclosure));
        assert_eq!(WORDS.part_kind("Appendix"), Some(PartKind::Enclosure));
        assert_eq!(WORDS.part_kind("Chapter"), None);
    }

    #[test]
    fn a_bad_line_is_an_error_naming_its_table_and_line() {
        let e = Words::parse(&[("xx", "# c\nmonth\tJan\t13\n")]).unwrap_err();
        assert_eq!(e, "xx.tsv line 2: month number \"13\" is not 1-12");
        let e = Words::parse(&[("xx", "color\tred\n")]).unwrap_err();
        assert!(e.starts_with("xx.tsv line 1: unknown kind"), "{e}");
        let e = Words::parse(&[("xx", "enacting\n")]).unwrap_err();
        assert_eq!(e, "xx.tsv line 1: no word after the kind");
    }
}
