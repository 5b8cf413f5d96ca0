//! Bare HMAC-SHA256 in wasm, for the benchmark's reference figures: the
//! compression function alone (ns per 64-byte block) and a keyed HMAC over
//! a body already in wasm memory, with no argument reading, header parsing
//! or copying around it. Raw exports, no wasm-bindgen:
//!
//! - `buffer()`: the address of a 64 KiB + 64 B area the caller fills;
//! - `key(len)`: keys the HMAC with the first `len` bytes (once);
//! - `mac(len)`: the keyed HMAC of `1713268860.` and the first `len` bytes
//!   (returns the first byte of the tag, so that nothing is optimised away);
//! - `compress(blocks)`: SHA-256's compression over that many 64-byte blocks.
//!
//! Benchmark code, single-threaded wasm only: its state is one static.

#![no_std]

use core::cell::UnsafeCell;

use hmac::digest::{KeyInit, Mac};
use hmac::HmacReset;
use sha2::Sha256;

const BUFFER: usize = 64 * 1024 + 64;

struct State {
    buffer: [u8; BUFFER],
    key: Option<HmacReset<Sha256>>,
    hash: [u32; 8],
}

struct Global(UnsafeCell<State>);

// SAFETY: wasm32 without the atomics feature runs one thread, and no export
// re-enters another, so there is never more than one reference at a time.
unsafe impl Sync for Global {}

static STATE: Global = Global(UnsafeCell::new(State {
    buffer: [0; BUFFER],
    key: None,
    hash: [0; 8],
}));

fn state() -> &'static mut State {
    // SAFETY: see `Global`: each export takes this reference once and drops
    // it before returning.
    unsafe { &mut *STATE.0.get() }
}

#[no_mangle]
pub extern "C" fn buffer() -> *mut u8 {
    state().buffer.as_mut_ptr()
}

#[no_mangle]
pub extern "C" fn key(len: usize) {
    let state = state();
    let secret = state.buffer.get(..len).unwrap_or_default();
    state.key = HmacReset::new_from_slice(secret).ok();
}

#[no_mangle]
pub extern "C" fn mac(len: usize) -> u32 {
    let state = state();
    let Some(key) = state.key.as_mut() else {
        return 0;
    };
    key.update(b"1713268860.");
    key.update(state.buffer.get(..len).unwrap_or_default());
    u32::from(key.finalize_reset().into_bytes()[0])
}

#[no_mangle]
pub extern "C" fn compress(blocks: usize) -> u32 {
    let state = state();
    let (whole, _) = state.buffer.as_chunks::<64>();
    sha2::block_api::compress256(&mut state.hash, whole.get(..blocks).unwrap_or_default());
    state.hash[0]
}

#[panic_handler]
fn on_panic(_: &core::panic::PanicInfo<'_>) -> ! {
    core::arch::wasm32::unreachable()
}
