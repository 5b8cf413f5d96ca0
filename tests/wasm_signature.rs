//! The JS exports of `src/verify/js/signature.rs`, called with real JS values.
//!
//! Runs in Node (`wasm-pack test --node`) and in a browser
//! (`WASM_BINDGEN_USE_BROWSER=1 wasm-pack test --headless --chrome`); see
//! `tests/vectors/README.md` for the exact commands.
#![cfg(target_arch = "wasm32")]

use callingbox_webhooks::js::signature::{
    construct_event, sign_payload, verify_request_start, verify_signature, JsSignOptions,
    JsVerifyOptions, Webhooks,
};
use js_sys::{Array, ArrayBuffer, DataView, Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;

const SECRET: &str = "whsec_1234567890abcdef1234567890abcdef";
const NOW: f64 = 1_713_268_860.0;
const BODY: &str = r#"{"id":"evt_1","type":"call.completed","created":1713268860,"api_version":"2026-04","data":{"call":{"id":"c1","status":"completed"}}}"#;

fn s(text: &str) -> JsValue {
    JsValue::from_str(text)
}

fn object(pairs: &[(&str, JsValue)]) -> Object {
    let object = Object::new();
    for (key, value) in pairs {
        Reflect::set(&object, &s(key), value).expect("set on a plain object");
    }
    object
}

fn at(now: f64) -> Option<JsVerifyOptions> {
    Some(object(&[("now", now.into())]).unchecked_into())
}

fn options(pairs: &[(&str, JsValue)]) -> Option<JsVerifyOptions> {
    Some(object(pairs).unchecked_into())
}

fn sign(body: &JsValue, secret: &str, timestamp: f64) -> String {
    let options: JsSignOptions = object(&[("timestamp", timestamp.into())]).unchecked_into();
    sign_payload(body.clone(), s(secret), Some(options)).expect("signPayload")
}

fn header() -> JsValue {
    s(&sign(&s(BODY), SECRET, NOW))
}

fn bytes(text: &str) -> Uint8Array {
    Uint8Array::from(text.as_bytes())
}

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &s(key)).unwrap_or(JsValue::UNDEFINED)
}

/// Asserts a WebhookVerificationError with this code (and no secret in it).
fn assert_verification_error(error: &JsValue, code: &str) {
    assert!(error.is_instance_of::<js_sys::Error>(), "{error:?}");
    assert_eq!(
        get(error, "name").as_string().as_deref(),
        Some("WebhookVerificationError")
    );
    assert_eq!(
        get(error, "code").as_string().as_deref(),
        Some(code),
        "{error:?}"
    );
    let message = get(error, "message").as_string().unwrap_or_default();
    assert!(!message.is_empty());
    assert!(!message.contains(SECRET), "the message leaks the secret");
}

fn assert_type_error(result: Result<impl core::fmt::Debug, JsValue>, mentions: &str) {
    let error = result.expect_err("expected a TypeError");
    assert!(error.is_instance_of::<js_sys::TypeError>(), "{error:?}");
    let message = get(&error, "message").as_string().unwrap_or_default();
    assert!(
        message.contains(mentions),
        "{message:?} should mention {mentions:?}"
    );
}

fn js(req: &web_sys::Request) -> JsValue {
    AsRef::<JsValue>::as_ref(req).clone()
}

fn request(body: &str, signature: Option<&str>) -> web_sys::Request {
    let headers = web_sys::Headers::new().expect("Headers");
    headers
        .append("content-type", "application/json")
        .expect("append");
    if let Some(signature) = signature {
        headers
            .append("CallingBox-Signature", signature)
            .expect("append");
    }
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    init.set_body(&s(body));
    init.set_headers(&headers);
    web_sys::Request::new_with_str_and_init("https://example.com/webhooks", &init).expect("Request")
}

// --- verifySignature ----------------------------------------------------

#[wasm_bindgen_test]
fn a_string_payload_signed_by_sign_payload_verifies() {
    assert_eq!(
        verify_signature(s(BODY), header(), s(SECRET), at(NOW)),
        Ok(true)
    );
}

#[wasm_bindgen_test]
fn a_uint8array_payload_verifies() {
    assert_eq!(
        verify_signature(bytes(BODY).into(), header(), s(SECRET), at(NOW)),
        Ok(true)
    );
}

