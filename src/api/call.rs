//! One client call from start to end, as a state machine without I/O: it
//! says what to send, and for each outcome whether to wait and send again,
//! or how the call ends. The JS layer only performs the fetches and waits it
//! asks for.

use super::config::{CallConfig, ClientConfig};
use super::error::{header, ClientError, NetworkFailure};
use super::json::{self, Json};
use super::models::{WebhookDelivery, WebhookEndpoint, WebhookEndpointWithSecret};
use super::request::{self, HttpRequest, Operation};
use super::retry::{self, Decision, Outcome, RetryPolicy};
use super::shape::Shape;

/// What a successful call returns to JS.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Success {
    /// JSON text of the object or array to hand back (the API's own objects,
    /// with any fields the client does not know).
    Json(String),
    /// Nothing (delete).
    Empty,
}

/// What the JS layer does next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// Wait this long (abortably), then send [`Call::request`] again.
    Wait { delay_ms: u64 },
    /// The call succeeded.
    Done(Success),
    /// The call failed.
    Fail(ClientError),
}

/// A call in progress.
#[derive(Debug, Clone)]
pub struct Call {
    op: Operation,
    request: HttpRequest,
    policy: RetryPolicy,
    timeout_ms: u64,
    /// Attempts sent so far.
    attempts: u32,
    /// Whether an earlier attempt may have reached the server and acted.
    earlier_may_have_acted: bool,
}

impl Call {
    pub fn new(config: &ClientConfig, call: &CallConfig, op: Operation) -> Call {
        let request = request::build(config, &call.headers, &op);
        Call {
            op,
            request,
            policy: RetryPolicy::new(call.max_retries),
            timeout_ms: call.timeout_ms,
            attempts: 0,
            earlier_may_have_acted: false,
        }
    }

    /// The request to send; each call of this counts an attempt.
    pub fn send(&mut self) -> &HttpRequest {
        self.attempts += 1;
        &self.request
    }

    pub fn timeout_ms(&self) -> u64 {
        self.timeout_ms
    }

    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// The longest this call can take (see [`RetryPolicy::worst_case_ms`]).
    pub fn budget_ms(&self) -> u64 {
        self.policy.worst_case_ms(self.timeout_ms)
    }

    /// The attempt got an answer. `headers` have lowercase names.
    pub fn on_response(
        &mut self,
        status: u16,
        headers: Vec<(String, String)>,
        body: &str,
        now_ms: u64,
        jitter: f64,
    ) -> Step {
        if (200..300).contains(&status) {
            return match parse_success(&self.op, body) {
                Ok(success) => Step::Done(success),
                Err(problem) => Step::Fail(ClientError::unexpected_body(
                    &self.op, status, headers, &problem,
                )),
            };
        }
        // A DELETE repeated after an attempt that may have deleted: 404 means
        // the endpoint is gone, which is what the caller asked for.
        if status == 404
            && self.earlier_may_have_acted
            && matches!(self.op, Operation::DeleteEndpoint { .. })
        {
            return Step::Done(Success::Empty);
        }
        let retry_after = header(&headers, "retry-after").map(str::to_owned);
        let retry_after_ms = retry_after
            .as_deref()
            .and_then(|v| retry::parse_retry_after(v, now_ms));
        let outcome = Outcome::Status {
            status,
            retry_after: retry_after.as_deref(),
        };
        let decision = retry::decide(
            &self.policy,
            self.op.is_idempotent(),
            self.attempts - 1,
            outcome,
            now_ms,
            jitter,
        );
        self.earlier_may_have_acted |=
            retry::status_may_have_acted(status, retry_after_ms.is_some());
        match decision {
            Decision::Retry { delay_ms } => Step::Wait { delay_ms },
            Decision::Stop(_) => Step::Fail(ClientError::from_response(
                &self.op,
                status,
                headers,
                body,
                retry_after_ms,
                self.attempts,
            )),
        }
    }

    /// The attempt got no answer. `detail` describes the failure (it goes into
    /// the message, redacted by the JS layer).
    pub fn on_network_failure(
        &mut self,
        failure: NetworkFailure,
        detail: &str,
        now_ms: u64,
        jitter: f64,
    ) -> Step {
        let decision = retry::decide(
            &self.policy,
            self.op.is_idempotent(),
            self.attempts - 1,
            Outcome::Network(failure),
            now_ms,
            jitter,
        );
        self.earlier_may_have_acted |= failure != NetworkFailure::NotSent;
        match decision {
            Decision::Retry { delay_ms } => Step::Wait { delay_ms },
            Decision::Stop(_) => Step::Fail(ClientError::network(
                &self.op,
                failure,
                detail,
                self.attempts,
            )),
        }
    }

    /// The caller's signal fired; `in_flight` is true while a request was out.
    pub fn on_abort(&self, in_flight: bool) -> ClientError {
        ClientError::aborted(&self.op, in_flight)
    }
}

/// Checks a 2xx body against what `op` returns; the error names the problem
/// (field names and types in serde's words, never a secret value, since the
/// only secret field is a string and strings always fit it).
pub fn parse_success(op: &Operation, body: &str) -> Result<Success, String> {
    match op {
        Operation::DeleteEndpoint { .. } => Ok(Success::Empty),
        Operation::CreateEndpoint(_) | Operation::RotateSecret { .. } => {
            one::<WebhookEndpointWithSecret>(body)
        }
        Operation::RetrieveEndpoint { .. } | Operation::UpdateEndpoint { .. } => {
            one::<WebhookEndpoint>(body)
        }
        Operation::ListEndpoints => list::<WebhookEndpoint>(body),
        Operation::ListDeliveries(_) => list::<WebhookDelivery>(body),
        Operation::RetrieveDelivery { .. } | Operation::Redeliver { .. } => {
            one::<WebhookDelivery>(body)
        }
    }
}

fn parse_json(body: &str) -> Result<Json, String> {
    json::parse(body).ok_or_else(|| "not JSON".to_owned())
}

fn one<T: Shape>(body: &str) -> Result<Success, String> {
    let value = parse_json(body)?;
    if !matches!(value, Json::Object(_)) {
        return Err("not a JSON object".to_owned());
    }
    T::check(&value)?;
    Ok(Success::Json(body.trim().to_owned()))
}

/// `{"data": [...]}` or a bare array; returns the items as a JSON array.
fn list<T: Shape>(body: &str) -> Result<Success, String> {
    let value = parse_json(body)?;
    let bare = matches!(value, Json::Array(_));
    let data = match value {
        Json::Object(entries) => entries
            .into_iter()
            .rfind(|(key, _)| key == "data")
            .map(|(_, v)| v),
        other => Some(other),
    };
    let Some(Json::Array(items)) = data else {
        return Err("neither an array nor an object with a data array".to_owned());
    };
    for (i, item) in items.iter().enumerate() {
        T::check(item).map_err(|e| format!("item {i}: {e}"))?;
    }
    Ok(Success::Json(if bare {
        body.trim().to_owned()
    } else {
        Json::Array(items).to_text()
    }))
}
