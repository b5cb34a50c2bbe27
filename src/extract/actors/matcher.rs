//! A multi-pattern matcher for actor names: a trie over folded word tokens.
//!
//! Texts and labels are cut into tokens (maximal runs of letters and
//! digits). Everything between two tokens is a separator: spaces, line
//! breaks, hyphens of every kind (including the non-breaking U+2011),
//! straight and curly apostrophes, brackets and quotes. So "FC-G5S" and
//! "FC G5S", "l'Azawad" and "l’Azawad", "Guinea‑Bissau" and "Guinea-Bissau"
//! are the same token sequence. Sentence punctuation (`.;:!?`) is a
//! barrier: no name runs across it, except a full stop between single
//! letters ("U.S.", "U.K."). Commas are not: "Truth, Justice and
//! Reconciliation Commission" is one name.
//!
//! Each token is compared folded (lower case, diacritics removed:
//! "Côte" = "cote", "TÜRKİYE" = "turkiye"), except tokens of a label written
//! in capitals ("EUTM", "G5S", "AU"), which must appear exactly as written:
//! acronyms are case-sensitive. A short label (up to three words) that
//! starts with a capital only matches text that starts with a capital, so
//! "Chad" does not match "chad" in running text.
//!
//! Matching is leftmost-longest: at each token the trie is walked as far as
//! the text allows and the longest label wins ("Democratic Republic of the
//! Congo" is one match, not "Congo"); scanning resumes after it. The cost is
//! one hash lookup per token plus the length of the matches.

use rustc_hash::FxHashMap as HashMap;

/// A token of a text: its byte span and its folded form.
#[derive(Clone, Debug)]
pub struct Token {
    /// First byte of the token in the text.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// Span of the folded form in [`Tokens::folded`].
    fold: (u32, u32),
    /// Whether sentence punctuation separates this token from the previous one.
    barrier_before: bool,
    /// Whether the token starts with an upper-case letter or a digit.
    capital: bool,
    /// Whether the token is its own folded form: then it matches no
    /// case-sensitive key, each of which differs from its folded form
    /// (see [`Matcher::insert`]).
    caseless: bool,
}

/// The tokens of a text, with their folded forms stored in one buffer.
#[derive(Clone, Debug, Default)]
pub struct Tokens {
    /// The tokens in text order.
    pub toks: Vec<Token>,
    folded: String,
}

impl Tokens {
    /// The folded form of token `i`.
    pub fn folded(&self, i: usize) -> &str {
        let (a, b) = self.toks[i].fold;
        &self.folded[a as usize..b as usize]
    }

    /// The index of the first token that starts at or after `pos`.
    pub fn first_at(&self, pos: usize) -> usize {
        self.toks.partition_point(|t| t.start < pos)
    }
}

fn is_barrier(c: char) -> bool {
    matches!(c, '.' | ';' | ':' | '!' | '?')
}

/// Cuts `text` into tokens.
pub fn tokenize(text: &str) -> Tokens {
    let mut out = Tokens {
        toks: Vec::with_capacity(text.len() / 6),
        folded: String::with_capacity(text.len()),
    };
    let mut start: Option<usize> = None;
    let mut fold_start = 0usize;
    let mut barrier = false;
    let mut capital = false;
    for (i, c) in text.char_indices() {
        if c.is_alphanumeric() {
            if start.is_none() {
                start = Some(i);
                fold_start = out.folded.len();
                capital = c.is_uppercase() || c.is_numeric();
            }
            fold_char(c, &mut out.folded);
        } else {
            if let Some(s) = start.take() {
                out.toks.push(Token {
                    start: s,
                    end: i,
                    fold: (fold_start as u32, out.folded.len() as u32),
                    barrier_before: barrier,
                    capital,
                    caseless: text[s..i] == out.folded[fold_start..],
                });
                barrier = false;
            }
            // "U.S.", "U.K.": a full stop between single letters is part
            // of an abbreviation, not the end of a sentence.
            let abbreviation = c == '.'
                && out
                    .toks
                    .last()
                    .is_some_and(|t| t.end == i && t.end - t.start == 1)
                && text[i + 1..].starts_with(|n: char| n.is_alphabetic());
            if is_barrier(c) && !abbreviation {
                barrier = true;
            }
        }
    }
    if let Some(s) = start {
        out.toks.push(Token {
            start: s,
            end: text.len(),
            fold: (fold_start as u32, out.folded.len() as u32),
            barrier_before: barrier,
            capital,
            caseless: text[s..] == out.folded[fold_start..],
        });
    }
    out
}

