//! The verify core of `callingbox-webhooks`, a crate of its own so that it
//! can be compiled for speed while the API client around it is compiled for
//! size (see the profiles in the top-level `Cargo.toml`): the
//! `CallingBox-Signature` scheme ([`signature`]) over our SHA-256/HMAC, and,
//! on wasm32, its JavaScript face ([`js`]: `verifySignature`,
//! `constructEvent`, `verifyRequest`, `signPayload`), the error mapping that
//! every export uses, and the wasm runtime (allocator, panic handler).
//!
//! The `callingbox-webhooks` crate re-exports [`signature`]; nothing else
//! depends on this crate directly.

// Without the `std` feature on wasm32 (the verify-only package) the crate is
// `no_std`: std's panic and formatting machinery was a tenth of that wasm.
// Native builds and the full wasm build keep std.
#![cfg_attr(all(target_arch = "wasm32", not(feature = "std")), no_std)]

extern crate alloc;

#[macro_use]
mod per_thread;

// The wasm builds' allocator (plain Rust, so tested natively too).
#[cfg(any(test, target_arch = "wasm32"))]
mod heap;

mod sha256;
pub mod signature;

#[cfg(target_arch = "wasm32")]
pub mod js;
