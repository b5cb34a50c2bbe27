//! Inputs: one reader per file format behind one trait, and one sniffing
//! function that picks the reader.
//!
//! A [`Reader`] turns a decoded file into the pipeline's shapes: a
//! normalized [`Text`] whose offset map points into the file's bytes, the
//! [`Structure`] when the markup states it, and the items the markup states
//! outright. [`sniff`] chooses the reader from the file's content first (an
//! `<akomaNtoso>` root, an HTML document) and from its extension only when
//! the content says nothing decisive; `extract`, `inspect` and `build` all go
//! through it ([`read()`], [`extract_file`]).
//!
//! Adding a format is one new file (a type implementing [`Reader`]) and one
//! line in [`READERS`]: the extensions walked in folders, the sniffing and
//! the extraction all follow from the registry.

pub mod akn;
mod files;
pub mod html;
pub mod text;

use std::path::Path;

use crate::error::ReadError;
use crate::extract::{self, Structure};
use crate::model::Item;
use crate::text::Text;
use crate::text::read::{self, SourceFile};

pub use files::collect_inputs;

/// Every reader, in sniffing order (the first of equal confidence wins).
/// Plain text comes first: it is also the fallback for unknown content.
pub static READERS: &[&dyn Reader] = &[&text::PlainText, &akn::AkomaNtoso, &html::Html];

/// How sure a reader is, from a file's first bytes, that the file is its.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Confidence {
    /// Nothing in the content points to this format.
    No,
    /// The content looks like this format (an HTML element first), but an
    /// extension naming another format is believed before it.
    Likely,
    /// The content is this format (an `<akomaNtoso>` root, `<!DOCTYPE html>`),
    /// whatever the extension says.
    Sure,
}

/// What the extractors still have to do with a reading.
#[derive(Debug)]
pub enum Analysis {
    /// Find documents and paragraphs in the text, then run the extractors
    /// (plain text, Markdown, an HTML page).
    Find,
    /// The markup gave the documents and paragraphs: run the extractors
    /// over them (Akoma Ntoso).
    Given(Structure),
    /// The reader's items are the whole reading: no text extractor runs
    /// (a meetings table, whose cells are facts, not prose).
    Complete,
}

/// What a reader made of one file.
#[derive(Debug)]
pub struct Reading {
    /// The analysis text, with its offset map into the file.
    pub text: Text,
    /// What is left for the extractors.
    pub analysis: Analysis,
    /// Items read from the markup itself, in file order.
    pub items: Vec<Item>,
    /// Non-fatal warnings, each naming the file.
    pub warnings: Vec<String>,
}

impl Reading {
    /// A reading of plain prose: structure and facts all left to the
    /// extractors.
    pub fn prose(text: Text) -> Reading {
        Reading {
            text,
            analysis: Analysis::Find,
            items: Vec::new(),
            warnings: Vec::new(),
        }
    }
}

/// A reader of one input format.
pub trait Reader: Sync {
    /// Short name of the format (`text`, `akn`, `html`), for messages.
    fn name(&self) -> &'static str;
    /// The file extensions of the format, lower case, without the dot.
    fn extensions(&self) -> &'static [&'static str];
    /// How sure the reader is that a file starting with `head` (decoded,
    /// BOM removed) is its.
    fn sniff(&self, head: &str) -> Confidence;
    /// Reads a decoded file.
    fn read(&self, source: SourceFile) -> Result<Reading, ReadError>;
    /// Tidies the items after the extractors ran (merging what the markup
    /// and the grammar both found). Does nothing by default.
    fn finish(&self, _items: &mut Vec<Item>) {}
}

/// How many decoded bytes [`sniff`] looks at.
pub const SNIFF_BYTES: usize = 4096;

