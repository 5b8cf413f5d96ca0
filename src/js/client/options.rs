//! Reading the caller's options objects, parameters and ids, and the
//! runtime's environment.
//!
//! Every read goes through [`super::boundary`], so a getter, proxy or
//! revoked proxy that throws becomes a `ValidationError` that names the
//! option ("options.headers could not be read: ..."), never an exception in
//! the wasm. Types are checked with `typeof` only: nothing is coerced, so a
//! `Symbol.toPrimitive` or `toString` never runs. Messages name the option
//! and never echo its value.

use js_sys::Function;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::api::config::{CallSettings, ClientSettings};
use crate::api::error::ClientError;

use super::answer::JsJson;
use super::boundary::{self, describe_thrown};
use super::signals::CallerSignal;
use super::urls::parse_with_engine;

/// The JS-only parts of the client options.
pub struct JsHandles {
    pub fetch_impl: Option<Function>,
    pub signal: Option<CallerSignal>,
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
/// The most extra headers an options object may give: an iterable of
/// 2^32 - 1 pairs is refused after MAX_HEADERS + 1, not read to its end.
const MAX_HEADERS: u32 = 100;

/// A `ValidationError` for a value that threw while it was read.
fn unreadable(param: &str, what: &str, thrown: &JsValue) -> ClientError {
    ClientError::validation(
        Some(param),
        format!(
            "{what} could not be read: reading it threw {}",
            describe_thrown(thrown)
        ),
    )
}

/// Reads `ClientOptions` (undefined and null are `{}`), the environment, and
/// whether this is a browser.
pub fn client_settings(options: &JsValue) -> Result<(ClientSettings, JsHandles), ClientError> {
    check_object(options, CLIENT_OPTIONS)?;
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
        parse_url: parse_with_engine,
    };
    let handles = JsHandles {
        fetch_impl: function(options, "fetchImpl")?,
        signal: signal(options)?,
    };
    Ok((settings, handles))
}

/// Reads `RequestOptions` (undefined and null are `{}`).
pub fn call_settings(
    options: &JsValue,
) -> Result<(CallSettings, Option<CallerSignal>), ClientError> {
    check_object(options, REQUEST_OPTIONS)?;
    let settings = CallSettings {
        timeout_ms: number(options, "timeoutMs")?,
        max_retries: number(options, "maxRetries")?,
        headers: headers(options)?,
    };
    Ok((settings, signal(options)?))
}

/// An id argument: a string (a `String` object or anything else is refused,
/// not converted).
pub fn id_argument(value: &JsValue) -> Result<String, ClientError> {
    value
        .as_string()
        .ok_or_else(|| ClientError::validation(Some("id"), "id must be a string"))
}

/// The caller's parameters as a plain copy, `JSON.parse(JSON.stringify(
/// params))`, both run in JS and caught: getters, proxies and `toJSON` run
/// there, `undefined` members drop out, and what the core reads is plain
/// data. Undefined and null are `null`. A value that JSON would drop or
/// change rather than copy (a function, Symbol, BigInt, non-finite number,
/// `Date`, a lone UTF-16 surrogate, which no UTF-8 request body can carry)
/// or an array of over 1,000 items is a `ValidationError`.
pub fn params(value: &JsValue) -> Result<JsJson, ClientError> {
    if value.is_undefined() || value.is_null() {
        return Ok(JsJson::from_value(JsValue::NULL));
    }
    let not_plain = || ClientError::validation(None, "the parameters must be a plain object");
    if !value.is_object() {
        return Err(not_plain());
    }
    let threw = |thrown: JsValue| unreadable("params", "the parameters", &thrown);
    if boundary::is_array(value).map_err(threw)? {
        return Err(not_plain());
    }
    match boundary::plain_copy(value).map_err(threw)? {
        Ok(copy) => Ok(JsJson::from_value(copy)),
        Err(why) => Err(ClientError::validation(Some("params"), why)),
    }
}

