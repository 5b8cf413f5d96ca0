//! The retry policy: which outcomes are retried for which calls, how long
//! the waits are, and how `Retry-After` is read.
#![cfg(feature = "client")]

use callingbox_webhooks::api::retry::{
    decide, parse_http_date, parse_retry_after, Decision, NetworkFailure, Outcome, RetryPolicy,
    StopReason, MAX_RETRY_AFTER_MS,
};

/// 2015-10-21T07:28:00Z in Unix milliseconds.
const NOW_MS: u64 = 1_445_412_480_000;

fn policy() -> RetryPolicy {
    RetryPolicy::new(2)
}

fn status(status: u16, retry_after: Option<&str>) -> Outcome<'_> {
    Outcome::Status {
        status,
        retry_after,
    }
}

fn retried(d: Decision) -> bool {
    matches!(d, Decision::Retry { .. })
}

/// Every outcome with whether an idempotent call (GET, PATCH, DELETE) and a
/// non-idempotent one (POST create, rotate, redeliver) retry it.
#[test]
fn each_outcome_is_retried_exactly_where_repeating_is_safe() {
    let timed_out = Outcome::Network(NetworkFailure::TimedOut { timeout_ms: 300 });
    let table: Vec<(&str, Outcome<'_>, bool, bool)> = vec![
        (
            "connection refused (never sent)",
            Outcome::Network(NetworkFailure::NotSent),
            true,
            true,
        ),
        (
            "connection lost after sending",
            Outcome::Network(NetworkFailure::Lost),
            true,
            false,
        ),
        ("timeout", timed_out, true, false),
        ("429 without Retry-After", status(429, None), true, true),
        ("429 with Retry-After", status(429, Some("1")), true, true),
        ("503 with Retry-After", status(503, Some("2")), true, true),
        (
            "503 with an HTTP-date Retry-After",
            status(503, Some("Wed, 21 Oct 2015 07:28:03 GMT")),
            true,
            true,
        ),
        ("503 without Retry-After", status(503, None), true, false),
        (
            "503 with a garbage Retry-After",
            status(503, Some("soon")),
            true,
            false,
        ),
        ("500", status(500, None), true, false),
        ("500 with Retry-After", status(500, Some("1")), true, false),
        ("502", status(502, None), true, false),
        ("504", status(504, None), true, false),
        ("400", status(400, None), false, false),
        ("401", status(401, None), false, false),
        ("403", status(403, None), false, false),
        ("404", status(404, None), false, false),
        ("409", status(409, None), false, false),
        ("422", status(422, None), false, false),
    ];
    for (what, outcome, idempotent_retries, post_retries) in table {
        assert_eq!(
            retried(decide(&policy(), true, 0, outcome, NOW_MS, 0.5)),
            idempotent_retries,
            "idempotent, {what}"
        );
        assert_eq!(
            retried(decide(&policy(), false, 0, outcome, NOW_MS, 0.5)),
            post_retries,
            "POST, {what}"
        );
    }
}

#[test]
fn retries_stop_when_the_allowance_is_used_up() {
    let outcome = status(500, None);
    assert!(retried(decide(&policy(), true, 1, outcome, NOW_MS, 0.0)));
    assert_eq!(
        decide(&policy(), true, 2, outcome, NOW_MS, 0.0),
        Decision::Stop(StopReason::RetriesExhausted)
    );
    let none = RetryPolicy::new(0);
    assert_eq!(
        decide(&none, true, 0, outcome, NOW_MS, 0.0),
        Decision::Stop(StopReason::RetriesExhausted)
    );
}

#[test]
fn outcomes_that_are_never_retried_say_so() {
    assert_eq!(
        decide(&policy(), true, 0, status(404, None), NOW_MS, 0.0),
        Decision::Stop(StopReason::NotRetryable)
    );
    let lost = Outcome::Network(NetworkFailure::Lost);
    assert_eq!(
        decide(&policy(), false, 0, lost, NOW_MS, 0.0),
        Decision::Stop(StopReason::NotRetryable)
    );
}

#[test]
fn backoff_doubles_from_half_a_second_up_to_eight_seconds_with_jitter_in_the_upper_half() {
    let p = policy();
    let steps = [500, 1000, 2000, 4000, 8000, 8000, 8000];
    for (n, step) in steps.into_iter().enumerate() {
        let n = n as u32;
        assert_eq!(p.backoff_ms(n, 0.0), step / 2, "step {n}, no jitter");
        assert!(
            p.backoff_ms(n, 0.999) < step && p.backoff_ms(n, 0.999) >= step * 99 / 100,
            "step {n}, most jitter"
        );
    }
    assert_eq!(
        p.backoff_ms(200, 0.5),
        6000,
        "a huge attempt count saturates"
    );
    assert_eq!(p.backoff_ms(0, f64::NAN), 250, "bad jitter counts as none");
}

