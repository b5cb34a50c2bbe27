//! The graph file (`graph.bin`): any bytes, with their block hashes made
//! to agree (else nearly every input would stop at the first checksum),
//! are read in place and decoded to answers, a graph or an error, never a
//! panic or an allocation the input size does not justify.
//! Property: what decodes encodes and decodes again to the same bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use unsc_kg::cmd;
use unsc_kg::graph::analysis::Direction;
use unsc_kg::graph::mapped::{SavedGraph, reseal};
use unsc_kg::graph::store;

fuzz_target!(|data: &[u8]| {
    let mut data = data.to_vec();
    reseal(&mut data);
    if let Ok(g) = SavedGraph::in_memory(&data) {
        // Errors are fine; panics are not.
        let _ = cmd::cites::report(&g, "S/RES/2531 (2020)", 2, Direction::Backward);
        let _ = cmd::chain::report(&g, "S/2020/600", "S/RES/2374 (2017)", 2);
        let _ = cmd::rank::report(&g, None, 5);
    }
    let Ok(g) = store::decode(&data) else {
        return;
    };
    let once = store::encode(&g);
    let again = store::decode(&once).expect("an encoded graph decodes");
    assert_eq!(store::encode(&again), once, "encode/decode round trip");
});
