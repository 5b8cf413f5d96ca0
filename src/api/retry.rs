//! When to try a call again, and after how long: a pure function of the
//! call's kind, the attempt, its outcome, `Retry-After` and the clock.
//!
//! The rule that matters: a call that is not idempotent (create, rotate
//! secret, redeliver: each a POST that acts again when repeated) is repeated
//! only when the server certainly did not act on it:
//!
//! | outcome | GET, PATCH, DELETE | POST |
//! |---|---|---|
//! | connection refused / host unknown (never sent) | retry | retry |
//! | connection lost after sending, or timeout | retry | **no**: outcome unknown |
//! | 429 | retry | retry |
//! | 503 with `Retry-After` | retry | retry |
//! | other 5xx | retry | **no**: outcome unknown |
//! | other 4xx | no | no |
//!
//! Waits: `Retry-After` when the answer has one (seconds or an HTTP-date),
//! else exponential backoff, `500 ms * 2^n` capped at 8 s, with jitter (a
//! random point in the upper half: 250–500 ms, 0.5–1 s, ... 4–8 s). A
//! `Retry-After` longer than [`MAX_RETRY_AFTER_MS`] (60 s) is not waited
//! for: the call fails at once with the answer's error (`RateLimitError`
//! carries `retryAfterMs`).

/// The longest `Retry-After` the client waits for.
pub const MAX_RETRY_AFTER_MS: u64 = 60_000;
/// The first backoff step.
pub const BASE_DELAY_MS: u64 = 500;
/// The longest backoff step.
pub const MAX_BACKOFF_MS: u64 = 8_000;

/// How many retries and how long to wait.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    pub max_retries: u32,
    pub base_delay_ms: u64,
    pub max_backoff_ms: u64,
    pub max_retry_after_ms: u64,
}

impl RetryPolicy {
    /// The documented policy with `max_retries` retries.
    pub fn new(max_retries: u32) -> RetryPolicy {
        RetryPolicy {
            max_retries,
            base_delay_ms: BASE_DELAY_MS,
            max_backoff_ms: MAX_BACKOFF_MS,
            max_retry_after_ms: MAX_RETRY_AFTER_MS,
        }
    }

    /// The longest a call can take with `timeout_ms` per attempt: every
    /// attempt times out and every wait is the longest allowed.
    pub fn worst_case_ms(&self, timeout_ms: u64) -> u64 {
        let attempts = u64::from(self.max_retries) + 1;
        let longest_wait = self.max_backoff_ms.max(self.max_retry_after_ms);
        attempts * timeout_ms + u64::from(self.max_retries) * longest_wait
    }

    /// The backoff before retry number `retries_done + 1`; `jitter` in
    /// `[0, 1)` picks a point in the upper half of the step.
    pub fn backoff_ms(&self, retries_done: u32, jitter: f64) -> u64 {
        let step = self
            .base_delay_ms
            .saturating_mul(1u64.checked_shl(retries_done).unwrap_or(u64::MAX))
            .min(self.max_backoff_ms);
        let jitter = if jitter.is_finite() {
            jitter.clamp(0.0, 1.0)
        } else {
            0.0
        };
        step / 2 + ((step - step / 2) as f64 * jitter) as u64
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

/// How one attempt ended (2xx answers never get here).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome<'a> {
    /// An answer with an error status and its raw `Retry-After` header.
    Status {
        status: u16,
        retry_after: Option<&'a str>,
    },
    /// No answer.
    Network(NetworkFailure),
}

/// What to do after a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Wait this long, then send again.
    Retry { delay_ms: u64 },
    /// Fail with this attempt's error.
    Stop(StopReason),
}

/// Why a failed attempt is the last.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StopReason {
    /// This outcome is never retried for this kind of call.
    NotRetryable,
    /// The retries allowed are used up.
    RetriesExhausted,
    /// The server asked for a longer wait than the client waits.
    WaitTooLong { retry_after_ms: u64 },
}

