//! What std would provide to the `no_std` verify-only build: an allocator
//! and a panic handler.
//!
//! - Allocator: [talc](https://crates.io/crates/talc), built for
//!   single-threaded wasm. Measured against std's dlmalloc in this build:
//!   see the README's performance section.
//! - Panics: nothing in this crate should panic (every input is checked and
//!   the fuzzer and property tests look for panics). Should one happen
//!   anyway, the handler traps, as std does with `panic = "abort"`, but
//!   without std's message formatting, which was a tenth of the wasm.

// SAFETY: the verify-only build runs on single-threaded wasm32 (the
// per_thread module refuses to compile with the `atomics` feature), which
// is what `new_global` requires.
#[global_allocator]
static ALLOCATOR: talc::TalckWasm = unsafe { talc::TalckWasm::new_global() };

#[panic_handler]
fn on_panic(_: &core::panic::PanicInfo<'_>) -> ! {
    core::arch::wasm32::unreachable()
}