#[wasm_bindgen_test]
fn an_array_buffer_payload_verifies() {
    let buffer: ArrayBuffer = bytes(BODY).buffer();
    assert_eq!(
        verify_signature(buffer.into(), header(), s(SECRET), at(NOW)),
        Ok(true)
    );
}

#[wasm_bindgen_test]
fn a_subarray_verifies_only_the_bytes_it_views() {
    let padded = bytes(&format!("xx{BODY}yy"));
    let view = padded.subarray(2, 2 + BODY.len() as u32);
    assert_eq!(
        verify_signature(view.into(), header(), s(SECRET), at(NOW)),
        Ok(true)
    );
}

#[wasm_bindgen_test]
fn a_data_view_payload_verifies() {
    let padded = bytes(&format!("xx{BODY}yy"));
    let view = DataView::new(&padded.buffer(), 2, BODY.len());
    assert_eq!(
        verify_signature(view.into(), header(), s(SECRET), at(NOW)),
        Ok(true)
    );
}

#[wasm_bindgen_test]
fn a_string_is_verified_as_its_utf8_bytes() {
    let text = r#"{"prompt":"Grüße, 東京 🚀"}"#;
    let signed = sign(&bytes(text).into(), SECRET, NOW);
    assert_eq!(
        verify_signature(s(text), s(&signed), s(SECRET), at(NOW)),
        Ok(true)
    );
}

#[wasm_bindgen_test]
fn large_and_non_ascii_strings_are_verified_as_their_utf8_bytes() {
    // Around the size where strings switch to TextEncoder.encodeInto.
    for size in [1000, 1023, 1024, 1025, 65_536] {
        for filler in ["a", "é", "東", "🚀"] {
            let text = filler.repeat(size / filler.chars().count().max(1));
            let signed = s(&sign(&bytes(&text).into(), SECRET, NOW));
            assert_eq!(
                verify_signature(s(&text), signed.clone(), s(SECRET), at(NOW)),
                Ok(true),
                "{size} x {filler}"
            );
            let tampered = format!("{text}x");
            assert_eq!(
                verify_signature(s(&tampered), signed, s(SECRET), at(NOW)),
                Ok(false)
            );
        }
    }
}

#[wasm_bindgen_test]
fn lone_surrogates_are_encoded_as_replacement_characters_at_any_size() {
    for size in [10u32, 5000] {
        let lone = js_sys::JsString::from_char_code1(0xD800);
        let text = js_sys::JsString::from("a".repeat(size as usize)).concat(&lone);
        let replaced = format!("{}\u{FFFD}", "a".repeat(size as usize));
        let signed = s(&sign(&bytes(&replaced).into(), SECRET, NOW));
        assert_eq!(
            verify_signature(text.into(), signed, s(SECRET), at(NOW)),
            Ok(true),
            "{size}"
        );
    }
}

