//! Checking a parsed answer against a model, without serde's derived
//! `Deserialize` (a visitor per model, seeds per field type: most of the
//! client's size before this).
//!
//! A model's [`Shape`] lists its fields and what each holds; the
//! `checked_model!` macro in [`super::models`] derives it from the struct
//! itself, so the models stay defined once. The rules are serde's for these
//! types: a missing `Option` field is null, any other missing field is an
//! error, unknown fields are allowed, and integers must fit their type.
//! Messages follow serde's wording, prefixed with the field.

use super::json::Json;

/// What a field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    String,
    U64,
    U16,
    /// An array of strings.
    Strings,
    /// One of these strings (a unit enum's wire names).
    OneOf(&'static [&'static str]),
}

/// The [`Kind`] of a Rust field type; `Option<T>` is `T` that may be null
/// or missing.
pub trait FieldKind {
    const KIND: Kind;
    const NULLABLE: bool = false;
}

impl FieldKind for String {
    const KIND: Kind = Kind::String;
}

impl FieldKind for u64 {
    const KIND: Kind = Kind::U64;
}

impl FieldKind for u16 {
    const KIND: Kind = Kind::U16;
}

impl FieldKind for Vec<String> {
    const KIND: Kind = Kind::Strings;
}

impl<T: FieldKind> FieldKind for Option<T> {
    const KIND: Kind = T::KIND;
    const NULLABLE: bool = true;
}

/// A model's fields: name, kind, nullable.
pub trait Shape {
    const FIELDS: &'static [(&'static str, Kind, bool)];
    /// The fields of a `#[serde(flatten)]`ed member, checked in the same
    /// object.
    const FLATTENED: &'static [(&'static str, Kind, bool)] = &[];

    /// Whether `value` is an object that serde would read as this model;
    /// the error says why not.
    fn check(value: &Json) -> Result<(), String> {
        if !matches!(value, Json::Object(_)) {
            return Err(format!("invalid type: {}, expected a map", describe(value)));
        }
        for &(name, kind, nullable) in Self::FIELDS.iter().chain(Self::FLATTENED) {
            match value.get(name) {
                None | Some(Json::Null) if nullable => {}
                None => return Err(format!("missing field `{name}`")),
                Some(field) => check_kind(field, kind).map_err(|e| format!("{name}: {e}"))?,
            }
        }
        Ok(())
    }
}

fn check_kind(value: &Json, kind: Kind) -> Result<(), String> {
    let fits = match (kind, value) {
        (Kind::String, Json::String(_)) => true,
        (Kind::U64, Json::Number(text)) => return integer(value, text, u64::MAX, "u64"),
        (Kind::U16, Json::Number(text)) => return integer(value, text, u16::MAX.into(), "u16"),
        (Kind::Strings, Json::Array(items)) => {
            return items
                .iter()
                .try_for_each(|item| check_kind(item, Kind::String));
        }
        (Kind::OneOf(names), Json::String(s)) => {
            if names.contains(&s.as_str()) {
                return Ok(());
            }
            return Err(format!(
                "unknown variant `{s}`, expected one of `{}`",
                names.join("`, `")
            ));
        }
        _ => false,
    };
    if fits {
        return Ok(());
    }
    let expected = match kind {
        Kind::String | Kind::OneOf(_) => "a string",
        Kind::U64 => "u64",
        Kind::U16 => "u16",
        Kind::Strings => "a sequence",
    };
    Err(format!(
        "invalid type: {}, expected {expected}",
        describe(value)
    ))
}

/// A whole number from 0 to `max` (`-0` is 0, as serde reads it).
fn integer(value: &Json, text: &str, max: u64, expected: &str) -> Result<(), String> {
    match text.parse::<u64>() {
        Ok(n) if n <= max => Ok(()),
        _ if text == "-0" => Ok(()),
        _ => Err(format!(
            "invalid value: {}, expected {expected}",
            describe(value)
        )),
    }
}

