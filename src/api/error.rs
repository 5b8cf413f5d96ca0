//! Every way a client call can fail, as one value the JS layer turns into one
//! of the package's error classes; and the mapping of an API error answer
//! (status, headers, body) to that value.
//!
//! No message built here contains an API key or a signing secret: the client
//! never passes one in, and [`redact`] scrubs anything that looks like one
//! from text that came from elsewhere (response bodies, runtime errors).

use super::json::{self, Json};
use super::request::Operation;
use super::retry;

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
    fn new(kind: ErrorKind, message: String) -> ClientError {
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

    /// The caller aborted. `in_flight` says whether a request was on its way;
    /// for a call that changes something that makes the outcome unknown.
    pub fn aborted(op: &Operation, in_flight: bool) -> ClientError {
        let mut message = format!("{} was aborted by its AbortSignal", op.description());
        let unknown = in_flight && op.changes_state();
        if unknown {
            message.push_str(". ");
            message.push_str(&unknown_outcome_advice(op));
        } else if !in_flight {
            message.push_str(" before a request was sent");
        }
        let mut e = ClientError::new(ErrorKind::Abort, message);
        e.outcome_unknown = unknown;
        e
    }

    /// A network failure or timeout after the retries the policy allowed.
    /// `detail` is the runtime's own description (redacted later).
    pub fn network(
        op: &Operation,
        failure: NetworkFailure,
        detail: &str,
        attempts: u32,
    ) -> ClientError {
        let (kind, what) = match failure {
            NetworkFailure::TimedOut { timeout_ms } => (
                ErrorKind::Timeout,
                format!("timed out after {timeout_ms} ms"),
            ),
            NetworkFailure::NotSent => (
                ErrorKind::Connection,
                "could not connect to the API".to_owned(),
            ),
            NetworkFailure::Lost => (
                ErrorKind::Connection,
                "lost the connection to the API".to_owned(),
            ),
        };
        let mut message = format!("{} {}", op.description(), what);
        if !detail.is_empty() {
            message.push_str(&format!(" ({detail})"));
        }
        if attempts > 1 {
            message.push_str(&format!(" after {attempts} attempts"));
        }
        let unknown = failure != NetworkFailure::NotSent && op.changes_state();
        message.push('.');
        if unknown {
            message.push(' ');
            message.push_str(&unknown_outcome_advice(op));
        }
        let mut e = ClientError::new(kind, message);
        e.outcome_unknown = unknown;
        e
    }

    /// A 2xx answer whose body is not what the operation returns.
    pub fn unexpected_body(
        op: &Operation,
        status: u16,
        headers: Vec<(String, String)>,
        problem: &str,
    ) -> ClientError {
        let mut message = format!(
            "{} got HTTP {status} with a body that is not what the API documents ({problem})",
            op.description()
        );
        if op.changes_state() {
            message.push_str(". The API probably acted on it: ");
            message.push_str(&check_advice(op));
        }
        let mut e = ClientError::new(ErrorKind::Api, message);
        e.answer = Some(Box::new(ApiAnswer {
            status,
            code: None,
            request_id: header(&headers, "x-request-id").map(str::to_owned),
            headers,
            retry_after_ms: None,
        }));
        e.outcome_unknown = op.changes_state() && !op.is_idempotent();
        e
    }

    /// The error for an API error answer.
    ///
    /// `retry_after_ms` is the parsed `Retry-After`; the outcome is unknown
    /// when the call is not idempotent and [`retry::status_may_have_acted`].
    /// `attempts` counts the requests sent.
    pub fn from_response(
        op: &Operation,
        status: u16,
        headers: Vec<(String, String)>,
        body: &str,
        retry_after_ms: Option<u64>,
        attempts: u32,
    ) -> ClientError {
        let kind = ErrorKind::for_status(status);
        let parsed = parse_error_body(body);
        let request_id = header(&headers, "x-request-id").map(str::to_owned);

        let mut message = format!("{} failed: HTTP {status}", op.description());
        if let Some(reason) = reason_phrase(status) {
            message.push(' ');
            message.push_str(reason);
        }
        if let Some(text) = &parsed.message {
            message.push_str(": ");
            message.push_str(text);
        }
        if let Some(id) = &request_id {
            message.push_str(&format!(" (request {id})"));
        }
        if attempts > 1 {
            message.push_str(&format!(" after {attempts} attempts"));
        }
        if status == 429 {
            if let Some(ms) = retry_after_ms {
                message.push_str(&format!("; the API asked to wait {} s", ms.div_ceil(1000)));
            }
        }
        let unknown =
            !op.is_idempotent() && retry::status_may_have_acted(status, retry_after_ms.is_some());
        message.push('.');
        if unknown {
            message.push(' ');
            message.push_str(&unknown_outcome_advice(op));
        }

        let mut e = ClientError::new(kind, message);
        e.answer = Some(Box::new(ApiAnswer {
            status,
            code: parsed.code,
            request_id,
            headers,
            retry_after_ms: if status == 429 { retry_after_ms } else { None },
        }));
        e.outcome_unknown = unknown;
        e
    }
}

