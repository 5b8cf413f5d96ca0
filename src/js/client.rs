//! The API client's JS exports: `CallingBox`, its `webhookEndpoints` and
//! `webhookDeliveries`, and `createWebhookEndpoint`.
//!
//! Each call is an [`api::call::Call`] (pure: request, retry decisions,
//! errors); this module only reads the JS arguments, performs the fetches and
//! waits the call asks for, and turns its result into JS values. The API key
//! lives in Rust memory only: no JS property of any object holds it.

mod options;
mod transport;

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use js_sys::{Function, Object, Promise, Reflect};
use serde::Serialize;
use tsify::Tsify;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{future_to_promise, JsFuture};

use crate::api::call::{Call, Step, Success};
use crate::api::config::ClientConfig;
use crate::api::error::{classify_network_error, redact, ClientError, ErrorKind, NetworkFailure};
use crate::api::request::Operation;
use crate::js::errors::{js_error, IntoJsError};

use options::JsHandles;
use transport::{Attempt, GuardEvent, Signal};

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
    /// Extra headers sent with every request.
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
    /// Extra headers for this call.
    #[tsify(optional, type = "Record<string, string>")]
    headers: Option<()>,
}

/// What every resource shares: the checked settings, `fetchImpl` and the
/// client's signal.
struct Inner {
    config: ClientConfig,
    fetch_impl: Option<Function>,
    signal: Option<Signal>,
}

impl Inner {
    fn from_options(options: &JsValue) -> Result<Inner, JsValue> {
        let (settings, JsHandles { fetch_impl, signal }) =
            options::client_settings(options).map_err(|e| to_js(e, &[]))?;
        let known: Vec<String> = settings
            .api_key
            .iter()
            .chain(settings.env_api_key.iter())
            .cloned()
            .collect();
        let known: Vec<&str> = known.iter().map(String::as_str).collect();
        let config = ClientConfig::new(settings).map_err(|e| to_js(e, &known))?;
        Ok(Inner {
            config,
            fetch_impl,
            signal,
        })
    }

    fn error(&self, e: ClientError) -> JsValue {
        to_js(e, &self.config.api_key().into_iter().collect::<Vec<_>>())
    }

    /// The `fetch` to call: `fetchImpl`, else the global one.
    fn fetch_fn(&self) -> Result<Function, ClientError> {
        if let Some(f) = &self.fetch_impl {
            return Ok(f.clone());
        }
        Reflect::get(&js_sys::global(), &JsValue::from_str("fetch"))
            .ok()
            .and_then(|f| f.dyn_into::<Function>().ok())
            .ok_or_else(|| {
                ClientError::validation(
                    Some("fetchImpl"),
                    "this runtime has no global fetch: pass one as fetchImpl",
                )
            })
    }
}

/// Runs one call to the end, retrying as the core decides.
async fn run(
    inner: Rc<Inner>,
    operation: Result<Operation, ClientError>,
    options: JsValue,
) -> Result<JsValue, JsValue> {
    let outcome = match prepare(&inner, operation, &options) {
        Ok(prepared) => drive(prepared).await,
        Err(e) => Err(e),
    };
    match outcome {
        Ok(Success::Json(text)) => js_sys::JSON::parse(&text).map_err(|_| {
            inner.error(ClientError::validation(
                None,
                "internal error: a checked answer did not parse",
            ))
        }),
        Ok(Success::Empty) => Ok(JsValue::UNDEFINED),
        Err(e) => Err(inner.error(e)),
    }
}

/// A call ready to send: the per-call options read and checked.
struct Prepared {
    call: Call,
    signals: Vec<Signal>,
    fetch_fn: Function,
}

fn prepare(
    inner: &Inner,
    operation: Result<Operation, ClientError>,
    options: &JsValue,
) -> Result<Prepared, ClientError> {
    let op = operation?;
    let (settings, call_signal) = options::call_settings(options)?;
    let call_config = inner.config.call(settings)?;
    let fetch_fn = inner.fetch_fn()?;
    Ok(Prepared {
        call: Call::new(&inner.config, &call_config, op),
        signals: inner.signal.iter().chain(&call_signal).cloned().collect(),
        fetch_fn,
    })
}

/// The attempts and waits of one call; every way out is one value.
async fn drive(prepared: Prepared) -> Result<Success, ClientError> {
    let Prepared {
        mut call,
        signals,
        fetch_fn,
    } = prepared;
    if signals.iter().any(Signal::aborted) {
        return Err(call.on_abort(false));
    }
    loop {
        let timeout_ms = call.timeout_ms();
        let attempt = transport::attempt(&fetch_fn, call.send(), timeout_ms, &signals).await;
        match next_step(&mut call, attempt)? {
            Step::Wait { delay_ms } => {
                if transport::sleep(delay_ms, &signals).await == GuardEvent::Aborted {
                    return Err(call.on_abort(false));
                }
            }
            Step::Done(success) => return Ok(success),
            Step::Fail(e) => return Err(e),
        }
    }
}

