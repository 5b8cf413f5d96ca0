//! The client's settings: options, environment and defaults resolved into a
//! [`ClientConfig`], with every check that can be made before a request.
//!
//! The core does not look at its environment: the JS layer reads the
//! environment variables, tells whether it runs in a browser and hands in
//! the engine's URL parser, and passes them in through [`ClientSettings`].
//!
//! # How long the API key stays in memory
//!
//! The key is moved, not copied, into [`ApiKey`] when the settings are
//! resolved, and lives there as long as the client (the `CallingBox`
//! object, or the one call of `createWebhookEndpoint`). Each request that
//! is being built or sent holds one more copy, in its `Authorization`
//! header ([`super::request::HttpRequest`]), until that request is dropped
//! at the end of its attempt. Every one of these is overwritten with zeros
//! when it is dropped (`zeroize`), and so is a key that failed the checks,
//! so freed wasm memory holds no key. What this cannot reach: the JavaScript
//! strings that hold the key (your options object, `process.env`, the
//! header string handed to `fetch`), which the engine frees when it
//! collects them.

use zeroize::Zeroizing;

use super::error::ClientError;
use super::headers::check_headers;
use super::url::{check_base_url, is_loopback_host, parse_natively, BaseUrl, UrlParser};

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

/// An API key, zeroed when dropped. Its `Debug` never shows it.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey(Zeroizing<String>);

impl ApiKey {
    /// The key itself, for the `Authorization` header only.
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

/// What the JS layer gathered: the caller's options, the environment,
/// whether this is a browser, and the URL parser to judge URLs with.
#[derive(Debug, Clone)]
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
    /// The WHATWG URL parser (the engine's `URL` in the package; natively,
    /// and by default, the `url` crate).
    pub parse_url: UrlParser,
}

impl Default for ClientSettings {
    fn default() -> Self {
        ClientSettings {
            api_key: None,
            base_url: None,
            env_api_key: None,
            env_base_url: None,
            timeout_ms: None,
            max_retries: None,
            headers: Vec::new(),
            dangerously_allow_browser: false,
            in_browser: false,
            parse_url: parse_natively,
        }
    }
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
#[derive(Debug, Clone)]
pub struct ClientConfig {
    api_key: Option<ApiKey>,
    base_url: String,
    parse_url: UrlParser,
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
        let parse = settings.parse_url;
        let explicit_key = settings.api_key.is_some();
        // Both keys are zeroed when dropped from here on, used or not.
        let env_api_key = settings.env_api_key.map(Zeroizing::new);
        let api_key = match settings.api_key.map(Zeroizing::new) {
            Some(key) if key.is_empty() => {
                return Err(ClientError::validation(
                    Some("apiKey"),
                    "apiKey is an empty string",
                ));
            }
            Some(key) => Some(key),
            None => env_api_key.filter(|key| !key.trim().is_empty()),
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

        let (base, base_url) =
            match non_empty(settings.base_url).or_else(|| non_empty(settings.env_base_url)) {
                Some(url) => check_base_url(&url, parse)?,
                None => check_base_url(DEFAULT_BASE_URL, parse)?,
            };

        if let Some(key) = &api_key {
            if key.is_secret() && settings.in_browser && !settings.dangerously_allow_browser {
                return Err(ClientError::validation(Some("apiKey"), BROWSER_KEY_MESSAGE));
            }
            if key.expose().starts_with("sk_live_") {
                if let BaseUrl::Absolute(parts) = &base {
                    if parts.scheme == "http" && !is_loopback_host(&parts.host) {
                        return Err(ClientError::validation(
                            Some("baseUrl"),
                            "refusing to send a live API key over plain http://: use an https:// baseUrl",
                        ));
                    }
                }
            }
        } else if is_callingbox_api(&base) {
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
            parse_url: parse,
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

    /// The key, when the client has one.
    pub fn api_key(&self) -> Option<&str> {
        self.api_key.as_ref().map(ApiKey::expose)
    }

    /// No trailing slash: the URL parser's serialization of an absolute
    /// base URL, or the same-origin path as given.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The URL parser the client judges URLs with (webhook URLs in
    /// parameters use it too).
    pub fn parse_url(&self) -> UrlParser {
        self.parse_url
    }

    /// The per-attempt timeout, in milliseconds.
    pub fn timeout_ms(&self) -> u64 {
        self.timeout_ms
    }

    /// Retries after the first attempt.
    pub fn max_retries(&self) -> u32 {
        self.max_retries
    }

    /// The extra headers of every request (checked).
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

/// Whether requests to `base` go to CallingBox itself.
fn is_callingbox_api(base: &BaseUrl) -> bool {
    match base {
        BaseUrl::Absolute(parts) => {
            parts.host == "callingbox.io" || parts.host.ends_with(".callingbox.io")
        }
        BaseUrl::SameOriginPath => false,
    }
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