/// How a request failed below HTTP.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NetworkFailure {
    /// Certainly never reached the server (refused, unknown host).
    NotSent,
    /// Failed after it may have reached the server.
    Lost,
    /// No answer within the per-attempt timeout.
    TimedOut { timeout_ms: u64 },
}

/// Error codes that runtimes attach to a fetch failure (`cause.code` in Node,
/// `code` in Bun) and that mean the connection was never made, so no request
/// reached the server.
const NOT_SENT_CODES: &[&str] = &[
    "ECONNREFUSED",
    "ENOTFOUND",
    "EAI_AGAIN",
    "EHOSTUNREACH",
    "ENETUNREACH",
    "UND_ERR_CONNECT_TIMEOUT",
    "ConnectionRefused",
    "FailedToOpenSocket",
];

/// Classifies a fetch failure from the error codes found on it.
///
/// Only when every code says the connection was never made is the request
/// known not to have been sent. Browsers, workerd and Deno give a bare
/// `TypeError` without codes: that is [`NetworkFailure::Lost`], so calls that
/// are not safe to repeat are not repeated there.
pub fn classify_network_error(codes: &[String]) -> NetworkFailure {
    if !codes.is_empty() && codes.iter().all(|c| NOT_SENT_CODES.contains(&c.as_str())) {
        NetworkFailure::NotSent
    } else {
        NetworkFailure::Lost
    }
}

/// What an error body says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ErrorBody {
    pub message: Option<String>,
    pub code: Option<String>,
}

const MAX_BODY_EXCERPT: usize = 200;

/// Reads `{"error": "..."}`, `{"error": {"message": "...", "code": "..."}}`,
/// `{"message": "..."}`, and anything else as text (shortened).
pub fn parse_error_body(body: &str) -> ErrorBody {
    let trimmed = body.trim();
    if trimmed.is_empty() {
        return ErrorBody::default();
    }
    match json::parse(trimmed) {
        Some(body @ Json::Object(_)) => {
            let string = |v: Option<&Json>| v.and_then(Json::as_str).map(str::to_owned);
            match body.get("error") {
                Some(Json::String(s)) => ErrorBody {
                    message: Some(s.clone()),
                    code: string(body.get("code")),
                },
                Some(inner @ Json::Object(_)) => ErrorBody {
                    message: string(inner.get("message")).or_else(|| string(body.get("message"))),
                    code: string(inner.get("code")).or_else(|| string(inner.get("type"))),
                },
                _ => ErrorBody {
                    message: string(body.get("message")),
                    code: string(body.get("code")),
                },
            }
        }
        _ => ErrorBody {
            message: Some(excerpt(trimmed)),
            code: None,
        },
    }
}

fn excerpt(text: &str) -> String {
    let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= MAX_BODY_EXCERPT {
        one_line
    } else {
        let cut: String = one_line.chars().take(MAX_BODY_EXCERPT).collect();
        format!("{cut}…")
    }
}

/// The value of the header `name` (names are compared without case).
pub fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

