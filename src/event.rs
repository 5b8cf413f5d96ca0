//! The webhook event envelope that CallingBox POSTs, as Rust types.
//!
//! These types serve two purposes:
//!
//! - on wasm32 they generate the TypeScript declarations (`WebhookEvent`,
//!   `WebhookEventType`, `WebhookEventData`, `Call`) through tsify. The
//!   JavaScript functions (`constructEvent`, `verifyRequest`) parse with
//!   `JSON.parse` and return that object unchanged, so the TypeScript types
//!   describe the JSON on the wire, and the field overrides below say so;
//! - for native Rust users with the `client` feature, [`construct_event`]
//!   verifies and parses with serde_json. The Rust field types are lenient:
//!   every call field is optional, so a delivery that lacks a field still
//!   parses, and unknown call fields are kept in [`Call::extra`].
//!
//! # Unknown event types
//!
//! CallingBox may add event types. A validly signed event of a type this
//! version does not know still parses: in TypeScript `type` is
//! `WebhookEventType | (string & {})` (the eight known names autocomplete,
//! any other string is accepted); in Rust it is [`EventType::Unknown`]. The
//! `data` of an unknown type may not hold a `call`: check `type` first.
//!
//! Nothing here is on the signature path: the verify-only build never parses
//! JSON in Rust and contains no serde_json (this module needs the `client`
//! feature, which brings it).

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The event types CallingBox sends today. Only one terminal event
/// (`call.completed`, `call.failed`, `call.no_answer`, `call.busy` or
/// `call.canceled`) fires per call.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub enum WebhookEventType {
    /// The call was accepted and waits for a line.
    #[serde(rename = "call.queued")]
    CallQueued,
    /// The callee's phone is ringing (`started_at` is set).
    #[serde(rename = "call.ringing")]
    CallRinging,
    /// The callee picked up (`answered_at` is set).
    #[serde(rename = "call.answered")]
    CallAnswered,
    /// The call ended normally; `result` holds what the call returned.
    #[serde(rename = "call.completed")]
    CallCompleted,
    /// The call failed (`error_code`, `error_message`).
    #[serde(rename = "call.failed")]
    CallFailed,
    /// Nobody answered.
    #[serde(rename = "call.no_answer")]
    CallNoAnswer,
    /// The line was busy.
    #[serde(rename = "call.busy")]
    CallBusy,
    /// The call was canceled before it connected.
    #[serde(rename = "call.canceled")]
    CallCanceled,
}

impl WebhookEventType {
    /// Every known type, in the order of a call's life.
    pub const ALL: [Self; 8] = [
        Self::CallQueued,
        Self::CallRinging,
        Self::CallAnswered,
        Self::CallCompleted,
        Self::CallFailed,
        Self::CallNoAnswer,
        Self::CallBusy,
        Self::CallCanceled,
    ];

    /// The wire name, such as `call.completed`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::CallQueued => "call.queued",
            Self::CallRinging => "call.ringing",
            Self::CallAnswered => "call.answered",
            Self::CallCompleted => "call.completed",
            Self::CallFailed => "call.failed",
            Self::CallNoAnswer => "call.no_answer",
            Self::CallBusy => "call.busy",
            Self::CallCanceled => "call.canceled",
        }
    }

    /// The type with this wire name, if it is one of the eight.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == name)
    }

    /// Whether this is one of the five terminal types.
    pub const fn is_terminal(self) -> bool {
        matches!(
            self,
            Self::CallCompleted
                | Self::CallFailed
                | Self::CallNoAnswer
                | Self::CallBusy
                | Self::CallCanceled
        )
    }
}

impl fmt::Display for WebhookEventType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An event's `type`: one of the known [`WebhookEventType`]s or, for types
/// newer than this package, the name as sent. (De)serializes as the plain
/// string.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(from = "String", into = "String")]
pub enum EventType {
    /// One of the eight types this version knows.
    Known(WebhookEventType),
    /// A type this version does not know, kept verbatim.
    Unknown(String),
}

