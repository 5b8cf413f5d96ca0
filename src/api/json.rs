//! The little JSON the client needs, without serde_json: a strict parser
//! into a [`Json`] tree, a compact writer, and a serde `Deserializer` over
//! the tree so that answers are still checked by the models' own derived
//! `Deserialize`.
//!
//! It follows serde_json's default behaviour where the client can see it:
//! RFC 8259 syntax only (no trailing commas, comments or lone surrogates),
//! nesting at most 128 deep, objects that keep the last of duplicate keys
//! and iterate in key order. Numbers keep their text; integers are read
//! exactly and other numbers only roughly (no model has a fractional field).

use std::fmt;

use serde::de::{self, DeserializeSeed, Expected, MapAccess, SeqAccess, Unexpected, Visitor};

/// A JSON value. Object entries are sorted by key, one entry per key.
#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    /// The number as written.
    Number(String),
    String(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

/// The deepest nesting [`parse`] accepts (serde_json's limit).
const MAX_DEPTH: u32 = 128;

/// Parses one JSON text (surrounding whitespace allowed). `None` when it is
/// not JSON.
pub fn parse(text: &str) -> Option<Json> {
    let mut p = Parser { text, pos: 0 };
    let value = p.value(0)?;
    p.skip_ws();
    (p.pos == text.len()).then_some(value)
}

struct Parser<'a> {
    text: &'a str,
    pos: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    fn next(&mut self) -> Option<u8> {
        let b = self.peek()?;
        self.pos += 1;
        Some(b)
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn eat(&mut self, byte: u8) -> bool {
        self.skip_ws();
        let found = self.peek() == Some(byte);
        if found {
            self.pos += 1;
        }
        found
    }

    fn literal(&mut self, word: &str, value: Json) -> Option<Json> {
        let rest = self.text.get(self.pos..)?;
        rest.starts_with(word).then(|| {
            self.pos += word.len();
            value
        })
    }

    fn value(&mut self, depth: u32) -> Option<Json> {
        self.skip_ws();
        match self.peek()? {
            b'n' => self.literal("null", Json::Null),
            b't' => self.literal("true", Json::Bool(true)),
            b'f' => self.literal("false", Json::Bool(false)),
            b'"' => self.string().map(Json::String),
            b'[' | b'{' if depth >= MAX_DEPTH => None,
            b'[' => {
                self.pos += 1;
                let mut items = Vec::new();
                if !self.eat(b']') {
                    loop {
                        items.push(self.value(depth + 1)?);
                        if self.eat(b']') {
                            break;
                        }
                        self.eat(b',').then_some(())?;
                    }
                }
                Some(Json::Array(items))
            }
            b'{' => {
                self.pos += 1;
                let mut entries: Vec<(String, Json)> = Vec::new();
                if !self.eat(b'}') {
                    loop {
                        self.skip_ws();
                        let key = self.string()?;
                        self.eat(b':').then_some(())?;
                        entries.push((key, self.value(depth + 1)?));
                        if self.eat(b'}') {
                            break;
                        }
                        self.eat(b',').then_some(())?;
                    }
                }
                Some(Json::Object(sorted_last_wins(entries)))
            }
            _ => self.number(),
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.pos += 1;
        }
        self.pos - start
    }

    fn number(&mut self) -> Option<Json> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        let first = self.peek();
        let int_digits = self.digits();
        if int_digits == 0 || (first == Some(b'0') && int_digits > 1) {
            return None;
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            (self.digits() > 0).then_some(())?;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            (self.digits() > 0).then_some(())?;
        }
        Some(Json::Number(self.text.get(start..self.pos)?.to_owned()))
    }

    fn hex4(&mut self) -> Option<u32> {
        let hex = self.text.get(self.pos..self.pos + 4)?;
        self.pos += 4;
        if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        u32::from_str_radix(hex, 16).ok()
    }

    /// A string, at its opening quote.
    fn string(&mut self) -> Option<String> {
        (self.next()? == b'"').then_some(())?;
        let mut out = String::new();
        loop {
            let run = self.pos;
            while matches!(self.peek(), Some(b) if b >= 0x20 && b != b'"' && b != b'\\') {
                self.pos += 1;
            }
            // Stops only at ASCII bytes, so both ends are char boundaries.
            out.push_str(self.text.get(run..self.pos)?);
            match self.next()? {
                b'"' => return Some(out),
                b'\\' => {}
                _ => return None,
            }
            let c = match self.next()? {
                b'"' => '"',
                b'\\' => '\\',
                b'/' => '/',
                b'b' => '\u{8}',
                b'f' => '\u{c}',
                b'n' => '\n',
                b'r' => '\r',
                b't' => '\t',
                b'u' => {
                    let mut code = self.hex4()?;
                    if (0xD800..0xDC00).contains(&code) {
                        if self.next()? != b'\\' || self.next()? != b'u' {
                            return None;
                        }
                        let low = self.hex4()?;
                        if !(0xDC00..0xE000).contains(&low) {
                            return None;
                        }
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
                    }
                    char::from_u32(code)?
                }
                _ => return None,
            };
            out.push(c);
        }
    }
}

