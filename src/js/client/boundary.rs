//! Reading values that callers pass in, without ever letting their code
//! throw through the wasm.
//!
//! A caller's value may run code when it is read: a getter, a `Proxy` trap,
//! a revoked proxy, `toJSON`, an iterator. An exception that unwinds through
//! wasm frames skips their epilogues and leaks shadow-stack space; a few
//! thousand of those break the instance for good. So every read of a
//! caller's value goes through an import marked `catch` (the exception is
//! caught in the JS shim and comes back as an `Err`), and everything else
//! looks only at `typeof` (`JsValue::is_object`, `as_string`, `as_f64`...),
//! which runs no code. js-sys functions without `catch` (`Object.keys`,
//! `Array.isArray`, `Array.from`, iterator `done`/`value` getters) are never
//! used on a caller's value; this module declares the caught versions.

use js_sys::{Array, Function, Reflect};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_namespace = Object, js_name = keys)]
    fn object_keys(value: &JsValue) -> Result<Array, JsValue>;
    #[wasm_bindgen(catch, js_namespace = Object, js_name = entries)]
    fn object_entries(value: &JsValue) -> Result<Array, JsValue>;
    #[wasm_bindgen(catch, js_namespace = Array, js_name = isArray)]
    fn array_is_array(value: &JsValue) -> Result<bool, JsValue>;
    #[wasm_bindgen(catch, js_namespace = JSON, js_name = parse)]
    fn json_parse(text: &JsValue) -> Result<JsValue, JsValue>;
}

// The reads that must stop early (a length of 2^32 - 1, an endless
// iterator, a value JSON would drop): in JS, beside this file.
#[wasm_bindgen(module = "/src/js/client/boundary.js")]
extern "C" {
    #[wasm_bindgen(catch, js_name = plainCopy)]
    fn plain_copy_js(params: &JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = firstItems)]
    fn first_items(iterable: &JsValue, max: u32) -> Result<Array, JsValue>;
}

/// An exception a caller's value threw, described for a message: its
/// `name: message` when those read as strings, else what it is.
pub fn describe_thrown(thrown: &JsValue) -> String {
    if let Some(text) = thrown.as_string() {
        return text;
    }
    if !thrown.is_object() {
        return "a non-Error value".to_owned();
    }
    let text = |key: &str| {
        Reflect::get(thrown, &JsValue::from_str(key))
            .ok()
            .and_then(|v| v.as_string())
    };
    match (text("name"), text("message")) {
        (Some(name), Some(message)) => format!("{name}: {message}"),
        (None, Some(message)) => message,
        (Some(name), None) => name,
        (None, None) => "an exception".to_owned(),
    }
}

/// Whether `value` is an object or a function (something with properties).
pub fn has_properties(value: &JsValue) -> bool {
    value.is_object() || value.is_function()
}

/// `value[key]`, or the exception reading it threw. Not an object: undefined.
pub fn get(value: &JsValue, key: &str) -> Result<JsValue, JsValue> {
    if !has_properties(value) {
        return Ok(JsValue::UNDEFINED);
    }
    Reflect::get(value, &JsValue::from_str(key))
}

/// `value[index]` (an array element), or the exception reading it threw.
pub fn get_index(value: &JsValue, index: u32) -> Result<JsValue, JsValue> {
    if !has_properties(value) {
        return Ok(JsValue::UNDEFINED);
    }
    Reflect::get_u32(value, index)
}

/// `Array.isArray(value)`, which throws for a revoked proxy.
pub fn is_array(value: &JsValue) -> Result<bool, JsValue> {
    if !value.is_object() {
        return Ok(false);
    }
    array_is_array(value)
}

/// `Object.keys(value)` as strings.
pub fn keys(value: &JsValue) -> Result<Vec<String>, JsValue> {
    let keys = object_keys(value)?;
    Ok(keys.iter().filter_map(|k| k.as_string()).collect())
}

/// `Object.entries(value)`: the engine's own array of `[key, value]` arrays.
pub fn entries(value: &JsValue) -> Result<Array, JsValue> {
    object_entries(value)
}

/// Whether `value[Symbol.iterator]` is a function.
pub fn is_iterable(value: &JsValue) -> Result<bool, JsValue> {
    if !has_properties(value) {
        return Ok(false);
    }
    Ok(Reflect::get(value, &js_sys::Symbol::iterator())?.is_function())
}

/// The first `max + 1` items an iterable yields (more than `max` means too
/// many), collected in JS: an endless iterator is never read to its end.
pub fn collect(iterable: &JsValue, max: u32) -> Result<Array, JsValue> {
    first_items(iterable, max)
}

/// A plain-data copy of a call's parameters (`JSON.parse(JSON.stringify(
/// params))` in JS), or `Ok(Err(why))` when they hold a value JSON would
/// silently drop or change (a function, Symbol, BigInt, non-finite number,
/// `Date` or other `toJSON` object, a lone surrogate, an array of more than
/// 1,000 items). `params` must be an object.
pub fn plain_copy(params: &JsValue) -> Result<Result<JsValue, String>, JsValue> {
    let copy = plain_copy_js(params)?;
    Ok(match copy.as_string() {
        Some(why) => Err(why),
        None => Ok(copy),
    })
}

/// `JSON.parse(text)` of a JS string, which stays in JS.
pub fn parse_json(text: &JsValue) -> Result<JsValue, JsValue> {
    json_parse(text)
}

/// `function.call(this, a, b)`, caught.
pub fn call2(
    function: &Function,
    this: &JsValue,
    a: &JsValue,
    b: &JsValue,
) -> Result<JsValue, JsValue> {
    function.call2(this, a, b)
}
