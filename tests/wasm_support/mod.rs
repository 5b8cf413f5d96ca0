//! What the wasm test suites (tests/wasm_signature.rs, tests/wasm_boundary.rs)
//! share: the package's verification JS (`pkg-template/internal/`) bound to
//! the test wasm's own `Verifier`, as the package's entries bind it, and
//! helpers to call it with real JS values.
#![allow(dead_code)] // each suite uses its own share of the helpers

use callingbox_webhooks::js::signature::WasmVerifier;
use js_sys::{Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

pub const SECRET: &str = "whsec_1234567890abcdef1234567890abcdef";
pub const NOW: f64 = 1_713_268_860.0;
pub const BODY: &str = r#"{"id":"evt_1","type":"call.completed","created":1713268860,"api_version":"2026-04","data":{"call":{"id":"c1","status":"completed"}}}"#;

#[wasm_bindgen(module = "/pkg-template/internal/wasm-verifier.js")]
extern "C" {
    #[wasm_bindgen(js_name = bindVerify)]
    fn bind_verify(verifier: WasmVerifier, exports: &JsValue, error_class: &JsValue);
}

#[wasm_bindgen(module = "/pkg-template/internal/arguments.js")]
extern "C" {
    /// The payload reader (also what makes wasm-bindgen ship this module
    /// beside verify.js, which imports it).
    #[wasm_bindgen(catch, js_name = readPayload)]
    pub fn read_payload(payload: &JsValue) -> Result<JsValue, JsValue>;
}

#[wasm_bindgen(module = "/pkg-template/internal/verify.js")]
extern "C" {
    #[wasm_bindgen(catch, js_name = verifySignature)]
    pub fn js_verify_signature(
        payload: &JsValue,
        header: &JsValue,
        secret: &JsValue,
        options: &JsValue,
    ) -> Result<bool, JsValue>;
    #[wasm_bindgen(catch, js_name = constructEvent)]
    pub fn js_construct_event(
        payload: &JsValue,
        header: &JsValue,
        secret: &JsValue,
        options: &JsValue,
    ) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = signPayload)]
    pub fn js_sign_payload(
        payload: &JsValue,
        secret: &JsValue,
        options: &JsValue,
    ) -> Result<String, JsValue>;
    #[wasm_bindgen(js_name = verifyRequest)]
    pub fn js_verify_request(request: &JsValue, secret: &JsValue, options: &JsValue) -> Promise;
    #[wasm_bindgen(js_name = clearSecretCache)]
    pub fn js_clear_secret_cache();
    #[wasm_bindgen(js_name = Webhooks)]
    pub type Webhooks;
    #[wasm_bindgen(catch, static_method_of = Webhooks, js_name = constructEvent)]
    pub fn construct_event(
        payload: &JsValue,
        header: &JsValue,
        secret: &JsValue,
        options: &JsValue,
    ) -> Result<JsValue, JsValue>;
}

#[wasm_bindgen(module = "/pkg-template/errors.js")]
extern "C" {
    #[wasm_bindgen(thread_local_v2, js_name = WebhookVerificationError)]
    static VERIFICATION_ERROR: JsValue;
}

/// Binds the JS module to this wasm once (the package's entries do it at load).
pub fn setup() {
    thread_local!(static BOUND: std::cell::Cell<bool> = const { std::cell::Cell::new(false) });
    if !BOUND.with(|bound| bound.replace(true)) {
        // The exports object only has to hold this wasm's memory.
        let exports = Object::new();
        Reflect::set(&exports, &s("memory"), &wasm_bindgen::memory()).expect("set");
        bind_verify(
            WasmVerifier::new(),
            &exports,
            &VERIFICATION_ERROR.with(JsValue::clone),
        );
    }
}

pub fn verify_signature(
    payload: JsValue,
    header: JsValue,
    secret: JsValue,
    options: JsValue,
) -> Result<bool, JsValue> {
    setup();
    js_verify_signature(&payload, &header, &secret, &options)
}

pub fn construct_event(
    payload: JsValue,
    header: JsValue,
    secret: JsValue,
    options: JsValue,
) -> Result<JsValue, JsValue> {
    setup();
    js_construct_event(&payload, &header, &secret, &options)
}

pub fn sign_payload(
    payload: JsValue,
    secret: JsValue,
    options: JsValue,
) -> Result<String, JsValue> {
    setup();
    js_sign_payload(&payload, &secret, &options)
}

pub async fn verify_request(
    request: &JsValue,
    secret: JsValue,
    options: JsValue,
) -> Result<JsValue, JsValue> {
    setup();
    JsFuture::from(js_verify_request(request, &secret, &options)).await
}

pub fn s(text: &str) -> JsValue {
    JsValue::from_str(text)
}

pub fn object(pairs: &[(&str, JsValue)]) -> JsValue {
    let object = Object::new();
    for (key, value) in pairs {
        Reflect::set(&object, &s(key), value).expect("set on a plain object");
    }
    object.into()
}

pub fn at(now: f64) -> JsValue {
    object(&[("now", now.into())])
}

pub fn sign(body: &JsValue, secret: &str, timestamp: f64) -> String {
    sign_payload(
        body.clone(),
        s(secret),
        object(&[("timestamp", timestamp.into())]),
    )
    .expect("signPayload")
}

pub fn header() -> JsValue {
    s(&sign(&s(BODY), SECRET, NOW))
}

pub fn bytes(text: &str) -> Uint8Array {
    Uint8Array::from(text.as_bytes())
}

pub fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &s(key)).unwrap_or(JsValue::UNDEFINED)
}

/// Asserts a WebhookVerificationError with this code (and no secret in it).
pub fn assert_verification_error(error: &JsValue, code: &str) {
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

pub fn assert_type_error(result: Result<impl core::fmt::Debug, JsValue>, mentions: &str) {
    let error = result.expect_err("expected a TypeError");
    assert!(error.is_instance_of::<js_sys::TypeError>(), "{error:?}");
    let message = get(&error, "message").as_string().unwrap_or_default();
    assert!(
        message.contains(mentions),
        "{message:?} should mention {mentions:?}"
    );
}

pub fn request(body: &str, signature: Option<&str>) -> JsValue {
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
    web_sys::Request::new_with_str_and_init("https://example.com/webhooks", &init)
        .expect("Request")
        .into()
}

pub fn body_used(request: &JsValue) -> bool {
    get(request, "bodyUsed").is_truthy()
}
