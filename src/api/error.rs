//! Every way a client call can fail, as one value ([`ClientError`]) that the
//! JS layer turns into one of the package's error classes.
//!
//! This module is the bottom of the client core: it imports nothing from its
//! siblings. The errors that depend on the call (aborts, network failures,
//! error answers) are built in [`super::failure`]. No message built anywhere
//! contains an API key or a signing secret: the client never puts one in, and
//! [`super::redact`] scrubs text that came from elsewhere.

/// The class of an error; [`ErrorKind::class_name`] is the JS class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// Caught before any request was sent.
    Validation,
    BadRequest,
    Authentication,
    PermissionDenied,
    NotFound,
    RateLimit,
    InternalServer,
    /// Any other error status (and answers that were not what the API
    /// documents).
    Api,
    Connection,
    Timeout,
    /// The caller aborted through its `AbortSignal`.
    Abort,
}

impl ErrorKind {
    /// The name of the JS error class (exported by `errors.js`).
    pub fn class_name(self) -> &'static str {
        match self {
            ErrorKind::Validation => "ValidationError",
            ErrorKind::BadRequest => "BadRequestError",
            ErrorKind::Authentication => "AuthenticationError",
            ErrorKind::PermissionDenied => "PermissionDeniedError",
            ErrorKind::NotFound => "NotFoundError",
            ErrorKind::RateLimit => "RateLimitError",
            ErrorKind::InternalServer => "InternalServerError",
            ErrorKind::Api => "ApiError",
            ErrorKind::Connection => "ConnectionError",
            ErrorKind::Timeout => "TimeoutError",
            ErrorKind::Abort => "AbortError",
        }
    }

    /// The class for an error status.
    pub fn for_status(status: u16) -> ErrorKind {
        match status {
            400 => ErrorKind::BadRequest,
            401 => ErrorKind::Authentication,
            403 => ErrorKind::PermissionDenied,
            404 => ErrorKind::NotFound,
            429 => ErrorKind::RateLimit,
            500..=599 => ErrorKind::InternalServer,
            _ => ErrorKind::Api,
        }
    }
}

/// A failed call, ready to become a JS error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientError {
    pub kind: ErrorKind,
    pub message: String,
    /// The parameter to blame (validation errors).
    pub param: Option<String>,
    /// True when the API may have acted on a request that is not safe to
    /// repeat; the message says how to check.
    pub outcome_unknown: bool,
    /// What the API answered, for errors that come from an answer.
    pub answer: Option<Box<ApiAnswer>>,
}

/// The parts of an API answer that an error carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiAnswer {
    /// The HTTP status.
    pub status: u16,
    /// The API's error code, when the body had one.
    pub code: Option<String>,
    /// The `x-request-id` response header.
    pub request_id: Option<String>,
    /// The response headers, lowercase names.
    pub headers: Vec<(String, String)>,
    /// How long a 429 asked to wait, in milliseconds.
    pub retry_after_ms: Option<u64>,
}

impl ClientError {
    /// An error of `kind` with `message` and nothing else.
    pub fn new(kind: ErrorKind, message: String) -> ClientError {
        ClientError {
            kind,
            message,
            param: None,
            outcome_unknown: false,
            answer: None,
        }
    }

    /// The HTTP status, for errors that come from an answer.
    pub fn status(&self) -> Option<u16> {
        self.answer.as_ref().map(|a| a.status)
    }

    /// A [`ErrorKind::Validation`] error blaming `param`.
    pub fn validation(param: Option<&str>, message: impl Into<String>) -> ClientError {
        let mut e = ClientError::new(ErrorKind::Validation, message.into());
        e.param = param.map(str::to_owned);
        e
    }
}

/// The value of the header `name` (names are compared without case).
pub fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}