/// What the core makes of one attempt's outcome.
fn next_step(call: &mut Call, attempt: Attempt) -> Result<Step, ClientError> {
    let (now, jitter) = (js_sys::Date::now() as u64, js_sys::Math::random());
    Ok(match attempt {
        Attempt::Response {
            status,
            headers,
            body,
        } => call.on_response(status, headers, &body, now, jitter),
        Attempt::Failed {
            codes,
            detail,
            after_response,
        } => {
            let failure = if after_response {
                NetworkFailure::Lost
            } else {
                classify_network_error(&codes)
            };
            call.on_network_failure(failure, &detail, now, jitter)
        }
        Attempt::TimedOut => {
            let failure = NetworkFailure::TimedOut {
                timeout_ms: call.timeout_ms(),
            };
            call.on_network_failure(failure, "", now, jitter)
        }
        Attempt::Aborted => return Err(call.on_abort(true)),
    })
}

/// Starts one call. Not inlined: each method's export stays a few calls.
#[inline(never)]
fn start(
    inner: &Rc<Inner>,
    operation: Result<Operation, ClientError>,
    options: Option<JsValue>,
) -> Promise {
    future_to_promise(run(
        inner.clone(),
        operation,
        options.unwrap_or(JsValue::UNDEFINED),
    ))
}

/// Starts a call on one object: `make` builds it from the checked id.
#[inline(never)]
fn start_by_id(
    inner: &Rc<Inner>,
    id: &JsValue,
    make: fn(&str) -> Result<Operation, ClientError>,
    options: Option<JsValue>,
) -> Promise {
    start(
        inner,
        options::id_argument(id).and_then(|id| make(&id)),
        options,
    )
}

/// Turns a core error into the package's JS error, with every known secret
/// and anything shaped like a key or signing secret removed from the message
/// and headers.
fn to_js(e: ClientError, known: &[&str]) -> JsValue {
    let message = redact(&e.message, known);
    let opt_str = |v: &Option<String>| v.as_deref().map_or(JsValue::NULL, JsValue::from_str);
    let mut props: Vec<(&str, JsValue)> = Vec::new();
    match e.kind {
        ErrorKind::Validation => props.push(("param", opt_str(&e.param))),
        _ => props.push(("outcomeUnknown", JsValue::from_bool(e.outcome_unknown))),
    }
    if let Some(answer) = &e.answer {
        let headers = Object::new();
        for (name, value) in &answer.headers {
            let value = JsValue::from_str(&redact(value, known));
            let _ = Reflect::set(&headers, &JsValue::from_str(name), &value);
        }
        props.push(("status", JsValue::from(answer.status)));
        props.push(("code", opt_str(&answer.code)));
        props.push(("requestId", opt_str(&answer.request_id)));
        props.push(("headers", headers.into()));
        if e.kind == ErrorKind::RateLimit {
            // Capped at Number.MAX_SAFE_INTEGER.
            let ms = answer
                .retry_after_ms
                .map(|ms| ms.min(9_007_199_254_740_991) as f64);
            props.push(("retryAfterMs", ms.map_or(JsValue::NULL, JsValue::from)));
        }
    }
    js_error(e.kind.class_name(), &message, &props)
}

impl IntoJsError for ClientError {
    fn into_js_error(self) -> JsValue {
        to_js(self, &[])
    }
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
        #[wasm_bindgen(unchecked_optional_param_type = "ClientOptions")] options: Option<JsValue>,
    ) -> Result<CallingBox, JsValue> {
        let options = options.unwrap_or(JsValue::UNDEFINED);
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
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: Option<JsValue>,
    ) -> Promise {
        let op = options::params_json(&params).and_then(|json| Operation::create_endpoint(&json));
        start(&self.inner, op, options)
    }

    /// Lists the endpoints: `GET /v1/webhook_endpoints` (all of them; the API
    /// has no pagination).
    #[wasm_bindgen(unchecked_return_type = "Promise<WebhookEndpoint[]>")]
    pub fn list(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: Option<JsValue>,
    ) -> Promise {
        start(&self.inner, Ok(Operation::list_endpoints()), options)
    }

    /// Retrieves an endpoint: `GET /v1/webhook_endpoints/{id}`.
    #[wasm_bindgen(unchecked_return_type = "Promise<WebhookEndpoint>")]
    pub fn retrieve(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: Option<JsValue>,
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
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: Option<JsValue>,
    ) -> Promise {
        let op = options::id_argument(&id)
            .and_then(|id| Ok((id, options::params_json(&params)?)))
            .and_then(|(id, json)| Operation::update_endpoint(&id, &json));
        start(&self.inner, op, options)
    }

    /// Deletes an endpoint: `DELETE /v1/webhook_endpoints/{id}`. Resolves to
    /// `undefined`. A retry that finds the endpoint gone (404) after an
    /// attempt that may have deleted it counts as success.
    #[wasm_bindgen(unchecked_return_type = "Promise<void>")]
    pub fn delete(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: Option<JsValue>,
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
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: Option<JsValue>,
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
        params: Option<JsValue>,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: Option<JsValue>,
    ) -> Promise {
        let params = params.unwrap_or(JsValue::UNDEFINED);
        let op = options::params_json(&params).and_then(|json| Operation::list_deliveries(&json));
        start(&self.inner, op, options)
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
        params: Option<JsValue>,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: Option<JsValue>,
    ) -> WebhookDeliveryIterator {
        let params = params.unwrap_or(JsValue::UNDEFINED);
        let op = options::params_json(&params).and_then(|json| Operation::list_deliveries(&json));
        WebhookDeliveryIterator {
            state: Rc::new(RefCell::new(IteratorState {
                pending: Some((self.inner.clone(), op, options)),
                request: None,
                items: None,
            })),
        }
    }

    /// Retrieves a delivery: `GET /v1/webhook_deliveries/{id}`.
    #[wasm_bindgen(unchecked_return_type = "Promise<WebhookDelivery>")]
    pub fn retrieve(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: Option<JsValue>,
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
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions")] options: Option<JsValue>,
    ) -> Promise {
        start_by_id(&self.inner, &id, Operation::redeliver, options)
    }
}

