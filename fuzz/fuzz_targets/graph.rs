//! The graph loader (`graph.bin`): any bytes decode to a graph or an
//! error, never a panic or an allocation the input size does not justify.
//! Property: what decodes encodes and decodes again to the same bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use unsc_kg::graph::store;

fuzz_target!(|data: &[u8]| {
    let Ok(g) = store::decode(data) else {
        return;
    };
    let once = store::encode(&g);
    let again = store::decode(&once).expect("an encoded graph decodes");
    assert_eq!(store::encode(&again), once, "encode/decode round trip");
});
