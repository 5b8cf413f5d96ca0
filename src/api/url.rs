//! Base URLs and webhook URLs, judged on the parts a WHATWG URL parser
//! finds in them: the parser `fetch` itself uses, so that the host a check
//! approves is the host a request goes to.
//!
//! The parsing is plugged in as a [`UrlParser`]: the JS layer hands in the
//! engine's own `URL` (no parser in the wasm: the `url` crate with its IDNA
//! tables would add about 30 KiB gzip even with IDNA stubbed out, 83 KiB
//! with it), and native builds use the `url` crate ([`parse_natively`]),
//! which implements the same standard. Everything here decides on
//! [`UrlParts`] only.
//!
//! Three rules come before any parsing, because parsers disagree on them:
//! no whitespace or control characters (WHATWG silently drops tabs and line
//! breaks), no backslash (WHATWG reads `\` as `/` in http(s) URLs, other
//! parsers keep it in the user name: `http://evil.example\@localhost/` is
//! host `evil.example` to `fetch` and `localhost` to a naive split), and
//! the host right after `scheme://` (WHATWG also finds one in `https:host`
//! and `https:///host`, RFC 3986 parsers find none).

use super::error::ClientError;

/// What a WHATWG URL parser found in an absolute http(s) URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlParts {
    /// The scheme without its colon, lowercase (`https`).
    pub scheme: String,
    /// Whether the URL names a user or a password (`https://user:pw@host`),
    /// which `fetch` refuses to request.
    pub has_credentials: bool,
    /// The host as WHATWG serializes it: lowercase, IDNA as punycode, IPv4
    /// in dotted decimal (`127.1` is `127.0.0.1`), IPv6 in brackets.
    pub host: String,
    /// The port, when it is not the scheme's default.
    pub port: Option<u16>,
    /// The whole URL, serialized.
    pub href: String,
}

/// Parses `input` (resolved against `base` when given) as WHATWG's URL
/// parser does; None when it fails.
pub type UrlParser = fn(input: &str, base: Option<&str>) -> Option<UrlParts>;

/// The `url` crate's WHATWG parser, for native builds.
#[cfg(not(target_arch = "wasm32"))]
pub fn parse_natively(input: &str, base: Option<&str>) -> Option<UrlParts> {
    let base = match base {
        Some(base) => Some(url::Url::parse(base).ok()?),
        None => None,
    };
    let url = url::Url::options()
        .base_url(base.as_ref())
        .parse(input)
        .ok()?;
    Some(UrlParts {
        scheme: url.scheme().to_owned(),
        has_credentials: !url.username().is_empty() || url.password().is_some(),
        host: url.host_str().unwrap_or_default().to_owned(),
        port: url.port(),
        href: url.as_str().to_owned(),
    })
}

/// A parser that parses nothing: the default where no parser is built in
/// (wasm32, where the JS layer always hands in the engine's).
#[cfg(target_arch = "wasm32")]
pub fn parse_natively(_input: &str, _base: Option<&str>) -> Option<UrlParts> {
    None
}

/// The hosts a plain `http://` URL may point at: this machine.
pub const LOOPBACK_HOSTS: [&str; 3] = ["localhost", "127.0.0.1", "[::1]"];

/// Whether a parsed host (see [`UrlParts::host`]) is this machine.
pub fn is_loopback_host(host: &str) -> bool {
    LOOPBACK_HOSTS.contains(&host)
}

/// The ports `fetch` refuses to connect to (the Fetch standard's "bad
/// port" list), so that a request to one fails before it is sent.
const BAD_PORTS: [u16; 82] = [
    1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102,
    103, 104, 109, 110, 111, 113, 115, 117, 119, 123, 135, 137, 139, 143, 161, 179, 389, 427, 465,
    512, 513, 514, 515, 526, 530, 531, 532, 540, 548, 554, 556, 563, 587, 601, 636, 989, 990, 993,
    995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667, 6668,
    6669, 6679, 6697, 10080,
];

/// Whether `fetch` refuses to connect to `port`.
pub fn is_bad_port(port: u16) -> bool {
    BAD_PORTS.contains(&port)
}

/// What a checked base URL is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BaseUrl {
    /// An absolute http(s) URL.
    Absolute(UrlParts),
    /// A path on the page's own origin, such as `/api/callingbox` (a
    /// backend proxy, in a browser).
    SameOriginPath,
}

