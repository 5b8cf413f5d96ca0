//! The signature scheme's rules, through the public API (`sign`, `verify`):
//! the SDK's parsing, the deliberate differences from it, the clock, secrets
//! and rotation. Each rule is one test; `tests/vectors/` holds the same
//! cases as data, judged by the official Python SDK.

use callingbox_webhooks::signature::{
    sign, verify, MalformedHeader, Verified, VerifyError, VerifyOptions, MAX_HEADER_BYTES,
};

const SECRET: &str = "whsec_test_secret";
const NOW: i64 = 1_713_268_860;
const BODY: &[u8] = br#"{"id":"evt_1","type":"call.completed"}"#;

fn mac_hex(payload: &[u8], secret: &str, t: &str) -> String {
    let header = sign(payload, secret, t.parse().unwrap_or_default());
    header
        .split_once(",v1=")
        .map(|(_, hex)| hex.to_owned())
        .unwrap_or_default()
}

fn check(header: &str) -> Result<Verified, VerifyError> {
    verify(BODY, Some(header), &[SECRET], VerifyOptions::at(NOW))
}

fn code(header: &str) -> &'static str {
    match check(header) {
        Ok(_) => "ok",
        Err(e) => e.code(),
    }
}

fn good() -> String {
    mac_hex(BODY, SECRET, &NOW.to_string())
}

#[test]
fn a_header_from_sign_verifies() {
    let header = sign(BODY, SECRET, NOW);
    assert_eq!(
        check(&header),
        Ok(Verified {
            timestamp: NOW,
            secret_index: 0
        })
    );
}

#[test]
fn a_missing_header_is_missing_header() {
    assert_eq!(
        verify(BODY, None, &[SECRET], VerifyOptions::at(NOW)).map_err(|e| e.code()),
        Err("missing_header")
    );
    assert_eq!(code(""), "missing_header");
    assert_eq!(code("  "), "missing_header");
}

#[test]
fn any_of_several_v1_values_may_match() {
    let other = "ab".repeat(32);
    assert_eq!(code(&format!("t={NOW},v1={other},v1={}", good())), "ok");
    assert_eq!(code(&format!("t={NOW},v1={},v1={other}", good())), "ok");
}

#[test]
fn unknown_keys_are_ignored() {
    assert_eq!(
        code(&format!("t={NOW},v0=whatever,v1={},x=y", good())),
        "ok"
    );
}

#[test]
fn keys_are_case_sensitive() {
    assert_eq!(code(&format!("T={NOW},v1={}", good())), "malformed_header");
    assert_eq!(code(&format!("t={NOW},V1={}", good())), "malformed_header");
}

#[test]
fn whitespace_around_pairs_keys_and_values_is_accepted() {
    let g = good();
    assert_eq!(code(&format!(" t = {NOW} , v1 = {g} ")), "ok");
    assert_eq!(code(&format!("t={NOW},\tv1={g}\r\n")), "ok");
    // Python's str.strip() also removes U+001C..U+001F and Unicode spaces.
    assert_eq!(code(&format!("\u{1f}t={NOW}\u{a0},\u{3000}v1={g}")), "ok");
}

#[test]
fn whitespace_inside_a_signature_is_a_non_match() {
    let g = good();
    let (a, b) = g.split_at(10);
    assert_eq!(
        code(&format!("t={NOW},v1={a} {b}")),
        "no_matching_signature"
    );
}

#[test]
fn a_bare_v1_is_malformed_and_never_matches() {
    assert_eq!(code(&format!("t={NOW},v1=")), "malformed_header");
    assert_eq!(
        code(&format!("t={NOW},v1=,v1={}", good())),
        "malformed_header"
    );
    assert_eq!(code(&format!("t={NOW},v1=  ")), "malformed_header");
}

#[test]
fn a_trailing_comma_or_a_part_without_equals_is_malformed() {
    assert_eq!(code(&format!("t={NOW},v1={},", good())), "malformed_header");
    assert_eq!(code(&format!("t={NOW},,v1={}", good())), "malformed_header");
    assert_eq!(code(&format!("t={NOW},v1{}", good())), "malformed_header");
    assert_eq!(
        code(&format!("=x,t={NOW},v1={}", good())),
        "malformed_header"
    );
}

#[test]
fn an_uppercase_signature_is_a_non_match() {
    let upper = good().to_uppercase();
    assert_eq!(
        code(&format!("t={NOW},v1={upper}")),
        "no_matching_signature"
    );
}

#[test]
fn a_signature_of_the_wrong_length_is_a_non_match() {
    let g = good();
    for candidate in [&g[..62], &g[..63], &format!("{g}0"), &format!("{g}00"), "a"] {
        assert_eq!(
            code(&format!("t={NOW},v1={candidate}")),
            "no_matching_signature",
            "{candidate}"
        );
    }
}

