//! The caller's parameters, read and checked into an [`Operation`] before
//! anything is sent.
//!
//! The JS layer hands them over as a plain copy of the caller's object
//! (`JSON.parse(JSON.stringify(params))`, run in JavaScript and caught
//! there, so getters, proxies and `toJSON` cannot throw through the wasm);
//! natively and in the tests they are JSON text. They are read field by
//! field through [`ParsedJson`], each as the parameter model's own type (so
//! serde decides what fits), and every problem names the parameter: a wrong
//! type, an unknown name (with a hint when it is the camelCase spelling of a
//! snake_case one), an unknown event type, a limit out of range, a webhook
//! URL that fails [`check_webhook_url`].

use super::error::ClientError;
use super::models::{
    CreateWebhookEndpointParams, ListWebhookDeliveriesParams, UpdateWebhookEndpointParams,
    WebhookDeliveryStatus, WebhookEndpointStatus, WebhookEventType,
};
use super::operation::Operation;
use super::parsed::{JsonKind, ParsedJson};
use super::url::{check_webhook_url, UrlParser};

/// The most deliveries one list call may ask for.
pub const MAX_LIST_LIMIT: u32 = 200;

impl Operation {
    /// `webhookEndpoints.create`, from the caller's parameters.
    pub fn create_endpoint(
        params: &(impl ParsedJson + ?Sized),
        parse: UrlParser,
    ) -> Result<Operation, ClientError> {
        let map = params_object(params, true)?;
        check_keys(map, &["url", "description", "enabled_events"])?;
        let url = take_string(map, "url")?.ok_or_else(|| {
            ClientError::validation(
                Some("url"),
                "url is required: the HTTPS URL that events are POSTed to",
            )
        })?;
        check_webhook_url(&url, parse)?;
        let description = take_nullable_string(map, "description")?.flatten();
        let enabled_events = take_enabled_events(map)?;
        Ok(Operation::CreateEndpoint(CreateWebhookEndpointParams {
            url,
            description,
            enabled_events,
        }))
    }

    /// `webhookEndpoints.list`.
    pub fn list_endpoints() -> Operation {
        Operation::ListEndpoints
    }

    /// `webhookEndpoints.retrieve(id)`.
    pub fn retrieve_endpoint(id: &str) -> Result<Operation, ClientError> {
        Ok(Operation::RetrieveEndpoint {
            id: check_id(id, "id")?,
        })
    }

    /// `webhookEndpoints.update`, from the caller's parameters.
    pub fn update_endpoint(
        id: &str,
        params: &(impl ParsedJson + ?Sized),
        parse: UrlParser,
    ) -> Result<Operation, ClientError> {
        let id = check_id(id, "id")?;
        let map = params_object(params, false)?;
        check_keys(map, &["url", "description", "enabled_events", "status"])?;
        let url = take_string(map, "url")?;
        if let Some(url) = &url {
            check_webhook_url(url, parse)?;
        }
        let description = take_nullable_string(map, "description")?;
        let enabled_events = take_enabled_events(map)?;
        let status = take_one_of(
            map,
            "status",
            &[
                WebhookEndpointStatus::Enabled,
                WebhookEndpointStatus::Disabled,
            ],
            WebhookEndpointStatus::as_str,
        )?;
        Ok(Operation::UpdateEndpoint {
            id,
            params: UpdateWebhookEndpointParams {
                url,
                description,
                enabled_events,
                status,
            },
        })
    }

    /// `webhookEndpoints.delete(id)`.
    pub fn delete_endpoint(id: &str) -> Result<Operation, ClientError> {
        Ok(Operation::DeleteEndpoint {
            id: check_id(id, "id")?,
        })
    }

    /// `webhookEndpoints.rotateSecret(id)`.
    pub fn rotate_secret(id: &str) -> Result<Operation, ClientError> {
        Ok(Operation::RotateSecret {
            id: check_id(id, "id")?,
        })
    }