#[test]
fn a_wait_without_retry_after_is_the_backoff() {
    let d = decide(&policy(), true, 1, status(502, None), NOW_MS, 0.0);
    assert_eq!(d, Decision::Retry { delay_ms: 500 });
}

#[test]
fn retry_after_in_seconds_is_waited_exactly() {
    let d = decide(&policy(), false, 0, status(429, Some("3")), NOW_MS, 0.9);
    assert_eq!(d, Decision::Retry { delay_ms: 3000 });
}

#[test]
fn retry_after_as_an_http_date_is_waited_until_that_time() {
    let d = decide(
        &policy(),
        false,
        0,
        status(429, Some("Wed, 21 Oct 2015 07:28:05 GMT")),
        NOW_MS,
        0.9,
    );
    assert_eq!(d, Decision::Retry { delay_ms: 5000 });
}

#[test]
fn a_retry_after_longer_than_the_cap_fails_at_once_instead_of_waiting() {
    assert_eq!(MAX_RETRY_AFTER_MS, 60_000);
    let d = decide(&policy(), false, 0, status(429, Some("61")), NOW_MS, 0.0);
    assert_eq!(
        d,
        Decision::Stop(StopReason::WaitTooLong {
            retry_after_ms: 61_000
        })
    );
    let d = decide(&policy(), true, 0, status(503, Some("60")), NOW_MS, 0.0);
    assert_eq!(d, Decision::Retry { delay_ms: 60_000 });
    let d = decide(
        &policy(),
        true,
        0,
        status(429, Some("99999999999999999999999")),
        NOW_MS,
        0.0,
    );
    assert!(
        matches!(d, Decision::Stop(StopReason::WaitTooLong { .. })),
        "{d:?}"
    );
}

#[test]
fn a_garbage_retry_after_falls_back_to_the_backoff() {
    let d = decide(
        &policy(),
        true,
        0,
        status(429, Some("tomorrow-ish")),
        NOW_MS,
        0.0,
    );
    assert_eq!(d, Decision::Retry { delay_ms: 250 });
}

#[test]
fn retry_after_parsing_reads_seconds_dates_and_refuses_the_rest() {
    let cases: &[(&str, Option<u64>)] = &[
        ("0", Some(0)),
        ("1", Some(1000)),
        (" 120 ", Some(120_000)),
        ("1.5", Some(1500)),
        ("0.25", Some(250)),
        ("Wed, 21 Oct 2015 07:28:10 GMT", Some(10_000)),
        ("Wednesday, 21-Oct-15 07:28:10 GMT", Some(10_000)),
        ("Wed Oct 21 07:28:10 2015", Some(10_000)),
        ("Wed, 21 Oct 2015 07:27:00 GMT", Some(0)),
        ("Thu, 01 Jan 1970 00:00:00 GMT", Some(0)),
        ("-1", None),
        ("-0", None),
        ("1.", None),
        (".5", None),
        ("1.2.3", None),
        ("", None),
        ("soon", None),
        ("1e3", None),
        ("Wed, 21 Oct 2015 07:28:10 PST", None),
        ("Wed, 32 Oct 2015 07:28:10 GMT", None),
        ("Wed, 21 Foo 2015 07:28:10 GMT", None),
        ("Wed, 21 Oct 2015 25:28:10 GMT", None),
    ];
    for (value, want) in cases {
        assert_eq!(parse_retry_after(value, NOW_MS), *want, "{value:?}");
    }
}

#[test]
fn huge_retry_after_values_saturate_instead_of_overflowing() {
    assert_eq!(
        parse_retry_after("18446744073709551615", NOW_MS),
        Some(u64::MAX)
    );
    assert_eq!(
        parse_retry_after("99999999999999999999999999", NOW_MS),
        Some(u64::MAX)
    );
    assert!(
        parse_retry_after("Fri, 31 Dec 9999 23:59:59 GMT", NOW_MS).unwrap() > MAX_RETRY_AFTER_MS
    );
}