/// Appends the folded form of `c`: lower case without diacritics.
fn fold_char(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    let base = match c {
        'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' | 'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'Ā' | 'ā' | 'Ă'
        | 'ă' | 'Ą' | 'ą' => 'a',
        'Ç' | 'ç' | 'Ć' | 'ć' | 'Č' | 'č' => 'c',
        'Ď' | 'ď' | 'Đ' | 'đ' => 'd',
        'È' | 'É' | 'Ê' | 'Ë' | 'è' | 'é' | 'ê' | 'ë' | 'Ē' | 'ē' | 'Ė' | 'ė' | 'Ę' | 'ę' | 'Ě'
        | 'ě' => 'e',
        'Ğ' | 'ğ' => 'g',
        'Ì' | 'Í' | 'Î' | 'Ï' | 'ì' | 'í' | 'î' | 'ï' | 'Ī' | 'ī' | 'İ' | 'ı' | 'Į' | 'į' => {
            'i'
        }
        'Ł' | 'ł' => 'l',
        'Ñ' | 'ñ' | 'Ń' | 'ń' | 'Ň' | 'ň' => 'n',
        'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' | 'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'Ō' | 'ō' | 'Ő'
        | 'ő' => 'o',
        'Ř' | 'ř' => 'r',
        'Ś' | 'ś' | 'Ş' | 'ş' | 'Š' | 'š' | 'Ș' | 'ș' => 's',
        'Ţ' | 'ţ' | 'Ť' | 'ť' | 'Ț' | 'ț' => 't',
        'Ù' | 'Ú' | 'Û' | 'Ü' | 'ù' | 'ú' | 'û' | 'ü' | 'Ū' | 'ū' | 'Ů' | 'ů' | 'Ű' | 'ű' => {
            'u'
        }
        'Ý' | 'ý' | 'ÿ' | 'Ÿ' => 'y',
        'Ź' | 'ź' | 'Ż' | 'ż' | 'Ž' | 'ž' => 'z',
        'ß' => {
            out.push_str("ss");
            return;
        }
        'Æ' | 'æ' => {
            out.push_str("ae");
            return;
        }
        'Œ' | 'œ' => {
            out.push_str("oe");
            return;
        }
        _ => {
            out.extend(c.to_lowercase());
            return;
        }
    };
    out.push(base);
}

/// Whether a label token is matched case-sensitively: written in capitals
/// with at least two capitals, or a capital with digits, or a single capital
/// ("G" in "G-5").
pub fn is_acronym_token(tok: &str) -> bool {
    let upper = tok.chars().filter(|c| c.is_uppercase()).count();
    let digits = tok.chars().any(|c| c.is_numeric());
    upper >= 2 || (upper == 1 && (digits || tok.chars().count() == 1))
}

#[derive(Clone, Debug, Default)]
struct Node {
    folded: HashMap<Box<str>, u32>,
    exact: HashMap<Box<str>, u32>,
    out: Option<Output>,
}

#[derive(Clone, Copy, Debug)]
struct Output {
    value: u32,
    needs_capital: bool,
}

/// A match of a label in a text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Match {
    /// First byte of the match.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// Index of the first token.
    pub first_token: usize,
    /// The value stored with the label (an actor index).
    pub value: u32,
}