/// Sorts entries by key and keeps the last of each key (a map's semantics).
fn sorted_last_wins(entries: Vec<(String, Json)>) -> Vec<(String, Json)> {
    let mut indexed: Vec<(usize, (String, Json))> = entries.into_iter().enumerate().collect();
    indexed.sort_unstable_by(|a, b| a.1 .0.cmp(&b.1 .0).then(b.0.cmp(&a.0)));
    let mut out: Vec<(String, Json)> = Vec::with_capacity(indexed.len());
    for (_, entry) in indexed {
        // Within a key the last one written comes first.
        if out.last().is_none_or(|(k, _)| *k != entry.0) {
            out.push(entry);
        }
    }
    out
}

impl Json {
    /// The value of `key`, when this is an object that has it.
    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Object(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::String(s) => Some(s),
            _ => None,
        }
    }

    /// A non-negative integer written without fraction or exponent.
    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Json::Number(text) => text.parse().ok(),
            _ => None,
        }
    }

    /// Compact JSON text.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }

    fn write(&self, out: &mut String) {
        match self {
            Json::Null => out.push_str("null"),
            Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Json::Number(text) => out.push_str(text),
            Json::String(s) => write_str(out, s),
            Json::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write(out);
                }
                out.push(']');
            }
            Json::Object(entries) => {
                out.push('{');
                for (i, (key, value)) in entries.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write_str(out, key);
                    out.push(':');
                    value.write(out);
                }
                out.push('}');
            }
        }
    }
}

/// A JSON string literal, escaped as serde_json and `JSON.stringify` do.
fn write_str(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => {
                out.push_str("\\u00");
                out.push(char::from(HEX[(c as usize) >> 4]));
                out.push(char::from(HEX[(c as usize) & 0xF]));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Why a value did not fit a model, in serde's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error(pub String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

/// serde's description of an unexpected value, without formatting floats
/// (which would bring in float formatting for one rare message).
fn unexpected(u: Unexpected<'_>) -> String {
    match u {
        Unexpected::Bool(b) => format!("boolean `{b}`"),
        Unexpected::Unsigned(n) => format!("integer `{n}`"),
        Unexpected::Signed(n) => format!("integer `{n}`"),
        Unexpected::Float(_) => "floating point".to_owned(),
        Unexpected::Str(s) => format!("string {s:?}"),
        Unexpected::Unit => "null".to_owned(),
        Unexpected::Seq => "sequence".to_owned(),
        Unexpected::Map => "map".to_owned(),
        _ => "another value".to_owned(),
    }
}

impl de::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Error {
        Error(msg.to_string())
    }

    fn invalid_type(u: Unexpected<'_>, exp: &dyn Expected) -> Error {
        Error(format!("invalid type: {}, expected {exp}", unexpected(u)))
    }

    fn invalid_value(u: Unexpected<'_>, exp: &dyn Expected) -> Error {
        Error(format!("invalid value: {}, expected {exp}", unexpected(u)))
    }
}

/// Roughly the value of a JSON number that is not an integer (only ever
/// shown as "floating point").
fn rough_f64(text: &str) -> f64 {
    let (mantissa, exponent) = text.split_once(['e', 'E']).unwrap_or((text, "0"));
    let mut value = 0.0f64;
    let mut scale = 0i32;
    let mut after_point = false;
    for b in mantissa.bytes() {
        match b {
            b'0'..=b'9' => {
                value = value * 10.0 + f64::from(b - b'0');
                scale -= i32::from(after_point);
            }
            b'.' => after_point = true,
            _ => {}
        }
    }
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let value = value * 10f64.powi(scale.saturating_add(exponent));
    if mantissa.starts_with('-') {
        -value
    } else {
        value
    }
}

/// Reads `value` as `T`, as serde_json's `from_value` would.
pub fn from_json<'de, T: de::Deserialize<'de>>(value: &'de Json) -> Result<T, Error> {
    T::deserialize(value)
}

impl<'de> de::Deserializer<'de> for &'de Json {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            Json::Null => visitor.visit_unit(),
            Json::Bool(b) => visitor.visit_bool(*b),
            Json::Number(text) => {
                if let Ok(n) = text.parse::<u64>() {
                    visitor.visit_u64(n)
                } else if let Ok(n) = text.parse::<i64>() {
                    visitor.visit_i64(n)
                } else {
                    visitor.visit_f64(rough_f64(text))
                }
            }
            Json::String(s) => visitor.visit_borrowed_str(s),
            Json::Array(items) => visitor.visit_seq(Items(items.iter())),
            Json::Object(entries) => visitor.visit_map(Entries {
                iter: entries.iter(),
                value: None,
            }),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            Json::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self {
            Json::String(s) => {
                visitor.visit_enum(de::value::BorrowedStrDeserializer::<Error>::new(s))
            }
            _ => self.deserialize_any(visitor),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct newtype_struct seq tuple
        tuple_struct map struct identifier
    }
}

