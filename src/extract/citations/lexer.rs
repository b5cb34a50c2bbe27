//! Tokens of one normalized block, for the citation grammar.
//!
//! One left-to-right pass over the bytes: words, numbers (a number glued to
//! letters, "8014th", is a word; one with thousands separators, "13,289",
//! can never be a resolution), UN symbols (parsed whole by
//! [`crate::symbol::parse_at`]) and single punctuation characters. Spaces
//! are skipped.

use crate::symbol;

/// Keywords of the grammar that may reach it hyphenated.
const HYPHENATED_KEYWORDS: &[&str] = &[
    "resolution",
    "resolutions",
    "paragraph",
    "paragraphs",
    "subparagraph",
    "subparagraphs",
];

/// What a token is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Tok {
    /// A run of letters.
    Word,
    /// A plain number of at most six digits.
    Num(u32),
    /// A number that cannot be a document number (grouped or too long).
    Big,
    /// A UN document symbol, canonical.
    Sym(String),
    /// Any other character.
    Punct(char),
}

/// A token and its byte span in the block.
#[derive(Clone, Debug)]
pub struct Token {
    /// The token.
    pub tok: Tok,
    /// Start byte in the block.
    pub start: usize,
    /// End byte in the block.
    pub end: usize,
}

/// Splits `s` into tokens (replacing the contents of `out`).
pub fn lex(s: &str, out: &mut Vec<Token>) {
    out.clear();
    let b = s.as_bytes();
    let n = b.len();
    let mut i = 0;
    while i < n {
        let c = b[i];
        if c == b' ' || c == b'\t' {
            i += 1;
            continue;
        }
        let start = i;
        if c.is_ascii_digit() {
            while i < n && b[i].is_ascii_digit() {
                i += 1;
            }
            let mut big = i - start > 6;
            while i + 3 < n
                && b[i] == b','
                && b[i + 1..i + 4].iter().all(u8::is_ascii_digit)
                && b.get(i + 4).is_none_or(|c| !c.is_ascii_digit())
            {
                i += 4;
                big = true;
            }
            if i < n && b[i].is_ascii_alphabetic() {
                while i < n && b[i].is_ascii_alphabetic() {
                    i += 1;
                }
                out.push(Token {
                    tok: Tok::Word,
                    start,
                    end: i,
                });
                continue;
            }
            let tok = if big {
                Tok::Big
            } else {
                s[start..i].parse().map_or(Tok::Big, Tok::Num)
            };
            out.push(Token { tok, start, end: i });
            continue;
        }
        if matches!(c, b'S' | b'A' | b'E')
            && b.get(i + 1) == Some(&b'/')
            && (i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'/'))
            && let Some((end, canon)) = symbol::parse_at(s, i)
        {
            out.push(Token {
                tok: Tok::Sym(canon),
                start,
                end,
            });
            i = end;
            continue;
        }
        if c.is_ascii_alphabetic() {
            while i < n && b[i].is_ascii_alphabetic() {
                i += 1;
            }
            // A grammar keyword hyphenated at a line end that the
            // normalizer could not rejoin ("para-graph") stays one word.
            if b.get(i) == Some(&b'-') && b.get(i + 1).is_some_and(u8::is_ascii_lowercase) {
                let mut j = i + 1;
                while j < n && b[j].is_ascii_alphabetic() {
                    j += 1;
                }
                let joined = format!("{}{}", &s[start..i], &s[i + 1..j]).to_ascii_lowercase();
                if HYPHENATED_KEYWORDS.contains(&joined.as_str()) {
                    i = j;
                }
            }
            // Letters beyond ASCII continue the word ("Da’esh" stops at ’).
            while i < n && b[i] >= 0x80 {
                match s[i..].chars().next() {
                    Some(ch) if ch.is_alphabetic() => i += ch.len_utf8(),
                    _ => break,
                }
                while i < n && b[i].is_ascii_alphabetic() {
                    i += 1;
                }
            }
            out.push(Token {
                tok: Tok::Word,
                start,
                end: i,
            });
            continue;
        }
        let ch = s[i..].chars().next().unwrap_or(' ');
        i += ch.len_utf8().max(1);
        if ch.is_alphabetic() {
            while i < n {
                match s[i..].chars().next() {
                    Some(d) if d.is_alphabetic() => i += d.len_utf8(),
                    _ => break,
                }
            }
            out.push(Token {
                tok: Tok::Word,
                start,
                end: i,
            });
        } else {
            out.push(Token {
                tok: Tok::Punct(ch),
                start,
                end: i,
            });
        }
    }
}
