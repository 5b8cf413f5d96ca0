//! The API client's JS exports: `CallingBox`, its `webhookEndpoints` and
//! `webhookDeliveries`, and `createWebhookEndpoint`.
//!
//! Each call is an [`api::call_flow::CallFlow`](crate::api::call_flow::CallFlow)
//! (pure: request, retry decisions, errors); the modules below only read
//! the caller's values (without letting them throw through the wasm:
//! [`boundary`]), perform the fetches and waits the call asks for, and hand
//! back `JSON.parse`'s values. The API key lives in Rust memory only: no JS
//! property of any object holds it.

mod answer;
mod boundary;
mod calls;
mod deserialize;
mod errors;
mod iterator;
mod options;
mod signals;
mod transport;
mod urls;

use std::rc::Rc;

use js_sys::Promise;
use serde::Serialize;
use tsify::Tsify;
use wasm_bindgen::prelude::*;

use crate::api::error::ClientError;
use crate::api::operation::Operation;

use calls::{read_call, start, Inner};
pub use iterator::WebhookDeliveryIterator;

/// Options of `new CallingBox(options)` and of `createWebhookEndpoint`.
#[derive(Tsify, Serialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)] // only its TypeScript declaration is used
pub struct ClientOptions {
    /// The API key (`sk_live_...` or `sk_test_...`). Default: the
    /// `CALLINGBOX_API_KEY` environment variable (Node, Deno, Bun). Without a
    /// key no `Authorization` header is sent, which suits a backend proxy
    /// (`baseUrl`); the CallingBox API itself needs one, so a client for it
    /// without a key throws a `ValidationError`.
    #[tsify(optional)]
    api_key: Option<String>,
    /// Default: `CALLINGBOX_BASE_URL`, else `https://api.callingbox.io`. In a
    /// browser this may be a path on your own backend (`/api/callingbox`).
    #[tsify(optional)]
    base_url: Option<String>,
    /// The `fetch` to use. Default: the global `fetch` at the time of each call.
    #[tsify(optional, type = "typeof globalThis.fetch")]
    fetch_impl: Option<()>,
    /// Per-attempt timeout in milliseconds. Default 30000.
    #[tsify(optional)]
    timeout_ms: Option<f64>,
    /// Retries after the first attempt (0 to 10). Default 2. Calls that are not
    /// idempotent are retried only when the API certainly did not act.
    #[tsify(optional)]
    max_retries: Option<u32>,
    /// Aborts every call of this client.
    #[tsify(optional, type = "AbortSignal")]
    signal: Option<()>,
    /// Extra headers sent with every request (at most 100).
    #[tsify(optional, type = "Record<string, string>")]
    headers: Option<()>,
    /// Allow a secret `sk_` key in a browser. Anyone who can open the page can
    /// read it; prefer a backend proxy (see the README).
    #[tsify(optional)]
    dangerously_allow_browser: Option<bool>,
}

/// Per-call options of every client method.
#[derive(Tsify, Serialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)] // only its TypeScript declaration is used
pub struct RequestOptions {
    /// Aborts this call (an `AbortError`).
    #[tsify(optional, type = "AbortSignal")]
    signal: Option<()>,
    /// Per-attempt timeout in milliseconds for this call.
    #[tsify(optional)]
    timeout_ms: Option<f64>,
    /// Retries for this call.
    #[tsify(optional)]
    max_retries: Option<u32>,
    /// Extra headers for this call (at most 100).
    #[tsify(optional, type = "Record<string, string>")]
    headers: Option<()>,
}

/// Starts a call on one object: `make` builds it from the checked id.
#[inline(never)]
fn start_by_id(
    inner: &Rc<Inner>,
    id: &JsValue,
    make: fn(&str) -> Result<Operation, ClientError>,
    options: JsValue,
) -> Promise {
    start(
        inner,
        options::id_argument(id).and_then(|id| make(&id)),
        options,
    )
}

/// `webhookEndpoints.create`'s operation, from the caller's parameters.
fn create_operation(inner: &Inner, params: &JsValue) -> Result<Operation, ClientError> {
    Operation::create_endpoint(&options::params(params)?, inner.config().parse_url())
}