/// Whether an error status means the server may have acted on the request.
/// 429 and a 503 that says when to come back are refusals; other 5xx may come
/// after the work was done (a proxy losing the answer, a crash after commit).
pub fn status_may_have_acted(status: u16, has_retry_after: bool) -> bool {
    match status {
        503 => !has_retry_after,
        500..=599 => true,
        _ => false,
    }
}

/// Decides what follows a failed attempt.
///
/// `idempotent` is [`Operation::is_idempotent`](super::operation::Operation::is_idempotent);
/// `retries_done` counts retries already made (0 after the first attempt);
/// `now_ms` is the Unix time in milliseconds (for HTTP-date `Retry-After`);
/// `jitter` is a random number in `[0, 1)`.
pub fn decide(
    policy: &RetryPolicy,
    idempotent: bool,
    retries_done: u32,
    outcome: Outcome<'_>,
    now_ms: u64,
    jitter: f64,
) -> Decision {
    let (retryable, retry_after_ms) = match outcome {
        Outcome::Status {
            status,
            retry_after,
        } => {
            let retry_after_ms = retry_after.and_then(|v| parse_retry_after(v, now_ms));
            let retryable = match status {
                429 => true,
                500..=599 => idempotent || !status_may_have_acted(status, retry_after_ms.is_some()),
                _ => false,
            };
            (retryable, retry_after_ms)
        }
        Outcome::Network(NetworkFailure::NotSent) => (true, None),
        Outcome::Network(NetworkFailure::Lost | NetworkFailure::TimedOut { .. }) => {
            (idempotent, None)
        }
    };
    if !retryable {
        return Decision::Stop(StopReason::NotRetryable);
    }
    if retries_done >= policy.max_retries {
        return Decision::Stop(StopReason::RetriesExhausted);
    }
    match retry_after_ms {
        Some(ms) if ms > policy.max_retry_after_ms => {
            Decision::Stop(StopReason::WaitTooLong { retry_after_ms: ms })
        }
        Some(ms) => Decision::Retry { delay_ms: ms },
        None => Decision::Retry {
            delay_ms: policy.backoff_ms(retries_done, jitter),
        },
    }
}

/// Reads a `Retry-After` value as milliseconds from `now_ms`: a number of
/// seconds (`"120"`; a fraction such as `"1.5"` is accepted too) or an
/// HTTP-date (`"Wed, 21 Oct 2015 07:28:00 GMT"`, and the obsolete RFC 850
/// and asctime forms). A date in the past is 0. Anything else (negative,
/// garbage) is None, and the caller falls back to its backoff. Huge values
/// saturate; [`decide`] refuses to wait for them.
pub fn parse_retry_after(value: &str, now_ms: u64) -> Option<u64> {
    let value = value.trim();
    if value.is_empty() {
        return None;
    }
    if value.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        let (int, frac) = value.split_once('.').unwrap_or((value, ""));
        if int.is_empty() || frac.contains('.') || (value.contains('.') && frac.is_empty()) {
            return None;
        }
        let seconds: u64 = int.parse().unwrap_or(u64::MAX);
        let mut ms = seconds.saturating_mul(1000);
        if !frac.is_empty() {
            let digits: String = frac.chars().chain("000".chars()).take(3).collect();
            ms = ms.saturating_add(digits.parse::<u64>().unwrap_or(0));
        }
        return Some(ms);
    }
    let at_ms = parse_http_date(value)?;
    Some(at_ms.saturating_sub(now_ms))
}

/// Parses an HTTP-date (RFC 9110 §5.6.7: IMF-fixdate, RFC 850, asctime)
/// into Unix milliseconds, as the `httpdate` crate reads it
/// ([`super::http_date`]): years 1970 to 9999, real calendar dates only (no
/// 31 Feb), the weekday matching the date. None for anything else.
pub fn parse_http_date(value: &str) -> Option<u64> {
    super::http_date::parse(value)
}
