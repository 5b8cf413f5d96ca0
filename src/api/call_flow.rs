//! One client call from start to end, as a state machine without I/O: it
//! says what to send, and for each outcome whether to wait and send again,
//! or how the call ends. The JS layer only performs the fetches and waits it
//! asks for.

use super::answer::{parse_success, Success};
use super::config::{CallConfig, ClientConfig};
use super::error::{header, ClientError};
use super::operation::Operation;
use super::parsed::ParsedJson;
use super::request::{self, HttpRequest};
use super::retry::{self, Decision, NetworkFailure, Outcome, RetryPolicy};

/// What the JS layer does next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// Wait this long (abortably), then send [`CallFlow::send`] again.
    Wait { delay_ms: u64 },
    /// The call succeeded.
    Done(Success),
    /// The call failed.
    Fail(ClientError),
}

/// A call in progress: its request, its retry allowance and what its
/// attempts so far tell.
#[derive(Debug, Clone)]
pub struct CallFlow {
    op: Operation,
    request: HttpRequest,
    policy: RetryPolicy,
    timeout_ms: u64,
    /// Attempts sent so far.
    attempts: u32,
    /// Whether an earlier attempt may have reached the server and acted.
    earlier_may_have_acted: bool,
}

impl CallFlow {
    /// A call of `op` with the client's settings and this call's overrides;
    /// nothing is sent yet.
    pub fn new(config: &ClientConfig, call: &CallConfig, op: Operation) -> CallFlow {
        let request = request::build(config, &call.headers, &op);
        CallFlow {
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

    /// The operation this call performs.
    pub fn operation(&self) -> &Operation {
        &self.op
    }

    /// The per-attempt timeout.
    pub fn timeout_ms(&self) -> u64 {
        self.timeout_ms
    }

    /// Attempts sent so far.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// The longest this call can take (see [`RetryPolicy::worst_case_ms`]).
    pub fn budget_ms(&self) -> u64 {
        self.policy.worst_case_ms(self.timeout_ms)
    }

    /// The attempt got an answer. `headers` have lowercase names; `body` is
    /// read only as far as the outcome needs.
    pub fn on_response(
        &mut self,
        status: u16,
        headers: Vec<(String, String)>,
        body: &(impl ParsedJson + ?Sized),
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
