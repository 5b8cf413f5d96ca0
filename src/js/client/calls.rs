//! Running one call: its options read at once (synchronously, while the
//! caller's method call is on the stack), then the attempts and waits the
//! core's [`CallFlow`] asks for, and the value or error it ends with.

use std::rc::Rc;

use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::future_to_promise;
use zeroize::Zeroizing;

use crate::api::answer::Success;
use crate::api::call_flow::{CallFlow, Step};
use crate::api::config::{CallSettings, ClientConfig};
use crate::api::error::ClientError;
use crate::api::operation::Operation;
use crate::api::retry::{classify_network_error, NetworkFailure};

use super::answer::JsJson;
use super::boundary;
use super::errors::to_js;
use super::options::{self, JsHandles};
use super::signals::{CallSignal, CallerSignal};
use super::transport::{self, Attempt, GuardEvent};

/// What every resource shares: the checked settings, `fetchImpl` and the
/// client's signal.
pub struct Inner {
    config: ClientConfig,
    fetch_impl: Option<Function>,
    signal: Option<CallerSignal>,
}

impl Inner {
    /// Reads and checks the client options.
    pub fn from_options(options: &JsValue) -> Result<Inner, JsValue> {
        let (settings, JsHandles { fetch_impl, signal }) =
            options::client_settings(options).map_err(|e| to_js(e, &[]))?;
        // Copies for redacting an error below, zeroed when dropped like
        // the keys themselves.
        let known: Vec<Zeroizing<String>> = settings
            .api_key
            .iter()
            .chain(settings.env_api_key.iter())
            .map(|key| Zeroizing::new(key.clone()))
            .collect();
        match ClientConfig::new(settings) {
            Ok(config) => Ok(Inner {
                config,
                fetch_impl,
                signal,
            }),
            Err(e) => {
                let known: Vec<&str> = known.iter().map(|k| k.as_str()).collect();
                Err(to_js(e, &known))
            }
        }
    }

    /// The JS error for `e`, with the client's key redacted.
    pub fn error(&self, e: ClientError) -> JsValue {
        to_js(e, &self.config.api_key().into_iter().collect::<Vec<_>>())
    }

    /// The client's checked settings.
    pub fn config(&self) -> &ClientConfig {
        &self.config
    }

    /// The `fetch` to call: `fetchImpl`, else the global one.
    fn fetch_fn(&self) -> Result<Function, ClientError> {
        if let Some(f) = &self.fetch_impl {
            return Ok(f.clone());
        }
        let global: JsValue = js_sys::global().into();
        match boundary::get(&global, "fetch") {
            Ok(f) if f.is_function() => Ok(f.unchecked_into()),
            _ => Err(ClientError::validation(
                Some("fetchImpl"),
                "this runtime has no global fetch: pass one as fetchImpl",
            )),
        }
    }
}

/// A call as the caller asked for it: the operation and its per-call
/// options, read from the caller's values.
pub struct CallRequest {
    op: Operation,
    settings: CallSettings,
    signal: Option<CallerSignal>,
}

/// Reads the per-call options. Every read of a caller's value happens here,
/// synchronously, inside the caller's method call.
pub fn read_call(
    operation: Result<Operation, ClientError>,
    options: JsValue,
) -> Result<CallRequest, ClientError> {
    let op = operation?;
    let (settings, signal) = options::call_settings(&options)?;
    Ok(CallRequest {
        op,
        settings,
        signal,
    })
}

/// A call ready to send: its options checked, its signal watched.
struct Prepared {
    flow: CallFlow,
    signal: CallSignal,
    fetch_fn: Function,
}

fn prepare(inner: &Inner, request: CallRequest) -> Result<Prepared, ClientError> {
    let call_config = inner.config.call(request.settings)?;
    let fetch_fn = inner.fetch_fn()?;
    let signals = inner.signal.iter().cloned().chain(request.signal).collect();
    Ok(Prepared {
        flow: CallFlow::new(&inner.config, &call_config, request.op),
        signal: CallSignal::new(signals)?,
        fetch_fn,
    })
}

/// Sends a call that was read: a promise of its value, rejected with the
/// package's error. Not inlined: each method's export stays a few calls.
#[inline(never)]
pub fn launch(inner: &Rc<Inner>, request: Result<CallRequest, ClientError>) -> Promise {
    match request.and_then(|request| prepare(inner, request)) {
        Ok(prepared) => future_to_promise(run(inner.clone(), prepared)),
        Err(e) => Promise::reject(&inner.error(e)),
    }
}

/// Reads and sends one call.
#[inline(never)]
pub fn start(
    inner: &Rc<Inner>,
    operation: Result<Operation, ClientError>,
    options: JsValue,
) -> Promise {
    launch(inner, read_call(operation, options))
}

/// Runs a prepared call to the end, retrying as the core decides.
async fn run(inner: Rc<Inner>, prepared: Prepared) -> Result<JsValue, JsValue> {
    drive(prepared).await.map_err(|e| inner.error(e))
}

/// The attempts and waits of one call; every way out is one value.
async fn drive(prepared: Prepared) -> Result<JsValue, ClientError> {
    let Prepared {
        mut flow,
        signal: call_signal,
        fetch_fn,
    } = prepared;
    let signal = call_signal.signal();
    if signal.aborted() {
        return Err(flow.on_abort(false));
    }
    loop {
        let timeout_ms = flow.timeout_ms();
        let attempt = transport::attempt(&fetch_fn, flow.send(), timeout_ms, &signal).await;
        let (now, jitter) = (js_sys::Date::now() as u64, js_sys::Math::random());
        let step = match attempt {
            Attempt::Response {
                status,
                headers,
                body,
            } => match flow.on_response(status, headers, &body, now, jitter) {
                Step::Done(success) => return Ok(hand_back(success, &body)),
                step => step,
            },
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
                flow.on_network_failure(failure, &detail, now, jitter)
            }
            Attempt::TimedOut => {
                let failure = NetworkFailure::TimedOut { timeout_ms };
                flow.on_network_failure(failure, "", now, jitter)
            }
            Attempt::Aborted => return Err(flow.on_abort(true)),
        };
        match step {
            Step::Wait { delay_ms } => {
                if transport::sleep(delay_ms, &signal).await == GuardEvent::Aborted {
                    return Err(flow.on_abort(false));
                }
            }
            Step::Done(_) => return Ok(JsValue::UNDEFINED),
            Step::Fail(e) => return Err(e),
        }
    }
}

/// The value a successful call resolves to: `JSON.parse`'s own object (so
/// fields the client does not know arrive as sent), the list inside its
/// envelope, or undefined.
fn hand_back(success: Success, body: &JsJson) -> JsValue {
    let parsed = body.value().cloned().unwrap_or(JsValue::UNDEFINED);
    match success {
        Success::Whole => parsed,
        Success::Data => boundary::get(&parsed, "data").unwrap_or(JsValue::UNDEFINED),
        Success::Empty => JsValue::UNDEFINED,
    }
}