fn reason_phrase(status: u16) -> Option<&'static str> {
    Some(match status {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        409 => "Conflict",
        410 => "Gone",
        413 => "Payload Too Large",
        415 => "Unsupported Media Type",
        422 => "Unprocessable Entity",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => return None,
    })
}

/// The sentence that tells a caller how to find out what happened to a call
/// whose outcome is unknown.
pub fn unknown_outcome_advice(op: &Operation) -> String {
    format!(
        "The outcome is unknown: the API may or may not have acted on it. {}",
        check_advice(op)
    )
}

fn check_advice(op: &Operation) -> String {
    match op {
        Operation::CreateEndpoint(_) => "It was not retried, so that no second endpoint is created. Before creating it again, \
             list the endpoints (webhookEndpoints.list()) and look for one with the url you passed; if it is \
             there, its signing secret was lost with the response: rotate it (webhookEndpoints.rotateSecret(id)) \
             to get one."
            .to_owned(),
        Operation::RotateSecret { id } => format!(
            "It was not retried, so that the secret is not rotated twice. If it was rotated, the previous secret \
             of endpoint {id} no longer verifies and the new one was lost with the response: check whether \
             webhooks still verify with the secret you have, and if not (or to be sure) rotate again deliberately \
             (webhookEndpoints.rotateSecret(\"{id}\")) and store the secret it returns."
        ),
        Operation::Redeliver { id } => format!(
            "It was not retried, so that the event is not queued twice. Retrieve the delivery \
             (webhookDeliveries.retrieve(\"{id}\")) and check its status and manual_retry_count before \
             redelivering it again."
        ),
        Operation::UpdateEndpoint { .. } => {
            "Updating is idempotent: calling it again with the same parameters is safe.".to_owned()
        }
        Operation::DeleteEndpoint { .. } => {
            "Deleting is idempotent: calling it again is safe (a 404 then means it is gone).".to_owned()
        }
        _ => "Reading is safe to repeat.".to_owned(),
    }
}

/// Replaces every secret in `text`: each of `known` (the client's API key,
/// secrets it has seen), and anything shaped like an API key (`sk_...`) or a
/// signing secret (`whsec_...`).
pub fn redact(text: &str, known: &[&str]) -> String {
    let mut out = text.to_owned();
    for secret in known {
        if secret.len() >= 4 {
            out = replace_all(&out, secret, "[redacted]");
        }
    }
    for prefix in ["sk_", "whsec_"] {
        out = redact_prefixed(&out, prefix);
    }
    out
}

/// Where `needle` first occurs in `text`: a plain scan, which is all these
/// short texts need (`str::find` brings a two-way searcher with it).
pub(crate) fn find(text: &str, needle: &str) -> Option<usize> {
    let needle = needle.as_bytes();
    if needle.is_empty() {
        return Some(0);
    }
    text.as_bytes()
        .windows(needle.len())
        .position(|w| w == needle)
}

/// `text` with every `needle` replaced by `with`.
fn replace_all(text: &str, needle: &str, with: &str) -> String {
    if needle.is_empty() {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(pos) = find(rest, needle) {
        // `needle` is a whole string, so both ends are char boundaries.
        out.push_str(rest.get(..pos).unwrap_or_default());
        out.push_str(with);
        rest = rest.get(pos + needle.len()..).unwrap_or_default();
    }
    out.push_str(rest);
    out
}

fn is_token_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-'
}

/// Replaces the rest of each token that starts with `prefix` at a word start.
fn redact_prefixed(text: &str, prefix: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut prev: Option<char> = None;
    while let Some(pos) = find(rest, prefix) {
        let before = rest[..pos].chars().next_back().or(prev);
        let at_word_start = before.is_none_or(|c| !is_token_char(c));
        let after = &rest[pos + prefix.len()..];
        let tail_len = after
            .find(|c: char| !is_token_char(c))
            .unwrap_or(after.len());
        out.push_str(&rest[..pos + prefix.len()]);
        if at_word_start && tail_len > 0 {
            out.push_str("[redacted]");
            rest = &after[tail_len..];
            prev = Some('x');
        } else {
            rest = after;
            prev = prefix.chars().next_back();
        }
    }
    out.push_str(rest);
    out
}