    /// `webhookDeliveries.list`, from the caller's filters.
    pub fn list_deliveries(params: &(impl ParsedJson + ?Sized)) -> Result<Operation, ClientError> {
        let map = params_object(params, false)?;
        check_keys(map, &["endpoint_id", "call_id", "status", "limit"])?;
        let endpoint_id = take_string(map, "endpoint_id")?
            .map(|id| check_id(&id, "endpoint_id"))
            .transpose()?;
        let call_id = take_string(map, "call_id")?
            .map(|id| check_id(&id, "call_id"))
            .transpose()?;
        let status = take_one_of(
            map,
            "status",
            &[
                WebhookDeliveryStatus::Pending,
                WebhookDeliveryStatus::Delivered,
                WebhookDeliveryStatus::Exhausted,
            ],
            WebhookDeliveryStatus::as_str,
        )?;
        let limit = match map.0.and_then(|p| p.kind_at(&["limit"])) {
            None | Some(JsonKind::Null) => None,
            _ => match map.0.and_then(|p| p.number_at(&["limit"])) {
                Some(n) if n.fract() == 0.0 && (1.0..=f64::from(MAX_LIST_LIMIT)).contains(&n) => {
                    Some(n as u32)
                }
                _ => {
                    return Err(must_be(
                        "limit",
                        &format!("a whole number from 1 to {MAX_LIST_LIMIT}"),
                    ))
                }
            },
        };
        Ok(Operation::ListDeliveries(ListWebhookDeliveriesParams {
            endpoint_id,
            call_id,
            status,
            limit,
        }))
    }

    /// `webhookDeliveries.retrieve(id)`.
    pub fn retrieve_delivery(id: &str) -> Result<Operation, ClientError> {
        Ok(Operation::RetrieveDelivery {
            id: check_id(id, "id")?,
        })
    }

    /// `webhookDeliveries.redeliver(id)`.
    pub fn redeliver(id: &str) -> Result<Operation, ClientError> {
        Ok(Operation::Redeliver {
            id: check_id(id, "id")?,
        })
    }
}

/// An id that goes into a path: not empty, and not `.` or `..` (which URL
/// parsers would resolve away).
fn check_id(id: &str, param: &str) -> Result<String, ClientError> {
    if id.trim().is_empty() {
        return Err(must_be(param, "a non-empty string"));
    }
    if id == "." || id == ".." {
        return Err(ClientError::validation(
            Some(param),
            format!("{param} is not a valid id"),
        ));
    }
    Ok(id.to_owned())
}

fn must_be(param: &str, what: &str) -> ClientError {
    ClientError::validation(Some(param), format!("{param} must be {what}"))
}

/// The parameters, when they are an object. `null` (or absent) parameters
/// count as an empty object unless `required`.
fn params_object<P: ParsedJson + ?Sized>(
    params: &P,
    required: bool,
) -> Result<Params<'_, P>, ClientError> {
    match params.kind_at(&[]) {
        Some(JsonKind::Object) => Ok(Params(Some(params))),
        Some(JsonKind::Null) if !required => Ok(Params(None)),
        _ => Err(ClientError::validation(
            None,
            "the parameters must be a plain object",
        )),
    }
}

/// The caller's parameters object (None: no parameters).
struct Params<'a, P: ?Sized>(Option<&'a P>);

impl<P: ?Sized> Clone for Params<'_, P> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<P: ?Sized> Copy for Params<'_, P> {}

