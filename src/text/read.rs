//! Reading input files: detecting binary and empty files, and decoding
//! bytes to text with a map back to the original bytes.
//!
//! UTF-8 is read as is (a BOM is skipped). UTF-16 needs a BOM. Anything that
//! is not valid UTF-8 falls back to Windows-1252, the encoding of most
//! legacy UN text exports, with a warning. Decoding keeps a table from
//! decoded byte offsets to raw byte offsets, so evidence always points into
//! the file as it is on disk.

use std::path::{Path, PathBuf};

use crate::error::ReadError;

/// The default size limit for one input file (256 MiB).
pub const DEFAULT_MAX_BYTES: u64 = 256 * 1024 * 1024;

/// How a file's bytes were decoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8 without BOM.
    Utf8,
    /// UTF-8 with a BOM (3 bytes skipped).
    Utf8Bom,
    /// UTF-16 little endian, with BOM.
    Utf16Le,
    /// UTF-16 big endian, with BOM.
    Utf16Be,
    /// Windows-1252 fallback for invalid UTF-8.
    Windows1252,
}

/// A decoded input file.
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// The path as given by the user (used in evidence).
    pub path: String,
    /// The decoded text.
    pub text: String,
    /// How it was decoded.
    pub encoding: Encoding,
    /// For non-identity decodings: raw byte offset of each decoded byte
    /// offset (length `text.len() + 1`). `None` for UTF-8 (offset = decoded
    /// offset + BOM length).
    raw_offsets: Option<Vec<u32>>,
    bom_len: usize,
}

impl SourceFile {
    /// Builds a source file from text that is already decoded UTF-8 (tests,
    /// generated input).
    pub fn from_string(path: impl Into<String>, text: impl Into<String>) -> SourceFile {
        SourceFile::utf8(path, text.into(), 0)
    }

    /// A UTF-8 file (`bom_len` 3 when it starts with a byte-order mark).
    fn utf8(path: impl Into<String>, text: String, bom_len: usize) -> SourceFile {
        SourceFile {
            path: path.into(),
            text,
            encoding: if bom_len == 3 {
                Encoding::Utf8Bom
            } else {
                Encoding::Utf8
            },
            raw_offsets: None,
            bom_len,
        }
    }

    /// Decodes raw bytes. Returns the file and an optional warning (for the
    /// Windows-1252 fallback).
    pub fn decode(path: &str, bytes: Vec<u8>) -> Result<(SourceFile, Option<String>), ReadError> {
        let pb = || PathBuf::from(path);
        if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
            let le = bytes[0] == 0xFF;
            let (text, offsets) = decode_utf16(&bytes[2..], le, 2);
            let file = SourceFile {
                path: path.to_string(),
                text,
                encoding: if le {
                    Encoding::Utf16Le
                } else {
                    Encoding::Utf16Be
                },
                raw_offsets: Some(offsets),
                bom_len: 0,
            };
            check_text(&file.text, path)?;
            return Ok((file, None));
        }
        if let Some(reason) = binary_reason(&bytes) {
            return Err(ReadError::Binary { path: pb(), reason });
        }
        let (bom_len, body) = if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
            (3, &bytes[3..])
        } else {
            (0, &bytes[..])
        };
        match std::str::from_utf8(body) {
            Ok(s) => {
                let file = SourceFile::utf8(path, s.to_string(), bom_len);
                check_text(&file.text, path)?;
                Ok((file, None))
            }
            Err(e) if e.error_len().is_none() => {
                // Valid UTF-8 cut short in the middle of a character (a
                // truncated download): keep the text, drop the partial
                // character.
                let valid = e.valid_up_to();
                let text = String::from_utf8_lossy(&body[..valid]).into_owned();
                let file = SourceFile::utf8(path, text, bom_len);
                check_text(&file.text, path)?;
                let dropped = body.len() - valid;
                Ok((
                    file,
                    Some(format!(
                        "{path}: ends inside a UTF-8 character (truncated?); last {dropped} byte(s) ignored"
                    )),
                ))
            }
            Err(e) => {
                let bad_at = e.valid_up_to() + bom_len;
                let (text, offsets) = decode_1252(&bytes[bom_len..], bom_len);
                let file = SourceFile {
                    path: path.to_string(),
                    text,
                    encoding: Encoding::Windows1252,
                    raw_offsets: Some(offsets),
                    bom_len,
                };
                check_text(&file.text, path)?;
                Ok((
                    file,
                    Some(format!(
                        "{path}: invalid UTF-8 at byte {bad_at}; read as Windows-1252"
                    )),
                ))
            }
        }
    }

    /// The raw byte offset in the file of a decoded byte offset.
    pub fn raw_offset(&self, decoded: usize) -> usize {
        match &self.raw_offsets {
            None => decoded + self.bom_len,
            Some(map) => map[decoded.min(map.len() - 1)] as usize,
        }
    }
}

fn check_text(text: &str, path: &str) -> Result<(), ReadError> {
    if text.trim().is_empty() {
        return Err(ReadError::Empty {
            path: PathBuf::from(path),
        });
    }
    Ok(())
}