type PendingList = (Rc<Inner>, Result<Operation, ClientError>, Option<JsValue>);

struct IteratorState {
    /// The list call, until the first `next()` starts it.
    pending: Option<PendingList>,
    /// The list call once started.
    request: Option<Promise>,
    /// Its items not yet yielded; None until it answered.
    items: Option<VecDeque<JsValue>>,
}

/// The async iterator that `webhookDeliveries.iterate()` returns.
#[wasm_bindgen]
pub struct WebhookDeliveryIterator {
    state: Rc<RefCell<IteratorState>>,
}

fn iterator_result(value: JsValue, done: bool) -> JsValue {
    let result = Object::new();
    let _ = Reflect::set(&result, &JsValue::from_str("value"), &value);
    let _ = Reflect::set(
        &result,
        &JsValue::from_str("done"),
        &JsValue::from_bool(done),
    );
    result.into()
}

#[wasm_bindgen]
impl WebhookDeliveryIterator {
    /// The next item; the first call makes the request.
    #[wasm_bindgen(unchecked_return_type = "Promise<IteratorResult<WebhookDelivery, undefined>>")]
    pub fn next(&self) -> Promise {
        let state = self.state.clone();
        future_to_promise(async move {
            let request = {
                let mut s = state.borrow_mut();
                if s.items.is_none() {
                    if let Some((inner, op, options)) = s.pending.take() {
                        s.request = Some(start(&inner, op, options));
                    }
                }
                if s.items.is_some() {
                    None
                } else {
                    s.request.clone()
                }
            };
            if let Some(request) = request {
                let answer = JsFuture::from(request).await;
                let mut s = state.borrow_mut();
                s.request = None;
                let answer = match answer {
                    Ok(answer) => answer,
                    Err(error) => {
                        s.items = Some(VecDeque::new());
                        return Err(error);
                    }
                };
                if s.items.is_none() {
                    s.items = Some(js_sys::Array::from(&answer).iter().collect());
                }
            }
            let next = state
                .borrow_mut()
                .items
                .as_mut()
                .and_then(VecDeque::pop_front);
            Ok(match next {
                Some(item) => iterator_result(item, false),
                None => iterator_result(JsValue::UNDEFINED, true),
            })
        })
    }

    /// Ends the iteration early (what `break` in `for await` calls).
    #[wasm_bindgen(
        js_name = "return",
        unchecked_return_type = "Promise<IteratorResult<WebhookDelivery, undefined>>"
    )]
    pub fn return_(&self) -> Promise {
        let mut s = self.state.borrow_mut();
        s.pending = None;
        s.items = Some(VecDeque::new());
        Promise::resolve(&iterator_result(JsValue::UNDEFINED, true))
    }

    /// The iterator itself, for `for await`.
    #[wasm_bindgen(js_name = "[Symbol.asyncIterator]")]
    pub fn async_iterator(&self) -> WebhookDeliveryIterator {
        WebhookDeliveryIterator {
            state: self.state.clone(),
        }
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
    #[wasm_bindgen(unchecked_optional_param_type = "ClientOptions")] options: Option<JsValue>,
) -> Promise {
    let options = options.unwrap_or(JsValue::UNDEFINED);
    let inner = match Inner::from_options(&options) {
        Ok(inner) => Rc::new(inner),
        Err(error) => return Promise::reject(&error),
    };
    let op = options::params_json(&params).and_then(|json| Operation::create_endpoint(&json));
    start(&inner, op, None)
}
