//! The API's objects and the parameters of its calls, under the API's own
//! snake_case names.
//!
//! The TypeScript declarations of the npm package are generated from these
//! types (tsify, on wasm32 only); nothing here is hand-written TypeScript.
//! Responses are checked against these shapes, and fields the client does not
//! know are accepted (and kept: the JS layer hands callers the object the API
//! sent).

use serde::{Deserialize, Serialize};

/// The event types, shared with the signature side (`crate::event`).
pub use crate::event::WebhookEventType;

#[cfg(target_arch = "wasm32")]
use tsify::Tsify;

use super::shape::{FieldKind, Kind, Shape};

/// Declares a model that answers are checked against: the struct as written
/// (serde and tsify attributes included), and its [`Shape`] (each field's
/// name and [`FieldKind`]), so that the check follows the one definition.
/// Field names are the wire names (these structs rename nothing).
macro_rules! checked_model {
    (
        $(#[$meta:meta])*
        $vis:vis struct $name:ident {
            $(
                $(#[$field_meta:meta])*
                $field_vis:vis $field:ident : $ty:ty
            ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        $vis struct $name {
            $(
                $(#[$field_meta])*
                $field_vis $field: $ty,
            )*
        }

        impl Shape for $name {
            const FIELDS: &'static [(&'static str, Kind, bool)] = &[
                $((stringify!($field), <$ty as FieldKind>::KIND, <$ty as FieldKind>::NULLABLE)),*
            ];
        }
    };
}

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

checked_model! {
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
        pub consecutive_failures: u64,
        /// RFC 3339.
        pub created_at: String,
        /// RFC 3339.
        pub updated_at: String,
    }
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

impl Shape for WebhookEndpointWithSecret {
    const FIELDS: &'static [(&'static str, Kind, bool)] =
        &[("signing_secret", Kind::String, false)];
    /// Its own field and the flattened endpoint's, in one object.
    const FLATTENED: &'static [(&'static str, Kind, bool)] = WebhookEndpoint::FIELDS;
}

impl std::fmt::Debug for WebhookEndpointWithSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WebhookEndpointWithSecret")
            .field("signing_secret", &"[redacted]")
            .field("endpoint", &self.endpoint)
            .finish()
    }
}

checked_model! {
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
        pub attempt_count: u64,
        /// How often it was redelivered by hand.
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

impl FieldKind for WebhookEndpointStatus {
    const KIND: Kind = Kind::OneOf(&["enabled", "disabled"]);
}

impl FieldKind for WebhookDeliveryStatus {
    const KIND: Kind = Kind::OneOf(&["pending", "delivered", "exhausted"]);
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
