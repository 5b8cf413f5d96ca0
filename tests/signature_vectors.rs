//! The signature core against every case in `tests/vectors/vectors.json`,
//! which `tests/vectors/generate.py` wrote with the official Python SDK's
//! verdicts. Needs serde_json, so it runs with the default `client` feature.
#![cfg(all(feature = "client", not(target_arch = "wasm32")))]

use callingbox_webhooks::signature::{verify, VerifyOptions};
use serde_json::Value;

const VECTORS: &str = include_str!("vectors/vectors.json");

fn hex_bytes(hex: &str) -> Vec<u8> {
    (0..hex.len() / 2)
        .map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).expect("hex payload"))
        .collect()
}

fn cases() -> Vec<Value> {
    let vectors: Value = serde_json::from_str(VECTORS).expect("vectors.json is JSON");
    vectors["cases"].as_array().expect("a cases array").clone()
}

#[test]
fn every_vector_gets_the_expected_verdict() {
    let mut failures = Vec::new();
    let cases = cases();
    for case in &cases {
        let name = case["name"].as_str().unwrap_or_default();
        let payload = hex_bytes(case["payload_hex"].as_str().unwrap_or_default());
        if let Some(text) = case["payload"].as_str() {
            assert_eq!(
                text.as_bytes(),
                payload,
                "{name}: payload and payload_hex differ"
            );
        }
        let header = case["header"].as_str();
        let secrets: Vec<&str> = case["secrets"]
            .as_array()
            .expect("secrets")
            .iter()
            .filter_map(Value::as_str)
            .collect();
        let options = VerifyOptions {
            now: case["now"].as_i64().expect("now"),
            tolerance_seconds: case["tolerance"].as_u64().expect("tolerance"),
        };
        let ours = match verify(&payload, header, &secrets, options) {
            Ok(_) => "ok",
            Err(error) => error.code(),
        };
        let expected = case["expected"].as_str().unwrap_or_default();
        if ours != expected {
            failures.push(format!("{name}: ours {ours}, expected {expected}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(cases.len() >= 70, "only {} vectors", cases.len());
}

#[test]
fn every_vector_without_a_documented_deviation_matches_the_sdk() {
    for case in cases() {
        let name = case["name"].as_str().unwrap_or_default();
        let sdk = case["sdk"]["code"].as_str().unwrap_or_default();
        let expected = case["expected"].as_str().unwrap_or_default();
        if case["deviation"].is_null() {
            assert_eq!(expected, sdk, "{name}");
        } else {
            // Every deviation is stricter, or only renames the rejection.
            assert_ne!(expected, "ok", "{name}");
        }
    }
}

#[test]
fn the_vectors_cover_what_they_promise() {
    let names: Vec<String> = cases()
        .iter()
        .map(|c| c["name"].as_str().unwrap_or_default().to_owned())
        .collect();
    for needle in [
        "valid",
        "tampered",
        "several v1",
        "rotation",
        "spaces",
        "300 s in the past",
        "301 s in the future",
        "non-ASCII UTF-8 body",
        "garbage",
        "bare v1=",
    ] {
        assert!(
            names.iter().any(|n| n.contains(needle)),
            "no vector named like {needle:?}"
        );
    }
}
