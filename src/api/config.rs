//! The client's settings: options, environment and defaults resolved into a
//! [`ClientConfig`], with every check that can be made before a request.
//!
//! The core does not look at its environment: the JS layer reads the
//! environment variables and tells whether it runs in a browser, and passes
//! both in through [`ClientSettings`].

use super::error::ClientError;
use super::request::{check_headers, is_loopback_host, split_url};

/// Where the API is when neither `baseUrl` nor `CALLINGBOX_BASE_URL` say.
pub const DEFAULT_BASE_URL: &str = "https://api.callingbox.io";
/// Per-attempt timeout when `timeoutMs` is not given.
pub const DEFAULT_TIMEOUT_MS: u64 = 30_000;
/// Retries when `maxRetries` is not given.
pub const DEFAULT_MAX_RETRIES: u32 = 2;
/// The most retries one call may make.
pub const MAX_MAX_RETRIES: u32 = 10;
/// The longest timeout (the largest delay `setTimeout` honours).
pub const MAX_TIMEOUT_MS: u64 = 2_147_483_647;

/// An API key. Its `Debug` never shows it.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey(String);

impl ApiKey {
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// A secret key (`sk_...`), which must never reach a browser.
    pub fn is_secret(&self) -> bool {
        self.0.starts_with("sk_")
    }
}

impl std::fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ApiKey([redacted])")
    }
}

/// What the JS layer gathered: the caller's options, the environment, and
/// whether this is a browser.
#[derive(Debug, Clone, Default)]
pub struct ClientSettings {
    pub api_key: Option<String>,
    pub base_url: Option<String>,
    /// `CALLINGBOX_API_KEY`, where the runtime has an environment.
    pub env_api_key: Option<String>,
    /// `CALLINGBOX_BASE_URL`, where the runtime has an environment.
    pub env_base_url: Option<String>,
    pub timeout_ms: Option<f64>,
    pub max_retries: Option<f64>,
    pub headers: Vec<(String, String)>,
    pub dangerously_allow_browser: bool,
    /// Decided by the JS layer (a `window` and a `document`, or a browser
    /// worker).
    pub in_browser: bool,
}

/// Per-call overrides.
#[derive(Debug, Clone, Default)]
pub struct CallSettings {
    pub timeout_ms: Option<f64>,
    pub max_retries: Option<f64>,
    pub headers: Vec<(String, String)>,
}

/// Checked per-call overrides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallConfig {
    pub timeout_ms: u64,
    pub max_retries: u32,
    pub headers: Vec<(String, String)>,
}

/// A client's checked settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientConfig {
    api_key: Option<ApiKey>,
    base_url: String,
    timeout_ms: u64,
    max_retries: u32,
    headers: Vec<(String, String)>,
}

fn non_empty(value: Option<String>) -> Option<String> {
    value.filter(|v| !v.trim().is_empty())
}

impl ClientConfig {
    /// Resolves and checks the settings. Errors are [`ValidationError`]s
    /// raised before any request:
    ///
    /// - no key, while the base URL is the CallingBox API (a key is needed
    ///   there; without one, point `baseUrl` at your own backend proxy);
    /// - a secret `sk_` key in a browser without `dangerously_allow_browser`;
    /// - a malformed key, base URL, header, `timeoutMs` or `maxRetries`;
    /// - an `sk_live_` key sent over plain `http://` to a host that is not
    ///   this machine.
    ///
    /// [`ValidationError`]: super::error::ErrorKind::Validation
    pub fn new(settings: ClientSettings) -> Result<ClientConfig, ClientError> {
        let explicit_key = settings.api_key.is_some();
        let api_key = match settings.api_key {
            Some(key) if key.is_empty() => {
                return Err(ClientError::validation(
                    Some("apiKey"),
                    "apiKey is an empty string",
                ));
            }
            Some(key) => Some(key),
            None => non_empty(settings.env_api_key),
        };
        if let Some(key) = &api_key {
            if !key.bytes().all(|b| b.is_ascii_graphic()) {
                let from = if explicit_key {
                    "apiKey"
                } else {
                    "CALLINGBOX_API_KEY"
                };
                return Err(ClientError::validation(
                    Some("apiKey"),
                    format!("{from} contains spaces, line breaks or non-ASCII characters; API keys look like sk_live_..."),
                ));
            }
        }
        let api_key = api_key.map(ApiKey);

        let base_url =
            match non_empty(settings.base_url).or_else(|| non_empty(settings.env_base_url)) {
                Some(url) => check_base_url(&url)?,
                None => DEFAULT_BASE_URL.to_owned(),
            };

        if let Some(key) = &api_key {
            if key.is_secret() && settings.in_browser && !settings.dangerously_allow_browser {
                return Err(ClientError::validation(Some("apiKey"), BROWSER_KEY_MESSAGE));
            }
            if key.expose().starts_with("sk_live_") {
                if let Some(("http", host)) = split_url(&base_url) {
                    if !is_loopback_host(&host) {
                        return Err(ClientError::validation(
                            Some("baseUrl"),
                            "refusing to send a live API key over plain http://: use an https:// baseUrl",
                        ));
                    }
                }
            }
        } else if is_callingbox_api(&base_url) {
            let message = if settings.in_browser {
                "No API key, and baseUrl is the CallingBox API, which needs one. In a browser, set baseUrl to your \
                 own backend route that adds the key (see the README's backend-proxy pattern)."
            } else {
                "No API key: pass apiKey or set the CALLINGBOX_API_KEY environment variable. (To go through your \
                 own backend proxy without a key, set baseUrl to it.)"
            };
            return Err(ClientError::validation(Some("apiKey"), message));
        }

        check_headers(&settings.headers, "headers")?;
        let timeout_ms = check_timeout(settings.timeout_ms, DEFAULT_TIMEOUT_MS)?;
        let max_retries = check_max_retries(settings.max_retries, DEFAULT_MAX_RETRIES)?;
        Ok(ClientConfig {
            api_key,
            base_url,
            timeout_ms,
            max_retries,
            headers: settings.headers,
        })
    }

