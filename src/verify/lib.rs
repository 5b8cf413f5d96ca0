//! The verify core of `callingbox-webhooks`, a crate of its own so that it
//! can be compiled for speed while the API client around it is compiled for
//! size (see the profiles in the top-level `Cargo.toml`):
//!
//! - [`signature`]: the `CallingBox-Signature` scheme (pure; HMAC-SHA256
//!   from the `hmac` and `sha2` crates);
//! - [`verifier`]: that scheme for a caller across the wasm boundary, who
//!   writes arguments into a scratch area and passes only numbers (pure);
//! - `js` (wasm32 only): [`verifier`] exported to the package's
//!   JavaScript (`pkg-template/internal/verify.js`, which implements
//!   `verifySignature`, `constructEvent`, `verifyRequest` and
//!   `signPayload`), the error mapping the API client uses, and the wasm
//!   runtime (allocator, panic handler).
//!
//! Imports point downward only: `js` → `verifier` → `signature`.
//! The `callingbox-webhooks` crate re-exports [`signature`].

// Without the `std` feature on wasm32 (the verify-only package) the crate is
// `no_std`: std's panic and formatting machinery was a tenth of that wasm.
// Native builds and the full wasm build keep std.
#![cfg_attr(all(target_arch = "wasm32", not(feature = "std")), no_std)]
// Nothing in this crate needs `unsafe`: the scratch area is plain memory
// that JavaScript writes between calls, and the allocator is a crate's.
#![forbid(unsafe_code)]

extern crate alloc;

pub mod signature;
pub mod verifier;

#[cfg(target_arch = "wasm32")]
pub mod js;
