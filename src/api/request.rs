//! The HTTP request a call becomes: the client's base URL and headers, the
//! call's own headers, the key, and the operation's method, path and body.

use zeroize::Zeroize;

use super::config::ClientConfig;
use super::operation::{Method, Operation};

/// An HTTP request, ready for `fetch`. Its `Authorization` value (the API
/// key) is zeroed when it is dropped; its `Debug` never shows it.
#[derive(Clone, PartialEq, Eq)]
pub struct HttpRequest {
    pub method: Method,
    pub url: String,
    /// Names as sent; `Authorization` only when the client has a key.
    pub headers: Vec<(String, String)>,
    /// JSON text, for calls that send a body.
    pub body: Option<String>,
}

impl Drop for HttpRequest {
    fn drop(&mut self) {
        for (name, value) in &mut self.headers {
            if name.eq_ignore_ascii_case("authorization") {
                value.zeroize();
            }
        }
    }
}

impl std::fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(n, v)| {
                (
                    n.as_str(),
                    if n.eq_ignore_ascii_case("authorization") {
                        "[redacted]"
                    } else {
                        v.as_str()
                    },
                )
            })
            .collect();
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &headers)
            .field("body", &self.body)
            .finish()
    }
}

/// Builds the request for `op`. `call_headers` are the caller's extra
/// headers for this call; they go over the client's, and the client's own
/// `Authorization` (when it has a key) and `Content-Type` (when there is a
/// body) go over both.
pub fn build(
    config: &ClientConfig,
    call_headers: &[(String, String)],
    op: &Operation,
) -> HttpRequest {
    let mut headers: Vec<(String, String)> = Vec::new();
    let mut set = |name: &str, value: String| {
        headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        headers.push((name.to_owned(), value));
    };
    for (n, v) in config.headers().iter().chain(call_headers) {
        set(n, v.clone());
    }
    if let Some(key) = config.api_key() {
        // Built in place at its final size: no reallocation leaves a copy
        // of the key behind in freed memory.
        let mut value = String::with_capacity("Bearer ".len() + key.len());
        value.push_str("Bearer ");
        value.push_str(key);
        set("Authorization", value);
    }
    let body = op.body();
    if body.is_some() {
        set("Content-Type", "application/json".to_owned());
    }
    HttpRequest {
        method: op.method(),
        url: format!("{}{}", config.base_url(), op.path()),
        headers,
        body,
    }
}