impl EventType {
    /// The wire name.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Known(known) => known.as_str(),
            Self::Unknown(name) => name,
        }
    }

    /// The known type, if it is one.
    pub fn known(&self) -> Option<WebhookEventType> {
        match self {
            Self::Known(known) => Some(*known),
            Self::Unknown(_) => None,
        }
    }
}

impl From<String> for EventType {
    fn from(name: String) -> Self {
        WebhookEventType::from_name(&name).map_or(Self::Unknown(name), Self::Known)
    }
}

impl From<EventType> for String {
    fn from(event_type: EventType) -> Self {
        match event_type {
            EventType::Known(known) => known.as_str().to_owned(),
            EventType::Unknown(name) => name,
        }
    }
}

impl From<WebhookEventType> for EventType {
    fn from(known: WebhookEventType) -> Self {
        Self::Known(known)
    }
}

impl fmt::Display for EventType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A verified webhook event: the JSON body CallingBox POSTs to your endpoint.
///
/// `type` is `WebhookEventType | (string & {})`: a validly signed event of a
/// type newer than this package still arrives, with its name as sent. Check
/// `type` before reading `data.call`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct WebhookEvent {
    /// The event id. It is also the `CallingBox-Event-Id` header and stays the
    /// same on every retry and replay: use it as the idempotency key.
    pub id: String,
    /// The event type, such as `call.completed`.
    #[serde(rename = "type")]
    #[cfg_attr(
        target_arch = "wasm32",
        tsify(type = "WebhookEventType | (string & {})")
    )]
    pub event_type: EventType,
    /// When the event was created, in unix seconds.
    pub created: i64,
    /// The API version the payload follows, such as `2026-04`.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string"))]
    pub api_version: Option<String>,
    /// The event's object: for the call events, `{ call }`.
    pub data: WebhookEventData,
}

/// The `data` of a webhook event.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct WebhookEventData {
    /// The full call object as of this event. Fields fill in as the call
    /// progresses.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "Call"))]
    pub call: Option<Call>,
}

/// The call object inside `data.call`, with the fields the official Python
/// SDK 0.1.0 reads. Fields fill in as the call progresses: `started_at` from
/// `call.ringing`, `answered_at` from `call.answered`, `ended_at` and the
/// durations on terminal events, `result` on `call.completed`. Fields this
/// version does not know are kept.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Call {
    /// The call id (uuid).
    pub id: String,
    /// The number called (E.164).
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string"))]
    pub to_number: Option<String>,
    /// The number calling (E.164).
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string"))]
    pub from_number: Option<String>,
    /// The call's status.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string"))]
    pub status: Option<String>,
    /// The call's direction.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string"))]
    pub direction: Option<String>,
    /// The instructions the call was made with.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string"))]
    pub prompt: Option<String>,
    /// The context object the call was made with.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "Record<string, unknown> | null"))]
    pub context: Option<Value>,
    /// The shape of the result the call was asked to return.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "Record<string, unknown> | null"))]
    pub returns: Option<Value>,
    /// What the call returned (on `call.completed`).
    #[cfg_attr(target_arch = "wasm32", tsify(type = "Record<string, unknown> | null"))]
    pub result: Option<Value>,
    /// The status of the result.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string"))]
    pub result_status: Option<String>,
    /// Why no result could be produced.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string | null"))]
    pub result_error: Option<String>,
    /// The per-call webhook URL, if the call had one.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string | null"))]
    pub webhook_url: Option<String>,
    /// The tools the call could use.
    #[cfg_attr(
        target_arch = "wasm32",
        tsify(type = "Array<Record<string, unknown>> | null")
    )]
    pub tools: Option<Vec<Value>>,
    /// The delivery status of the per-call webhook.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string"))]
    pub webhook_status: Option<String>,
    /// The last per-call webhook delivery error.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string | null"))]
    pub webhook_error: Option<String>,
    /// When the call was created (RFC 3339).
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string"))]
    pub created_at: Option<String>,
    /// When the call started ringing (RFC 3339).
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string | null"))]
    pub started_at: Option<String>,
    /// When the call was answered (RFC 3339).
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string | null"))]
    pub answered_at: Option<String>,
    /// When the call ended (RFC 3339).
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string | null"))]
    pub ended_at: Option<String>,
    /// How long the call lasted, in seconds.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "number | null"))]
    pub duration_seconds: Option<i64>,
    /// The billed duration, in seconds.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "number | null"))]
    pub billed_duration_seconds: Option<i64>,
    /// The amount billed, in thousandths of a cent.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "number | null"))]
    pub billing_amount_milli_cents: Option<i64>,
    /// The status of the call's reservation.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string"))]
    pub reservation_status: Option<String>,
    /// A machine-readable error code, when the call failed.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string | null"))]
    pub error_code: Option<String>,
    /// A human-readable error, when the call failed.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string | null"))]
    pub error_message: Option<String>,
    /// Why the line was hung up.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string | null"))]
    pub hangup_cause: Option<String>,
    /// Free-form metadata; `metadata.language` is the call's language.
    #[cfg_attr(
        target_arch = "wasm32",
        tsify(type = "{ language?: string | null } & Record<string, unknown>")
    )]
    pub metadata: Option<BTreeMap<String, Value>>,
    /// When the call last changed (RFC 3339).
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string"))]
    pub updated_at: Option<String>,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: CallExtraFields,
}

