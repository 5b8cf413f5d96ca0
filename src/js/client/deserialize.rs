//! serde's `Deserializer` over the plain data `JSON.parse` makes, so that
//! the models' derives check an answer in place (no text crosses into the
//! wasm, and nothing is copied that the model does not read).
//!
//! Why not serde-wasm-bindgen, which does the same: measured on the full
//! entry (gzip, JS + wasm), the client with serde-wasm-bindgen is 90,360 B,
//! 9,566 B of which is core's float formatting (grisu and dragon, with
//! their tables), linked only because serde's default
//! `de::Error::invalid_type` prints an unexpected float with `{}`. Its
//! error type cannot be changed; this one's can ([`DataError`] words an
//! unexpected value itself, and has the engine print numbers). Going
//! through `serde_json::Value` instead measured 109,556 B. The 80 KiB
//! ceiling of the full entry leaves room for neither.
//!
//! Only `JSON.parse` output comes here (objects and arrays of plain data,
//! own enumerable properties), so reading it runs no caller code.

use std::fmt;

use js_sys::Reflect;
use serde::de::value::StringDeserializer;
use serde::de::{
    self, DeserializeSeed, Expected, IntoDeserializer, MapAccess, SeqAccess, Unexpected, Visitor,
};
use wasm_bindgen::prelude::*;

use super::boundary;

#[wasm_bindgen]
extern "C" {
    /// `String(number)`: the engine prints numbers, not core's float
    /// formatting.
    #[wasm_bindgen(js_name = String)]
    fn number_text(n: f64) -> String;
}

/// Why plain data is not what a model wants, in serde's words.
#[derive(Debug)]
pub struct DataError(String);

impl fmt::Display for DataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for DataError {}

/// An unexpected value as serde words it, with numbers printed by the
/// engine.
fn describe(unexpected: Unexpected<'_>) -> String {
    match unexpected {
        Unexpected::Bool(b) => format!("boolean `{b}`"),
        Unexpected::Unsigned(n) => format!("integer `{n}`"),
        Unexpected::Signed(n) => format!("integer `{n}`"),
        Unexpected::Float(n) => format!("floating point `{}`", number_text(n)),
        Unexpected::Str(s) => format!("string \"{s}\""),
        Unexpected::Unit => "null".to_owned(),
        Unexpected::Seq => "sequence".to_owned(),
        Unexpected::Map => "map".to_owned(),
        _ => "a value of another kind".to_owned(),
    }
}

impl de::Error for DataError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        DataError(msg.to_string())
    }

    fn invalid_type(unexpected: Unexpected<'_>, expected: &dyn Expected) -> Self {
        DataError(format!(
            "invalid type: {}, expected {expected}",
            describe(unexpected)
        ))
    }

    fn invalid_value(unexpected: Unexpected<'_>, expected: &dyn Expected) -> Self {
        DataError(format!(
            "invalid value: {}, expected {expected}",
            describe(unexpected)
        ))
    }
}

/// One value of `JSON.parse`'s output.
pub struct PlainData(pub JsValue);

/// 2^64, the first whole number a `u64` cannot hold.
const TWO_64: f64 = 18_446_744_073_709_551_616.0;

impl<'de> de::Deserializer<'de> for PlainData {
    type Error = DataError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DataError> {
        let value = self.0;
        if value.is_null() || value.is_undefined() {
            return visitor.visit_unit();
        }
        if let Some(b) = value.as_bool() {
            return visitor.visit_bool(b);
        }
        if let Some(n) = value.as_f64() {
            // JSON.parse keeps no difference between 1 and 1.0; a whole
            // number reads as an integer (exactly: 2^53 + 2 stays itself).
            let whole = n.fract() == 0.0;
            return if whole && (0.0..TWO_64).contains(&n) {
                visitor.visit_u64(n as u64)
            } else if whole && (-TWO_64 / 2.0..0.0).contains(&n) {
                visitor.visit_i64(n as i64)
            } else {
                visitor.visit_f64(n)
            };
        }
        if let Some(s) = value.as_string() {
            return visitor.visit_string(s);
        }
        if boundary::is_array(&value).unwrap_or(false) {
            let len = Reflect::get(&value, &JsValue::from_str("length"))
                .ok()
                .and_then(|n| n.as_f64())
                .unwrap_or(0.0) as u32;
            return visitor.visit_seq(Items {
                array: value,
                next: 0,
                len,
            });
        }
        if value.is_object() {
            let keys = boundary::keys(&value).unwrap_or_default();
            return visitor.visit_map(Members {
                object: value,
                keys: keys.into_iter(),
                current: None,
            });
        }
        Err(de::Error::custom("a value that JSON cannot hold"))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DataError> {
        if self.0.is_null() || self.0.is_undefined() {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DataError> {
        // The models' enums are unit variants, written as their names.
        match self.0.as_string() {
            Some(name) => {
                let name: StringDeserializer<DataError> = name.into_deserializer();
                visitor.visit_enum(name)
            }
            None => self.deserialize_any(visitor),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DataError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DataError> {
        // Fields the model does not know are not read at all.
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map struct identifier
    }
}

/// An array's items, in order.
struct Items {
    array: JsValue,
    next: u32,
    len: u32,
}

impl<'de> SeqAccess<'de> for Items {
    type Error = DataError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, DataError> {
        if self.next >= self.len {
            return Ok(None);
        }
        let item = Reflect::get_u32(&self.array, self.next).unwrap_or(JsValue::NULL);
        self.next += 1;
        seed.deserialize(PlainData(item)).map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some((self.len - self.next) as usize)
    }
}

/// An object's members, in `Object.keys` order.
struct Members {
    object: JsValue,
    keys: std::vec::IntoIter<String>,
    current: Option<String>,
}

impl<'de> MapAccess<'de> for Members {
    type Error = DataError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DataError> {
        let Some(key) = self.keys.next() else {
            return Ok(None);
        };
        self.current = Some(key.clone());
        let key: StringDeserializer<DataError> = key.into_deserializer();
        seed.deserialize(key).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, DataError> {
        let key = self.current.take().unwrap_or_default();
        let value = Reflect::get(&self.object, &JsValue::from_str(&key)).unwrap_or(JsValue::NULL);
        seed.deserialize(PlainData(value))
    }
}