#[wasm_bindgen_test]
fn construct_event_parses_exactly_what_was_verified() {
    // A lone surrogate is verified as U+FFFD, so the event holds U+FFFD too.
    let json = js_sys::JsString::from(r#"{"id":"e"#)
        .concat(&js_sys::JsString::from_char_code1(0xD800))
        .concat(&js_sys::JsString::from(
            r#"","type":"t","created":1,"data":{}}"#,
        ));
    let verified = "{\"id\":\"e\u{FFFD}\",\"type\":\"t\",\"created\":1,\"data\":{}}";
    let signed = s(&sign(&bytes(verified).into(), SECRET, NOW));
    let event = construct_event(json.into(), signed, s(SECRET), at(NOW)).expect("an event");
    assert_eq!(get(&event, "id").as_string().as_deref(), Some("e\u{FFFD}"));
}

#[wasm_bindgen_test]
fn a_tampered_payload_is_false() {
    let tampered = BODY.replace("completed", "failed");
    assert_eq!(
        verify_signature(s(&tampered), header(), s(SECRET), at(NOW)),
        Ok(false)
    );
}

#[wasm_bindgen_test]
fn any_secret_of_an_array_may_match() {
    let secrets: JsValue = Array::of2(&s("whsec_old"), &s(SECRET)).into();
    assert_eq!(
        verify_signature(s(BODY), header(), secrets, at(NOW)),
        Ok(true)
    );
    let wrong: JsValue = Array::of1(&s("whsec_old")).into();
    assert_eq!(
        verify_signature(s(BODY), header(), wrong, at(NOW)),
        Ok(false)
    );
}

#[wasm_bindgen_test]
fn a_null_or_undefined_header_is_false() {
    assert_eq!(
        verify_signature(s(BODY), JsValue::NULL, s(SECRET), at(NOW)),
        Ok(false)
    );
    assert_eq!(
        verify_signature(s(BODY), JsValue::UNDEFINED, s(SECRET), at(NOW)),
        Ok(false)
    );
    assert_eq!(
        verify_signature(s(BODY), s(""), s(SECRET), at(NOW)),
        Ok(false)
    );
}

#[wasm_bindgen_test]
fn a_malformed_or_oversized_header_is_false() {
    assert_eq!(
        verify_signature(s(BODY), s("garbage"), s(SECRET), at(NOW)),
        Ok(false)
    );
    let huge = format!(
        "{},x={}",
        header().as_string().unwrap_or_default(),
        "y".repeat(9000)
    );
    assert_eq!(
        verify_signature(s(BODY), s(&huge), s(SECRET), at(NOW)),
        Ok(false)
    );
}

#[wasm_bindgen_test]
fn the_tolerance_edges_hold() {
    assert_eq!(
        verify_signature(s(BODY), header(), s(SECRET), at(NOW + 300.0)),
        Ok(true)
    );
    assert_eq!(
        verify_signature(s(BODY), header(), s(SECRET), at(NOW - 300.0)),
        Ok(true)
    );
    assert_eq!(
        verify_signature(s(BODY), header(), s(SECRET), at(NOW + 301.0)),
        Ok(false)
    );
    assert_eq!(
        verify_signature(s(BODY), header(), s(SECRET), at(NOW - 301.0)),
        Ok(false)
    );
    let narrow = options(&[
        ("now", (NOW + 11.0).into()),
        ("toleranceSeconds", 10.into()),
    ]);
    assert_eq!(
        verify_signature(s(BODY), header(), s(SECRET), narrow),
        Ok(false)
    );
    let off = options(&[("now", 0.into()), ("toleranceSeconds", 0.into())]);
    assert_eq!(
        verify_signature(s(BODY), header(), s(SECRET), off),
        Ok(true)
    );
}

#[wasm_bindgen_test]
fn fractional_numbers_are_rounded_down() {
    // now 300.9 s later floors to 300: still inside the tolerance.
    assert_eq!(
        verify_signature(s(BODY), header(), s(SECRET), at(NOW + 300.9)),
        Ok(true)
    );
    let fractional = options(&[
        ("now", (NOW + 11.0).into()),
        ("toleranceSeconds", 10.9.into()),
    ]);
    assert_eq!(
        verify_signature(s(BODY), header(), s(SECRET), fractional),
        Ok(false)
    );
    assert_eq!(
        sign(&s(BODY), SECRET, NOW + 0.7),
        header().as_string().unwrap_or_default()
    );
}

#[wasm_bindgen_test]
fn extreme_numbers_are_handled_without_panicking() {
    for now in [
        -1.0,
        -1e300,
        1e300,
        f64::MAX,
        f64::MIN,
        9_007_199_254_740_993.0,
    ] {
        assert_eq!(
            verify_signature(s(BODY), header(), s(SECRET), at(now)),
            Ok(false),
            "{now}"
        );
    }
    let huge = options(&[("now", 0.into()), ("toleranceSeconds", 1e300.into())]);
    assert_eq!(
        verify_signature(s(BODY), header(), s(SECRET), huge),
        Ok(true)
    );
}

#[wasm_bindgen_test]
fn the_default_now_is_the_current_time() {
    let body = s(BODY);
    let fresh = sign_payload(body.clone(), s(SECRET), None).expect("signPayload");
    assert_eq!(
        verify_signature(body.clone(), s(&fresh), s(SECRET), None),
        Ok(true)
    );
    assert_eq!(verify_signature(body, header(), s(SECRET), None), Ok(false));
}

#[wasm_bindgen_test]
fn wrong_payload_types_are_type_errors() {
    for payload in [
        JsValue::NULL,
        JsValue::UNDEFINED,
        5.into(),
        Object::new().into(),
        Array::new().into(),
    ] {
        assert_type_error(
            verify_signature(payload, header(), s(SECRET), at(NOW)),
            "payload",
        );
    }
}

#[wasm_bindgen_test]
fn wrong_header_types_are_type_errors() {
    for value in [5.into(), JsValue::TRUE, Array::of1(&header()).into()] {
        assert_type_error(
            verify_signature(s(BODY), value, s(SECRET), at(NOW)),
            "header",
        );
    }
}

#[wasm_bindgen_test]
fn wrong_or_empty_secrets_are_type_errors() {
    // An empty array that claims the largest length: rejected at its first
    // item, without sizing anything by the claim.
    let sparse = Array::new();
    sparse.set_length(u32::MAX);
    let cases: [JsValue; 7] = [
        JsValue::UNDEFINED,
        5.into(),
        s(""),
        Array::new().into(),
        Array::of2(&s(SECRET), &5.into()).into(),
        Array::of1(&s("")).into(),
        sparse.into(),
    ];
    for secret in cases {
        assert_type_error(
            verify_signature(s(BODY), header(), secret, at(NOW)),
            "secret",
        );
    }
}

#[wasm_bindgen_test]
fn wrong_options_are_type_errors() {
    let not_an_object: JsVerifyOptions = JsValue::from(5).unchecked_into();
    assert_type_error(
        verify_signature(s(BODY), header(), s(SECRET), Some(not_an_object)),
        "options",
    );
    for now in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        assert_type_error(
            verify_signature(s(BODY), header(), s(SECRET), at(now)),
            "now",
        );
    }
    assert_type_error(
        verify_signature(
            s(BODY),
            header(),
            s(SECRET),
            options(&[("now", s("1713268860"))]),
        ),
        "now",
    );
    for tolerance in [-1.0, f64::NAN, f64::INFINITY] {
        let bad = options(&[("toleranceSeconds", tolerance.into())]);
        assert_type_error(
            verify_signature(s(BODY), header(), s(SECRET), bad),
            "toleranceSeconds",
        );
    }
}

