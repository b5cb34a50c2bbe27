//! Typed errors of the library.
//!
//! I/O problems, input that cannot be read as a document, and syntax errors
//! in data files or queries are kept apart so that the command layer can say
//! precisely what went wrong and where.

use std::path::PathBuf;

/// Why a single input file was skipped.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The file could not be opened or read.
    #[error("{path}: cannot read: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The file is empty (or only white space).
    #[error("{path}: empty file")]
    Empty {
        /// The file.
        path: PathBuf,
    },
    /// The file looks binary (NUL bytes or control characters).
    #[error("{path}: binary file ({reason})")]
    Binary {
        /// The file.
        path: PathBuf,
        /// What gave it away.
        reason: String,
    },
    /// The file is larger than the configured limit.
    #[error("{path}: {size} bytes exceeds the size limit of {limit} bytes")]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// More bytes than the limit could be read from the file, whatever its
    /// metadata said (a device, a pipe, a file that grew).
    #[error("{path}: more than {limit} bytes (the size limit); skipped")]
    Unbounded {
        /// The file.
        path: PathBuf,
        /// The limit.
        limit: u64,
    },
    /// The file is XML but not a readable Akoma Ntoso document.
    #[error("{path}: {reason}")]
    Xml {
        /// The file.
        path: PathBuf,
        /// What is wrong, with the position when known.
        reason: String,
    },
}

/// A data file shipped in `ontology/` (gazetteer, verb tables) is broken.
#[derive(Debug, thiserror::Error)]
#[error("{file}:{line}: {reason}")]
pub struct DataError {
    /// The data file.
    pub file: String,
    /// 1-based line number.
    pub line: usize,
    /// What is wrong.
    pub reason: String,
}

/// A position or size past what the 32-bit offsets of the offset map and
/// of the graph's string pool address (4 GiB): said, never truncated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{what} reaches {value}, past the {max} that 32-bit offsets address", max = u32::MAX)]
pub struct OffsetOverflow {
    /// What overflowed ("a source offset", "the graph's strings").
    pub what: &'static str,
    /// The value that does not fit.
    pub value: usize,
}

impl OffsetOverflow {
    /// `value` as a `u32`, or the error naming `what`.
    pub fn check(what: &'static str, value: usize) -> Result<u32, OffsetOverflow> {
        u32::try_from(value).map_err(|_| OffsetOverflow { what, value })
    }
}

/// Errors of the library as a whole.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// An input file could not be read.
    #[error(transparent)]
    Read(#[from] ReadError),
    /// A data file is broken.
    #[error(transparent)]
    Data(#[from] DataError),
    /// Writing an output failed.
    #[error("{path}: cannot write: {source}")]
    Write {
        /// The output path.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// A reference typed by the user did not resolve.
    #[error("{0}")]
    Reference(String),
    /// A saved graph file is unreadable.
    #[error("{path}: {reason}")]
    GraphFile {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
    /// A SPARQL query failed (syntax error with position, or evaluation error).
    #[error("{0}")]
    Query(String),
    /// A position past what 32-bit offsets address.
    #[error(transparent)]
    Offset(#[from] OffsetOverflow),
    /// Anything the RDF store reported.
    #[error("RDF store: {0}")]
    Store(String),
}

/// Result with the library's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl From<oxigraph::store::StorageError> for Error {
    fn from(e: oxigraph::store::StorageError) -> Error {
        Error::Store(e.to_string())
    }
}
