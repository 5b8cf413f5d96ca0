//! Property tests of the signature core: what `sign` produces verifies, any
//! single flipped bit breaks it, and on generated headers the core agrees
//! with a naive model of the SDK's rules (`tests/fuzz/model.rs`).

#![cfg(not(target_arch = "wasm32"))]

use callingbox_webhooks::signature::{sign, verify, VerifyError, VerifyOptions};
use proptest::prelude::*;

#[path = "fuzz/model.rs"]
mod model;

fn verdict(payload: &[u8], header: &str, secrets: &[&str], now: i64, tolerance: u64) -> String {
    match verify(
        payload,
        Some(header),
        secrets,
        VerifyOptions::at(now).with_tolerance(tolerance),
    ) {
        Ok(_) => "ok".to_owned(),
        Err(error) => error.code().to_owned(),
    }
}

/// The v1 hex of a header made by `sign`.
fn v1_of(header: &str) -> &str {
    header.split_once(",v1=").map_or("", |(_, v1)| v1)
}

fn timestamps() -> impl Strategy<Value = i64> {
    prop_oneof![0..=2_000_000_000i64, 0..=i64::MAX]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn what_sign_produces_verifies(
        payload in proptest::collection::vec(any::<u8>(), 0..2048),
        secret in any::<String>(),
        timestamp in timestamps(),
        skew in -300i64..=300,
    ) {
        let header = sign(&payload, &secret, timestamp);
        let now = timestamp.saturating_add(skew);
        let verified = verify(&payload, Some(&header), &[secret.as_str()], VerifyOptions::at(now));
        prop_assert_eq!(verified.map(|v| v.timestamp), Ok(timestamp));
    }

    #[test]
    fn what_sign_produces_is_what_the_model_computes(
        payload in proptest::collection::vec(any::<u8>(), 0..512),
        secret in any::<String>(),
        timestamp in timestamps(),
    ) {
        let header = sign(&payload, &secret, timestamp);
        prop_assert_eq!(
            header,
            format!("t={timestamp},v1={}", model::expected_hex(&secret, timestamp, &payload))
        );
    }

    #[test]
    fn flipping_any_payload_bit_breaks_the_signature(
        payload in proptest::collection::vec(any::<u8>(), 1..1024),
        secret in "[ -~]{1,64}",
        timestamp in timestamps(),
        bit in any::<prop::sample::Index>(),
    ) {
        let header = sign(&payload, &secret, timestamp);
        let mut tampered = payload.clone();
        let bit = bit.index(payload.len() * 8);
        if let Some(byte) = tampered.get_mut(bit / 8) {
            *byte ^= 1 << (bit % 8);
        }
        let result = verify(&tampered, Some(&header), &[secret.as_str()], VerifyOptions::at(timestamp));
        prop_assert_eq!(result, Err(VerifyError::NoMatchingSignature));
    }

    #[test]
    fn flipping_any_bit_of_the_mac_breaks_the_signature(
        payload in proptest::collection::vec(any::<u8>(), 0..256),
        secret in "[ -~]{1,64}",
        timestamp in timestamps(),
        bit in 0usize..256,
    ) {
        let header = sign(&payload, &secret, timestamp);
        let mut mac: Vec<u8> = (0..32)
            .map(|i| u8::from_str_radix(&v1_of(&header)[2 * i..2 * i + 2], 16).unwrap_or_default())
            .collect();
        mac[bit / 8] ^= 1 << (bit % 8);
        let hex: String = mac.iter().map(|b| format!("{b:02x}")).collect();
        let tampered = format!("t={timestamp},v1={hex}");
        let result = verify(&payload, Some(&tampered), &[secret.as_str()], VerifyOptions::at(timestamp));
        prop_assert_eq!(result, Err(VerifyError::NoMatchingSignature));
    }

    #[test]
    fn flipping_any_bit_of_the_signature_text_breaks_it(
        payload in proptest::collection::vec(any::<u8>(), 0..256),
        secret in "[ -~]{1,64}",
        timestamp in timestamps(),
        position in 0usize..64,
        bit in 0u8..7,
    ) {
        // Flips one of the low 7 bits of one hex character, so the header
        // stays ASCII; the result is another digit, an uppercase letter, a
        // non-hex character or whitespace, and never matches.
        let header = sign(&payload, &secret, timestamp);
        let mut v1 = v1_of(&header).as_bytes().to_vec();
        v1[position] ^= 1 << bit;
        let v1 = String::from_utf8(v1).unwrap_or_default();
        let tampered = format!("t={timestamp},v1={v1}");
        let code = verdict(&payload, &tampered, &[&secret], timestamp, 300);
        prop_assert!(code == "no_matching_signature" || code == "malformed_header", "{}", code);
        prop_assert_ne!(code, "ok");
    }

    #[test]
    fn flipping_any_bit_of_the_timestamp_breaks_the_signature(
        payload in proptest::collection::vec(any::<u8>(), 0..256),
        secret in "[ -~]{1,64}",
        timestamp in timestamps(),
        bit in 0u32..63,
    ) {
        let header = sign(&payload, &secret, timestamp);
        let flipped = timestamp ^ (1i64 << bit);
        let tampered = format!("t={flipped},v1={}", v1_of(&header));
        // Tolerance 0: only the signature can reject it.
        let result = verify(
            &payload,
            Some(&tampered),
            &[secret.as_str()],
            VerifyOptions::at(flipped).with_tolerance(0),
        );
        prop_assert_eq!(result, Err(VerifyError::NoMatchingSignature));
    }

    #[test]
    fn flipping_any_bit_of_the_secret_breaks_the_signature(
        payload in proptest::collection::vec(any::<u8>(), 0..256),
        secret in "[ -~]{1,64}",
        timestamp in timestamps(),
        position in any::<prop::sample::Index>(),
        bit in 0u8..7,
    ) {
        let header = sign(&payload, &secret, timestamp);
        let mut wrong = secret.clone().into_bytes();
        let position = position.index(wrong.len());
        wrong[position] ^= 1 << bit;
        let wrong = String::from_utf8(wrong).unwrap_or_default();
        let result = verify(&payload, Some(&header), &[wrong.as_str()], VerifyOptions::at(timestamp));
        prop_assert_eq!(result, Err(VerifyError::NoMatchingSignature));
    }

    #[test]
    fn the_core_agrees_with_the_model_on_generated_headers(
        payload in proptest::collection::vec(any::<u8>(), 0..64),
        secret in "whsec_[a-z0-9]{0,8}",
        t in prop_oneof![Just(1_713_268_860i64), 1_713_268_000i64..1_713_269_800],
        parts in proptest::collection::vec(part(), 0..20),
        tolerance in prop_oneof![Just(300u64), Just(0u64), 0u64..1000],
    ) {
        let now = 1_713_268_860;
        let good = model::expected_hex(&secret, t, &payload);
        let header: Vec<String> = parts
            .into_iter()
            .map(|p| p.replace("{t}", &t.to_string()).replace("{good}", &good))
            .collect();
        let header = header.join(",");
        let ours = verdict(&payload, &header, &[&secret], now, tolerance);
        let model = model::verdict(&payload, Some(&header), &[&secret], now, tolerance);
        prop_assert_eq!(ours, model, "header {:?}", header);
    }

    #[test]
    fn the_core_agrees_with_the_model_on_arbitrary_text(
        header in any::<String>(),
        payload in proptest::collection::vec(any::<u8>(), 0..16),
    ) {
        let ours = verdict(&payload, &header, &["whsec_x"], 0, 0);
        let model = model::verdict(&payload, Some(&header), &["whsec_x"], 0, 0);
        prop_assert_eq!(ours, model);
    }
}