// --- constructEvent -----------------------------------------------------

#[wasm_bindgen_test]
fn construct_event_returns_the_parsed_event() {
    let event = construct_event(s(BODY), header(), s(SECRET), at(NOW)).expect("an event");
    assert_eq!(get(&event, "id").as_string().as_deref(), Some("evt_1"));
    assert_eq!(
        get(&event, "type").as_string().as_deref(),
        Some("call.completed")
    );
    assert_eq!(get(&event, "created").as_f64(), Some(NOW));
    let call = get(&get(&event, "data"), "call");
    assert_eq!(
        get(&call, "status").as_string().as_deref(),
        Some("completed")
    );
}

#[wasm_bindgen_test]
fn construct_event_parses_bytes_too() {
    let event =
        construct_event(bytes(BODY).into(), header(), s(SECRET), at(NOW)).expect("an event");
    assert_eq!(get(&event, "id").as_string().as_deref(), Some("evt_1"));
}

#[wasm_bindgen_test]
fn an_event_of_an_unknown_type_still_arrives() {
    let body = r#"{"id":"e","type":"call.transcribed","created":1,"data":{"transcript":[]}}"#;
    let signed = s(&sign(&s(body), SECRET, NOW));
    let event = construct_event(s(body), signed, s(SECRET), at(NOW)).expect("an event");
    assert_eq!(
        get(&event, "type").as_string().as_deref(),
        Some("call.transcribed")
    );
}

#[wasm_bindgen_test]
fn construct_event_failures_carry_their_code() {
    let cases: [(JsValue, Option<JsVerifyOptions>, &str); 5] = [
        (JsValue::NULL, at(NOW), "missing_header"),
        (s("t=1,v1"), at(NOW), "malformed_header"),
        (header(), at(NOW + 301.0), "timestamp_out_of_tolerance"),
        (
            s(&sign(&s(BODY), "whsec_other", NOW)),
            at(NOW),
            "no_matching_signature",
        ),
        (
            s(&format!(
                "{},x={}",
                header().as_string().unwrap_or_default(),
                "y".repeat(9000)
            )),
            at(NOW),
            "malformed_header",
        ),
    ];
    for (signature, when, code) in cases {
        let error = construct_event(s(BODY), signature, s(SECRET), when).expect_err(code);
        assert_verification_error(&error, code);
    }
}

