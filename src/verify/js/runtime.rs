//! The wasm runtime pieces we choose ourselves:
//!
//! - Allocator, in both builds: `talc`'s wasm allocator (maintained; safe to
//!   set up, no `unsafe` of ours; freed memory is reused by any size).
//!   Verification allocates only when the package loads (the
//!   [`Verifier`](crate::verifier::Verifier)'s scratch area), so its speed
//!   never shows; its size does: 2.5 KB gzip less wasm than the `dlmalloc`
//!   that std brings (the full build's wasm measured 2.5 KB gzip smaller with
//!   it), 0.16 KB more than `lol_alloc`.
//! - Panic handler, in the `no_std` verify-only build (the full build keeps
//!   std's): nothing in this crate should panic (every input is
//!   checked, and the fuzzer and property tests look for panics). Should one
//!   happen anyway, the handler traps, as std does with `panic = "abort"`,
//!   but without std's message formatting, which was a tenth of the verify
//!   wasm.

#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

#[cfg(not(feature = "std"))]
#[panic_handler]
fn on_panic(_: &core::panic::PanicInfo<'_>) -> ! {
    core::arch::wasm32::unreachable()
}