fn check_object(value: &JsValue, allowed: &[&str]) -> Result<(), ClientError> {
    if value.is_undefined() || value.is_null() {
        return Ok(());
    }
    let not_object = || ClientError::validation(Some("options"), "options must be an object");
    if !value.is_object() {
        return Err(not_object());
    }
    match boundary::is_array(value) {
        Ok(false) => {}
        Ok(true) => return Err(not_object()),
        Err(thrown) => return Err(unreadable("options", "options", &thrown)),
    }
    let keys = boundary::keys(value).map_err(|thrown| unreadable("options", "options", &thrown))?;
    for key in keys {
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

/// `options[key]`, with undefined and null as None.
fn option(object: &JsValue, key: &str) -> Result<Option<JsValue>, ClientError> {
    let value = boundary::get(object, key)
        .map_err(|thrown| unreadable(key, &format!("options.{key}"), &thrown))?;
    Ok((!value.is_undefined() && !value.is_null()).then_some(value))
}

fn string(object: &JsValue, key: &str) -> Result<Option<String>, ClientError> {
    option(object, key)?
        .map(|value| {
            value.as_string().ok_or_else(|| {
                ClientError::validation(Some(key), format!("{key} must be a string"))
            })
        })
        .transpose()
}

fn number(object: &JsValue, key: &str) -> Result<Option<f64>, ClientError> {
    option(object, key)?
        .map(|value| {
            value.as_f64().ok_or_else(|| {
                ClientError::validation(Some(key), format!("{key} must be a number"))
            })
        })
        .transpose()
}

fn boolean(object: &JsValue, key: &str) -> Result<bool, ClientError> {
    Ok(option(object, key)?
        .map(|value| {
            value.as_bool().ok_or_else(|| {
                ClientError::validation(Some(key), format!("{key} must be true or false"))
            })
        })
        .transpose()?
        .unwrap_or(false))
}

fn function(object: &JsValue, key: &str) -> Result<Option<Function>, ClientError> {
    option(object, key)?
        .map(|value| {
            if value.is_function() {
                Ok(value.unchecked_into::<Function>())
            } else {
                Err(ClientError::validation(
                    Some(key),
                    format!("{key} must be a function like fetch"),
                ))
            }
        })
        .transpose()
}

/// An `AbortSignal`, or anything with `aborted` and the two listener
/// methods (read once, here).
fn signal(object: &JsValue) -> Result<Option<CallerSignal>, ClientError> {
    let Some(value) = option(object, "signal")? else {
        return Ok(None);
    };
    let read = |key: &str| {
        boundary::get(&value, key)
            .map_err(|thrown| unreadable("signal", &format!("signal.{key}"), &thrown))
    };
    let aborted = read("aborted")?.as_bool();
    let add = read("addEventListener")?;
    let remove = read("removeEventListener")?;
    match aborted {
        Some(aborted) if add.is_function() && remove.is_function() => Ok(Some(CallerSignal::new(
            value.clone(),
            aborted,
            add.unchecked_into(),
            remove.unchecked_into(),
        ))),
        _ => Err(ClientError::validation(
            Some("signal"),
            "signal must be an AbortSignal",
        )),
    }
}

/// `headers`: a plain object of strings, a `Headers`, a `Map`, or
/// `[name, value]` pairs.
fn headers(object: &JsValue) -> Result<Vec<(String, String)>, ClientError> {
    let Some(value) = option(object, "headers")? else {
        return Ok(Vec::new());
    };
    let bad = || {
        ClientError::validation(
            Some("headers"),
            "headers must be an object of header names to string values",
        )
    };
    let threw = |thrown: JsValue| unreadable("headers", "headers", &thrown);
    if !value.is_object() {
        return Err(bad());
    }
    let pairs = if boundary::is_iterable(&value).map_err(threw)? {
        boundary::collect(&value, MAX_HEADERS).map_err(threw)?
    } else {
        boundary::entries(&value).map_err(threw)?
    };
    if pairs.length() > MAX_HEADERS {
        return Err(ClientError::validation(
            Some("headers"),
            format!("headers may hold at most {MAX_HEADERS} headers"),
        ));
    }
    let mut out = Vec::with_capacity(pairs.length() as usize);
    for pair in pairs.iter() {
        let name = boundary::get_index(&pair, 0).map_err(threw)?;
        let v = boundary::get_index(&pair, 1).map_err(threw)?;
        match (name.as_string(), v.as_string()) {
            (Some(name), Some(v)) => out.push((name, v)),
            _ => return Err(bad()),
        }
    }
    Ok(out)
}

/// An environment variable: `process.env` (Node, Bun, Deno's compatibility
/// layer) or `Deno.env.get` (which throws without `--allow-env`: then it is
/// unset). Browsers and workerd without `nodejs_compat` have neither. A
/// read that throws counts as unset.
fn env_var(name: &str) -> Option<String> {
    let global: JsValue = js_sys::global().into();
    let read =
        |object: &JsValue, key: &str| boundary::get(object, key).unwrap_or(JsValue::UNDEFINED);
    let env = read(&read(&global, "process"), "env");
    if let Some(value) = read(&env, name).as_string() {
        return Some(value);
    }
    let deno_env = read(&read(&global, "Deno"), "env");
    let getter = read(&deno_env, "get");
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
    let read = |key: &str| boundary::get(&global, key).unwrap_or(JsValue::UNDEFINED);
    (!read("window").is_undefined() && !read("document").is_undefined())
        || read("importScripts").is_function()
}
