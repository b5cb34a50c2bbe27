//! Plain text and Markdown: decoding, normalization and every extractor.
//! Property: no panic, and every quote is the bytes of its span.
#![no_main]

use libfuzzer_sys::fuzz_target;
use unsc_kg::extract::extract_text;
use unsc_kg::text::{Text, read::SourceFile};

fuzz_target!(|data: &[u8]| {
    let Ok((source, _)) = SourceFile::decode("fuzz.md", data.to_vec()) else {
        return;
    };
    let items = extract_text(&Text::new(source));
    unsc_kg_fuzz::check_evidence(data, &items);
});
