//! CallingBox webhooks: signature verification and the webhook-endpoint API.
//!
//! Pure Rust sits at the centre and knows nothing of JavaScript:
//! [`signature`] signs and verifies `CallingBox-Signature` headers, [`event`]
//! describes the event envelope, and [`api`] (feature `client`) builds API
//! requests, decides retries and maps error answers. Only [`js`] (compiled for
//! wasm32) touches `JsValue`; it converts errors into JS classes and exports
//! the camelCase names that the npm package publishes.

pub mod event;
pub mod signature;

#[cfg(feature = "client")]
pub mod api;

#[cfg(target_arch = "wasm32")]
pub mod js;
