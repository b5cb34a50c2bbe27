//! Properties the fuzz targets check on every input, shared by the targets.

use unsc_kg::model::Item;

/// Every item's evidence lies inside the file, and when the file is plain
/// UTF-8 (no BOM) its quoted text is exactly the bytes of its span.
pub fn check_evidence(bytes: &[u8], items: &[Item]) {
    let utf8 = !bytes.starts_with(&[0xEF, 0xBB, 0xBF]) && std::str::from_utf8(bytes).is_ok();
    for it in items {
        let ev = it.evidence();
        assert!(
            ev.start <= ev.end && ev.end <= bytes.len(),
            "{} span {}..{} outside a file of {} bytes",
            ev.rule,
            ev.start,
            ev.end,
            bytes.len()
        );
        if utf8 {
            assert_eq!(
                &bytes[ev.start..ev.end],
                ev.text.as_bytes(),
                "{} quote differs from its span {}..{}",
                ev.rule,
                ev.start,
                ev.end
            );
        }
    }
}
