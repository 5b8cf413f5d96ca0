//! Reading an answer's body ([`ParsedJson`]): checking a successful one
//! against the model its call returns, and finding the message and code in
//! an error one.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};

use super::models::{WebhookDelivery, WebhookEndpoint};
use super::operation::Operation;
use super::parsed::{JsonKind, ParsedJson};

/// What a successful call hands back to JS.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Success {
    /// The parsed body as it is (an object, or a bare array of items).
    Whole,
    /// The parsed body's `data` member (a list in its envelope).
    Data,
    /// Nothing (delete).
    Empty,
}

/// Checks a 2xx body against what `op` returns; the error names the problem
/// in serde's words (a list item's error says which item).
pub fn parse_success(op: &Operation, body: &(impl ParsedJson + ?Sized)) -> Result<Success, String> {
    match op {
        Operation::DeleteEndpoint { .. } => Ok(Success::Empty),
        Operation::CreateEndpoint(_) | Operation::RotateSecret { .. } => {
            one::<WebhookEndpoint>(body)?;
            match body.kind_at(&["signing_secret"]) {
                None => Err("missing field `signing_secret`".to_owned()),
                Some(_) => body
                    .read_at::<String>(&["signing_secret"])
                    .map(|_| Success::Whole)
                    .map_err(|e| format!("signing_secret: {e}")),
            }
        }
        Operation::RetrieveEndpoint { .. } | Operation::UpdateEndpoint { .. } => {
            one::<WebhookEndpoint>(body)
        }
        Operation::ListEndpoints => list::<WebhookEndpoint>(body),
        Operation::ListDeliveries(_) => list::<WebhookDelivery>(body),
        Operation::RetrieveDelivery { .. } | Operation::Redeliver { .. } => {
            one::<WebhookDelivery>(body)
        }
    }
}

fn one<T: de::DeserializeOwned>(body: &(impl ParsedJson + ?Sized)) -> Result<Success, String> {
    match body.kind_at(&[]) {
        Some(JsonKind::Object) => body.read_at::<T>(&[]).map(|_| Success::Whole),
        Some(_) => Err("not a JSON object".to_owned()),
        None => Err("not JSON".to_owned()),
    }
}

/// `{"data": [...]}` or a bare array, every item a `T`.
fn list<T: de::DeserializeOwned>(body: &(impl ParsedJson + ?Sized)) -> Result<Success, String> {
    match body.kind_at(&[]) {
        None => Err("not JSON".to_owned()),
        Some(JsonKind::Array) => body.read_at::<Items<T>>(&[]).map(|_| Success::Whole),
        Some(JsonKind::Object) if body.kind_at(&["data"]) == Some(JsonKind::Array) => {
            body.read_at::<Items<T>>(&["data"]).map(|_| Success::Data)
        }
        Some(_) => Err("neither an array nor an object with a data array".to_owned()),
    }
}

/// An array whose every item is a `T`; an error says which item failed.
struct Items<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Items<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ItemsVisitor<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for ItemsVisitor<T> {
            type Value = Items<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an array")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Items<T>, A::Error> {
                let mut index = 0usize;
                loop {
                    match seq.next_element::<T>() {
                        Ok(Some(_)) => index += 1,
                        Ok(None) => return Ok(Items(PhantomData)),
                        Err(e) => {
                            return Err(de::Error::custom(format_args!("item {index}: {e}")));
                        }
                    }
                }
            }
        }
        deserializer.deserialize_seq(ItemsVisitor(PhantomData))
    }
}

/// What an error body says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ErrorBody {
    pub message: Option<String>,
    pub code: Option<String>,
}

/// The longest excerpt of a non-JSON error body that goes into a message.
const MAX_BODY_EXCERPT: usize = 200;

/// Reads `{"error": "..."}`, `{"error": {"message": "...", "code": "..."}}`,
/// `{"message": "..."}`, and anything else as text (shortened to one line of
/// at most 200 characters). Members of another type count as absent.
pub fn parse_error_body(body: &(impl ParsedJson + ?Sized)) -> ErrorBody {
    if body.kind_at(&[]) == Some(JsonKind::Object) {
        let s = |path: &[&str]| body.string_at(path);
        return match body.kind_at(&["error"]) {
            Some(JsonKind::String) => ErrorBody {
                message: s(&["error"]),
                code: s(&["code"]),
            },
            Some(JsonKind::Object) => ErrorBody {
                message: s(&["error", "message"]).or_else(|| s(&["message"])),
                code: s(&["error", "code"]).or_else(|| s(&["error", "type"])),
            },
            _ => ErrorBody {
                message: s(&["message"]),
                code: s(&["code"]),
            },
        };
    }
    let text = body.excerpt_source(MAX_BODY_EXCERPT);
    let mut one_line = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !one_line.is_empty() {
            one_line.push(' ');
        }
        one_line.push_str(word);
    }
    if one_line.is_empty() {
        return ErrorBody::default();
    }
    let message = if one_line.chars().count() <= MAX_BODY_EXCERPT {
        one_line
    } else {
        let cut: String = one_line.chars().take(MAX_BODY_EXCERPT).collect();
        format!("{cut}…")
    };
    ErrorBody {
        message: Some(message),
        code: None,
    }
}
