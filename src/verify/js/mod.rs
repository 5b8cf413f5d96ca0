//! The verify core's JS boundary: the only part of this crate that touches
//! `wasm-bindgen` types. The API client's bindings live in the
//! `callingbox-webhooks` crate (`src/js/`) and map their errors through
//! [`errors`].

pub mod errors;
mod runtime;
pub mod signature;
