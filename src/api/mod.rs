//! The webhook API client core: pure Rust, no JavaScript.
//!
//! - [`models`]: the API's objects and call parameters (snake_case, as on the
//!   wire); the package's TypeScript types are generated from them.
//! - [`config`]: options, environment and defaults resolved and checked.
//! - [`request`]: each call as an [`request::Operation`] with checked
//!   parameters, and the HTTP request it becomes.
//! - [`retry`]: when to send again and after how long (never repeating a
//!   call that is not idempotent unless the server certainly did not act).
//! - [`call`]: one call as a state machine over attempts; the JS layer does
//!   the fetching and the waiting it asks for.
//! - [`error`]: failures as values that become the package's error classes,
//!   with messages that never carry a key or secret.

pub mod call;
pub mod config;
pub mod error;
pub mod models;
pub mod request;
pub mod retry;
