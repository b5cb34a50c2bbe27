//! Votes extraction (to be filled in by its issue).

use crate::extract::Structure;
use crate::model::Item;
use crate::text::Text;

/// Adds the votes found in `text` to `out`.
pub fn extract(_text: &Text, _st: &Structure, _out: &mut Vec<Item>) {}
