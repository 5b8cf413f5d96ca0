//! The boundary between the package's JavaScript and its wasm, attacked:
//! hostile argument values (getters that throw, proxies, lying subclasses,
//! detached and shrunk buffers, re-entrant calls), the memory a body costs,
//! verifyRequest, and the wasm's SHA-256 against an independent one.
//!
//! Runs like tests/wasm_signature.rs, in Node and Chromium.
#![cfg(target_arch = "wasm32")]

mod wasm_support;

use js_sys::{Array, Function, Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;
use wasm_support::*;

// Hostile values are made in JS, as a caller would make them. Built with
// `new Function` rather than imported as a module: the test runner's server
// stalled the browser's first page load now and then with one more module to
// fetch in parallel.
const HOSTILE_JS: &str = r#"
return {
  overReporting(bytes) {
    class Lying extends Uint8Array { get length() { return 100000; } }
    const lying = new Lying(bytes.length);
    lying.set(bytes);
    Object.defineProperty(lying, 'byteLength', { get() { throw new Error('own byteLength read'); } });
    return lying;
  },
  proxyOf(value) { return new Proxy(value, {}); },
  throwingProxyArray() {
    return new Proxy(['whsec_x'], { get(target, key) { if (key === '0') throw new Error('trap'); return Reflect.get(target, key); } });
  },
  throwingGetter(key) {
    return Object.defineProperty({}, key, { get() { throw new RangeError('getter'); } });
  },
  detachedView(bytes) {
    const copy = new Uint8Array(bytes);
    structuredClone(copy.buffer, { transfer: [copy.buffer] });
    return copy;
  },
  shrunkView(bytes) {
    const buffer = new ArrayBuffer(bytes.length, { maxByteLength: bytes.length * 2 });
    const view = new Uint8Array(buffer, 0, bytes.length);
    view.set(bytes);
    buffer.resize(1);
    return view;
  },
  reentrantOptions(now, inner) {
    return { get now() { if (!inner()) throw new Error('the inner call failed'); return now; } };
  },
  wasmMemoryBytes(memory) { return memory.buffer.byteLength; },
};
"#;

/// Calls the hostile helper `name` with `args`.
fn hostile(name: &str, args: &[&JsValue]) -> JsValue {
    thread_local!(static HELPERS: JsValue = Function::new_no_args(HOSTILE_JS).call0(&JsValue::NULL).expect("helpers"));
    let helper: Function = HELPERS
        .with(|helpers| Reflect::get(helpers, &s(name)).expect("helper"))
        .unchecked_into();
    let args: Array = args.iter().copied().collect();
    helper.apply(&JsValue::NULL, &args).expect("helper call")
}

fn over_reporting(bytes: &Uint8Array) -> JsValue {
    hostile("overReporting", &[bytes])
}
fn proxy_of(value: &JsValue) -> JsValue {
    hostile("proxyOf", &[value])
}
fn throwing_proxy_array() -> JsValue {
    hostile("throwingProxyArray", &[])
}
fn throwing_getter(key: &str) -> JsValue {
    hostile("throwingGetter", &[&s(key)])
}
fn detached_view(bytes: &Uint8Array) -> JsValue {
    hostile("detachedView", &[bytes])
}
fn shrunk_view(bytes: &Uint8Array) -> JsValue {
    hostile("shrunkView", &[bytes])
}
fn reentrant_options(now: f64, inner: &Function) -> JsValue {
    hostile("reentrantOptions", &[&now.into(), inner])
}
fn wasm_memory_bytes(memory: &JsValue) -> f64 {
    hostile("wasmMemoryBytes", &[memory])
        .as_f64()
        .unwrap_or_default()
}

// --- hostile values: real bytes or a TypeError naming the argument --------

#[wasm_bindgen_test]
fn a_uint8array_whose_length_over_reports_is_verified_as_its_real_bytes() {
    let lying = over_reporting(&bytes(BODY));
    assert_eq!(
        verify_signature(lying.clone(), header(), s(SECRET), at(NOW)),
        Ok(true)
    );
    assert_eq!(
        sign(&lying, SECRET, NOW),
        header().as_string().unwrap_or_default()
    );
}

#[wasm_bindgen_test]
fn the_payload_reader_reads_internal_slots_never_the_values_own_properties() {
    // Own `length` and `byteLength` getters that lie or throw are not called.
    let lying = over_reporting(&bytes(BODY));
    assert_eq!(read_payload(&lying).ok(), Some(lying));
}

#[wasm_bindgen_test]
fn a_proxy_of_a_body_is_a_type_error_naming_the_payload() {
    for target in [JsValue::from(bytes(BODY)), bytes(BODY).buffer().into()] {
        assert_type_error(
            verify_signature(proxy_of(&target), header(), s(SECRET), at(NOW)),
            "payload",
        );
    }
}

#[wasm_bindgen_test]
fn a_detached_or_shrunk_body_is_a_type_error_naming_the_payload() {
    for view in [detached_view(&bytes(BODY)), shrunk_view(&bytes(BODY))] {
        assert_type_error(
            verify_signature(view, header(), s(SECRET), at(NOW)),
            "payload",
        );
    }
}

#[wasm_bindgen_test]
fn throwing_getters_and_traps_become_type_errors_naming_the_argument() {
    assert_type_error(
        verify_signature(s(BODY), header(), throwing_proxy_array(), at(NOW)),
        "secret",
    );
    assert_type_error(
        verify_signature(s(BODY), header(), s(SECRET), throwing_getter("now")),
        "options.now",
    );
    assert_type_error(
        verify_signature(
            s(BODY),
            header(),
            s(SECRET),
            throwing_getter("toleranceSeconds"),
        ),
        "options.toleranceSeconds",
    );
    assert_type_error(
        sign_payload(s(BODY), s(SECRET), throwing_getter("timestamp")),
        "timestamp",
    );
    // After all that, the instance still verifies.
    assert_eq!(
        verify_signature(s(BODY), header(), s(SECRET), at(NOW)),
        Ok(true)
    );
}

#[wasm_bindgen_test]
fn a_call_made_from_inside_a_getter_does_not_disturb_the_outer_call() {
    let inner = Closure::<dyn Fn() -> bool>::new(|| {
        let other = "x".repeat(100_000);
        let signed = s(&sign(&s(&other), "whsec_inner", NOW));
        verify_signature(s(&other), signed, s("whsec_inner"), at(NOW)) == Ok(true)
    });
    let options = reentrant_options(NOW, inner.as_ref().unchecked_ref());
    assert_eq!(
        verify_signature(s(BODY), header(), s(SECRET), options),
        Ok(true)
    );
}

#[wasm_bindgen_test]
fn wasm_memory_stays_the_same_size_whatever_the_body() {
    let memory = wasm_bindgen::memory();
    let small = s(&sign(&s(BODY), SECRET, NOW));
    assert_eq!(
        verify_signature(s(BODY), small, s(SECRET), at(NOW)),
        Ok(true)
    );
    let before = wasm_memory_bytes(&memory);
    let large = Uint8Array::new_with_length(3 * 1024 * 1024);
    let signed = s(&sign(&large.clone().into(), SECRET, NOW));
    let after_sign = wasm_memory_bytes(&memory);
    assert_eq!(
        verify_signature(large.into(), signed, s(SECRET), at(NOW)),
        Ok(true)
    );
    assert_eq!(wasm_memory_bytes(&memory), after_sign);
    // The test harness itself allocates a little (the signed header comes
    // back as a Rust String): far less than the body.
    assert!(
        after_sign - before < 1024.0 * 1024.0,
        "{before} -> {after_sign}"
    );
}

// --- verifyRequest ------------------------------------------------------

#[wasm_bindgen_test]
async fn verify_request_resolves_to_the_event_and_consumes_the_body() {
    let req = request(BODY, header().as_string().as_deref());
    let event = verify_request(&req, s(SECRET), at(NOW + 0.5))
        .await
        .expect("an event");
    assert_eq!(get(&event, "id").as_string().as_deref(), Some("evt_1"));
    assert!(body_used(&req));
}

#[wasm_bindgen_test]
async fn verify_request_rejects_a_missing_or_stale_header_without_reading_the_body() {
    let missing = request(BODY, None);
    let error = verify_request(&missing, s(SECRET), at(NOW))
        .await
        .expect_err("missing");
    assert_verification_error(&error, "missing_header");
    assert!(!body_used(&missing));
    let stale = request(BODY, header().as_string().as_deref());
    let error = verify_request(&stale, s(SECRET), at(NOW + 1000.0))
        .await
        .expect_err("stale");
    assert_verification_error(&error, "timestamp_out_of_tolerance");
    assert!(!body_used(&stale));
}

#[wasm_bindgen_test]
async fn verify_request_rejects_wrong_arguments_without_reading_the_body() {
    for not_a_request in [
        JsValue::NULL,
        s("https://example.com"),
        Object::new().into(),
    ] {
        let error = verify_request(&not_a_request, s(SECRET), at(NOW))
            .await
            .expect_err("not a request");
        assert!(error.is_instance_of::<js_sys::TypeError>(), "{error:?}");
    }
    let req = request(BODY, header().as_string().as_deref());
    let error = verify_request(&req, 5.into(), at(NOW))
        .await
        .expect_err("secret");
    assert!(error.is_instance_of::<js_sys::TypeError>(), "{error:?}");
    let error = verify_request(&req, s(SECRET), object(&[("now", f64::NAN.into())]))
        .await
        .expect_err("now");
    assert!(error.is_instance_of::<js_sys::TypeError>(), "{error:?}");
    assert!(!body_used(&req));
}

/// The wasm build decodes `v1` hex in SIMD lanes (natively it is scalar):
/// any one character that is not a lowercase hex digit, at any of the 64
/// positions, makes the signature a non-match.
#[wasm_bindgen_test]
fn a_signature_with_any_one_bad_hex_character_never_matches() {
    let good = header().as_string().unwrap_or_default();
    let (t, hex) = good.split_once(",v1=").expect("t=...,v1=...");
    assert_eq!(
        verify_signature(s(BODY), s(&good), s(SECRET), at(NOW)),
        Ok(true)
    );
    for position in 0..64 {
        for bad in ['A', 'g', '/', ':', '`', 'é'] {
            let mut candidate: Vec<char> = hex.chars().collect();
            candidate[position] = bad;
            let candidate: String = candidate.into_iter().collect();
            let header = format!("{t},v1={candidate}");
            assert_eq!(
                verify_signature(s(BODY), s(&header), s(SECRET), at(NOW)),
                Ok(false),
                "{bad:?} at {position}"
            );
        }
    }
}

/// The SHA-256 compression in this wasm is sha2's simd128 backend; check it
/// against an independent implementation (the `hmac` 0.12 / `sha2` 0.10
/// crates, software only) at every body length across several block
/// boundaries, with keys shorter and longer than a block (the latter are
/// hashed first), through `signPayload` and `verifySignature`.
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
