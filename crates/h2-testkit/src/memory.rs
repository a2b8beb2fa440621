//! What a connection holds on the heap while a test attacks it.
//!
//! A test binary that wants heap numbers installs the counting allocator:
//!
//! ```
//! use h2_testkit::memory::{HeapMeter, StatsAlloc, System, INSTRUMENTED_SYSTEM};
//! #[global_allocator]
//! static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;
//!
//! fn main() {
//!     let meter = HeapMeter::start(GLOBAL);
//!     let kept = vec![0u8; 4096];
//!     assert!(meter.retained() >= 4096);
//!     drop(kept);
//! }
//! ```
//!
//! The counters are process-wide, so a [`HeapMeter`] also serialises the
//! tests of its binary: each holds a lock from `start` until it is dropped.

use std::sync::{Mutex, MutexGuard};

pub use stats_alloc::{Region, StatsAlloc, INSTRUMENTED_SYSTEM};
pub use std::alloc::System;

static SERIAL: Mutex<()> = Mutex::new(());

/// Heap bytes allocated and not freed since the meter was (re)started.
pub struct HeapMeter {
    region: Region<'static, System>,
    _serial: MutexGuard<'static, ()>,
}

impl std::fmt::Debug for HeapMeter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HeapMeter")
            .field("retained", &self.retained())
            .finish()
    }
}

impl HeapMeter {
    /// Takes the binary's lock and starts counting.
    pub fn start(alloc: &'static StatsAlloc<System>) -> Self {
        let serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
        Self {
            region: Region::new(alloc),
            _serial: serial,
        }
    }

    /// Starts counting again from zero (after setting up the connection).
    pub fn reset(&mut self) {
        self.region.reset();
    }

    /// Bytes allocated and not freed since the start: what the code under
    /// test retained (negative when it freed more than it took).
    pub fn retained(&self) -> isize {
        let change = self.region.change();
        let allocated = isize::try_from(change.bytes_allocated).unwrap_or(isize::MAX);
        let freed = isize::try_from(change.bytes_deallocated).unwrap_or(isize::MAX);
        // A reallocation is counted in both totals already (its growth as
        // allocated, its shrinking as freed).
        allocated - freed
    }

    /// Allocations and reallocations made since the start.
    pub fn allocations(&self) -> usize {
        let change = self.region.change();
        change.allocations + change.reallocations
    }
}
