//! Core errors become the package's JS error classes, with every known
//! secret, and anything shaped like a key or signing secret, removed from
//! the message and the answer's headers.

use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::*;

use crate::api::error::{ClientError, ErrorKind};
use crate::api::redact::redact;
use crate::js::errors::js_error;

/// `e` as the JS error of its class. `known` are secrets to remove besides
/// the key- and secret-shaped tokens (the client's API key).
pub fn to_js(e: ClientError, known: &[&str]) -> JsValue {
    let message = redact(&e.message, known);
    let opt_str = |v: &Option<String>| v.as_deref().map_or(JsValue::NULL, JsValue::from_str);
    let mut props: Vec<(&str, JsValue)> = Vec::new();
    match e.kind {
        ErrorKind::Validation => props.push(("param", opt_str(&e.param))),
        _ => props.push(("outcomeUnknown", JsValue::from_bool(e.outcome_unknown))),
    }
    if let Some(answer) = &e.answer {
        let headers = Object::new();
        for (name, value) in &answer.headers {
            let value = JsValue::from_str(&redact(value, known));
            let _ = Reflect::set(&headers, &JsValue::from_str(name), &value);
        }
        props.push(("status", JsValue::from(answer.status)));
        props.push(("code", opt_str(&answer.code)));
        props.push(("requestId", opt_str(&answer.request_id)));
        props.push(("headers", headers.into()));
        if e.kind == ErrorKind::RateLimit {
            // Capped at Number.MAX_SAFE_INTEGER.
            let ms = answer
                .retry_after_ms
                .map(|ms| ms.min(9_007_199_254_740_991) as f64);
            props.push(("retryAfterMs", ms.map_or(JsValue::NULL, JsValue::from)));
        }
    }
    js_error(e.kind.class_name(), &message, &props)
}
