//! The JS boundary: the only module that touches `wasm-bindgen` types.
//!
//! Each submodule exports one area under camelCase names and converts its
//! arguments and errors here, so the core modules stay plain Rust.

#[cfg(feature = "client")]
pub mod client;
pub mod errors;
mod runtime;
pub mod signature;