/// `webhookDeliveries.list`'s operation, from the caller's filters.
fn list_deliveries_operation(params: &JsValue) -> Result<Operation, ClientError> {
    Operation::list_deliveries(&options::params(params)?)
}

/// The CallingBox API client.
///
/// ```js
/// const client = new CallingBox({ apiKey: process.env.CALLINGBOX_API_KEY });
/// const endpoint = await client.webhookEndpoints.create({ url: 'https://example.com/hooks' });
/// ```
///
/// Options are checked at once (a `ValidationError` is thrown here, before any
/// request). The key is kept inside the WebAssembly module: it is not a
/// property of the client, so logging or serializing the client never shows
/// it.
#[wasm_bindgen]
pub struct CallingBox {
    inner: Rc<Inner>,
}

#[wasm_bindgen]
impl CallingBox {
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_optional_param_type = "ClientOptions")] options: JsValue,
    ) -> Result<CallingBox, JsValue> {
        Ok(CallingBox {
            inner: Rc::new(Inner::from_options(&options)?),
        })
    }

    /// Webhook endpoints: create, list, retrieve, update, delete, rotateSecret.
    #[wasm_bindgen(getter, js_name = webhookEndpoints)]
    pub fn webhook_endpoints(&self) -> WebhookEndpoints {
        WebhookEndpoints {
            inner: self.inner.clone(),
        }
    }

    /// Webhook deliveries: list, iterate, retrieve, redeliver.
    #[wasm_bindgen(getter, js_name = webhookDeliveries)]
    pub fn webhook_deliveries(&self) -> WebhookDeliveries {
        WebhookDeliveries {
            inner: self.inner.clone(),
        }
    }
}

/// `client.webhookEndpoints`.
#[wasm_bindgen]
pub struct WebhookEndpoints {
    inner: Rc<Inner>,
}

#[wasm_bindgen]
impl WebhookEndpoints {
    /// Creates an endpoint: `POST /v1/webhook_endpoints`. The answer holds
    /// `signing_secret`, which the API never shows again.
    ///
    /// Not retried after a timeout, a lost connection or a 5xx (the endpoint
    /// may exist already): the error then has `outcomeUnknown: true` and says
    /// how to check. Retried after a 429, a 503 with `Retry-After`, or a
    /// refused connection.
    #[wasm_bindgen(unchecked_return_type = "Promise<WebhookEndpointWithSecret>")]
    pub fn create(
        &self,
        #[wasm_bindgen(unchecked_param_type = "CreateWebhookEndpointParams")] params: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: JsValue,
    ) -> Promise {
        start(&self.inner, create_operation(&self.inner, &params), options)
    }

    /// Lists the endpoints: `GET /v1/webhook_endpoints` (all of them; the API
    /// has no pagination).
    #[wasm_bindgen(unchecked_return_type = "Promise<WebhookEndpoint[]>")]
    pub fn list(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: JsValue,
    ) -> Promise {
        start(&self.inner, Ok(Operation::list_endpoints()), options)
    }

    /// Retrieves an endpoint: `GET /v1/webhook_endpoints/{id}`.
    #[wasm_bindgen(unchecked_return_type = "Promise<WebhookEndpoint>")]
    pub fn retrieve(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: JsValue,
    ) -> Promise {
        start_by_id(&self.inner, &id, Operation::retrieve_endpoint, options)
    }

    /// Updates an endpoint: `PATCH /v1/webhook_endpoints/{id}`. Only the
    /// fields given change; `description: null` clears the description.
    #[wasm_bindgen(unchecked_return_type = "Promise<WebhookEndpoint>")]
    pub fn update(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "UpdateWebhookEndpointParams")] params: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: JsValue,
    ) -> Promise {
        let parse_url = self.inner.config().parse_url();
        let op = options::id_argument(&id)
            .and_then(|id| Ok((id, options::params(&params)?)))
            .and_then(|(id, params)| Operation::update_endpoint(&id, &params, parse_url));
        start(&self.inner, op, options)
    }

    /// Deletes an endpoint: `DELETE /v1/webhook_endpoints/{id}`. Resolves to
    /// `undefined`. A retry that finds the endpoint gone (404) after an
    /// attempt that may have deleted it counts as success.
    #[wasm_bindgen(unchecked_return_type = "Promise<void>")]
    pub fn delete(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: JsValue,
    ) -> Promise {
        start_by_id(&self.inner, &id, Operation::delete_endpoint, options)
    }

    /// Rotates the signing secret: `POST /v1/webhook_endpoints/{id}/rotate_secret`.
    /// The old secret stops verifying at once; the answer holds the new one.
    ///
    /// Not retried when the API may have rotated already (timeout, lost
    /// connection, 5xx): the error has `outcomeUnknown: true`.
    #[wasm_bindgen(js_name = rotateSecret, unchecked_return_type = "Promise<WebhookEndpointWithSecret>")]
    pub fn rotate_secret(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: JsValue,
    ) -> Promise {
        start_by_id(&self.inner, &id, Operation::rotate_secret, options)
    }
}