#[test]
fn a_non_hex_signature_is_a_non_match() {
    let g = good();
    for bad in ["g", "-", "é", "\u{0}"] {
        let candidate = format!("{bad}{}", &g[bad.len()..]);
        assert_eq!(
            code(&format!("t={NOW},v1={candidate}")),
            "no_matching_signature"
        );
    }
    assert_eq!(
        code(&format!("t={NOW},v1={}", "z".repeat(64))),
        "no_matching_signature"
    );
}

#[test]
fn a_value_containing_equals_is_kept_whole() {
    // Split at the first `=` only, like str.partition.
    assert_eq!(
        code(&format!("t={NOW},v1={}=", good())),
        "no_matching_signature"
    );
    assert_eq!(
        code(&format!("t={NOW}=1,v1={}", good())),
        "malformed_header"
    );
}

#[test]
fn a_missing_timestamp_is_malformed() {
    assert_eq!(code(&format!("v1={}", good())), "malformed_header");
    assert_eq!(
        check(&format!("v1={}", good())),
        Err(VerifyError::MalformedHeader(
            MalformedHeader::MissingTimestamp
        ))
    );
}

#[test]
fn an_empty_timestamp_is_malformed() {
    assert_eq!(code(&format!("t=,v1={}", good())), "malformed_header");
}

#[test]
fn a_non_numeric_timestamp_is_malformed() {
    for t in [
        "abc",
        "1e9",
        "12.5",
        "0x10",
        "1 2",
        "١٢٣",
        "+1713268860",
        "1_713_268_860",
    ] {
        assert_eq!(
            check(&format!("t={t},v1={}", good())),
            Err(VerifyError::MalformedHeader(
                MalformedHeader::InvalidTimestamp
            )),
            "{t}"
        );
    }
}

#[test]
fn a_negative_timestamp_is_malformed() {
    assert_eq!(code(&format!("t=-5,v1={}", good())), "malformed_header");
    assert_eq!(code(&format!("t=-0,v1={}", good())), "malformed_header");
}

#[test]
fn an_overflowing_timestamp_is_malformed() {
    assert_eq!(
        code(&format!("t=9223372036854775808,v1={}", good())),
        "malformed_header"
    );
    assert_eq!(
        code(&format!("t={},v1={}", "9".repeat(400), good())),
        "malformed_header"
    );
}

#[test]
fn the_largest_timestamp_parses() {
    let header = sign(BODY, SECRET, i64::MAX);
    assert_eq!(
        verify(BODY, Some(&header), &[SECRET], VerifyOptions::at(i64::MAX)).map(|v| v.timestamp),
        Ok(i64::MAX)
    );
}

#[test]
fn a_timestamp_given_twice_is_malformed() {
    assert_eq!(
        check(&format!("t={NOW},t={NOW},v1={}", good())),
        Err(VerifyError::MalformedHeader(
            MalformedHeader::DuplicateTimestamp
        ))
    );
}

#[test]
fn leading_zeros_are_signed_in_canonical_form() {
    // The SDK signs f"{int(t)}.", so t=0001713268860 signs "1713268860.".
    assert_eq!(code(&format!("t=000{NOW},v1={}", good())), "ok");
}

#[test]
fn a_header_without_v1_is_malformed() {
    assert_eq!(
        check(&format!("t={NOW},v0={}", good())),
        Err(VerifyError::MalformedHeader(
            MalformedHeader::MissingSignature
        ))
    );
}

#[test]
fn sixteen_signatures_are_accepted_and_seventeen_are_malformed() {
    let junk = format!(",v1={}", "0".repeat(64));
    let sixteen = format!("t={NOW}{},v1={}", junk.repeat(15), good());
    assert_eq!(code(&sixteen), "ok");
    let seventeen = format!("t={NOW}{},v1={}", junk.repeat(16), good());
    assert_eq!(
        check(&seventeen),
        Err(VerifyError::MalformedHeader(
            MalformedHeader::TooManySignatures
        ))
    );
}

#[test]
fn a_header_over_8_kib_is_malformed() {
    let base = format!("t={NOW},v1={}", good());
    let padding = ",x=".to_owned() + &"y".repeat(MAX_HEADER_BYTES);
    let exact = format!("{base},x={}", "y".repeat(MAX_HEADER_BYTES - base.len() - 3));
    assert_eq!(exact.len(), MAX_HEADER_BYTES);
    assert_eq!(code(&exact), "ok");
    assert_eq!(
        check(&format!("{exact}y")),
        Err(VerifyError::MalformedHeader(MalformedHeader::TooLong))
    );
    assert_eq!(code(&(base + &padding)), "malformed_header");
}

