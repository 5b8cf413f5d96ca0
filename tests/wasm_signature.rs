//! The verification functions as the package ships them: the JavaScript of
//! `pkg-template/internal/` bound to this wasm's `Verifier`, called with real
//! JS values: verifySignature, constructEvent, signPayload and Webhooks.
//! Hostile values, memory and verifyRequest: tests/wasm_boundary.rs.
//!
//! Runs in Node (`wasm-pack test --node`, both flavours) and in a browser
//! (`WASM_BINDGEN_USE_BROWSER=1 wasm-pack test --headless --chrome`); see
//! `tests/vectors/README.md` for the exact commands.
#![cfg(target_arch = "wasm32")]

mod wasm_support;

use js_sys::{Array, ArrayBuffer, DataView, Object, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::wasm_bindgen_test;
use wasm_support::*;

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
fn bodies_larger_than_the_scratch_area_verify_as_their_utf8_bytes() {
    // Around and past the 64 KiB chunk the body is hashed in, with 2-, 3-
    // and 4-byte characters (surrogate pairs) across its edges.
    for size in [1000, 65_535, 65_537, 140_000] {
        for filler in ["a", "é", "東", "🚀", "a🚀"] {
            let text = filler.repeat(size / filler.len().max(1) + 1);
            let signed = s(&sign(&bytes(&text).into(), SECRET, NOW));
            assert_eq!(
                verify_signature(s(&text), signed.clone(), s(SECRET), at(NOW)),
                Ok(true),
                "{size} x {filler}"
            );
            assert_eq!(
                verify_signature(bytes(&text).into(), signed.clone(), s(SECRET), at(NOW)),
                Ok(true),
                "{size} x {filler} as bytes"
            );
            assert_eq!(
                verify_signature(s(&format!("{text}x")), signed, s(SECRET), at(NOW)),
                Ok(false)
            );
        }
    }
}

#[wasm_bindgen_test]
fn lone_surrogates_are_encoded_as_replacement_characters_at_any_size() {
    for size in [10u32, 5000, 65_535, 70_000] {
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
fn more_secrets_than_the_cache_holds_still_verify() {
    // 40 secrets: more than the 16 cached keys and than the 8 checked at
    // once; the matching one last, with a body small and large.
    let secrets = Array::new();
    for i in 0..39 {
        secrets.push(&s(&format!("whsec_rotated_{i}")));
    }
    secrets.push(&s(SECRET));
    let large = "x".repeat(150_000);
    for body in [BODY, large.as_str()] {
        let signed = s(&sign(&s(body), SECRET, NOW));
        assert_eq!(
            verify_signature(s(body), signed.clone(), secrets.clone().into(), at(NOW)),
            Ok(true)
        );
        assert_eq!(
            verify_signature(s(body), signed, s(SECRET), at(NOW)),
            Ok(true)
        );
    }
    let too_many = Array::new();
    for i in 0..65 {
        too_many.push(&s(&format!("whsec_{i}")));
    }
    assert_type_error(
        verify_signature(s(BODY), header(), too_many.into(), at(NOW)),
        "secret",
    );
}

#[wasm_bindgen_test]
fn a_secret_longer_than_the_scratch_area_verifies() {
    let secret = format!("whsec_{}", "k".repeat(200_000));
    let signed = s(&sign(&s(BODY), &secret, NOW));
    assert_eq!(
        verify_signature(s(BODY), signed, s(&secret), at(NOW)),
        Ok(true)
    );
}

#[wasm_bindgen_test]
fn after_clearing_the_secret_cache_verification_keys_afresh() {
    assert_eq!(
        verify_signature(s(BODY), header(), s(SECRET), at(NOW)),
        Ok(true)
    );
    setup();
    js_clear_secret_cache();
    assert_eq!(
        verify_signature(s(BODY), header(), s(SECRET), at(NOW)),
        Ok(true)
    );
    assert_eq!(
        verify_signature(s(BODY), header(), s("whsec_other"), at(NOW)),
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
    // Short in UTF-16 units, too long in UTF-8 bytes.
    let wide = format!(
        "{},x={}",
        header().as_string().unwrap_or_default(),
        "東".repeat(3000)
    );
    let error = construct_event(s(BODY), s(&wide), s(SECRET), at(NOW)).expect_err("too long");
    assert_verification_error(&error, "malformed_header");
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
    let narrow = object(&[
        ("now", (NOW + 11.0).into()),
        ("toleranceSeconds", 10.into()),
    ]);
    assert_eq!(
        verify_signature(s(BODY), header(), s(SECRET), narrow),
        Ok(false)
    );
    let off = object(&[("now", 0.into()), ("toleranceSeconds", 0.into())]);
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
    let fractional = object(&[
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
    let huge = object(&[("now", 0.into()), ("toleranceSeconds", 1e300.into())]);
    assert_eq!(
        verify_signature(s(BODY), header(), s(SECRET), huge),
        Ok(true)
    );
}

#[wasm_bindgen_test]
fn the_default_now_is_the_current_time() {
    let body = s(BODY);
    let fresh = sign_payload(body.clone(), s(SECRET), JsValue::UNDEFINED).expect("signPayload");
    assert_eq!(
        verify_signature(body.clone(), s(&fresh), s(SECRET), JsValue::NULL),
        Ok(true)
    );
    assert_eq!(
        verify_signature(body, header(), s(SECRET), JsValue::UNDEFINED),
        Ok(false)
    );
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
    // An empty array that claims the largest length: rejected without
    // reading or sizing anything by the claim.
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
    assert_type_error(
        verify_signature(s(BODY), header(), s(SECRET), 5.into()),
        "options",
    );
    for now in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        assert_type_error(
            verify_signature(s(BODY), header(), s(SECRET), at(now)),
            "now",
        );
    }
    let text_now = object(&[("now", s("1713268860"))]);
    assert_type_error(
        verify_signature(s(BODY), header(), s(SECRET), text_now),
        "now",
    );
    for tolerance in [-1.0, f64::NAN, f64::INFINITY] {
        let bad = object(&[("toleranceSeconds", tolerance.into())]);
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
    let huge = s(&format!(
        "{},x={}",
        header().as_string().unwrap_or_default(),
        "y".repeat(9000)
    ));
    let cases: [(JsValue, JsValue, &str); 5] = [
        (JsValue::NULL, at(NOW), "missing_header"),
        (s("t=1,v1"), at(NOW), "malformed_header"),
        (header(), at(NOW + 301.0), "timestamp_out_of_tolerance"),
        (
            s(&sign(&s(BODY), "whsec_other", NOW)),
            at(NOW),
            "no_matching_signature",
        ),
        (huge, at(NOW), "malformed_header"),
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
        let message = get(&error, "message").as_string().unwrap_or_default();
        assert!(
            message.starts_with(
                "The webhook signature is valid but the payload is not a CallingBox event: "
            ),
            "{message}"
        );
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
    setup();
    let event =
        Webhooks::construct_event(&s(BODY), &header(), &s(SECRET), &at(NOW)).expect("an event");
    assert_eq!(get(&event, "id").as_string().as_deref(), Some("evt_1"));
    let error = Webhooks::construct_event(&s(BODY), &JsValue::NULL, &s(SECRET), &at(NOW))
        .expect_err("missing");
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
        let bad = object(&[("timestamp", timestamp.into())]);
        assert_type_error(sign_payload(s(BODY), s(SECRET), bad), "timestamp");
    }
    assert_type_error(
        sign_payload(s(BODY), Array::of1(&s(SECRET)).into(), JsValue::UNDEFINED),
        "secret",
    );
    assert_type_error(sign_payload(s(BODY), s(""), JsValue::UNDEFINED), "secret");
    assert_type_error(
        sign_payload(JsValue::NULL, s(SECRET), JsValue::UNDEFINED),
        "payload",
    );
}
