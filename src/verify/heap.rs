//! A size-class heap: the allocator of both wasm builds.
//!
//! Every block is a power of two from 16 bytes up, aligned to its own size
//! (up to a 64 KiB page), so a block of a class fits any layout of that
//! class. Freed blocks go on their class's free list and are reused as they
//! are; nothing is split or merged. That makes allocation and freeing a few
//! instructions each and the code about a kilobyte of wasm, where talc and
//! dlmalloc are five to seven (the package has size budgets).
//!
//! The price is memory: a block may be up to twice its request, and memory
//! freed in one class is not reused by another. A verification allocates the
//! same few sizes on every call (the body, the header, the secret), so the
//! heap stops growing after the first calls; the package's tests verify
//! bodies of many sizes in one instance and the benchmark runs millions of
//! calls in one. The API client's allocations (request and answer JSON,
//! URLs, error messages) repeat per call in the same way; its 1,000-call
//! soak test runs on this heap.
//!
//! The logic is plain Rust over a [`Memory`] that can grow, so it is tested
//! natively; `js/runtime.rs` puts it over wasm's `memory.grow`.

use core::alloc::Layout;
use core::ptr::null_mut;

/// The smallest block is `1 << MIN_SHIFT` bytes: room for the free list's
/// link and no smaller than any alignment Rust asks for in practice.
const MIN_SHIFT: u32 = 4;

/// Classes from 16 bytes to 2 GiB.
const CLASSES: usize = 28;

/// The unit in which memory grows (wasm's page).
pub const PAGE: usize = 64 * 1024;

/// Where new memory comes from.
pub trait Memory {
    /// Adds `pages` pages and returns the address of the first, or `None`
    /// when no more memory is available.
    fn grow(&mut self, pages: usize) -> Option<usize>;
}

/// The heap: one free list per class, and the unused end of the last
/// region taken from [`Memory`].
pub struct Heap<M> {
    memory: M,
    /// The first block of each class's free list (null when empty). Each
    /// free block stores the address of the next one in its first bytes.
    free: [*mut u8; CLASSES],
    /// The unused part of the current region: `next..end`.
    next: usize,
    end: usize,
}

impl<M: Memory> Heap<M> {
    pub const fn new(memory: M) -> Self {
        Self {
            memory,
            free: [null_mut(); CLASSES],
            next: 0,
            end: 0,
        }
    }

    /// A block for `layout`, or null when memory is exhausted or the layout
    /// is larger than the largest class.
    ///
    /// # Safety
    /// The addresses [`Memory::grow`] returns must be valid for reads and
    /// writes, and be used by nothing else.
    pub unsafe fn alloc(&mut self, layout: Layout) -> *mut u8 {
        let Some(class) = class_of(layout) else {
            return null_mut();
        };
        let Some(head) = self.free.get_mut(class) else {
            return null_mut();
        };
        if !head.is_null() {
            let block = *head;
            // SAFETY: a free block holds the link written by `dealloc`, and
            // blocks are aligned to at least 16 bytes.
            *head = unsafe { block.cast::<*mut u8>().read() };
            return block;
        }
        self.carve(class)
    }

    /// Returns a block to its class's free list.
    ///
    /// # Safety
    /// `block` must come from [`Self::alloc`] (or [`Self::realloc`]) on this
    /// heap with the same `layout`, and not be used afterwards.
    pub unsafe fn dealloc(&mut self, block: *mut u8, layout: Layout) {
        let Some(head) = class_of(layout).and_then(|class| self.free.get_mut(class)) else {
            return;
        };
        // SAFETY: the block is at least 16 bytes and 16-aligned, and now ours.
        unsafe { block.cast::<*mut u8>().write(*head) };
        *head = block;
    }

    /// Grows or shrinks a block: the same block when the new size is in the
    /// same class, else a new one with the contents copied.
    ///
    /// # Safety
    /// As for [`Self::dealloc`]; `new_size` must not overflow `isize` when
    /// rounded up to `layout.align()`.
    pub unsafe fn realloc(&mut self, block: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let Ok(new_layout) = Layout::from_size_align(new_size, layout.align()) else {
            return null_mut();
        };
        if class_of(new_layout) == class_of(layout) {
            return block;
        }
        // SAFETY: forwarded from the caller.
        let new_block = unsafe { self.alloc(new_layout) };
        if !new_block.is_null() {
            // SAFETY: both blocks are valid for the smaller size and distinct.
            unsafe {
                core::ptr::copy_nonoverlapping(block, new_block, layout.size().min(new_size));
                self.dealloc(block, layout);
            }
        }
        new_block
    }

    /// A new block of `class` from the current region, or from a new one.
    fn carve(&mut self, class: usize) -> *mut u8 {
        let size = 1usize << (class as u32 + MIN_SHIFT);
        let align = size.min(PAGE);
        if let Some(block) = take(&mut self.next, self.end, size, align) {
            return block as *mut u8;
        }
        // Enough pages for the block whether the new pages extend the
        // current region or start a new one (regions start page-aligned).
        let Some(pages) = size.checked_add(align).map(|bytes| bytes.div_ceil(PAGE)) else {
            return null_mut();
        };
        let Some(start) = self.memory.grow(pages) else {
            return null_mut();
        };
        if start != self.end {
            // Someone else grew memory in between: the rest of the current
            // region is abandoned.
            self.next = start;
        }
        let Some(end) = pages
            .checked_mul(PAGE)
            .and_then(|bytes| start.checked_add(bytes))
        else {
            return null_mut();
        };
        self.end = end;
        take(&mut self.next, self.end, size, align).map_or(null_mut(), |block| block as *mut u8)
    }
}