/// Refuses parameters the API does not have; a camelCase spelling of a
/// snake_case name gets a hint, since that is the usual mistake in JS.
/// With several unknown names, the first in alphabetical order is named.
fn check_keys<P: ParsedJson + ?Sized>(
    params: Params<'_, P>,
    allowed: &[&str],
) -> Result<(), ClientError> {
    let keys = params.0.map(ParsedJson::keys).unwrap_or_default();
    let unknown = keys
        .iter()
        .filter(|key| !allowed.contains(&key.as_str()))
        .min();
    let Some(key) = unknown else {
        return Ok(());
    };
    let snake = to_snake_case(key);
    let hint = if allowed.contains(&snake.as_str()) {
        format!(" (the API's names are snake_case: use {snake})")
    } else {
        format!(" (expected one of: {})", allowed.join(", "))
    };
    Err(ClientError::validation(
        Some(key),
        format!("unknown parameter {key}{hint}"),
    ))
}

fn to_snake_case(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// A string parameter; absent or null is None.
fn take_string<P: ParsedJson + ?Sized>(
    params: Params<'_, P>,
    key: &str,
) -> Result<Option<String>, ClientError> {
    let Some(params) = params.0 else {
        return Ok(None);
    };
    match params.kind_at(&[key]) {
        None | Some(JsonKind::Null) => Ok(None),
        Some(JsonKind::String) => Ok(params.string_at(&[key])),
        Some(_) => Err(must_be(key, "a string")),
    }
}

/// A parameter that may be a string or null: None when absent, Some(None)
/// for null.
fn take_nullable_string<P: ParsedJson + ?Sized>(
    params: Params<'_, P>,
    key: &str,
) -> Result<Option<Option<String>>, ClientError> {
    match params.0.and_then(|p| p.kind_at(&[key])) {
        None => Ok(None),
        Some(JsonKind::Null) => Ok(Some(None)),
        Some(JsonKind::String) => Ok(Some(take_string(params, key)?)),
        Some(_) => Err(must_be(key, "a string or null")),
    }
}

/// A parameter that is the wire name of one of `values` (`name` gives it).
fn take_one_of<T: Copy, P: ParsedJson + ?Sized>(
    params: Params<'_, P>,
    key: &str,
    values: &[T],
    name: fn(T) -> &'static str,
) -> Result<Option<T>, ClientError> {
    let wrong = || {
        let names: Vec<String> = values.iter().map(|v| format!("\"{}\"", name(*v))).collect();
        let (last, rest) = names.split_last().expect("at least one value");
        must_be(key, &format!("{} or {last}", rest.join(", ")))
    };
    match take_string(params, key) {
        Ok(None) => Ok(None),
        Ok(Some(text)) => values
            .iter()
            .find(|v| name(**v) == text)
            .map(|v| Some(*v))
            .ok_or_else(wrong),
        Err(_) => Err(wrong()),
    }
}

/// `enabled_events`: an array of known event types or `"*"`.
fn take_enabled_events<P: ParsedJson + ?Sized>(
    map: Params<'_, P>,
) -> Result<Option<Vec<String>>, ClientError> {
    const KEY: &str = "enabled_events";
    let Some(params) = map.0 else {
        return Ok(None);
    };
    let not_events = || must_be(KEY, "an array of event types");
    let events = match params.kind_at(&[KEY]) {
        None | Some(JsonKind::Null) => return Ok(None),
        Some(JsonKind::Array) => {
            let len = params.len_at(&[KEY]).ok_or_else(not_events)?;
            let mut events = Vec::with_capacity(len);
            for i in 0..len {
                let index = i.to_string();
                events.push(params.string_at(&[KEY, &index]).ok_or_else(not_events)?);
            }
            events
        }
        Some(_) => return Err(not_events()),
    };
    // One list, looked through in a loop: a lookup per name is unrolled into
    // a string compare per event type at every use.
    let known: Vec<&str> = WebhookEventType::ALL.iter().map(|t| t.as_str()).collect();
    if let Some(name) = events
        .iter()
        .find(|name| *name != "*" && !known.contains(&name.as_str()))
    {
        return Err(ClientError::validation(
            Some(KEY),
            format!(
                "unknown event type {name:?} in enabled_events (known: \"*\", {})",
                known.join(", ")
            ),
        ));
    }
    Ok(Some(events))
}