#[test]
fn http_dates_convert_to_unix_time() {
    assert_eq!(
        parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"),
        Some(784_111_777_000)
    );
    assert_eq!(
        parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT"),
        Some(784_111_777_000)
    );
    assert_eq!(
        parse_http_date("Sun Nov  6 08:49:37 1994"),
        Some(784_111_777_000)
    );
    assert_eq!(
        parse_http_date("Tue, 29 Feb 2028 00:00:00 GMT"),
        Some(1_835_395_200_000)
    );
    assert_eq!(parse_http_date("Wed, 21 Oct 1969 07:28:00 GMT"), None);
}

#[test]
fn the_worst_case_duration_of_a_call_is_bounded() {
    let p = policy();
    // 3 attempts of 300 ms and 2 waits of at most 60 s.
    assert_eq!(p.worst_case_ms(300), 3 * 300 + 2 * 60_000);
    assert_eq!(RetryPolicy::new(0).worst_case_ms(30_000), 30_000);
}

#[test]
fn impossible_and_overflowing_http_dates_are_no_dates() {
    for value in [
        // Would overflow days * 86 400 (a panic natively, a wrap in wasm).
        "Sun, 06 Nov 99999999999999 08:49:37 GMT",
        "Sun, 06 Nov 18446744073709551616 08:49:37 GMT",
        // Days that no month has.
        "Sat, 31 Feb 2026 00:00:00 GMT",
        "Thu, 29 Feb 2027 00:00:00 GMT",
        "Wed, 31 Apr 2026 00:00:00 GMT",
        "Thu, 00 Jan 2026 00:00:00 GMT",
        // Times that no day has.
        "Sun, 06 Nov 1994 -1:-1:-1 GMT",
        "Sun, 06 Nov 1994 24:00:00 GMT",
        "Sun, 06 Nov 1994 08:60:00 GMT",
        "Sun, 06 Nov 1994 08:49:61 GMT",
        // Years out of the four-digit range.
        "Sat, 01 Jan 10000 00:00:00 GMT",
        "Sun, 06 Nov -1994 08:49:37 GMT",
        // A weekday that is not the date's.
        "Mon, 06 Nov 1994 08:49:37 GMT",
    ] {
        assert_eq!(parse_http_date(value), None, "{value}");
        assert_eq!(parse_retry_after(value, NOW_MS), None, "{value}");
    }
    assert_eq!(
        parse_http_date("Tue, 29 Feb 2028 23:59:59 GMT"),
        Some(1_835_481_599_000),
        "a leap day is a day"
    );
}

#[test]
fn a_retry_after_date_in_the_past_means_now_and_one_far_ahead_is_not_waited_for() {
    assert_eq!(
        parse_retry_after("Thu, 01 Jan 1970 00:00:00 GMT", NOW_MS),
        Some(0)
    );
    let far = parse_retry_after("Fri, 31 Dec 9999 23:59:59 GMT", NOW_MS).unwrap();
    let decision = decide(
        &policy(),
        true,
        0,
        status(429, Some("Fri, 31 Dec 9999 23:59:59 GMT")),
        NOW_MS,
        0.5,
    );
    assert_eq!(
        decision,
        Decision::Stop(StopReason::WaitTooLong {
            retry_after_ms: far
        })
    );
}

#[cfg(not(target_arch = "wasm32"))]
mod reads_dates_as_the_httpdate_crate {
    use super::parse_http_date;
    use proptest::prelude::*;
    use std::time::{Duration, UNIX_EPOCH};

    fn by_crate(value: &str) -> Option<u64> {
        let at = httpdate::parse_http_date(value).ok()?;
        Some(at.duration_since(UNIX_EPOCH).ok()?.as_millis() as u64)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        #[test]
        fn every_date_httpdate_writes_reads_back(seconds in 0u64..253_402_300_800) {
            let written = httpdate::fmt_http_date(UNIX_EPOCH + Duration::from_secs(seconds));
            prop_assert_eq!(parse_http_date(&written), Some(seconds * 1000), "{}", written);
        }

        #[test]
        fn date_shaped_text_gets_the_crates_verdict(
            value in r"(Mon|Tue|Sun|Sunday|Monday|Xyz)(, | )([0-9 ]{1,2}|3[0-9])[ -](Jan|Feb|Nov|Dec|nov)[ -]([0-9]{2,4}|99999) ([0-9]{1,2}):([0-9]{2}):([0-9]{2}|6[0-9])( GMT| PST|)( 1994| 2026|)"
        ) {
            prop_assert_eq!(parse_http_date(&value), by_crate(&value), "{}", value);
        }

        #[test]
        fn any_text_gets_the_crates_verdict(value in any::<String>()) {
            prop_assert_eq!(parse_http_date(&value), by_crate(&value), "{:?}", value);
        }
    }
}