    /// Checks a call's overrides against this client's settings.
    pub fn call(&self, settings: CallSettings) -> Result<CallConfig, ClientError> {
        check_headers(&settings.headers, "headers")?;
        Ok(CallConfig {
            timeout_ms: check_timeout(settings.timeout_ms, self.timeout_ms)?,
            max_retries: check_max_retries(settings.max_retries, self.max_retries)?,
            headers: settings.headers,
        })
    }

    pub fn api_key(&self) -> Option<&str> {
        self.api_key.as_ref().map(ApiKey::expose)
    }

    /// No trailing slash.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    pub fn timeout_ms(&self) -> u64 {
        self.timeout_ms
    }

    pub fn max_retries(&self) -> u32 {
        self.max_retries
    }

    pub fn headers(&self) -> &[(String, String)] {
        &self.headers
    }
}

/// The browser guard's message: it explains the backend-proxy pattern.
pub const BROWSER_KEY_MESSAGE: &str = "Refusing to use a secret API key (sk_...) in a browser: anyone who can open \
     the page can read it and act on your account. Keep the key on your server instead: set baseUrl to a route of \
     your own backend that forwards /v1/... requests to https://api.callingbox.io and adds the Authorization \
     header there, and create this client without apiKey, so the page never holds the key. If you really mean to \
     ship the key to the browser (a local tool only you use, say), pass dangerouslyAllowBrowser: true.";

/// Whether requests to `base_url` go to CallingBox itself.
fn is_callingbox_api(base_url: &str) -> bool {
    match split_url(base_url) {
        Some((_, host)) => host == "callingbox.io" || host.ends_with(".callingbox.io"),
        None => false,
    }
}

/// `https://...`, `http://...`, or a path starting with `/` (a same-origin
/// proxy in a browser); no query or fragment. Returns it without trailing
/// slashes.
fn check_base_url(url: &str) -> Result<String, ClientError> {
    let fail = |why: &str| {
        Err(ClientError::validation(
            Some("baseUrl"),
            format!("baseUrl {why}"),
        ))
    };
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return fail("contains spaces or control characters");
    }
    if url.contains(['?', '#']) {
        return fail("may not have a query or fragment");
    }
    let absolute = match split_url(url) {
        Some((_, host)) if host.is_empty() => return fail("has no host"),
        Some(_) => true,
        None => false,
    };
    let same_origin_path = url.starts_with('/') && !url.starts_with("//");
    if !absolute && !same_origin_path {
        return fail(
            "must be an http(s):// URL (or, in a browser, a path such as /api/callingbox)",
        );
    }
    Ok(url.trim_end_matches('/').to_owned())
}

fn check_timeout(value: Option<f64>, default: u64) -> Result<u64, ClientError> {
    match value {
        None => Ok(default),
        Some(v) if v.is_finite() && v > 0.0 && v <= MAX_TIMEOUT_MS as f64 => Ok(v.ceil() as u64),
        Some(_) => Err(ClientError::validation(
            Some("timeoutMs"),
            format!(
                "timeoutMs must be a number of milliseconds above 0 and at most {MAX_TIMEOUT_MS}"
            ),
        )),
    }
}

fn check_max_retries(value: Option<f64>, default: u32) -> Result<u32, ClientError> {
    match value {
        None => Ok(default),
        Some(v) if v.fract() == 0.0 && (0.0..=f64::from(MAX_MAX_RETRIES)).contains(&v) => {
            Ok(v as u32)
        }
        Some(_) => Err(ClientError::validation(
            Some("maxRetries"),
            format!("maxRetries must be a whole number from 0 to {MAX_MAX_RETRIES}"),
        )),
    }
}