struct Items<'de>(std::slice::Iter<'de, Json>);

impl<'de> SeqAccess<'de> for Items<'de> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        self.0.next().map(|item| seed.deserialize(item)).transpose()
    }
}

struct Entries<'de> {
    iter: std::slice::Iter<'de, (String, Json)>,
    value: Option<&'de Json>,
}

impl<'de> MapAccess<'de> for Entries<'de> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        let Some((key, value)) = self.iter.next() else {
            return Ok(None);
        };
        self.value = Some(value);
        seed.deserialize(de::value::BorrowedStrDeserializer::new(key))
            .map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        match self.value.take() {
            Some(value) => seed.deserialize(value),
            None => Err(de::Error::custom("a value without its key")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_what_json_allows_and_nothing_else() {
        let v =
            parse(r#" {"b":[1,-2.5e3,true,null],"a":"x\u00e9\ud83d\ude00\n","b":{}} "#).unwrap();
        assert_eq!(v.to_text(), r#"{"a":"xé😀\n","b":{}}"#);
        for bad in [
            "",
            "{",
            "[1,]",
            "{\"a\":1,}",
            "01",
            "1.",
            "-",
            "1e",
            "\"\\ud800\"",
            "\"\\udc00\"",
            "\"a\nb\"",
            "nul",
            "[1] x",
            "'a'",
            "\"\\x\"",
            "+1",
            ".5",
        ] {
            assert_eq!(parse(bad), None, "{bad:?}");
        }
        assert!(parse(
            &"[".repeat(128)
                .chars()
                .chain("]".repeat(128).chars())
                .collect::<String>()
        )
        .is_some());
        assert!(parse(
            &"[".repeat(129)
                .chars()
                .chain("]".repeat(129).chars())
                .collect::<String>()
        )
        .is_none());
    }

    #[test]
    fn numbers_keep_their_text_and_integers_read_exactly() {
        assert_eq!(
            parse("18446744073709551615").unwrap().as_u64(),
            Some(u64::MAX)
        );
        assert_eq!(parse("18446744073709551616").unwrap().as_u64(), None);
        assert_eq!(parse("2.0").unwrap().as_u64(), None);
        assert_eq!(parse("-1").unwrap().as_u64(), None);
        assert_eq!(parse("1E+2").unwrap().to_text(), "1E+2");
        assert!((rough_f64("-1.25e2") + 125.0).abs() < 1e-9);
    }

    #[test]
    fn strings_are_escaped_like_json_stringify() {
        let s = "q\"b\\s\u{1}\u{1f}\t\u{8}\u{c}é\u{2028}";
        let text = Json::String(s.to_owned()).to_text();
        assert_eq!(text, "\"q\\\"b\\\\s\\u0001\\u001f\\t\\b\\fé\u{2028}\"");
        assert_eq!(parse(&text), Some(Json::String(s.to_owned())));
    }
}