#[wasm_bindgen_test]
fn the_mismatch_message_says_what_to_check() {
    let error = construct_event(s(&format!("{BODY} ")), header(), s(SECRET), at(NOW))
        .expect_err("mismatch");
    let message = get(&error, "message").as_string().unwrap_or_default();
    assert!(message.contains("re-serialized"), "{message}");
    assert!(message.contains("secret"), "{message}");
}

#[wasm_bindgen_test]
fn signed_bodies_that_are_not_events_are_invalid_payload() {
    let bodies: [&str; 8] = [
        "not json",
        "[1,2]",
        "null",
        r#"{"type":"call.completed","created":1,"data":{}}"#,
        r#"{"id":1,"type":"call.completed","created":1,"data":{}}"#,
        r#"{"id":"e","created":1,"data":{}}"#,
        r#"{"id":"e","type":"call.completed","created":"1","data":{}}"#,
        r#"{"id":"e","type":"call.completed","created":1,"data":null}"#,
    ];
    for body in bodies {
        let signed = s(&sign(&s(body), SECRET, NOW));
        let error = construct_event(s(body), signed, s(SECRET), at(NOW)).expect_err(body);
        assert_verification_error(&error, "invalid_payload");
    }
    let infinite = r#"{"id":"e","type":"t","created":1e999,"data":{}}"#;
    let signed = s(&sign(&s(infinite), SECRET, NOW));
    let error = construct_event(s(infinite), signed, s(SECRET), at(NOW)).expect_err("1e999");
    assert_verification_error(&error, "invalid_payload");
}

#[wasm_bindgen_test]
fn signed_bytes_that_are_not_utf8_are_invalid_payload() {
    let raw: JsValue = Uint8Array::from(&[0x7b, 0xff, 0xfe, 0x7d][..]).into();
    let signed = s(&sign(&raw, SECRET, NOW));
    assert_eq!(
        verify_signature(raw.clone(), signed.clone(), s(SECRET), at(NOW)),
        Ok(true)
    );
    let error = construct_event(raw, signed, s(SECRET), at(NOW)).expect_err("not UTF-8");
    assert_verification_error(&error, "invalid_payload");
}

#[wasm_bindgen_test]
fn construct_event_throws_type_errors_for_wrong_types() {
    assert_type_error(
        construct_event(5.into(), header(), s(SECRET), at(NOW)),
        "payload",
    );
    assert_type_error(
        construct_event(s(BODY), header(), 5.into(), at(NOW)),
        "secret",
    );
}

#[wasm_bindgen_test]
fn webhooks_construct_event_is_construct_event() {
    let event = Webhooks::construct_event(s(BODY), header(), s(SECRET), at(NOW)).expect("an event");
    assert_eq!(get(&event, "id").as_string().as_deref(), Some("evt_1"));
    let error =
        Webhooks::construct_event(s(BODY), JsValue::NULL, s(SECRET), at(NOW)).expect_err("missing");
    assert_verification_error(&error, "missing_header");
}

// --- signPayload --------------------------------------------------------

#[wasm_bindgen_test]
fn sign_payload_produces_the_header_format() {
    let value = header().as_string().unwrap_or_default();
    let (t, v1) = value.split_once(",v1=").expect("t=...,v1=...");
    assert_eq!(t, "t=1713268860");
    assert_eq!(v1.len(), 64);
    assert!(v1
        .bytes()
        .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)));
}

#[wasm_bindgen_test]
fn sign_payload_rejects_bad_arguments() {
    for timestamp in [-1.0, f64::NAN, f64::INFINITY] {
        let bad: JsSignOptions = object(&[("timestamp", timestamp.into())]).unchecked_into();
        assert_type_error(sign_payload(s(BODY), s(SECRET), Some(bad)), "timestamp");
    }
    assert_type_error(
        sign_payload(s(BODY), Array::of1(&s(SECRET)).into(), None),
        "secret",
    );
    assert_type_error(sign_payload(s(BODY), s(""), None), "secret");
    assert_type_error(sign_payload(JsValue::NULL, s(SECRET), None), "payload");
}

