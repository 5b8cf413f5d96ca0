//! CallingBox webhooks: signature verification and the webhook-endpoint API.
//!
//! Pure Rust sits at the centre and knows nothing of JavaScript:
//! [`signature`] signs and verifies `CallingBox-Signature` headers, [`event`]
//! describes the event envelope, and [`api`] (feature `client`) builds API
//! requests, decides retries and maps error answers. Only [`js`] (compiled for
//! wasm32) touches `JsValue`; it converts errors into JS classes and exports
//! the camelCase names that the npm package publishes.

// The verify-only wasm build (no `std` feature) is `no_std`: std's panic
// and formatting machinery was a tenth of its size. Native builds and the
// full wasm build keep std.
#![forbid(unsafe_code)]
#![cfg_attr(all(target_arch = "wasm32", not(feature = "std")), no_std)]

#[cfg(feature = "client")]
extern crate alloc;

// The event types exist for native users and, on wasm32, to generate the
// TypeScript declarations through tsify (a `client` dependency); the
// verify-only package reuses those declarations (see .ci/assemble-pkg.mjs).
// Their open parts are serde_json values, which come with `client`.
#[cfg(feature = "client")]
pub mod event;

/// The signature scheme. It lives in the `callingbox-webhooks-verify` crate
/// (`src/verify/`), with the SHA-256 it uses and its JS bindings, so that
/// the release profile can compile it for speed and the client for size.
pub use callingbox_webhooks_verify::signature;

#[cfg(feature = "client")]
pub mod api;

#[cfg(target_arch = "wasm32")]
pub mod js;
