//! The calls of the API as values ([`Operation`]), their parameters parsed and
//! checked before anything is sent, and the HTTP request each one becomes.

use super::config::ClientConfig;
use super::error::ClientError;
use super::json::{self, Json};
use super::models::{
    CreateWebhookEndpointParams, ListWebhookDeliveriesParams, UpdateWebhookEndpointParams,
    WebhookDeliveryStatus, WebhookEndpointStatus, WebhookEventType,
};

/// The most deliveries one list call may ask for.
pub const MAX_LIST_LIMIT: u32 = 200;

/// An HTTP method the API uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Patch,
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }
}

/// One call of the API with its checked parameters.
#[derive(Debug, Clone, PartialEq)]
pub enum Operation {
    CreateEndpoint(CreateWebhookEndpointParams),
    ListEndpoints,
    RetrieveEndpoint {
        id: String,
    },
    UpdateEndpoint {
        id: String,
        params: UpdateWebhookEndpointParams,
    },
    DeleteEndpoint {
        id: String,
    },
    RotateSecret {
        id: String,
    },
    ListDeliveries(ListWebhookDeliveriesParams),
    RetrieveDelivery {
        id: String,
    },
    Redeliver {
        id: String,
    },
}

/// An HTTP request, ready for `fetch`.
#[derive(Clone, PartialEq, Eq)]
pub struct HttpRequest {
    pub method: Method,
    pub url: String,
    /// Names as sent; `Authorization` only when the client has a key.
    pub headers: Vec<(String, String)>,
    /// JSON text, for calls that send a body.
    pub body: Option<String>,
}

impl std::fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(n, v)| {
                (
                    n.as_str(),
                    if n.eq_ignore_ascii_case("authorization") {
                        "[redacted]"
                    } else {
                        v.as_str()
                    },
                )
            })
            .collect();
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &headers)
            .field("body", &self.body)
            .finish()
    }
}

impl Operation {
    /// `webhookEndpoints.create`, from the caller's parameters as JSON text.
    pub fn create_endpoint(params_json: &str) -> Result<Operation, ClientError> {
        let mut map = params_object(params_json, true)?;
        check_keys(&map, &["url", "description", "enabled_events"])?;
        let url = take_string(&mut map, "url")?.ok_or_else(|| {
            ClientError::validation(
                Some("url"),
                "url is required: the HTTPS URL that events are POSTed to",
            )
        })?;
        check_webhook_url(&url)?;
        let description = take_nullable_string(&mut map, "description")?.flatten();
        let enabled_events = take_enabled_events(&mut map)?;
        Ok(Operation::CreateEndpoint(CreateWebhookEndpointParams {
            url,
            description,
            enabled_events,
        }))
    }

    pub fn list_endpoints() -> Operation {
        Operation::ListEndpoints
    }

    pub fn retrieve_endpoint(id: &str) -> Result<Operation, ClientError> {
        Ok(Operation::RetrieveEndpoint {
            id: check_id(id, "id")?,
        })
    }

