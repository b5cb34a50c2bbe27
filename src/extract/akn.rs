//! Akoma Ntoso (AKN 3.0 / AKN4UN) XML input (to be filled in by its issue).

use crate::error::ReadError;
use crate::extract::Structure;
use crate::model::Item;
use crate::text::{SourceFile, Text};

/// An Akoma Ntoso document read into the pipeline's shapes.
#[derive(Debug)]
pub struct AknDocument {
    /// The analysis text, with its map into the XML file.
    pub text: Text,
    /// Documents and paragraphs from the markup.
    pub structure: Structure,
    /// Items read from the markup itself (documents, paragraphs, linked
    /// citations, votes and decisions from `<meta>`).
    pub items: Vec<Item>,
    /// Non-fatal warnings.
    pub warnings: Vec<String>,
}

/// Reads an Akoma Ntoso file.
pub fn read(source: SourceFile) -> Result<AknDocument, ReadError> {
    Err(ReadError::Xml {
        path: source.path.into(),
        reason: "Akoma Ntoso input is not supported yet".into(),
    })
}
