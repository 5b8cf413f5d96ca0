//! The API's objects and the parameters of its calls, under the API's own
//! snake_case names.
//!
//! The TypeScript declarations of the npm package are generated from these
//! types (tsify, on wasm32 only); nothing here is hand-written TypeScript.
//! They are the one definition of the wire format both ways: requests are
//! serialized from the parameter structs (serde_json), and answers are
//! checked by deserializing them into the object structs (from
//! `JSON.parse`'s value in the package, from serde_json natively). Fields
//! the client does not know are accepted (and kept: the JS layer hands
//! callers the object `JSON.parse` made).
//!
//! Counts are `u64` on the Rust side but `number` in JavaScript: an answer
//! with a count above 2^53 - 1 (which no JS number holds exactly, and
//! `JSON.parse` would silently round) is refused as not what the API
//! documents ([`js_safe_integer`]).

use serde::{Deserialize, Deserializer, Serialize};

/// The event types, shared with the signature side (`crate::event`).
pub use crate::event::WebhookEventType;

#[cfg(target_arch = "wasm32")]
use tsify::Tsify;

/// Whether an endpoint receives events.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(Tsify))]
#[serde(rename_all = "snake_case")]
pub enum WebhookEndpointStatus {
    Enabled,
    Disabled,
}

/// Where a delivery stands: `pending` until a 2xx answer (`delivered`) or
/// until 8 attempts failed (`exhausted`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(Tsify))]
#[serde(rename_all = "snake_case")]
pub enum WebhookDeliveryStatus {
    Pending,
    Delivered,
    Exhausted,
}

/// A webhook endpoint as the API lists, retrieves and updates it. The signing
/// secret is never part of it: the API shows it only on create and rotate
/// (see `WebhookEndpointWithSecret`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(Tsify), tsify(missing_as_null))]
pub struct WebhookEndpoint {
    /// The endpoint's id (a UUID).
    pub id: String,
    /// The organisation that owns the endpoint (a UUID).
    pub org_id: String,
    /// The HTTPS URL that events are POSTed to.
    pub url: String,
    /// A human-readable label, or null.
    pub description: Option<String>,
    /// The event types this endpoint receives; `["*"]` means every event.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "(WebhookEventType | \"*\")[]"))]
    pub enabled_events: Vec<String>,
    /// `enabled` or `disabled`.
    pub status: WebhookEndpointStatus,
    /// Why the endpoint is disabled (`too_many_failures` after 10 consecutive
    /// exhausted deliveries, or the reason of a manual disable), or null.
    pub disabled_reason: Option<String>,
    /// When the endpoint was disabled (RFC 3339), or null.
    pub disabled_at: Option<String>,
    /// Consecutive exhausted deliveries; resets on a successful delivery and
    /// on re-enable.
    #[serde(deserialize_with = "js_safe_integer")]
    pub consecutive_failures: u64,
    /// RFC 3339.
    pub created_at: String,
    /// RFC 3339.
    pub updated_at: String,
}

/// A webhook endpoint as create and rotate-secret return it: with the signing
/// secret, which the API never shows again. Store it at once (a secrets
/// manager, not a log).
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(Tsify))]
pub struct WebhookEndpointWithSecret {
    /// The HMAC-SHA256 signing secret (`whsec_...`) that verifies this
    /// endpoint's webhooks.
    pub signing_secret: String,
    #[serde(flatten)]
    pub endpoint: WebhookEndpoint,
}

impl std::fmt::Debug for WebhookEndpointWithSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WebhookEndpointWithSecret")
            .field("signing_secret", &"[redacted]")
            .field("endpoint", &self.endpoint)
            .finish()
    }
}