/// Why a label could not be added.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InsertError {
    /// The label has no letters or digits.
    Empty,
    /// The same token sequence already stands for another value.
    Clash(u32),
}

/// The token trie.
#[derive(Clone, Debug)]
pub struct Matcher {
    nodes: Vec<Node>,
}

impl Default for Matcher {
    fn default() -> Matcher {
        Matcher::new()
    }
}

impl Matcher {
    /// An empty matcher.
    pub fn new() -> Matcher {
        Matcher {
            nodes: vec![Node::default()],
        }
    }

    /// Adds a label. With `exact`, every token is case-sensitive (acronyms);
    /// otherwise only tokens written in capitals are. A leading "the" is
    /// dropped.
    pub fn insert(&mut self, label: &str, exact: bool, value: u32) -> Result<(), InsertError> {
        let toks = tokenize(label);
        let mut first = 0;
        if toks.toks.len() > 1 && toks.folded(0) == "the" {
            first = 1;
        }
        if first >= toks.toks.len() {
            return Err(InsertError::Empty);
        }
        // Short labels ("Chad", "Malian authorities") could be common
        // words; long ones ("panel of experts established pursuant to ...")
        // are specific enough in any case.
        let needs_capital = toks.toks[first].capital && toks.toks.len() - first < 4;
        let mut node = 0usize;
        for i in first..toks.toks.len() {
            let t = &toks.toks[i];
            let raw = &label[t.start..t.end];
            // Digits have no case: "5" of the acronym "G-5" and of the
            // label "G-5 Sahel" are one key.
            let caseless = raw == toks.folded(i);
            // A token that is its own folded form ("5", or capitals
            // without a lower case) is a folded key: every case-sensitive
            // key then differs from its folded form, which lets `step`
            // skip the case-sensitive keys for such a token of the text.
            let case_sensitive = !caseless && (exact || is_acronym_token(raw));
            let key: Box<str> = if case_sensitive {
                raw.into()
            } else {
                toks.folded(i).into()
            };
            let next = self.nodes.len() as u32;
            let map = if case_sensitive {
                &mut self.nodes[node].exact
            } else {
                &mut self.nodes[node].folded
            };
            let child = *map.entry(key).or_insert(next);
            if child == next {
                self.nodes.push(Node::default());
            }
            node = child as usize;
        }
        match &mut self.nodes[node].out {
            Some(o) if o.value != value => Err(InsertError::Clash(o.value)),
            Some(o) => {
                o.needs_capital &= needs_capital;
                Ok(())
            }
            slot @ None => {
                *slot = Some(Output {
                    value,
                    needs_capital,
                });
                Ok(())
            }
        }
    }

    fn step(&self, node: usize, toks: &Tokens, text: &str, i: usize) -> Option<usize> {
        let n = &self.nodes[node];
        let t = &toks.toks[i];
        if !t.caseless
            && !n.exact.is_empty()
            && let Some(&c) = n.exact.get(&text[t.start..t.end])
        {
            return Some(c as usize);
        }
        n.folded.get(toks.folded(i)).map(|&c| c as usize)
    }

    /// The longest label starting at token `i`: (value, index of the last token).
    fn longest_at(
        &self,
        toks: &Tokens,
        text: &str,
        i: usize,
        limit: usize,
        check_capital: bool,
    ) -> Option<(u32, usize)> {
        let mut node = self.step(0, toks, text, i)?;
        let mut best = None;
        let mut j = i;
        loop {
            if let Some(o) = self.nodes[node].out
                && (!check_capital || !o.needs_capital || toks.toks[i].capital)
            {
                best = Some((o.value, j));
            }
            j += 1;
            if j >= limit || toks.toks[j].barrier_before {
                break;
            }
            match self.step(node, toks, text, j) {
                Some(n) => node = n,
                None => break,
            }
        }
        best
    }