#[test]
fn malformed_parts_win_over_a_missing_timestamp_in_sdk_order() {
    assert_eq!(
        check("v1=abc,t=x"),
        Err(VerifyError::MalformedHeader(
            MalformedHeader::InvalidTimestamp
        ))
    );
    assert_eq!(
        check("v1=abc,"),
        Err(VerifyError::MalformedHeader(
            MalformedHeader::EmptyKeyOrValue
        ))
    );
}

#[test]
fn a_timestamp_exactly_at_the_tolerance_is_accepted_both_ways() {
    for t in [NOW - 300, NOW + 300] {
        let header = sign(BODY, SECRET, t);
        assert_eq!(check(&header).map(|v| v.timestamp), Ok(t));
    }
}

#[test]
fn a_timestamp_one_second_past_the_tolerance_is_rejected_both_ways() {
    for t in [NOW - 301, NOW + 301] {
        let header = sign(BODY, SECRET, t);
        assert_eq!(
            check(&header),
            Err(VerifyError::TimestampOutOfTolerance {
                timestamp: t,
                now: NOW,
                tolerance_seconds: 300
            })
        );
    }
}

#[test]
fn a_tolerance_of_zero_turns_the_check_off() {
    let header = sign(BODY, SECRET, 1);
    let options = VerifyOptions::at(NOW).with_tolerance(0);
    assert!(verify(BODY, Some(&header), &[SECRET], options).is_ok());
}

#[test]
fn the_clock_is_checked_before_the_signature() {
    // As in the SDK: a stale header with a wrong signature reports the clock.
    let header = format!("t={},v1={}", NOW - 1000, "0".repeat(64));
    assert_eq!(code(&header), "timestamp_out_of_tolerance");
}

#[test]
fn extreme_clocks_do_not_overflow() {
    let header = sign(BODY, SECRET, 0);
    for now in [i64::MIN, i64::MAX] {
        assert_eq!(
            verify(BODY, Some(&header), &[SECRET], VerifyOptions::at(now)).map_err(|e| e.code()),
            Err("timestamp_out_of_tolerance")
        );
    }
    let options = VerifyOptions::at(i64::MIN).with_tolerance(u64::MAX);
    assert!(verify(BODY, Some(&header), &[SECRET], options).is_ok());
}

#[test]
fn any_of_several_secrets_may_match_and_the_index_says_which() {
    let header = sign(BODY, "whsec_new", NOW);
    let result = verify(
        BODY,
        Some(&header),
        &["whsec_old", "whsec_new"],
        VerifyOptions::at(NOW),
    );
    assert_eq!(result.map(|v| v.secret_index), Ok(1));
}

#[test]
fn no_secrets_never_match() {
    let header = sign(BODY, SECRET, NOW);
    let none: [&str; 0] = [];
    assert_eq!(
        verify(BODY, Some(&header), &none, VerifyOptions::at(NOW)),
        Err(VerifyError::NoMatchingSignature)
    );
}

#[test]
fn the_whole_secret_string_is_the_key_without_decoding() {
    let header = sign(BODY, "whsec_abc", NOW);
    for other in ["abc", "whsec_abc ", "WHSEC_abc"] {
        assert_eq!(
            verify(BODY, Some(&header), &[other], VerifyOptions::at(NOW)),
            Err(VerifyError::NoMatchingSignature)
        );
    }
}

#[test]
fn a_reserialized_body_does_not_verify() {
    let header = sign(BODY, SECRET, NOW);
    let pretty = br#"{"id": "evt_1", "type": "call.completed"}"#;
    assert_eq!(
        verify(pretty, Some(&header), &[SECRET], VerifyOptions::at(NOW)),
        Err(VerifyError::NoMatchingSignature)
    );
}

#[test]
fn non_ascii_bodies_are_signed_as_raw_utf8_bytes() {
    let body = "{\"prompt\":\"Grüße, 東京 🚀\"}".as_bytes();
    let header = sign(body, SECRET, NOW);
    assert!(verify(body, Some(&header), &[SECRET], VerifyOptions::at(NOW)).is_ok());
}

#[test]
fn the_mismatch_message_says_what_to_check_and_never_the_secret() {
    let header = sign(BODY, "whsec_right", NOW);
    let error = verify(
        BODY,
        Some(&header),
        &["whsec_wrong"],
        VerifyOptions::at(NOW),
    )
    .err()
    .map(|e| e.to_string())
    .unwrap_or_default();
    assert!(error.contains("re-serialized"), "{error}");
    assert!(error.contains("rotat"), "{error}");
    assert!(!error.contains("whsec_wrong") && !error.contains("whsec_right"));
}

#[test]
fn the_clock_message_gives_the_drift_and_the_direction() {
    let header = sign(BODY, SECRET, NOW + 400);
    let message = check(&header)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(message.contains("400 s in the future"), "{message}");
    let header = sign(BODY, SECRET, NOW - 400);
    let message = check(&header)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(message.contains("400 s old"), "{message}");
}