/// One event sent to one destination, with every attempt at it. Its `id` is
/// the event's `CallingBox-Event-Id` (the same on every retry and replay):
/// use it to skip duplicates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(Tsify), tsify(missing_as_null))]
pub struct WebhookDelivery {
    /// The delivery's id (a UUID); also the event's id.
    pub id: String,
    /// The organisation (a UUID).
    pub org_id: String,
    /// The endpoint it goes to, or null for an inline delivery to a call's
    /// `webhook_url`.
    pub endpoint_id: Option<String>,
    /// The call it is about, or null.
    pub call_id: Option<String>,
    /// The event type, such as `call.completed` (a type newer than this
    /// package arrives as sent).
    #[cfg_attr(
        target_arch = "wasm32",
        tsify(type = "WebhookEventType | (string & {})")
    )]
    pub event_type: String,
    /// The URL it is sent to (taken when the event was queued).
    pub url: String,
    /// `pending`, `delivered` or `exhausted`.
    pub status: WebhookDeliveryStatus,
    /// Attempts made so far.
    #[serde(deserialize_with = "js_safe_integer")]
    pub attempt_count: u64,
    /// How often it was redelivered by hand.
    #[serde(deserialize_with = "js_safe_integer")]
    pub manual_retry_count: u64,
    /// When the next attempt is due (RFC 3339), or null.
    pub next_attempt_at: Option<String>,
    /// The last attempt's error, or null.
    pub last_error: Option<String>,
    /// The HTTP status of the last attempt, or null.
    pub last_response_status: Option<u16>,
    /// When it was delivered (RFC 3339), or null.
    pub delivered_at: Option<String>,
    /// RFC 3339.
    pub created_at: String,
    /// RFC 3339.
    pub updated_at: String,
}

/// The parameters of `webhookEndpoints.create` (the API's snake_case names).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(Tsify))]
pub struct CreateWebhookEndpointParams {
    /// The HTTPS URL to POST events to. The API also wants it publicly
    /// reachable; the client only checks its form (see the README).
    pub url: String,
    /// A human-readable label.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional, type = "string | null"))]
    pub description: Option<String>,
    /// The event types to receive; the API's default is `["*"]`, every event.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        target_arch = "wasm32",
        tsify(optional, type = "(WebhookEventType | \"*\")[]")
    )]
    pub enabled_events: Option<Vec<String>>,
}

/// The parameters of `webhookEndpoints.update`: only the fields given change.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(Tsify))]
pub struct UpdateWebhookEndpointParams {
    /// A new HTTPS URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub url: Option<String>,
    /// A new label; `null` clears it.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional, type = "string | null"))]
    pub description: Option<Option<String>>,
    /// The event types to receive.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        target_arch = "wasm32",
        tsify(optional, type = "(WebhookEventType | \"*\")[]")
    )]
    pub enabled_events: Option<Vec<String>>,
    /// `disabled` stops deliveries; `enabled` resumes them.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub status: Option<WebhookEndpointStatus>,
}

/// The filters of `webhookDeliveries.list`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(Tsify))]
pub struct ListWebhookDeliveriesParams {
    /// Only deliveries to this endpoint.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub endpoint_id: Option<String>,
    /// Only deliveries about this call.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub call_id: Option<String>,
    /// Only deliveries in this state.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub status: Option<WebhookDeliveryStatus>,
    /// At most this many (1 to 200). The API has no cursor: a list call
    /// returns one page and there is no next one.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub limit: Option<u32>,
}

impl WebhookEndpointStatus {
    /// The name on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            WebhookEndpointStatus::Enabled => "enabled",
            WebhookEndpointStatus::Disabled => "disabled",
        }
    }
}

impl WebhookDeliveryStatus {
    /// The name on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            WebhookDeliveryStatus::Pending => "pending",
            WebhookDeliveryStatus::Delivered => "delivered",
            WebhookDeliveryStatus::Exhausted => "exhausted",
        }
    }
}

/// The largest integer a JavaScript number holds exactly (2^53 - 1).
pub const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

/// Reads a count that JavaScript code will see as a `number`: above
/// [`MAX_SAFE_INTEGER`] it is an error rather than a value `JSON.parse`
/// rounds without a word.
pub fn js_safe_integer<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u64, D::Error> {
    let n = u64::deserialize(deserializer)?;
    if n > MAX_SAFE_INTEGER {
        return Err(serde::de::Error::custom(format_args!(
            "integer {n} is above 2^53 - 1, the largest that a JavaScript number holds exactly"
        )));
    }
    Ok(n)
}