/// The fields of a [`Call`] that this version does not know, kept as sent
/// (in TypeScript, `Call` extends `Record<string, unknown>` through this).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct CallExtraFields(
    #[cfg_attr(target_arch = "wasm32", tsify(type = "Record<string, unknown>"))]
    pub  BTreeMap<String, Value>,
);

impl std::ops::Deref for CallExtraFields {
    type Target = BTreeMap<String, Value>;

    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl std::ops::DerefMut for CallExtraFields {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.0
    }
}

impl Call {
    /// `metadata.language`, when it is a string.
    pub fn language(&self) -> Option<&str> {
        self.metadata.as_ref()?.get("language")?.as_str()
    }
}

/// Verifies a webhook with [`crate::signature::verify`] and then parses the
/// body as a [`WebhookEvent`] with serde_json.
/// A body that is not a JSON event is [`VerifyError::InvalidPayload`].
///
/// [`VerifyError::InvalidPayload`]: crate::signature::VerifyError::InvalidPayload
pub fn construct_event<S: AsRef<str>>(
    payload: &[u8],
    header: Option<&str>,
    secrets: &[S],
    options: crate::signature::VerifyOptions,
) -> Result<WebhookEvent, crate::signature::VerifyError> {
    crate::signature::verify(payload, header, secrets, options)?;
    serde_json::from_slice(payload).map_err(|error| {
        crate::signature::VerifyError::InvalidPayload(format!(
            "the body is not a JSON webhook event ({error})"
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signature::{sign, VerifyOptions};

    const COMPLETED: &str = r#"{
        "id": "6f1c1f5e-2f43-4f7e-9a53-0d7b2f6a9c11",
        "type": "call.completed",
        "created": 1713268860,
        "api_version": "2026-04",
        "data": {"call": {
            "id": "c0ffee00-0000-4000-8000-000000000001",
            "to_number": "+15551234567",
            "from_number": "+15557654321",
            "status": "completed",
            "direction": "outbound",
            "prompt": "Confirm the appointment",
            "context": {"patient": "Maria"},
            "returns": {"confirmed": "boolean"},
            "result": {"confirmed": true},
            "result_status": "ok",
            "result_error": null,
            "webhook_url": null,
            "tools": null,
            "webhook_status": "pending",
            "webhook_error": null,
            "created_at": "2026-04-16T12:00:00Z",
            "started_at": "2026-04-16T12:00:01Z",
            "answered_at": "2026-04-16T12:00:05Z",
            "ended_at": "2026-04-16T12:01:05Z",
            "duration_seconds": 60,
            "billed_duration_seconds": 60,
            "billing_amount_milli_cents": 12345,
            "reservation_status": "released",
            "error_code": null,
            "error_message": null,
            "hangup_cause": "normal",
            "metadata": {"language": "en"},
            "updated_at": "2026-04-16T12:01:05Z",
            "sentiment": {"score": 0.9}
        }}
    }"#;

    fn parse(json: &str) -> WebhookEvent {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn a_full_call_completed_event_parses() {
        let event = parse(COMPLETED);
        assert_eq!(
            event.event_type,
            EventType::Known(WebhookEventType::CallCompleted)
        );
        assert_eq!(event.created, 1_713_268_860);
        let call = event.data.call.unwrap();
        assert_eq!(call.duration_seconds, Some(60));
        assert_eq!(call.language(), Some("en"));
        assert_eq!(
            call.result
                .and_then(|r| r.get("confirmed").and_then(Value::as_bool)),
            Some(true)
        );
    }

    #[test]
    fn unknown_call_fields_are_kept() {
        let call = parse(COMPLETED).data.call.unwrap();
        assert_eq!(
            call.extra
                .get("sentiment")
                .and_then(|s| s.get("score"))
                .and_then(Value::as_f64),
            Some(0.9)
        );
    }

    #[test]
    fn an_unknown_event_type_still_parses() {
        let event = parse(
            r#"{"id":"e","type":"call.transcribed","created":1,"api_version":"2026-04","data":{}}"#,
        );
        assert_eq!(
            event.event_type,
            EventType::Unknown("call.transcribed".into())
        );
        assert_eq!(event.event_type.known(), None);
        assert!(event.data.call.is_none());
    }

    #[test]
    fn every_known_type_round_trips_by_name() {
        for known in WebhookEventType::ALL {
            let parsed: EventType = serde_json::from_value(known.as_str().into()).unwrap();
            assert_eq!(parsed, EventType::Known(known));
            assert_eq!(serde_json::to_value(&parsed).unwrap(), known.as_str());
            assert_eq!(
                serde_json::to_value(known).unwrap(),
                serde_json::Value::from(known.as_str())
            );
        }
    }

    #[test]
    fn a_sparse_call_still_parses() {
        let event = parse(
            r#"{"id":"e","type":"call.queued","created":1,"data":{"call":{"id":"c","started_at":null}}}"#,
        );
        let call = event.data.call.unwrap();
        assert_eq!(call.id, "c");
        assert_eq!(call.started_at, None);
        assert_eq!(event.api_version, None);
    }

    #[test]
    fn an_event_serializes_back_to_the_same_json() {
        let event = parse(COMPLETED);
        let again: serde_json::Value = serde_json::to_value(&event).unwrap();
        let original: serde_json::Value = serde_json::from_str(COMPLETED).unwrap();
        // Nulls are kept as null; every field and unknown field round-trips.
        assert_eq!(again, original);
    }

    #[test]
    fn construct_event_verifies_then_parses() {
        let header = sign(COMPLETED.as_bytes(), "whsec_x", 1_713_268_860);
        let event = construct_event(
            COMPLETED.as_bytes(),
            Some(&header),
            &["whsec_x"],
            VerifyOptions::at(1_713_268_860),
        )
        .unwrap();
        assert_eq!(event.id, "6f1c1f5e-2f43-4f7e-9a53-0d7b2f6a9c11");
    }

    #[test]
    fn construct_event_rejects_a_signed_body_that_is_not_json() {
        let body = b"not json";
        let header = sign(body, "whsec_x", 10);
        let error =
            construct_event(body, Some(&header), &["whsec_x"], VerifyOptions::at(10)).unwrap_err();
        assert_eq!(error.code(), "invalid_payload");
    }

    #[test]
    fn construct_event_does_not_parse_an_unverified_body() {
        let error = construct_event(
            COMPLETED.as_bytes(),
            Some("t=10,v1=00"),
            &["whsec_x"],
            VerifyOptions::at(10),
        )
        .unwrap_err();
        assert_eq!(error.code(), "no_matching_signature");
    }
}
