//! How a call ends when it fails: an abort, a network failure or timeout,
//! an error answer, or a successful answer of the wrong shape, each as the
//! [`ClientError`] the caller gets, with advice when the outcome is unknown.

use super::answer::parse_error_body;
use super::error::{header, ApiAnswer, ClientError, ErrorKind};
use super::operation::{check_advice, unknown_outcome_advice, Operation};
use super::parsed::ParsedJson;
use super::retry::{status_may_have_acted, NetworkFailure};

impl ClientError {
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
    /// when the call is not idempotent and [`status_may_have_acted`].
    /// `attempts` counts the requests sent.
    pub fn from_response(
        op: &Operation,
        status: u16,
        headers: Vec<(String, String)>,
        body: &(impl ParsedJson + ?Sized),
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
            !op.is_idempotent() && status_may_have_acted(status, retry_after_ms.is_some());
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
