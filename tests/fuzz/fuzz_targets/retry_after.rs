//! Fuzzes `Retry-After` reading. It never panics or overflows, whatever the
//! server sends; a number of seconds is read exactly (saturating); a date is
//! what the `httpdate` crate makes of it, and every date `httpdate` writes
//! reads back to the same instant.
#![no_main]

use std::time::{Duration, UNIX_EPOCH};

use arbitrary::Arbitrary;
use callingbox_webhooks::api::retry::{parse_http_date, parse_retry_after, MAX_RETRY_AFTER_MS};
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct Input<'a> {
    value: &'a str,
    now_ms: u64,
    /// Seconds since 1970 for a date written by httpdate (kept below 10000 AD).
    instant: u64,
    form: u8,
}

fuzz_target!(|input: Input<'_>| {
    let Input { value, now_ms, instant, form } = input;
    let delay = parse_retry_after(value, now_ms);
    let trimmed = value.trim();
    if !trimmed.is_empty() && trimmed.bytes().all(|b| b.is_ascii_digit()) {
        let expected = trimmed.parse::<u64>().map_or(u64::MAX, |s| s.saturating_mul(1000));
        assert_eq!(delay, Some(expected), "{value:?}");
    }
    let date = parse_http_date(value);
    let by_crate = httpdate::parse_http_date(value)
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map(|d| d.as_millis() as u64);
    assert_eq!(date, by_crate, "{value:?}");
    if let Some(at) = date {
        if !trimmed.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
            assert_eq!(delay, Some(at.saturating_sub(now_ms)), "{value:?}");
        }
    }
    // Dates that httpdate writes (IMF-fixdate), and their obsolete forms.
    let seconds = instant % 253_402_300_800; // before 10000-01-01
    let written = httpdate::fmt_http_date(UNIX_EPOCH + Duration::from_secs(seconds));
    let text = match form % 3 {
        0 => written,
        1 => format!("  {written}\t"),
        _ => written.to_ascii_uppercase(),
    };
    let expected = (form % 3 != 2).then_some(seconds * 1000);
    if let Some(ms) = expected {
        assert_eq!(parse_http_date(&text), Some(ms), "{text:?}");
        let delay = parse_retry_after(&text, now_ms).expect("a date is a delay");
        assert_eq!(delay, ms.saturating_sub(now_ms));
        assert!(delay <= ms);
    }
    let _ = MAX_RETRY_AFTER_MS;
});