/// Chooses the reader of a file from its first bytes (decoded) and its
/// path: a reader [`Confidence::Sure`] of the content wins; else the reader
/// whose extension the path has; else a reader that finds the content
/// [`Confidence::Likely`]; else plain text.
pub fn sniff(path: &Path, head: &str) -> &'static dyn Reader {
    let head = head.trim_start_matches('\u{feff}');
    let mut best: Option<(Confidence, &'static dyn Reader)> = None;
    for r in READERS {
        let c = r.sniff(head);
        if c > Confidence::No && best.is_none_or(|(b, _)| c > b) {
            best = Some((c, *r));
        }
    }
    if let Some((Confidence::Sure, r)) = best {
        return r;
    }
    if let Some(r) = by_extension(path) {
        return r;
    }
    best.map_or(READERS[0], |(_, r)| r)
}

/// Chooses the reader of raw bytes (see [`sniff`]), or says why the bytes
/// are binary. UTF-16 with a byte-order mark is decoded first.
pub fn sniff_bytes(path: &Path, bytes: &[u8]) -> Result<&'static dyn Reader, String> {
    let head = &bytes[..bytes.len().min(SNIFF_BYTES)];
    if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        let enc = if head[0] == 0xFF {
            encoding_rs::UTF_16LE
        } else {
            encoding_rs::UTF_16BE
        };
        let (text, _) = enc.decode_without_bom_handling(&head[2..]);
        return Ok(sniff(path, &text));
    }
    if let Some(reason) = read::binary_reason(head) {
        return Err(reason);
    }
    Ok(sniff(path, &String::from_utf8_lossy(head)))
}

/// The reader whose extensions include the path's.
pub fn by_extension(path: &Path) -> Option<&'static dyn Reader> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    READERS
        .iter()
        .find(|r| r.extensions().contains(&ext.as_str()))
        .copied()
}

/// Every extension some reader reads (walking folders picks these files).
pub fn extensions() -> impl Iterator<Item = &'static str> {
    READERS.iter().flat_map(|r| r.extensions().iter().copied())
}

/// Options for reading inputs.
#[derive(Clone, Debug)]
pub struct Options {
    /// Files larger than this are skipped with a warning.
    pub max_bytes: u64,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            max_bytes: read::DEFAULT_MAX_BYTES,
        }
    }
}

/// Reads one file with the reader [`sniff`] chooses; returns the reading
/// and the reader.
pub fn read(path: &Path, opts: &Options) -> Result<(Reading, &'static dyn Reader), ReadError> {
    let (source, warning) = read::read_file(path, opts.max_bytes)?;
    let mut cut = source.text.len().min(SNIFF_BYTES);
    while !source.text.is_char_boundary(cut) {
        cut -= 1;
    }
    let reader = sniff(path, &source.text[..cut]);
    let mut reading = reader.read(source)?;
    if let Some(w) = warning {
        reading.warnings.insert(0, w);
    }
    Ok((reading, reader))
}

/// What one file yielded.
#[derive(Debug, Default)]
pub struct FileExtraction {
    /// The items, in file order: documents, then paragraphs, then the facts.
    pub items: Vec<Item>,
    /// Non-fatal warnings (decoding fallback ...).
    pub warnings: Vec<String>,
}

/// Reads and extracts one file of any format [`sniff`] recognises. Never
/// panics on bad input: a file that cannot be read yields a [`ReadError`].
pub fn extract_file(path: &Path, opts: &Options) -> Result<FileExtraction, ReadError> {
    let (reading, reader) = read(path, opts)?;
    let Reading {
        text,
        analysis,
        mut items,
        warnings,
    } = reading;
    match analysis {
        Analysis::Find => items.extend(extract::extract_text(&text)),
        Analysis::Given(st) => extract::run_extractors(&text, &st, &mut items),
        Analysis::Complete => {}
    }
    reader.finish(&mut items);
    Ok(FileExtraction { items, warnings })
}

