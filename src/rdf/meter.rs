//! Counts the bytes each thread allocates, so that a query's evaluation can
//! be stopped once it holds more memory than its budget.
//!
//! oxigraph gives no hook on memory: a cartesian product under an
//! `ORDER BY` collects rows as fast as it can until the deadline, gigabytes
//! a second, and the process is killed long before a 10 s deadline passes.
//! [`Metered`] wraps the allocator and keeps, per thread, the bytes
//! allocated minus the bytes freed; the evaluation reads its own thread's
//! figure ([`thread_net`]) on every access to the store and stops past the
//! budget. It is a thread-local counter update per allocation, without
//! atomics. The binary installs it as the global allocator (as does the
//! test binary); where it is not installed the figures stay at zero and the
//! memory budget is never hit.
//!
//! The allocator underneath is mimalloc, not the system's: `build` makes
//! and drops millions of small strings and vectors on three threads, and
//! glibc's malloc and free were a sixth of its CPU. With mimalloc the
//! record-sized build takes about an eighth less CPU, for some 90 MB more
//! peak memory (figures in `benches/README.md`, "Issue 19: the
//! allocator").
//!
//! Hand-written: the counting crates count globally (every thread's
//! allocations in one atomic), not per evaluation thread.

use std::alloc::{GlobalAlloc, Layout};
use std::cell::Cell;

use libmimalloc_sys as mi;
use mimalloc::MiMalloc as Inner;

/// The alignment every block of mimalloc has (a machine word): a layout
/// that asks no more goes to the plain `mi_malloc` family. The `mimalloc`
/// crate sends every call through the aligned family, whose checks and
/// slow paths cost about 40 instructions an allocation (a record-sized
/// `build` makes millions).
const WORD: usize = std::mem::size_of::<usize>();

/// A thread's counts: one thread-local, so that an allocation reads it once.
struct Counts {
    /// Bytes allocated minus bytes freed.
    net: Cell<i64>,
    /// The highest `net` since [`mark`] was last called on the thread.
    peak: Cell<i64>,
}

thread_local! {
    static COUNTS: Counts = const {
        Counts {
            net: Cell::new(0),
            peak: Cell::new(0),
        }
    };
}

fn add(n: i64) {
    // `try_with`: nothing to count while the thread is being torn down.
    let _ = COUNTS.try_with(|c| {
        let net = c.net.get().wrapping_add(n);
        c.net.set(net);
        c.peak.set(c.peak.get().max(net));
    });
}

/// Starts watching this thread's allocations: returns its net figure now,
/// for [`grown_since`].
pub fn mark() -> i64 {
    COUNTS
        .try_with(|c| {
            c.peak.set(c.net.get());
            c.net.get()
        })
        .unwrap_or(0)
}

/// How far this thread's net allocations rose above `mark` (what
/// [`mark`] returned) at their highest since.
pub fn grown_since(mark: i64) -> i64 {
    COUNTS
        .try_with(|c| c.peak.get())
        .unwrap_or(mark)
        .saturating_sub(mark)
}

/// The bytes allocated minus the bytes freed on this thread so far (frees
/// of memory allocated elsewhere make it lower; only differences mean
/// something).
pub fn thread_net() -> i64 {
    COUNTS.try_with(|c| c.net.get()).unwrap_or(0)
}

/// The allocator (mimalloc), counting per thread.
pub struct Metered;

// SAFETY: every call is forwarded to mimalloc (its plain or its aligned
// family, by the layout's alignment; `mi_free` frees either); the counting only
// touches a const-initialised thread-local of `Cell`s (no allocation, no
// destructor), so it cannot recurse into the allocator.
unsafe impl GlobalAlloc for Metered {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded with the caller's guarantees; a block of
        // `mi_malloc` is aligned to a word at least.
        let p = unsafe {
            if layout.align() <= WORD {
                mi::mi_malloc(layout.size()).cast()
            } else {
                Inner.alloc(layout)
            }
        };
        if !p.is_null() {
            add(layout.size() as i64);
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as in `alloc`.
        let p = unsafe {
            if layout.align() <= WORD {
                mi::mi_zalloc(layout.size()).cast()
            } else {
                Inner.alloc_zeroed(layout)
            }
        };
        if !p.is_null() {
            add(layout.size() as i64);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded with the caller's guarantees.
        unsafe { Inner.dealloc(ptr, layout) };
        add(-(layout.size() as i64));
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: as in `alloc`; `mi_realloc` keeps a word's alignment.
        let p = unsafe {
            if layout.align() <= WORD {
                mi::mi_realloc(ptr.cast(), new_size).cast()
            } else {
                Inner.realloc(ptr, layout, new_size)
            }
        };
        if !p.is_null() {
            add(new_size as i64 - layout.size() as i64);
        }
        p
    }
}

/// Hands freed memory back to the system now (the allocator keeps freed
/// pages a while otherwise, so a large cancelled query would leave RSS
/// high until the next allocations). It walks the allocator's free lists:
/// call it after work that held much memory ([`grown_since`]), not after
/// every small one (after every query, it doubled the endpoint's latency).
pub fn give_back() {
    // SAFETY: mi_collect only walks the allocator's own free lists.
    unsafe { libmimalloc_sys::mi_collect(true) }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every alignment from a byte to a page, sizes around the allocator's
    /// small and large classes: a block is aligned, reads zero when asked
    /// zeroed, and keeps its bytes when grown and shrunk. `Metered` is
    /// called directly, whatever the global allocator.
    #[test]
    fn blocks_are_aligned_and_keep_their_bytes() {
        let aligned = |p: *mut u8, align: usize| !p.is_null() && (p as usize).is_multiple_of(align);
        for align in (0..=12).map(|k| 1usize << k) {
            for size in [1, 7, 8, 24, 40, 100, 1024, 4096, 70_000, 1 << 21] {
                let size = size.max(align);
                let layout = Layout::from_size_align(size, align).expect("layout");
                // SAFETY: valid non-zero layouts; each block is used within
                // its size and freed once, with the layout it last had.
                unsafe {
                    let z = Metered.alloc_zeroed(layout);
                    assert!(aligned(z, align), "zeroed {size} {align}");
                    assert!(std::slice::from_raw_parts(z, size).iter().all(|&b| b == 0));
                    Metered.dealloc(z, layout);
                    for new_size in [size * 3 + 5, size.div_ceil(2)] {
                        let p = Metered.alloc(layout);
                        assert!(aligned(p, align), "{size} {align}");
                        for i in 0..size {
                            *p.add(i) = i as u8;
                        }
                        let kept = size.min(new_size);
                        let q = Metered.realloc(p, layout, new_size);
                        assert!(aligned(q, align), "{size} -> {new_size}, {align}");
                        assert!((0..kept).all(|i| *q.add(i) == i as u8));
                        let moved = Layout::from_size_align(new_size, align).expect("layout");
                        let r = Metered.realloc(q, moved, size);
                        assert!(aligned(r, align), "{new_size} -> {size}, {align}");
                        assert!((0..kept).all(|i| *r.add(i) == i as u8));
                        Metered.dealloc(r, layout);
                    }
                }
            }
        }
    }
}
