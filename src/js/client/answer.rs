//! JSON documents as the JS layer holds them: `JSON.parse`'s value (of an
//! answer's text, or of a copy of the caller's parameters), read by the
//! core through [`ParsedJson`] and serde ([`super::deserialize`]). An answer's text
//! never crosses into the wasm on success; an error answer's crosses once,
//! cut to what a message shows.

use js_sys::{JsString, Reflect};
use serde::de::DeserializeOwned;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::api::parsed::{JsonKind, ParsedJson};

use super::boundary;
use super::deserialize::PlainData;

/// A parsed JSON value (None: the text was not JSON) and, for an answer,
/// its text.
pub struct JsJson {
    value: Option<JsValue>,
    text: Option<JsValue>,
}

impl JsJson {
    /// An answer's body: `JSON.parse(text)` (the engine's own parse of a
    /// string: no caller code runs in it). `text` must be a JS string.
    pub fn parse(text: JsValue) -> JsJson {
        JsJson {
            value: boundary::parse_json(&text).ok(),
            text: Some(text),
        }
    }

    /// A value that is plain JSON data already (a parsed copy).
    pub fn from_value(value: JsValue) -> JsJson {
        JsJson {
            value: Some(value),
            text: None,
        }
    }

    /// The whole value.
    pub fn value(&self) -> Option<&JsValue> {
        self.value.as_ref()
    }

    /// The value at `path`: plain data made by `JSON.parse`, so reading it
    /// runs no caller code.
    fn at(&self, path: &[&str]) -> Option<JsValue> {
        let mut value = self.value.clone()?;
        for key in path {
            // Plain data: an object, or an array indexed by decimal text.
            if !value.is_object() {
                return None;
            }
            value = Reflect::get(&value, &JsValue::from_str(key)).ok()?;
            if value.is_undefined() {
                return None;
            }
        }
        Some(value)
    }
}

impl ParsedJson for JsJson {
    fn kind_at(&self, path: &[&str]) -> Option<JsonKind> {
        let value = self.at(path)?;
        Some(if value.is_null() {
            JsonKind::Null
        } else if value.as_bool().is_some() {
            JsonKind::Bool
        } else if value.as_f64().is_some() {
            JsonKind::Number
        } else if value.is_string() {
            JsonKind::String
        } else if boundary::is_array(&value).unwrap_or(false) {
            JsonKind::Array
        } else {
            JsonKind::Object
        })
    }

    fn string_at(&self, path: &[&str]) -> Option<String> {
        self.at(path)?.as_string()
    }

    fn number_at(&self, path: &[&str]) -> Option<f64> {
        self.at(path)?.as_f64()
    }

    fn len_at(&self, path: &[&str]) -> Option<usize> {
        let value = self.at(path)?;
        if !boundary::is_array(&value).unwrap_or(false) {
            return None;
        }
        let len = Reflect::get(&value, &JsValue::from_str("length")).ok()?;
        len.as_f64().map(|n| n as usize)
    }

    fn keys(&self) -> Vec<String> {
        match self.kind_at(&[]) {
            Some(JsonKind::Object) => self
                .value
                .as_ref()
                .and_then(|v| boundary::keys(v).ok())
                .unwrap_or_default(),
            _ => Vec::new(),
        }
    }

    fn read_at<T: DeserializeOwned>(&self, path: &[&str]) -> Result<T, String> {
        let value = self.at(path).ok_or_else(|| "not JSON".to_owned())?;
        T::deserialize(PlainData(value)).map_err(|e| e.to_string())
    }

    fn excerpt_source(&self, max_chars: usize) -> String {
        let Some(text) = &self.text else {
            return String::new();
        };
        let text = text.unchecked_ref::<JsString>();
        let end = max_chars.saturating_mul(4).min(u32::MAX as usize) as u32;
        String::from(text.slice(0, end))
    }
}