/// The rules every URL meets before it is parsed; `why` words the failure
/// for the caller's message.
fn check_unambiguous(url: &str) -> Result<(), &'static str> {
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("it contains spaces or control characters");
    }
    if url.contains('\\') {
        return Err(
            "it contains a backslash, which URL parsers read differently (fetch reads it as /)",
        );
    }
    // `https:host`, `https:/host` and `https:///host` all mean host `host`
    // to WHATWG, and something else to RFC 3986 parsers.
    if let Some((scheme, rest)) = url.split_once(':') {
        let web = scheme.eq_ignore_ascii_case("https") || scheme.eq_ignore_ascii_case("http");
        let host_follows = rest.strip_prefix("//").is_some_and(|r| !r.starts_with('/'));
        if web && !host_follows {
            return Err("its host does not follow the scheme's // at once");
        }
    }
    Ok(())
}

/// Checks a base URL: `https://...` or `http://...` with a host, no
/// credentials, query or fragment, on a port `fetch` connects to; or a path
/// starting with `/` (a same-origin proxy in a browser). Returns its parts
/// and the form requests are built on (the parser's serialization, or the
/// path as given), without trailing slashes.
pub fn check_base_url(url: &str, parse: UrlParser) -> Result<(BaseUrl, String), ClientError> {
    let fail = |why: &str| {
        Err(ClientError::validation(
            Some("baseUrl"),
            format!("baseUrl {why}"),
        ))
    };
    if let Err(why) = check_unambiguous(url) {
        return fail(why.strip_prefix("it ").unwrap_or(why));
    }
    if url.contains(['?', '#']) {
        return fail("may not have a query or fragment");
    }
    if url.starts_with('/') && !url.starts_with("//") {
        // Resolved against a stand-in origin: a path that leaves it (`//x`
        // did above; nothing else can, with backslashes refused) is no path.
        const ORIGIN: &str = "https://same-origin.invalid/";
        return match parse(url, Some(ORIGIN)) {
            Some(parts) if parts.host == "same-origin.invalid" => Ok((
                BaseUrl::SameOriginPath,
                url.trim_end_matches('/').to_owned(),
            )),
            _ => fail("is not a valid path"),
        };
    }
    let Some(parts) = parse(url, None).filter(|p| p.scheme == "https" || p.scheme == "http") else {
        return fail(
            "must be an http(s):// URL (or, in a browser, a path such as /api/callingbox)",
        );
    };
    if parts.host.is_empty() {
        return fail("has no host");
    }
    if parts.has_credentials {
        return fail("may not contain a user name or password (fetch refuses such URLs)");
    }
    if let Some(port) = parts.port.filter(|&p| is_bad_port(p)) {
        return fail(&format!(
            "uses port {port}, which fetch refuses to connect to (the Fetch standard's bad ports)"
        ));
    }
    let href = parts.href.trim_end_matches('/').to_owned();
    Ok((BaseUrl::Absolute(parts), href))
}

/// Checks a webhook URL's form: `https://` with a host, or `http://` to
/// `localhost`, `127.0.0.1` or `[::1]` (which the real API refuses, but
/// local emulators and test servers accept). Whether the host is publicly
/// reachable is for the API to judge. The URL is sent as given: the rules
/// above leave nothing in it that parsers read differently.
pub fn check_webhook_url(url: &str, parse: UrlParser) -> Result<(), ClientError> {
    let fail = |why: &str| {
        Err(ClientError::validation(
            Some("url"),
            format!("url must be an https:// URL (http:// only to localhost, 127.0.0.1 or [::1] for local testing): {why}"),
        ))
    };
    check_unambiguous(url).or_else(fail)?;
    match parse(url, None) {
        Some(parts) if parts.host.is_empty() => fail("it has no host"),
        Some(parts) if parts.scheme == "https" => Ok(()),
        Some(parts) if parts.scheme == "http" && is_loopback_host(&parts.host) => Ok(()),
        Some(parts) if parts.scheme == "http" => fail(&format!(
            "http:// is allowed only for localhost, and this URL's host is {}",
            parts.host
        )),
        _ => fail("it is not an https:// URL"),
    }
}