/// The class of `layout`: log2 of its rounded-up size (or alignment), less
/// [`MIN_SHIFT`]; `None` beyond the largest class.
fn class_of(layout: Layout) -> Option<usize> {
    let bytes = layout.size().max(layout.align()).max(1 << MIN_SHIFT);
    let class = bytes.checked_next_power_of_two()?.trailing_zeros() - MIN_SHIFT;
    let class = class as usize;
    (class < CLASSES).then_some(class)
}

/// The address of `size` bytes aligned to `align` (a power of two) taken
/// from `*next..end`, advancing `*next`; `None` if they do not fit.
fn take(next: &mut usize, end: usize, size: usize, align: usize) -> Option<usize> {
    let start = next.checked_add(align - 1)? & !(align - 1);
    let stop = start.checked_add(size)?;
    if stop > end {
        return None;
    }
    *next = stop;
    Some(start)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    /// Pages carved out of one big, page-aligned native allocation.
    struct FakeMemory {
        base: usize,
        pages: usize,
        limit: usize,
        /// Pages that "someone else" takes before the next grow.
        stolen_next: usize,
    }

    impl FakeMemory {
        fn new(limit: usize) -> Self {
            let layout = Layout::from_size_align(limit * PAGE, PAGE).unwrap();
            // Leaked on purpose: blocks handed out must stay valid.
            let base = unsafe { std::alloc::alloc_zeroed(layout) } as usize;
            assert_ne!(base, 0);
            Self {
                base,
                pages: 0,
                limit,
                stolen_next: 0,
            }
        }
    }

    impl Memory for FakeMemory {
        fn grow(&mut self, pages: usize) -> Option<usize> {
            self.pages += std::mem::take(&mut self.stolen_next);
            if self.pages + pages > self.limit {
                return None;
            }
            let start = self.base + self.pages * PAGE;
            self.pages += pages;
            Some(start)
        }
    }

    fn layout(size: usize, align: usize) -> Layout {
        Layout::from_size_align(size, align).unwrap()
    }

    #[test]
    fn blocks_are_aligned_disjoint_and_writable() {
        let mut heap = Heap::new(FakeMemory::new(256));
        let mut seen: Vec<(usize, usize)> = Vec::new();
        for (i, (size, align)) in [
            (1, 1),
            (3, 1),
            (16, 8),
            (17, 4),
            (100, 32),
            (5000, 8),
            (1, 4096),
            (70000, 8),
            (31, 16),
        ]
        .into_iter()
        .cycle()
        .take(60)
        .enumerate()
        {
            let block = unsafe { heap.alloc(layout(size, align)) };
            assert!(!block.is_null());
            assert_eq!(block as usize % align, 0, "alignment of {size}/{align}");
            unsafe { block.write_bytes(i as u8, size) };
            let range = (block as usize, block as usize + size);
            assert!(
                seen.iter().all(|&(a, b)| range.1 <= a || b <= range.0),
                "overlap"
            );
            seen.push(range);
        }
    }

    #[test]
    fn freed_blocks_are_reused_and_memory_stops_growing() {
        let mut heap = Heap::new(FakeMemory::new(64));
        for _ in 0..10_000 {
            let blocks: Vec<_> = [(2048, 1), (6144, 1), (80, 1), (32, 8)]
                .iter()
                .map(|&(size, align)| {
                    (
                        unsafe { heap.alloc(layout(size, align)) },
                        layout(size, align),
                    )
                })
                .collect();
            for (block, layout) in blocks {
                assert!(!block.is_null());
                unsafe { heap.dealloc(block, layout) };
            }
        }
        assert!(
            heap.memory.pages <= 2,
            "grew to {} pages",
            heap.memory.pages
        );
    }

    #[test]
    fn realloc_keeps_contents_and_the_block_within_a_class() {
        let mut heap = Heap::new(FakeMemory::new(64));
        let small = layout(20, 1);
        let block = unsafe { heap.alloc(small) };
        unsafe { block.copy_from(b"abcdefghijklmnopqrst".as_ptr(), 20) };
        assert_eq!(
            unsafe { heap.realloc(block, small, 30) },
            block,
            "20 and 30 share the 32-byte class"
        );
        let grown = unsafe { heap.realloc(block, small, 5000) };
        assert_ne!(grown, block);
        assert_eq!(
            unsafe { std::slice::from_raw_parts(grown, 20) },
            b"abcdefghijklmnopqrst"
        );
        let again = unsafe { heap.alloc(small) };
        assert_eq!(again, block, "the old block went back to its free list");
    }

    #[test]
    fn exhaustion_and_huge_layouts_give_null_instead_of_panicking() {
        let mut heap = Heap::new(FakeMemory::new(4));
        assert!(unsafe { heap.alloc(layout(5 * PAGE, 1)) }.is_null());
        assert!(unsafe { heap.alloc(layout(usize::MAX / 4, 1)) }.is_null());
        assert!(unsafe { heap.alloc(layout(isize::MAX as usize, 1)) }.is_null());
        assert!(
            !unsafe { heap.alloc(layout(100, 1)) }.is_null(),
            "still usable afterwards"
        );
    }

    #[test]
    fn memory_grown_by_someone_else_is_never_handed_out() {
        let mut heap = Heap::new(FakeMemory::new(64));
        let first = unsafe { heap.alloc(layout(40_000, 1)) } as usize;
        heap.memory.stolen_next = 1;
        let stolen = heap.memory.base + heap.memory.pages * PAGE;
        let mut blocks = HashSet::new();
        for _ in 0..8 {
            let block = unsafe { heap.alloc(layout(40_000, 1)) } as usize;
            assert!(
                block + 40_000 <= stolen || block >= stolen + PAGE,
                "block in the stolen page"
            );
            assert!(blocks.insert(block));
        }
        assert!(!blocks.contains(&first));
    }
}