    /// `webhookEndpoints.update`, from the caller's parameters as JSON text.
    pub fn update_endpoint(id: &str, params_json: &str) -> Result<Operation, ClientError> {
        let id = check_id(id, "id")?;
        let mut map = params_object(params_json, false)?;
        check_keys(&map, &["url", "description", "enabled_events", "status"])?;
        let url = take_string(&mut map, "url")?;
        if let Some(url) = &url {
            check_webhook_url(url)?;
        }
        let description = take_nullable_string(&mut map, "description")?;
        let enabled_events = take_enabled_events(&mut map)?;
        let status = match take_string(&mut map, "status")? {
            None => None,
            Some(s) if s == "enabled" => Some(WebhookEndpointStatus::Enabled),
            Some(s) if s == "disabled" => Some(WebhookEndpointStatus::Disabled),
            Some(_) => {
                return Err(ClientError::validation(
                    Some("status"),
                    "status must be \"enabled\" or \"disabled\"",
                ))
            }
        };
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

    pub fn delete_endpoint(id: &str) -> Result<Operation, ClientError> {
        Ok(Operation::DeleteEndpoint {
            id: check_id(id, "id")?,
        })
    }

    pub fn rotate_secret(id: &str) -> Result<Operation, ClientError> {
        Ok(Operation::RotateSecret {
            id: check_id(id, "id")?,
        })
    }

    /// `webhookDeliveries.list`, from the caller's filters as JSON text.
    pub fn list_deliveries(params_json: &str) -> Result<Operation, ClientError> {
        let mut map = params_object(params_json, false)?;
        check_keys(&map, &["endpoint_id", "call_id", "status", "limit"])?;
        let endpoint_id = take_string(&mut map, "endpoint_id")?
            .map(|id| check_id(&id, "endpoint_id"))
            .transpose()?;
        let call_id = take_string(&mut map, "call_id")?
            .map(|id| check_id(&id, "call_id"))
            .transpose()?;
        let status = match take_string(&mut map, "status")? {
            None => None,
            Some(s) => Some(match s.as_str() {
                "pending" => WebhookDeliveryStatus::Pending,
                "delivered" => WebhookDeliveryStatus::Delivered,
                "exhausted" => WebhookDeliveryStatus::Exhausted,
                _ => {
                    return Err(ClientError::validation(
                        Some("status"),
                        "status must be \"pending\", \"delivered\" or \"exhausted\"",
                    ))
                }
            }),
        };
        let limit = match take(&mut map, "limit") {
            None | Some(Json::Null) => None,
            Some(v) => match v.as_u64() {
                Some(n) if (1..=u64::from(MAX_LIST_LIMIT)).contains(&n) => Some(n as u32),
                _ => {
                    return Err(ClientError::validation(
                        Some("limit"),
                        format!("limit must be a whole number from 1 to {MAX_LIST_LIMIT}"),
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

    pub fn retrieve_delivery(id: &str) -> Result<Operation, ClientError> {
        Ok(Operation::RetrieveDelivery {
            id: check_id(id, "id")?,
        })
    }

    pub fn redeliver(id: &str) -> Result<Operation, ClientError> {
        Ok(Operation::Redeliver {
            id: check_id(id, "id")?,
        })
    }

    pub fn method(&self) -> Method {
        match self {
            Operation::CreateEndpoint(_)
            | Operation::RotateSecret { .. }
            | Operation::Redeliver { .. } => Method::Post,
            Operation::UpdateEndpoint { .. } => Method::Patch,
            Operation::DeleteEndpoint { .. } => Method::Delete,
            _ => Method::Get,
        }
    }

    /// Whether sending the request twice has the same effect as once. Create,
    /// rotate-secret and redeliver are not: each one acts again.
    pub fn is_idempotent(&self) -> bool {
        self.method() != Method::Post
    }

    /// Whether the call changes something on the server.
    pub fn changes_state(&self) -> bool {
        self.method() != Method::Get
    }

    /// The path and query, such as `/v1/webhook_endpoints/{id}`.
    pub fn path(&self) -> String {
        match self {
            Operation::CreateEndpoint(_) | Operation::ListEndpoints => {
                "/v1/webhook_endpoints".to_owned()
            }
            Operation::RetrieveEndpoint { id }
            | Operation::UpdateEndpoint { id, .. }
            | Operation::DeleteEndpoint { id } => {
                format!("/v1/webhook_endpoints/{}", encode(id))
            }
            Operation::RotateSecret { id } => {
                format!("/v1/webhook_endpoints/{}/rotate_secret", encode(id))
            }
            Operation::ListDeliveries(p) => {
                let mut query = Vec::new();
                if let Some(v) = &p.endpoint_id {
                    query.push(format!("endpoint_id={}", encode(v)));
                }
                if let Some(v) = &p.call_id {
                    query.push(format!("call_id={}", encode(v)));
                }
                if let Some(v) = p.status {
                    query.push(format!("status={}", v.as_str()));
                }
                if let Some(v) = p.limit {
                    query.push(format!("limit={v}"));
                }
                if query.is_empty() {
                    "/v1/webhook_deliveries".to_owned()
                } else {
                    format!("/v1/webhook_deliveries?{}", query.join("&"))
                }
            }
            Operation::RetrieveDelivery { id } => format!("/v1/webhook_deliveries/{}", encode(id)),
            Operation::Redeliver { id } => {
                format!("/v1/webhook_deliveries/{}/redeliver", encode(id))
            }
        }
    }

    /// The JSON body, for calls that send one: the parameters given, in the
    /// order of the parameter struct's fields.
    pub fn body(&self) -> Option<String> {
        let mut entries: Vec<(String, Json)> = Vec::new();
        let mut put = |key: &str, value: Json| entries.push((key.to_owned(), value));
        let string = |s: &String| Json::String(s.clone());
        let events = |list: &Vec<String>| Json::Array(list.iter().map(string).collect());
        match self {
            Operation::CreateEndpoint(p) => {
                put("url", string(&p.url));
                if let Some(d) = &p.description {
                    put("description", string(d));
                }
                if let Some(e) = &p.enabled_events {
                    put("enabled_events", events(e));
                }
            }
            Operation::UpdateEndpoint { params: p, .. } => {
                if let Some(u) = &p.url {
                    put("url", string(u));
                }
                if let Some(d) = &p.description {
                    put("description", d.as_ref().map_or(Json::Null, string));
                }
                if let Some(e) = &p.enabled_events {
                    put("enabled_events", events(e));
                }
                if let Some(s) = p.status {
                    put("status", Json::String(s.as_str().to_owned()));
                }
            }
            _ => return None,
        }
        Some(Json::Object(entries).to_text())
    }

    /// How messages name the call, such as `webhookEndpoints.create`.
    pub fn description(&self) -> String {
        match self {
            Operation::CreateEndpoint(_) => "webhookEndpoints.create".to_owned(),
            Operation::ListEndpoints => "webhookEndpoints.list".to_owned(),
            Operation::RetrieveEndpoint { id } => format!("webhookEndpoints.retrieve(\"{id}\")"),
            Operation::UpdateEndpoint { id, .. } => format!("webhookEndpoints.update(\"{id}\")"),
            Operation::DeleteEndpoint { id } => format!("webhookEndpoints.delete(\"{id}\")"),
            Operation::RotateSecret { id } => format!("webhookEndpoints.rotateSecret(\"{id}\")"),
            Operation::ListDeliveries(_) => "webhookDeliveries.list".to_owned(),
            Operation::RetrieveDelivery { id } => format!("webhookDeliveries.retrieve(\"{id}\")"),
            Operation::Redeliver { id } => format!("webhookDeliveries.redeliver(\"{id}\")"),
        }
    }
}

/// Builds the request for `op`. `call_headers` are the caller's extra
/// headers for this call; they go over the client's, and the client's own
/// `Authorization` (when it has a key) and `Content-Type` (when there is a
/// body) go over both.
pub fn build(
    config: &ClientConfig,
    call_headers: &[(String, String)],
    op: &Operation,
) -> HttpRequest {
    let mut headers: Vec<(String, String)> = Vec::new();
    let mut set = |name: &str, value: &str| {
        headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        headers.push((name.to_owned(), value.to_owned()));
    };
    for (n, v) in config.headers().iter().chain(call_headers) {
        set(n, v);
    }
    if let Some(key) = config.api_key() {
        set("Authorization", &format!("Bearer {key}"));
    }
    let body = op.body();
    if body.is_some() {
        set("Content-Type", "application/json");
    }
    HttpRequest {
        method: op.method(),
        url: format!("{}{}", config.base_url(), op.path()),
        headers,
        body,
    }
}

/// Checks the caller's extra headers: names must be HTTP tokens and values
/// may not hold line breaks. `param` names the option in messages.
pub fn check_headers(headers: &[(String, String)], param: &str) -> Result<(), ClientError> {
    for (name, value) in headers {
        let token = !name.is_empty()
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
        if !token {
            return Err(ClientError::validation(
                Some(param),
                format!("{param}: {name:?} is not a valid header name"),
            ));
        }
        if value.chars().any(|c| c == '\r' || c == '\n' || c == '\0') {
            return Err(ClientError::validation(
                Some(param),
                format!("{param}: the value of {name} may not contain line breaks"),
            ));
        }
    }
    Ok(())
}

/// Checks a webhook URL's form: `https://` with a host, or `http://` to
/// `localhost`, `127.0.0.1` or `[::1]` (which the real API refuses, but
/// local emulators and test servers accept). Whether the host is publicly
/// reachable is for the API to judge.
pub fn check_webhook_url(url: &str) -> Result<(), ClientError> {
    let fail = |why: &str| {
        Err(ClientError::validation(
            Some("url"),
            format!("url must be an https:// URL (http:// only to localhost, 127.0.0.1 or [::1] for local testing): {why}"),
        ))
    };
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return fail("it contains spaces or control characters");
    }
    match split_url(url) {
        Some((_, host)) if host.is_empty() => fail("it has no host"),
        Some(("https", _)) => Ok(()),
        Some((_, host)) if is_loopback_host(&host) => Ok(()),
        Some(_) => fail("http:// is allowed only for localhost"),
        None => fail("it is not an https:// URL"),
    }
}

/// Splits an absolute http(s) URL into its lowercase scheme and its host
/// (without userinfo and port, lowercase). None when it is not one.
pub(crate) fn split_url(url: &str) -> Option<(&'static str, String)> {
    let at = super::error::find(url, "://")?;
    let (scheme, rest) = (url.get(..at)?, url.get(at + 3..)?);
    let scheme = match scheme.to_ascii_lowercase().as_str() {
        "https" => "https",
        "http" => "http",
        _ => return None,
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = if let Some(stripped) = host_port.strip_prefix('[') {
        // An IPv6 literal keeps its brackets.
        match stripped.split_once(']') {
            Some((inner, _)) => format!("[{inner}]"),
            None => return None,
        }
    } else {
        host_port.split(':').next().unwrap_or("").to_owned()
    };
    Some((scheme, host.to_ascii_lowercase()))
}

/// `localhost`, `127.0.0.1` or `[::1]`.
pub(crate) fn is_loopback_host(host: impl AsRef<str>) -> bool {
    matches!(host.as_ref(), "localhost" | "127.0.0.1" | "[::1]")
}

/// An id that goes into a path: not empty, and not `.` or `..` (which URL
/// parsers would resolve away).
fn check_id(id: &str, param: &str) -> Result<String, ClientError> {
    if id.trim().is_empty() {
        return Err(ClientError::validation(
            Some(param),
            format!("{param} must be a non-empty string"),
        ));
    }
    if id == "." || id == ".." {
        return Err(ClientError::validation(
            Some(param),
            format!("{param} is not a valid id"),
        ));
    }
    Ok(id.to_owned())
}

/// Percent-encodes everything but RFC 3986's unreserved characters.
fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

type Params = Vec<(String, Json)>;

/// The parameters as a JSON object. `null`/absent parameters are an empty
/// object unless `required`.
fn params_object(text: &str, required: bool) -> Result<Params, ClientError> {
    match json::parse(text) {
        Some(Json::Object(entries)) => Ok(entries),
        Some(Json::Null) if !required => Ok(Vec::new()),
        _ => Err(ClientError::validation(
            None,
            "the parameters must be a plain object",
        )),
    }
}

/// Removes and returns the parameter `key`.
fn take(map: &mut Params, key: &str) -> Option<Json> {
    let i = map.iter().position(|(k, _)| k == key)?;
    Some(map.remove(i).1)
}

/// Refuses parameters the API does not have; a camelCase spelling of a
/// snake_case name gets a hint, since that is the usual mistake in JS.
/// With several unknown names, the first in alphabetical order is named.
fn check_keys(map: &Params, allowed: &[&str]) -> Result<(), ClientError> {
    let unknown = map
        .iter()
        .map(|(key, _)| key)
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
fn take_string(map: &mut Params, key: &str) -> Result<Option<String>, ClientError> {
    match take(map, key) {
        None | Some(Json::Null) => Ok(None),
        Some(Json::String(s)) => Ok(Some(s)),
        Some(_) => Err(ClientError::validation(
            Some(key),
            format!("{key} must be a string"),
        )),
    }
}

/// A parameter that may be a string or null: None when absent, Some(None)
/// for null.
fn take_nullable_string(
    map: &mut Params,
    key: &str,
) -> Result<Option<Option<String>>, ClientError> {
    match take(map, key) {
        None => Ok(None),
        Some(Json::Null) => Ok(Some(None)),
        Some(Json::String(s)) => Ok(Some(Some(s))),
        Some(_) => Err(ClientError::validation(
            Some(key),
            format!("{key} must be a string or null"),
        )),
    }
}

/// `enabled_events`: an array of known event types or `"*"`.
fn take_enabled_events(map: &mut Params) -> Result<Option<Vec<String>>, ClientError> {
    const KEY: &str = "enabled_events";
    let items = match take(map, KEY) {
        None | Some(Json::Null) => return Ok(None),
        Some(Json::Array(items)) => items,
        Some(_) => {
            return Err(ClientError::validation(
                Some(KEY),
                "enabled_events must be an array of event types",
            ))
        }
    };
    // One list, looked through in a loop: a lookup per name is unrolled into
    // a string compare per event type at every use.
    let known: Vec<&str> = WebhookEventType::ALL.iter().map(|t| t.as_str()).collect();
    let mut events = Vec::with_capacity(items.len());
    for item in items {
        let Json::String(name) = item else {
            return Err(ClientError::validation(
                Some(KEY),
                "enabled_events must be an array of event types",
            ));
        };
        if name != "*" && !known.contains(&name.as_str()) {
            return Err(ClientError::validation(
                Some(KEY),
                format!(
                    "unknown event type {name:?} in enabled_events (known: \"*\", {})",
                    known.join(", ")
                ),
            ));
        }
        events.push(name);
    }
    Ok(Some(events))
}
