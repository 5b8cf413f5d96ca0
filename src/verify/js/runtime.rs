//! The wasm runtime pieces we choose ourselves.
//!
//! - Allocator, in both wasm builds: [`crate::heap`], a size-class heap over
//!   wasm's `memory.grow` (about 1 KB of wasm where std's dlmalloc is 7.5 KB;
//!   why, and what it costs in memory, is in that module). The wasm test
//!   suites run on it too.
//! - Panic handler, in the `no_std` verify-only build: nothing in this crate
//!   should panic (every input is checked and the fuzzer and property tests
//!   look for panics). Should one happen anyway, the handler traps, as std
//!   does with `panic = "abort"`, but without std's message formatting,
//!   which was a tenth of the verify wasm.

use core::alloc::{GlobalAlloc, Layout};
use core::cell::UnsafeCell;

use crate::heap::{Heap, Memory, PAGE};

/// wasm's linear memory, grown a page at a time.
struct WasmMemory;

impl Memory for WasmMemory {
    fn grow(&mut self, pages: usize) -> Option<usize> {
        let previous = core::arch::wasm32::memory_grow(0, pages);
        if previous == usize::MAX {
            return None;
        }
        previous.checked_mul(PAGE)
    }
}

// Shared-memory wasm would make the `Sync` claims of the allocator below
// and of `per_thread!`'s statics false.
#[cfg(target_feature = "atomics")]
compile_error!("this crate assumes a single-threaded wasm32 target");

struct Allocator(UnsafeCell<Heap<WasmMemory>>);

// SAFETY: single-threaded wasm32 (checked above), and the heap never
// allocates itself, so it is never entered twice at once.
unsafe impl Sync for Allocator {}

// SAFETY: the heap hands out blocks of at least the layout's size and
// alignment, disjoint until freed (see `crate::heap`'s tests); the pages
// `memory.grow` adds belong to nobody else.
unsafe impl GlobalAlloc for Allocator {
    #[inline(never)]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        unsafe { (*self.0.get()).alloc(layout) }
    }

    #[inline(never)]
    unsafe fn dealloc(&self, block: *mut u8, layout: Layout) {
        unsafe { (*self.0.get()).dealloc(block, layout) }
    }

    #[inline(never)]
    unsafe fn realloc(&self, block: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        unsafe { (*self.0.get()).realloc(block, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Allocator = Allocator(UnsafeCell::new(Heap::new(WasmMemory)));

#[cfg(not(feature = "std"))]
#[panic_handler]
fn on_panic(_: &core::panic::PanicInfo<'_>) -> ! {
    core::arch::wasm32::unreachable()
}