/// The first markup of `head` after white space, an XML declaration and
/// comments, lower-cased: `!doctype html`, `html`, `akomantoso`, `table`.
/// `None` when the text does not start with markup.
pub(crate) fn first_markup(head: &str) -> Option<String> {
    let mut s = head.trim_start_matches('\u{feff}').trim_start();
    loop {
        if let Some(rest) = s.strip_prefix("<?") {
            s = rest.split_once("?>")?.1.trim_start();
        } else if let Some(rest) = s.strip_prefix("<!--") {
            s = rest.split_once("-->")?.1.trim_start();
        } else {
            break;
        }
    }
    let rest = s.strip_prefix('<')?;
    let bang = rest.starts_with('!');
    let rest = rest.trim_start_matches('!');
    let name: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == ':' || *c == '-')
        .collect::<String>()
        .to_ascii_lowercase();
    if name.is_empty() {
        return None;
    }
    if bang {
        // `<!DOCTYPE html ...>`: the doctype and its first word.
        let after = rest[name.len()..].trim_start();
        let word: String = after
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        return Some(format!("!{name} {word}"));
    }
    Some(name)
}

/// Whether `head` starts with an XML declaration.
pub(crate) fn xml_declared(head: &str) -> bool {
    head.trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with("<?xml")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(path: &str, head: &str) -> &'static str {
        sniff(Path::new(path), head).name()
    }

    #[test]
    fn sniffs_each_format_by_content() {
        assert_eq!(name("a.txt", "The Security Council,\n"), "text");
        assert_eq!(name("a.md", "# Resolution 2374 (2017)\n"), "text");
        assert_eq!(name("a", "<?xml version=\"1.0\"?>\n<akomaNtoso>"), "akn");
        assert_eq!(name("a", "  <akomaNtoso xmlns=\"x\">"), "akn");
        assert_eq!(name("a", "<!DOCTYPE html>\n<html><body>"), "html");
        assert_eq!(name("a", "<html lang=en>"), "html");
        assert_eq!(name("a", "<link href=x />\n<table class=t>"), "html");
    }

    #[test]
    fn content_beats_a_misleading_extension() {
        assert_eq!(name("page.xml", "<!doctype html><html>"), "html");
        assert_eq!(name("page.txt", "<HTML><BODY>"), "html");
        assert_eq!(name("res.html", "<akomaNtoso>"), "akn");
        assert_eq!(name("res.md", "<?xml version='1.0'?><akomaNtoso>"), "akn");
        // XHTML: an XML declaration, then an HTML root.
        assert_eq!(
            name(
                "a.xml",
                "<?xml version=\"1.0\"?><!-- c --><html xmlns=\"h\">"
            ),
            "html"
        );
    }

    #[test]
    fn extension_decides_when_content_is_not_decisive() {
        // A text file that happens to start with a tag stays text.
        assert_eq!(name("notes.txt", "<table> of contents\n"), "text");
        assert_eq!(name("notes.md", "<div>draft</div>"), "text");
        // Plain text with an XML extension goes to the AKN reader, which
        // refuses it with a message (as before).
        assert_eq!(name("a.xml", "The Security Council"), "akn");
        assert_eq!(name("a.htm", "The Security Council"), "html");
        // Unknown extension, HTML-looking content.
        assert_eq!(name("a.dat", "<table><tr><td>x"), "html");
        assert_eq!(name("a.dat", "plain words"), "text");
    }

    #[test]
    fn binary_bytes_are_refused_and_utf16_is_sniffed() {
        let err = sniff_bytes(Path::new("a.html"), b"<html>\0\0\0").err();
        assert!(err.is_some_and(|e| e.contains("NUL")));
        let mut utf16 = vec![0xFF, 0xFE];
        for u in "<html><body>x".encode_utf16() {
            utf16.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(
            sniff_bytes(Path::new("a.txt"), &utf16).map(|r| r.name()),
            Ok("html")
        );
        let bom = b"\xEF\xBB\xBF<akomaNtoso>";
        assert_eq!(
            sniff_bytes(Path::new("a.txt"), bom).map(|r| r.name()),
            Ok("akn")
        );
    }

    #[test]
    fn every_extension_has_one_reader() {
        let all: Vec<&str> = extensions().collect();
        let mut dedup = all.clone();
        dedup.sort_unstable();
        dedup.dedup();
        assert_eq!(all.len(), dedup.len(), "{all:?}");
        for e in ["txt", "md", "xml", "html", "htm"] {
            assert!(all.contains(&e), "{e}");
        }
    }
}
