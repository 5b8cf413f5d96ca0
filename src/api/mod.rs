//! The webhook API client core: pure Rust, no JavaScript.
//!
//! The modules, from the bottom up; each imports only modules above it in
//! this list (a test, tests/module_graph.rs, fails on any import circle):
//!
//! - [`error`]: failures as values that become the package's error classes.
//! - [`redact`]: secrets scrubbed out of text that came from elsewhere.
//! - [`models`]: the API's objects and call parameters (snake_case, as on the
//!   wire), the one definition of the wire format; the package's TypeScript
//!   types are generated from them.
//! - [`url`]: base and webhook URLs judged on what a WHATWG parser finds.
//! - [`headers`]: the caller's extra headers, by Fetch's rules.
//! - [`http_date`]: HTTP-dates, read as the `httpdate` crate reads them.
//! - [`retry`]: when to send again and after how long (never repeating a
//!   call that is not idempotent unless the server certainly did not act),
//!   `Retry-After`, and how network failures are classified.
//! - [`parsed`]: a JSON document that `JSON.parse` (or serde_json) parsed,
//!   read through serde.
//! - [`operation`]: each call as an [`operation::Operation`]: method, path,
//!   body, and how messages name it.
//! - [`params`]: the caller's parameters read and checked into an operation.
//! - [`answer`]: answers' bodies checked against the models, error bodies read.
//! - [`failure`]: the error each failed call ends with, with advice when its
//!   outcome is unknown.
//! - [`config`]: options, environment and defaults resolved and checked.
//! - [`request`]: the HTTP request a call becomes.
//! - [`call_flow`]: one call as a state machine over attempts; the JS layer
//!   does the fetching and the waiting it asks for.
//!
//! # Decisions
//!
//! - **Retries** ([`retry`]): GET, PATCH and DELETE retry on connection
//!   errors, timeouts, 429 and 5xx. Create, rotate-secret and redeliver (POST,
//!   not idempotent) retry only on 429, on 503 with a `Retry-After`, and on a
//!   connection that was refused before anything was sent (Node's and Bun's
//!   error codes say so; browsers, workerd and Deno give a bare `TypeError`,
//!   so there they are not retried). After a timeout, a lost connection or
//!   another 5xx they fail with `outcomeUnknown: true` and a message that says
//!   how to check. Backoff `500 ms * 2^n` capped at 8 s with jitter in the
//!   upper half of each step; `Retry-After` (seconds or HTTP-date) is obeyed
//!   up to 60 s, and a longer one fails at once (`RateLimitError.retryAfterMs`).
//!   Default 2 retries, `timeoutMs` 30 000 per attempt; a call takes at most
//!   `(maxRetries + 1) * timeoutMs + maxRetries * 60 s`. A DELETE retried after
//!   an attempt that may have deleted counts a 404 as success.
//! - **Webhook URLs** ([`url::check_webhook_url`]): `https://`, or
//!   `http://` to `localhost`, `127.0.0.1` or `[::1]` only, as a WHATWG
//!   parser reads the URL (the one `fetch` uses). The real API refuses the
//!   local ones; the client lets them through so that emulators and local
//!   test servers work, and leaves reachability to the API.
//! - **Missing key** ([`config::ClientConfig::new`]): a `ValidationError`
//!   before any request when the base URL is CallingBox's own
//!   (`*.callingbox.io`); any other base URL is taken for a backend proxy and
//!   gets requests without `Authorization`.
//! - **Browser guard**: the JS layer says whether it runs in a browser (a
//!   `window` with a `document`, or a worker with `importScripts`); a secret
//!   `sk_` key there is a `ValidationError` unless `dangerouslyAllowBrowser`.
//! - **Lists**: the API has no cursor. `list` returns the one page the API
//!   gives (`{"data": [...]}` or a bare array); `webhookDeliveries.iterate`
//!   is that same single request as an async iterator, never more pages.
//! - **Answers** are checked against the models (unknown fields allowed) and
//!   handed to JS as `JSON.parse` read them, unknown fields included.

pub mod answer;
pub mod call_flow;
pub mod config;
pub mod error;
pub mod failure;
pub mod headers;
pub mod http_date;
pub mod models;
pub mod operation;
pub mod params;
pub mod parsed;
pub mod redact;
pub mod request;
pub mod retry;
pub mod url;
