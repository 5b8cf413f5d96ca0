//! The engine's own WHATWG `URL` as the client core's URL parser: the
//! parser `fetch` uses, so the host a check approves is the host a request
//! goes to, at no cost in wasm size (see `crate::api::url`).

use web_sys::Url;

use crate::api::url::UrlParts;

/// `new URL(input, base)`, read into [`UrlParts`]; None when it throws.
/// The `URL` object is the engine's own, so reading it runs no caller code.
pub fn parse_with_engine(input: &str, base: Option<&str>) -> Option<UrlParts> {
    let url = match base {
        Some(base) => Url::new_with_base(input, base),
        None => Url::new(input),
    }
    .ok()?;
    let protocol = url.protocol();
    let port = url.port();
    Some(UrlParts {
        scheme: protocol.strip_suffix(':').unwrap_or(&protocol).to_owned(),
        has_credentials: !url.username().is_empty() || !url.password().is_empty(),
        host: url.hostname(),
        port: if port.is_empty() {
            None
        } else {
            Some(port.parse().ok()?)
        },
        href: url.href(),
    })
}
