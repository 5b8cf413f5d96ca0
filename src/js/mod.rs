//! The JS boundary of the API client: the only module of this crate that
//! touches `wasm-bindgen` types. The verification exports ([`signature`]),
//! the error mapping ([`errors`]) and the wasm runtime are in the verify
//! core (`src/verify/js/`), linked in through the
//! `callingbox-webhooks-verify` dependency and re-exported here.

pub use callingbox_webhooks_verify::js::{errors, signature};

#[cfg(feature = "client")]
pub mod client;
