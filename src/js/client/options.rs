//! Reading the caller's options objects and the runtime's environment.
//!
//! Values are read property by property (they hold functions and
//! `AbortSignal`s, which no serializer carries) and their types checked here;
//! every message names the option and never echoes its value.

use js_sys::{Function, Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::api::config::{CallSettings, ClientSettings};
use crate::api::error::ClientError;

use super::transport::Signal;

/// The JS-only parts of the client options.
pub struct JsHandles {
    pub fetch_impl: Option<Function>,
    pub signal: Option<Signal>,
}

const CLIENT_OPTIONS: &[&str] = &[
    "apiKey",
    "baseUrl",
    "fetchImpl",
    "timeoutMs",
    "maxRetries",
    "signal",
    "headers",
    "dangerouslyAllowBrowser",
];
const REQUEST_OPTIONS: &[&str] = &["signal", "timeoutMs", "maxRetries", "headers"];

/// Reads `ClientOptions` (undefined and null are `{}`), the environment, and
/// whether this is a browser.
pub fn client_settings(options: &JsValue) -> Result<(ClientSettings, JsHandles), ClientError> {
    check_object(options, CLIENT_OPTIONS, "options")?;
    let settings = ClientSettings {
        api_key: string(options, "apiKey")?,
        base_url: string(options, "baseUrl")?,
        env_api_key: env_var("CALLINGBOX_API_KEY"),
        env_base_url: env_var("CALLINGBOX_BASE_URL"),
        timeout_ms: number(options, "timeoutMs")?,
        max_retries: number(options, "maxRetries")?,
        headers: headers(options)?,
        dangerously_allow_browser: boolean(options, "dangerouslyAllowBrowser")?,
        in_browser: in_browser(),
    };
    let handles = JsHandles {
        fetch_impl: function(options, "fetchImpl")?,
        signal: signal(options)?,
    };
    Ok((settings, handles))
}

/// Reads `RequestOptions` (undefined and null are `{}`).
pub fn call_settings(options: &JsValue) -> Result<(CallSettings, Option<Signal>), ClientError> {
    check_object(options, REQUEST_OPTIONS, "options")?;
    let settings = CallSettings {
        timeout_ms: number(options, "timeoutMs")?,
        max_retries: number(options, "maxRetries")?,
        headers: headers(options)?,
    };
    Ok((settings, signal(options)?))
}

/// An id argument: a string.
pub fn id_argument(value: &JsValue) -> Result<String, ClientError> {
    value
        .as_string()
        .ok_or_else(|| ClientError::validation(Some("id"), "id must be a string"))
}

/// Parameters as JSON text (`JSON.stringify`, which drops `undefined`
/// properties and keeps `null`); undefined is `null`.
pub fn params_json(value: &JsValue) -> Result<String, ClientError> {
    if value.is_undefined() || value.is_null() {
        return Ok("null".to_owned());
    }
    if !value.is_object() || value.is_function() || js_sys::Array::is_array(value) {
        return Err(ClientError::validation(
            None,
            "the parameters must be a plain object",
        ));
    }
    js_sys::JSON::stringify(value)
        .ok()
        .and_then(|s| s.as_string())
        .ok_or_else(|| {
            ClientError::validation(None, "the parameters could not be serialized to JSON")
        })
}

fn check_object(value: &JsValue, allowed: &[&str], what: &str) -> Result<(), ClientError> {
    if value.is_undefined() || value.is_null() {
        return Ok(());
    }
    if !value.is_object() || value.is_function() || js_sys::Array::is_array(value) {
        return Err(ClientError::validation(
            None,
            format!("{what} must be an object"),
        ));
    }
    for key in Object::keys(value.unchecked_ref::<Object>()).iter() {
        let Some(key) = key.as_string() else { continue };
        if !allowed.contains(&key.as_str()) {
            let hint = match key.as_str() {
                "fetch" => " (pass your fetch function as fetchImpl)".to_owned(),
                "timeout" => " (did you mean timeoutMs?)".to_owned(),
                "apikey" | "api_key" | "key" => " (did you mean apiKey?)".to_owned(),
                "baseURL" | "base_url" => " (did you mean baseUrl?)".to_owned(),
                _ => format!(" (known: {})", allowed.join(", ")),
            };
            return Err(ClientError::validation(
                Some(&key),
                format!("unknown option {key}{hint}"),
            ));
        }
    }
    Ok(())
}

fn get(object: &JsValue, key: &str) -> JsValue {
    if !object.is_object() {
        return JsValue::UNDEFINED;
    }
    Reflect::get(object, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn string(object: &JsValue, key: &str) -> Result<Option<String>, ClientError> {
    let value = get(object, key);
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    value
        .as_string()
        .map(Some)
        .ok_or_else(|| ClientError::validation(Some(key), format!("{key} must be a string")))
}

fn number(object: &JsValue, key: &str) -> Result<Option<f64>, ClientError> {
    let value = get(object, key);
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    value
        .as_f64()
        .map(Some)
        .ok_or_else(|| ClientError::validation(Some(key), format!("{key} must be a number")))
}

fn boolean(object: &JsValue, key: &str) -> Result<bool, ClientError> {
    let value = get(object, key);
    if value.is_undefined() || value.is_null() {
        return Ok(false);
    }
    value
        .as_bool()
        .ok_or_else(|| ClientError::validation(Some(key), format!("{key} must be true or false")))
}

fn function(object: &JsValue, key: &str) -> Result<Option<Function>, ClientError> {
    let value = get(object, key);
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    value.dyn_into::<Function>().map(Some).map_err(|_| {
        ClientError::validation(Some(key), format!("{key} must be a function like fetch"))
    })
}

/// An `AbortSignal`, or anything with `aborted` and `addEventListener`.
fn signal(object: &JsValue) -> Result<Option<Signal>, ClientError> {
    let value = get(object, "signal");
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    let looks_right = get(&value, "aborted").as_bool().is_some()
        && get(&value, "addEventListener").is_function()
        && get(&value, "removeEventListener").is_function();
    if !looks_right {
        return Err(ClientError::validation(
            Some("signal"),
            "signal must be an AbortSignal",
        ));
    }
    Ok(Some(value.unchecked_into()))
}

/// `headers`: a plain object of strings, a `Headers`, or `[name, value]`
/// pairs.
fn headers(object: &JsValue) -> Result<Vec<(String, String)>, ClientError> {
    let value = get(object, "headers");
    if value.is_undefined() || value.is_null() {
        return Ok(Vec::new());
    }
    let bad = || {
        ClientError::validation(
            Some("headers"),
            "headers must be an object of header names to string values",
        )
    };
    if !value.is_object() {
        return Err(bad());
    }
    let mut out = Vec::new();
    let iterable = get(&value, "entries").is_function() || js_sys::Array::is_array(&value);
    if iterable {
        let iter = js_sys::try_iter(&value)
            .map_err(|_| bad())?
            .ok_or_else(bad)?;
        for pair in iter {
            let pair = pair.map_err(|_| bad())?;
            let name = js_sys::Reflect::get_u32(&pair, 0)
                .ok()
                .and_then(|v| v.as_string())
                .ok_or_else(bad)?;
            let v = js_sys::Reflect::get_u32(&pair, 1)
                .ok()
                .and_then(|v| v.as_string())
                .ok_or_else(bad)?;
            out.push((name, v));
        }
    } else {
        for entry in Object::entries(value.unchecked_ref::<Object>()).iter() {
            let name = js_sys::Reflect::get_u32(&entry, 0)
                .ok()
                .and_then(|v| v.as_string())
                .ok_or_else(bad)?;
            let v = js_sys::Reflect::get_u32(&entry, 1)
                .ok()
                .and_then(|v| v.as_string())
                .ok_or_else(bad)?;
            out.push((name, v));
        }
    }
    Ok(out)
}

/// An environment variable: `process.env` (Node, Bun, Deno's compatibility
/// layer) or `Deno.env.get` (which throws without `--allow-env`: then it is
/// unset). Browsers and workerd without `nodejs_compat` have neither.
fn env_var(name: &str) -> Option<String> {
    let global: JsValue = js_sys::global().into();
    let env = get(&get(&global, "process"), "env");
    if let Some(value) = get(&env, name).as_string() {
        return Some(value);
    }
    let deno_env = get(&get(&global, "Deno"), "env");
    let getter = get(&deno_env, "get");
    if let Some(getter) = getter.dyn_ref::<Function>() {
        if let Ok(value) = getter.call1(&deno_env, &JsValue::from_str(name)) {
            return value.as_string();
        }
    }
    None
}

/// A browser page (a `window` with a `document`) or a browser worker
/// (`importScripts`, which neither Node, Deno, Bun nor workerd define).
pub fn in_browser() -> bool {
    let global: JsValue = js_sys::global().into();
    let defined = |name: &str| !get(&global, name).is_undefined();
    (defined("window") && defined("document")) || get(&global, "importScripts").is_function()
}
