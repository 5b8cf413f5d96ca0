//! The calls of the API as values ([`Operation`]): which HTTP method and
//! path each one is, the JSON body it sends (serialized from the parameter
//! models, the one definition of the wire format), and how messages name
//! it. Reading a call's parameters from the caller is [`super::params`].

use super::models::{
    CreateWebhookEndpointParams, ListWebhookDeliveriesParams, UpdateWebhookEndpointParams,
};

/// An HTTP method the API uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Patch,
    Delete,
}

impl Method {
    /// The method's name, as `fetch` takes it.
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

impl Operation {
    /// The HTTP method of the call.
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

    /// The JSON body, for calls that send one: the parameter model as serde
    /// serializes it (only the parameters given, in the model's field order).
    pub fn body(&self) -> Option<String> {
        match self {
            Operation::CreateEndpoint(params) => serde_json::to_string(params).ok(),
            Operation::UpdateEndpoint { params, .. } => serde_json::to_string(params).ok(),
            _ => None,
        }
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

/// The sentence that tells a caller how to find out what happened to a call
/// whose outcome is unknown.
pub fn unknown_outcome_advice(op: &Operation) -> String {
    format!(
        "The outcome is unknown: the API may or may not have acted on it. {}",
        check_advice(op)
    )
}

/// How to find out whether a call that changes something took effect.
pub fn check_advice(op: &Operation) -> String {
    match op {
        Operation::CreateEndpoint(_) => "It was not retried, so that no second endpoint is created. Before creating it again, \
             list the endpoints (webhookEndpoints.list()) and look for one with the url you passed; if it is \
             there, its signing secret was lost with the response: rotate it (webhookEndpoints.rotateSecret(id)) \
             to get one."
            .to_owned(),
        Operation::RotateSecret { id } => format!(
            "It was not retried, so that the secret is not rotated twice. If it was rotated, the previous secret \
             of endpoint {id} no longer verifies and the new one was lost with the response: check whether \
             webhooks still verify with the secret you have, and if not (or to be sure) rotate again deliberately \
             (webhookEndpoints.rotateSecret(\"{id}\")) and store the secret it returns."
        ),
        Operation::Redeliver { id } => format!(
            "It was not retried, so that the event is not queued twice. Retrieve the delivery \
             (webhookDeliveries.retrieve(\"{id}\")) and check its status and manual_retry_count before \
             redelivering it again."
        ),
        Operation::UpdateEndpoint { .. } => {
            "Updating is idempotent: calling it again with the same parameters is safe.".to_owned()
        }
        Operation::DeleteEndpoint { .. } => {
            "Deleting is idempotent: calling it again is safe (a 404 then means it is gone).".to_owned()
        }
        _ => "Reading is safe to repeat.".to_owned(),
    }
}