// --- verifyRequest ------------------------------------------------------
//
// `verifyRequest` is `verify_request_start` (here) and a few lines of JS that
// await the body and call `constructEvent`; tests/vectors/verify-request.test.mjs
// tests the whole of it through the built package. These check the Rust half.

/// `verify_request_start`'s error, which must come before the body is read.
fn start_error(request: &JsValue, secret: JsValue, options: Option<JsVerifyOptions>) -> JsValue {
    verify_request_start(request.clone(), secret, options).expect_err("rejected")
}

#[wasm_bindgen_test]
fn verify_request_start_reads_the_body_and_hands_over_the_header_and_options() {
    let req = request(BODY, header().as_string().as_deref());
    let started =
        verify_request_start(js(&req), s(SECRET), options(&[("now", (NOW + 0.5).into())]))
            .expect("started");
    assert!(started.get(0).is_instance_of::<Promise>());
    assert_eq!(started.get(1), header());
    assert_eq!(
        started.get(2).as_f64(),
        Some(300.0),
        "the default tolerance"
    );
    assert_eq!(started.get(3).as_f64(), Some(NOW), "`now` rounded down");
    assert!(req.body_used());
}

#[wasm_bindgen_test]
fn verify_request_start_rejects_a_missing_header_without_reading_the_body() {
    let req = request(BODY, None);
    assert_verification_error(
        &start_error(&js(&req), s(SECRET), at(NOW)),
        "missing_header",
    );
    assert!(!req.body_used());
}

#[wasm_bindgen_test]
fn verify_request_start_rejects_a_stale_header_without_reading_the_body() {
    let req = request(BODY, header().as_string().as_deref());
    let error = start_error(&js(&req), s(SECRET), at(NOW + 1000.0));
    assert_verification_error(&error, "timestamp_out_of_tolerance");
    assert!(!req.body_used());
}

#[wasm_bindgen_test]
fn verify_request_start_rejects_wrong_arguments_without_reading_the_body() {
    for not_a_request in [
        JsValue::NULL,
        s("https://example.com"),
        Object::new().into(),
    ] {
        let error = start_error(&not_a_request, s(SECRET), at(NOW));
        assert!(error.is_instance_of::<js_sys::TypeError>(), "{error:?}");
    }
    let req = request(BODY, header().as_string().as_deref());
    let error = start_error(&js(&req), 5.into(), at(NOW));
    assert!(error.is_instance_of::<js_sys::TypeError>(), "{error:?}");
    let error = start_error(&js(&req), s(SECRET), options(&[("now", f64::NAN.into())]));
    assert!(error.is_instance_of::<js_sys::TypeError>(), "{error:?}");
    assert!(!req.body_used());
}

/// On wasm the SHA-256 message schedule runs in SIMD lanes (natively it is
/// scalar), so the wasm build gets its own check against the `hmac`/`sha2`
/// crates: every body length across several block boundaries, keys shorter
/// and longer than a block (the latter are hashed first), through the
/// exported `signPayload` and `verifySignature`.
#[wasm_bindgen_test]
fn signatures_match_an_independent_hmac_sha256_for_every_length_across_block_boundaries() {
    use hmac::{Hmac, Mac};
    let long_secret = format!("whsec_{}", "k".repeat(100));
    let body: Vec<u8> = (0..1200u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
        .collect();
    for secret in [SECRET, long_secret.as_str()] {
        let lengths = (0..=300).chain([511, 512, 513, 1023, 1024, 1025, 1200]);
        for length in lengths {
            let payload = &body[..length];
            let mut mac = Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).unwrap();
            mac.update(b"1713268860.");
            mac.update(payload);
            let expected: String = mac
                .finalize()
                .into_bytes()
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            let js_payload = JsValue::from(Uint8Array::from(payload));
            let header = sign(&js_payload, secret, NOW);
            assert_eq!(
                header,
                format!("t=1713268860,v1={expected}"),
                "length {length}"
            );
            assert!(
                verify_signature(js_payload, s(&header), s(secret), at(NOW)).unwrap(),
                "length {length}"
            );
        }
    }
}