/// serde's name for what a value is.
fn describe(value: &Json) -> String {
    match value {
        Json::Null => "null".to_owned(),
        Json::Bool(b) => format!("boolean `{b}`"),
        Json::Number(text) if text.parse::<i64>().is_ok() || text.parse::<u64>().is_ok() => {
            format!("integer `{text}`")
        }
        Json::Number(text) => format!("floating point `{text}`"),
        Json::String(s) => format!("string \"{s}\""),
        Json::Array(_) => "sequence".to_owned(),
        Json::Object(_) => "map".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    //! The shapes must say what serde's derived `Deserialize` says.
    use serde::de::DeserializeOwned;
    use serde_json::{json, Value};

    use super::*;
    use crate::api::json;
    use crate::api::models::{
        WebhookDelivery, WebhookDeliveryStatus, WebhookEndpoint, WebhookEndpointStatus,
        WebhookEndpointWithSecret,
    };

    fn agree<T: Shape + DeserializeOwned>(value: &Value) {
        let by_serde = serde_json::from_value::<T>(value.clone());
        let parsed = json::parse(&value.to_string()).unwrap();
        let by_shape = T::check(&parsed);
        assert_eq!(
            by_serde.is_ok(),
            by_shape.is_ok(),
            "{value}: serde {:?}, shape {by_shape:?}",
            by_serde.err()
        );
    }

    fn every_change_agrees<T: Shape + DeserializeOwned>(valid: Value) {
        agree::<T>(&valid);
        let odd = [
            Value::Null,
            json!(true),
            json!(-1),
            json!(0),
            json!(70000),
            json!(1.5),
            json!(18446744073709551615u64),
            json!("x"),
            json!("enabled"),
            json!("exhausted"),
            json!([]),
            json!(["a"]),
            json!([1]),
            json!({}),
        ];
        for &(name, _, _) in T::FIELDS.iter().chain(T::FLATTENED) {
            let mut without = valid.clone();
            without.as_object_mut().unwrap().remove(name);
            agree::<T>(&without);
            for v in &odd {
                let mut changed = valid.clone();
                changed[name] = v.clone();
                agree::<T>(&changed);
            }
        }
        for not_an_object in [json!([]), json!("x"), Value::Null] {
            agree::<T>(&not_an_object);
        }
    }

    fn endpoint() -> Value {
        json!({
            "id": "e", "org_id": "o", "url": "https://a.example", "description": null,
            "enabled_events": ["*"], "status": "enabled", "disabled_reason": null,
            "disabled_at": null, "consecutive_failures": 0, "created_at": "t",
            "updated_at": "t", "unknown": 1.5
        })
    }

    #[test]
    fn the_shapes_agree_with_serde() {
        every_change_agrees::<WebhookEndpoint>(endpoint());
        let mut with_secret = endpoint();
        with_secret["signing_secret"] = json!("whsec_x");
        every_change_agrees::<WebhookEndpointWithSecret>(with_secret);
        every_change_agrees::<WebhookDelivery>(json!({
            "id": "d", "org_id": "o", "endpoint_id": null, "call_id": "c",
            "event_type": "call.new", "url": "https://a.example", "status": "pending",
            "attempt_count": 1, "manual_retry_count": 0, "next_attempt_at": null,
            "last_error": null, "last_response_status": 500, "delivered_at": null,
            "created_at": "t", "updated_at": "t"
        }));
    }

    #[test]
    fn the_enum_kinds_name_every_variant_as_serde_does() {
        fn names<T: FieldKind + serde::Serialize>(all: &[T]) {
            let Kind::OneOf(names) = T::KIND else {
                panic!("not an enum kind")
            };
            let serialized: Vec<Value> = all.iter().map(|v| json!(v)).collect();
            assert_eq!(
                serialized,
                names.iter().map(|n| json!(n)).collect::<Vec<_>>()
            );
        }
        names(&[
            WebhookEndpointStatus::Enabled,
            WebhookEndpointStatus::Disabled,
        ]);
        names(&[
            WebhookDeliveryStatus::Pending,
            WebhookDeliveryStatus::Delivered,
            WebhookDeliveryStatus::Exhausted,
        ]);
    }
}