/// One comma-separated part of a generated header: mostly plausible pairs,
/// with whitespace, odd keys, odd timestamps and broken signatures.
fn part() -> impl Strategy<Value = String> {
    let space = prop_oneof![
        Just(""),
        Just(" "),
        Just("\t"),
        Just("\u{a0}"),
        Just("\u{1f}"),
        Just("\u{200b}"),
    ];
    let key = prop_oneof![
        4 => Just("t"),
        6 => Just("v1"),
        1 => Just("v0"),
        1 => Just("T"),
        1 => Just("V1"),
        1 => Just(""),
        1 => Just("x y"),
    ];
    let value = prop_oneof![
        4 => Just("{t}".to_owned()),
        6 => Just("{good}".to_owned()),
        1 => Just(String::new()),
        1 => Just("0{t}".to_owned()),
        1 => Just("-{t}".to_owned()),
        1 => Just("+{t}".to_owned()),
        1 => Just("99999999999999999999".to_owned()),
        1 => "[0-9a-fA-F]{0,70}",
        1 => "[ -~]{0,10}",
    ];
    let equals = prop_oneof![8 => Just("="), 1 => Just(""), 1 => Just("==")];
    (
        space.clone(),
        key,
        space.clone(),
        equals,
        space.clone(),
        value,
        space,
    )
        .prop_map(|(s1, k, s2, eq, s3, v, s4)| format!("{s1}{k}{s2}{eq}{s3}{v}{s4}"))
}