    /// All leftmost-longest matches among tokens `range` of `text`.
    pub fn find(&self, text: &str, toks: &Tokens, range: std::ops::Range<usize>) -> Vec<Match> {
        let mut out = Vec::new();
        let end = range.end.min(toks.toks.len());
        let mut i = range.start;
        while i < end {
            match self.longest_at(toks, text, i, end, true) {
                Some((value, last)) => {
                    out.push(Match {
                        start: toks.toks[i].start,
                        end: toks.toks[last].end,
                        first_token: i,
                        value,
                    });
                    i = last + 1;
                }
                None => i += 1,
            }
        }
        out
    }

    /// The value of a label that covers the whole of `name` (a leading "the"
    /// and surrounding punctuation aside), with no capitalisation check.
    pub fn lookup(&self, name: &str) -> Option<u32> {
        let toks = tokenize(name);
        let n = toks.toks.len();
        let mut first = 0;
        if n > 1 && toks.folded(0) == "the" {
            first = 1;
        }
        if first >= n {
            return None;
        }
        let (value, last) = self.longest_at(&toks, name, first, n, false)?;
        (last + 1 == n).then_some(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m() -> Matcher {
        let mut m = Matcher::new();
        m.insert("Congo", false, 0).unwrap();
        m.insert("Democratic Republic of the Congo", false, 1)
            .unwrap();
        m.insert("FC-G5S", false, 2).unwrap();
        m.insert("Côte d'Ivoire", false, 3).unwrap();
        m.insert("AU", true, 4).unwrap();
        m.insert("Chad", false, 5).unwrap();
        m.insert("signatory armed groups", false, 6).unwrap();
        m
    }

    fn values(m: &Matcher, text: &str) -> Vec<(u32, String)> {
        let toks = tokenize(text);
        m.find(text, &toks, 0..toks.toks.len())
            .into_iter()
            .map(|x| (x.value, text[x.start..x.end].to_string()))
            .collect()
    }

    #[test]
    fn longest_match_wins() {
        assert_eq!(
            values(&m(), "the Democratic Republic of the Congo and the Congo"),
            vec![
                (1, "Democratic Republic of the Congo".to_string()),
                (0, "Congo".to_string())
            ]
        );
    }

    #[test]
    fn separators_and_diacritics_fold() {
        assert_eq!(values(&m(), "the FC G5S")[0].0, 2);
        assert_eq!(values(&m(), "the FC‑G5S")[0].0, 2);
        assert_eq!(values(&m(), "COTE D’IVOIRE")[0].0, 3);
        assert_eq!(values(&m(), "Cote d'Ivoire")[0].0, 3);
        assert_eq!(values(&m(), "the signatory armed\ngroups")[0].0, 6);
    }

    #[test]
    fn acronyms_are_case_sensitive() {
        assert_eq!(values(&m(), "the AU and"), vec![(4, "AU".to_string())]);
        assert!(values(&m(), "au Mali").is_empty());
        assert!(values(&m(), "fc-g5s").is_empty());
    }

    #[test]
    fn capitals_without_a_lower_case_match_themselves() {
        let mut mm = m();
        mm.insert("𝐔𝐍𝐒𝐂", false, 8).unwrap();
        assert_eq!(values(&mm, "the 𝐔𝐍𝐒𝐂 met"), vec![(8, "𝐔𝐍𝐒𝐂".to_string())]);
        assert_eq!(values(&mm, "the AU met"), vec![(4, "AU".to_string())]);
    }

    #[test]
    fn capitalised_labels_need_a_capital() {
        assert!(values(&m(), "a chad").is_empty());
        assert_eq!(m().lookup("CHAD"), Some(5));
    }

    #[test]
    fn punctuation_is_a_barrier() {
        assert!(
            values(&m(), "Democratic Republic of the. Congo")
                .iter()
                .all(|x| x.0 == 0)
        );
    }

    #[test]
    fn clash_is_reported() {
        let mut mm = m();
        assert_eq!(mm.insert("the congo", false, 9), Err(InsertError::Clash(0)));
    }
}
