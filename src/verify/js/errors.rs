//! The one place where errors become JavaScript values.
//!
//! The error classes are defined in `pkg-template/errors.js` (real subclasses
//! of `Error`, so `instanceof`, stacks and `cause` work); Rust creates them
//! through that module's `createError` and never invents error objects of its
//! own. Core error types implement [`IntoJsError`] so that every export maps
//! errors the same way.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/pkg-template/errors.js")]
extern "C" {
    #[wasm_bindgen(js_name = createError)]
    fn create_error(kind: &str, message: &str, props: &JsValue) -> JsValue;
}

/// Converts a core error into the JS error object the package documents.
pub trait IntoJsError {
    fn into_js_error(self) -> JsValue;
}

/// Builds an instance of the JS error class `kind` (a class name exported by
/// `errors.js`, such as `"WebhookVerificationError"`) with extra properties.
///
/// Callers must never pass an API key or signing secret in `message` or
/// `props`.
pub fn js_error(kind: &str, message: &str, props: &[(&str, JsValue)]) -> JsValue {
    let object = js_sys::Object::new();
    for (key, value) in props {
        // Reflect::set on a fresh plain object cannot fail.
        let _ = js_sys::Reflect::set(&object, &JsValue::from_str(key), value);
    }
    create_error(kind, message, &object)
}

/// A plain `TypeError`, for arguments of the wrong JS type.
pub fn type_error(message: &str) -> JsValue {
    js_sys::TypeError::new(message).into()
}
