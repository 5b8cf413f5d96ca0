//! A deliberately naive model of the verification rules, written from the
//! official Python SDK's `_verify_signature` (plus this package's documented
//! stricter rules) with allocations, string comparison and no cleverness. The
//! property tests and the fuzz target check the real core against it.
//!
//! Shared by `tests/signature_props.rs` and `tests/fuzz/fuzz_targets/verify.rs`
//! through `#[path]`.

#![allow(dead_code)]

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// Python's `str.isspace()`.
fn py_space(c: char) -> bool {
    matches!(
        c,
        '\u{9}'..='\u{d}'
            | '\u{1c}'..='\u{20}'
            | '\u{85}'
            | '\u{a0}'
            | '\u{1680}'
            | '\u{2000}'..='\u{200a}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{202f}'
            | '\u{205f}'
            | '\u{3000}'
    )
}

/// Lowercase hex HMAC-SHA256 of `"{t}." + payload`, the SDK's way.
pub fn expected_hex(secret: &str, t: i64, payload: &[u8]) -> String {
    let mut signed = format!("{t}.").into_bytes();
    signed.extend_from_slice(payload);
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key");
    mac.update(&signed);
    mac.finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The verdict code (`"ok"` or one of the error codes) for these inputs.
pub fn verdict(
    payload: &[u8],
    header: Option<&str>,
    secrets: &[&str],
    now: i64,
    tolerance: u64,
) -> &'static str {
    let Some(header) = header else {
        return "missing_header";
    };
    if header.trim_matches(py_space).is_empty() {
        return "missing_header";
    }
    if header.len() > 8192 {
        return "malformed_header";
    }
    let mut ts: Option<i64> = None;
    let mut sigs: Vec<String> = Vec::new();
    for part in header.split(',') {
        let (key, value) = match part.find('=') {
            Some(i) => (&part[..i], &part[i + 1..]),
            None => (part, ""),
        };
        let (key, value) = (key.trim_matches(py_space), value.trim_matches(py_space));
        if key.is_empty() || value.is_empty() {
            return "malformed_header";
        }
        if key == "t" {
            if ts.is_some() || !value.chars().all(|c| c.is_ascii_digit()) {
                return "malformed_header";
            }
            match value.parse::<i64>() {
                Ok(t) => ts = Some(t),
                Err(_) => return "malformed_header",
            }
        } else if key == "v1" {
            sigs.push(value.to_owned());
            if sigs.len() > 16 {
                return "malformed_header";
            }
        }
    }
    let Some(ts) = ts else {
        return "malformed_header";
    };
    if sigs.is_empty() {
        return "malformed_header";
    }
    if tolerance > 0 && (i128::from(now) - i128::from(ts)).unsigned_abs() > u128::from(tolerance) {
        return "timestamp_out_of_tolerance";
    }
    for secret in secrets {
        let expected = expected_hex(secret, ts, payload);
        if sigs.contains(&expected) {
            return "ok";
        }
    }
    "no_matching_signature"
}
