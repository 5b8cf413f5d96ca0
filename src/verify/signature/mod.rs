//! The `CallingBox-Signature` scheme: signing and constant-time verification.
//!
//! A delivery carries `CallingBox-Signature: t=<unix seconds>,v1=<hex>[,v1=<hex>...]`.
//! Each `v1` is the lowercase hex of HMAC-SHA256 with the UTF-8 bytes of the
//! whole secret string (`whsec_` prefix included, nothing decoded) as key, over
//! the ASCII decimal `t`, a `.`, and the raw body bytes exactly as received.
//!
//! Parsing follows the official Python SDK (`callingbox` 0.1.0,
//! `resources/webhooks.py`) pair by pair:
//!
//! - the header is split on `,`; each part is split at its first `=`;
//! - key and value are stripped of the whitespace Python's `str.strip()`
//!   removes (Unicode `White_Space` plus U+001C..U+001F), so spaces around
//!   pairs and around `=` are accepted;
//! - a part whose key or value is empty after stripping (a bare `v1=`, a
//!   trailing comma, a part without `=`) makes the whole header malformed;
//! - keys other than `t` and `v1` are ignored (`v0=...`, `V1=...`);
//! - the signed message uses the canonical decimal form of `t`, so `t=0042`
//!   signs `42.` exactly as the SDK's `f"{int(t)}."` does;
//! - errors come in the SDK's order: malformed pairs (left to right), then a
//!   missing `t`, then a missing `v1`, then the clock, then the signatures.
//!
//! Deliberate differences from the SDK, all of which reject headers that
//! CallingBox never sends (the SDK accepts them):
//!
//! - `t` must be plain ASCII digits that fit an `i64`; a sign (`+`/`-`),
//!   `_` separators or non-ASCII digits (all accepted by Python's `int()`)
//!   are `malformed_header`, and so is a second `t=` (the SDK keeps the last);
//! - headers longer than [`MAX_HEADER_BYTES`] or with more than
//!   [`MAX_SIGNATURES`] `v1` values are `malformed_header` (bounded work);
//! - a `v1` value that is not exactly 64 lowercase hex digits is a non-match
//!   (the SDK compares strings and raises a `TypeError` on non-ASCII ones).
//!
//! A header without any `v1` (for instance one that only carries a future
//! scheme) is `malformed_header`, like the SDK's "missing v1=" error.
//!
//! Nothing here allocates in proportion to the header or the body, reads a
//! clock, keeps state between calls, or can panic on any input. The MAC is
//! incremental ([`SigningKey`]), so a body of any size can be verified in
//! fixed memory, part by part ([`SignatureHeader::start_mac`]).
//!
//! Modules, each importing only those listed before it: `decimal`
//! (number formatting), `options`, `error` (codes and messages), `mac`
//! (HMAC-SHA256 from the `hmac` and `sha2` crates), `hex` (the signatures'
//! digits), `header` (parsing and the checks of one header), `signing`, `verifying`.

mod decimal;
mod error;
mod header;
mod hex;
mod mac;
mod options;
mod signing;
mod verifying;

pub use error::{invalid_payload_pieces, MalformedHeader, VerifyError};
pub use header::{SignatureHeader, HEADER_NAME, MAX_HEADER_BYTES, MAX_SIGNATURES};
pub use mac::{LongSecret, MacTag, SigningKey, Tag};
pub use options::{VerifyOptions, DEFAULT_TOLERANCE_SECONDS};
pub use signing::{sign, SignedHeader};
pub use verifying::{check_header, verify, Verified};