/// Why bytes look binary, if they do: a NUL byte, or many control characters
/// in the first 8 KiB.
pub fn binary_reason(bytes: &[u8]) -> Option<String> {
    if let Some(pos) = memchr_nul(bytes) {
        return Some(format!("NUL byte at offset {pos}"));
    }
    let head = &bytes[..bytes.len().min(8192)];
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0C))
        .count();
    if head.len() >= 32 && controls * 10 > head.len() {
        return Some(format!(
            "{controls} control bytes in the first {} bytes",
            head.len()
        ));
    }
    None
}

fn memchr_nul(bytes: &[u8]) -> Option<usize> {
    memchr::memchr(0, bytes)
}

fn decode_utf16(body: &[u8], le: bool, base: usize) -> (String, Vec<u32>) {
    let units = body.chunks(2).map(|c| {
        if c.len() < 2 {
            0xFFFD
        } else if le {
            u16::from_le_bytes([c[0], c[1]])
        } else {
            u16::from_be_bytes([c[0], c[1]])
        }
    });
    let mut text = String::with_capacity(body.len() / 2);
    let mut offsets = Vec::with_capacity(body.len() / 2 + 1);
    let mut raw = base;
    for r in char::decode_utf16(units) {
        let (ch, width) = match r {
            Ok(c) => (c, c.len_utf16() * 2),
            Err(_) => ('\u{FFFD}', 2),
        };
        for _ in 0..ch.len_utf8() {
            offsets.push(raw as u32);
        }
        text.push(ch);
        raw += width;
    }
    offsets.push((base + body.len()) as u32);
    (text, offsets)
}

fn decode_1252(body: &[u8], base: usize) -> (String, Vec<u32>) {
    let mut text = String::with_capacity(body.len() + body.len() / 8);
    let mut offsets = Vec::with_capacity(body.len() + 1);
    for (i, &b) in body.iter().enumerate() {
        let (cow, _, _) = encoding_rs::WINDOWS_1252.decode(std::slice::from_ref(&b));
        for ch in cow.chars() {
            for _ in 0..ch.len_utf8() {
                offsets.push((base + i) as u32);
            }
            text.push(ch);
        }
    }
    offsets.push((base + body.len()) as u32);
    (text, offsets)
}

/// The largest `--max-bytes` accepted (1 GiB): offsets into a file and
/// into its decoded text are kept as `u32`, and decoding can triple the
/// size (Windows-1252 to UTF-8).
pub const MAX_BYTES_CAP: u64 = 1 << 30;

/// Reads and decodes one file, enforcing the size limit: a file whose
/// metadata says it is larger is not opened, and whatever the metadata says
/// (devices and pipes report no size, a file may grow) no more than
/// `max_bytes + 1` bytes are ever read. A limit over [`MAX_BYTES_CAP`] is
/// taken as that cap (offsets are 32-bit).
pub fn read_file(path: &Path, max_bytes: u64) -> Result<(SourceFile, Option<String>), ReadError> {
    use std::io::Read;
    let max_bytes = max_bytes.min(MAX_BYTES_CAP);
    let display = path.to_string_lossy().into_owned();
    let io = |source| ReadError::Io {
        path: path.to_path_buf(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(io)?;
    if meta.len() > max_bytes {
        return Err(ReadError::TooLarge {
            path: path.to_path_buf(),
            size: meta.len(),
            limit: max_bytes,
        });
    }
    let file = std::fs::File::open(path).map_err(io)?;
    let cap = if meta.is_file() { meta.len() } else { 0 };
    let mut bytes = Vec::with_capacity(cap as usize + 1);
    file.take(max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > max_bytes {
        return Err(ReadError::Unbounded {
            path: path.to_path_buf(),
            limit: max_bytes,
        });
    }
    if bytes.is_empty() {
        return Err(ReadError::Empty {
            path: path.to_path_buf(),
        });
    }
    SourceFile::decode(&display, bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_1252_fallback_maps_offsets_to_raw_bytes() {
        // "Chargé" in Windows-1252: é is one byte (0xE9) but two in UTF-8.
        let bytes = b"Charg\xe9 d'affaires S/2020/600".to_vec();
        let (f, warn) = SourceFile::decode("x.txt", bytes).unwrap();
        assert!(warn.unwrap().contains("Windows-1252"));
        let at = f.text.find("S/2020").unwrap();
        assert_eq!(f.raw_offset(at), 18);
    }

    #[test]
    fn utf16_with_bom_is_decoded() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "S/RES/2531 (2020)".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        let (f, _) = SourceFile::decode("x.txt", bytes).unwrap();
        assert_eq!(f.text, "S/RES/2531 (2020)");
        assert_eq!(f.raw_offset(6), 2 + 12);
    }

    #[test]
    fn utf8_cut_inside_a_character_keeps_the_text() {
        let mut bytes = "Côte d’Ivoire".as_bytes().to_vec();
        bytes.truncate(bytes.len() - 7); // "Ivoire" and one byte of the ’
        let (f, warn) = SourceFile::decode("x.txt", bytes).unwrap();
        assert_eq!(f.text, "Côte d");
        assert_eq!(f.encoding, Encoding::Utf8);
        assert!(warn.unwrap().contains("truncated"));
    }

    #[test]
    fn nul_byte_is_binary() {
        let err = SourceFile::decode("x.bin", b"abc\0def".to_vec()).unwrap_err();
        assert!(err.to_string().contains("binary"), "{err}");
    }
}
