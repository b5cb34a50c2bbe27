//! Akoma Ntoso XML: the reader, then the extractors on its text.
//! Property: no panic, and every quote is the bytes of its span.
#![no_main]

use libfuzzer_sys::fuzz_target;
use unsc_kg::extract::run_extractors;
use unsc_kg::input::akn;
use unsc_kg::text::read::SourceFile;

fuzz_target!(|data: &[u8]| {
    let Ok((source, _)) = SourceFile::decode("fuzz.xml", data.to_vec()) else {
        return;
    };
    let Ok(doc) = akn::read(source) else {
        return;
    };
    let mut items = doc.items;
    run_extractors(&doc.text, &doc.structure, &mut items);
    akn::merge_citations(&mut items);
    unsc_kg_fuzz::check_evidence(data, &items);
});