/// `client.webhookDeliveries`.
#[wasm_bindgen]
pub struct WebhookDeliveries {
    inner: Rc<Inner>,
}

#[wasm_bindgen]
impl WebhookDeliveries {
    /// Lists deliveries: `GET /v1/webhook_deliveries`, newest first, at most
    /// `limit` (1 to 200). The API has no cursor: this is the only page.
    #[wasm_bindgen(unchecked_return_type = "Promise<WebhookDelivery[]>")]
    pub fn list(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "ListWebhookDeliveriesParams")]
        params: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: JsValue,
    ) -> Promise {
        start(&self.inner, list_deliveries_operation(&params), options)
    }

    /// The same one list call as `list(params)`, as an async iterator:
    /// `for await (const delivery of client.webhookDeliveries.iterate({ limit: 200 }))`.
    ///
    /// The request is made at the first `next()`, and the iterator yields that
    /// answer's items. The API has no cursor, so there is no further page to
    /// fetch: this never yields more than `limit` items (at most 200).
    #[wasm_bindgen(unchecked_return_type = "AsyncIterableIterator<WebhookDelivery>")]
    pub fn iterate(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "ListWebhookDeliveriesParams")]
        params: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: JsValue,
    ) -> WebhookDeliveryIterator {
        let request = read_call(list_deliveries_operation(&params), options);
        WebhookDeliveryIterator::new(self.inner.clone(), request)
    }

    /// Retrieves a delivery: `GET /v1/webhook_deliveries/{id}`.
    #[wasm_bindgen(unchecked_return_type = "Promise<WebhookDelivery>")]
    pub fn retrieve(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: JsValue,
    ) -> Promise {
        start_by_id(&self.inner, &id, Operation::retrieve_delivery, options)
    }

    /// Sends a delivery again: `POST /v1/webhook_deliveries/{id}/redeliver`
    /// (same event id; reset to `pending`).
    ///
    /// Not retried when the API may have queued it already (timeout, lost
    /// connection, 5xx): the error has `outcomeUnknown: true`.
    #[wasm_bindgen(unchecked_return_type = "Promise<WebhookDelivery>")]
    pub fn redeliver(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: JsValue,
    ) -> Promise {
        start_by_id(&self.inner, &id, Operation::redeliver, options)
    }
}

/// Creates a webhook endpoint in one call: `POST {baseUrl}/v1/webhook_endpoints`.
///
/// `options` are the client options (`apiKey`, `baseUrl`, `fetchImpl`,
/// `timeoutMs`, `maxRetries`, `signal`, `headers`, `dangerouslyAllowBrowser`).
/// Same as `new CallingBox(options).webhookEndpoints.create(params)`; a bad
/// option rejects with a `ValidationError` before any request.
#[wasm_bindgen(js_name = createWebhookEndpoint, unchecked_return_type = "Promise<WebhookEndpointWithSecret>")]
pub fn create_webhook_endpoint(
    #[wasm_bindgen(unchecked_param_type = "CreateWebhookEndpointParams")] params: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ClientOptions")] options: JsValue,
) -> Promise {
    let inner = match Inner::from_options(&options) {
        Ok(inner) => Rc::new(inner),
        Err(error) => return Promise::reject(&error),
    };
    start(
        &inner,
        create_operation(&inner, &params),
        JsValue::UNDEFINED,
    )
}
