//! A JSON document parsed by someone else, and read through serde.
//!
//! The client core never parses JSON itself. In the package the JS layer
//! parses with `JSON.parse` and the core reads the value through serde's
//! derives (`src/js/client/deserialize.rs`: the text never crosses into the
//! wasm, lone surrogates are read as `JSON.parse` reads them, and callers
//! get `JSON.parse`'s own object back). Natively, and in the tests, JSON text
//! is a [`ParsedJson`] through serde_json. Either way what a value may be is
//! the models' serde derives; the rest is looking at a member's kind.

use serde::de::DeserializeOwned;
use serde_json::Value;

/// What a JSON value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonKind {
    Null,
    Bool,
    Number,
    String,
    Array,
    Object,
}

/// A parsed JSON document. Paths are object keys (or array indices, as
/// decimal text) from the top; an empty path is the whole document.
pub trait ParsedJson {
    /// The kind of the value at `path`; None when the document is not JSON
    /// or the path leads nowhere.
    fn kind_at(&self, path: &[&str]) -> Option<JsonKind>;
    /// The string at `path`, when there is one.
    fn string_at(&self, path: &[&str]) -> Option<String>;
    /// The number at `path`, when there is one.
    fn number_at(&self, path: &[&str]) -> Option<f64>;
    /// The length of the array at `path`, when there is one.
    fn len_at(&self, path: &[&str]) -> Option<usize>;
    /// The keys of the object at the top (none when it is not an object).
    fn keys(&self) -> Vec<String>;
    /// The value at `path` read as a `T`; the error is serde's message.
    fn read_at<T: DeserializeOwned>(&self, path: &[&str]) -> Result<T, String>;
    /// The start of the document's text, for a message about a body that
    /// is not what it should be (about `max_chars` characters are needed).
    fn excerpt_source(&self, max_chars: usize) -> String;
}

fn kind_of(value: &Value) -> JsonKind {
    match value {
        Value::Null => JsonKind::Null,
        Value::Bool(_) => JsonKind::Bool,
        Value::Number(_) => JsonKind::Number,
        Value::String(_) => JsonKind::String,
        Value::Array(_) => JsonKind::Array,
        Value::Object(_) => JsonKind::Object,
    }
}

fn value_at(text: &str, path: &[&str]) -> Option<Value> {
    // serde_json keeps the last of a repeated key, as `JSON.parse` does.
    let mut value: Value = serde_json::from_str(text).ok()?;
    for key in path {
        value = match value {
            Value::Object(mut map) => map.remove(*key)?,
            Value::Array(mut items) => {
                let index: usize = key.parse().ok()?;
                (index < items.len()).then(|| items.swap_remove(index))?
            }
            _ => return None,
        };
    }
    Some(value)
}

/// JSON text, parsed by serde_json at each look (tests and native use).
impl ParsedJson for str {
    fn kind_at(&self, path: &[&str]) -> Option<JsonKind> {
        value_at(self, path).as_ref().map(kind_of)
    }

    fn string_at(&self, path: &[&str]) -> Option<String> {
        match value_at(self, path)? {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    fn number_at(&self, path: &[&str]) -> Option<f64> {
        value_at(self, path)?.as_f64()
    }

    fn len_at(&self, path: &[&str]) -> Option<usize> {
        value_at(self, path)?.as_array().map(Vec::len)
    }

    fn keys(&self) -> Vec<String> {
        match value_at(self, &[]) {
            Some(Value::Object(map)) => map.keys().cloned().collect(),
            _ => Vec::new(),
        }
    }

    fn read_at<T: DeserializeOwned>(&self, path: &[&str]) -> Result<T, String> {
        let value = value_at(self, path).ok_or_else(|| "not JSON".to_owned())?;
        T::deserialize(value).map_err(|e| e.to_string())
    }

    fn excerpt_source(&self, max_chars: usize) -> String {
        self.chars().take(max_chars.saturating_mul(4)).collect()
    }
}

impl ParsedJson for String {
    fn kind_at(&self, path: &[&str]) -> Option<JsonKind> {
        self.as_str().kind_at(path)
    }

    fn string_at(&self, path: &[&str]) -> Option<String> {
        self.as_str().string_at(path)
    }

    fn number_at(&self, path: &[&str]) -> Option<f64> {
        self.as_str().number_at(path)
    }

    fn len_at(&self, path: &[&str]) -> Option<usize> {
        self.as_str().len_at(path)
    }

    fn keys(&self) -> Vec<String> {
        self.as_str().keys()
    }

    fn read_at<T: DeserializeOwned>(&self, path: &[&str]) -> Result<T, String> {
        self.as_str().read_at(path)
    }

    fn excerpt_source(&self, max_chars: usize) -> String {
        self.as_str().excerpt_source(max_chars)
    }
}
