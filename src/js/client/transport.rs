//! One HTTP attempt over `fetch`, bounded by a timeout and the callers'
//! abort signals, and the abortable wait between attempts.
//!
//! Both race the work against a "guard" promise that a `setTimeout` or an
//! `abort` event settles, so a call settles in time even when a custom
//! `fetchImpl` ignores its signal. The timeout aborts its own
//! `AbortController`, combined by hand with the callers' signals
//! (`AbortSignal.any` is not everywhere).

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Array, Function, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{future_to_promise, JsFuture};

use crate::api::request::HttpRequest;

#[wasm_bindgen]
extern "C" {
    /// An `AbortSignal` (or anything shaped like one).
    #[derive(Clone)]
    pub type Signal;
    #[wasm_bindgen(method, getter)]
    pub fn aborted(this: &Signal) -> bool;
    #[wasm_bindgen(method, js_name = addEventListener)]
    fn add_event_listener(this: &Signal, kind: &str, listener: &Function);
    #[wasm_bindgen(method, js_name = removeEventListener)]
    fn remove_event_listener(this: &Signal, kind: &str, listener: &Function);

    type Controller;
    #[wasm_bindgen(constructor, js_class = "AbortController", catch)]
    fn new() -> Result<Controller, JsValue>;
    #[wasm_bindgen(method, getter)]
    fn signal(this: &Controller) -> JsValue;
    #[wasm_bindgen(method)]
    fn abort(this: &Controller);

    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(handler: &Function, ms: f64) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(id: &JsValue);
}

/// What settled a [`Guard`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GuardEvent {
    Elapsed,
    Aborted,
}

const ELAPSED: &str = "elapsed";
const ABORTED: &str = "aborted";

/// A promise that resolves with `"elapsed"` after `ms`, or `"aborted"` when
/// one of the signals fires. Dropping it clears the timer and the listeners.
struct Guard {
    promise: Promise,
    timer: JsValue,
    _on_timer: Closure<dyn FnMut()>,
    on_abort: Closure<dyn FnMut()>,
    signals: Vec<Signal>,
}

impl Guard {
    fn new(ms: u64, signals: &[Signal]) -> Guard {
        let resolver: Rc<RefCell<Option<Function>>> = Rc::new(RefCell::new(None));
        let slot = resolver.clone();
        let promise = Promise::new(&mut move |resolve, _reject| {
            *slot.borrow_mut() = Some(resolve);
        });
        let settle = move |value: &'static str| {
            let resolver = resolver.clone();
            move || {
                if let Some(resolve) = resolver.borrow().as_ref() {
                    let _ = resolve.call1(&JsValue::UNDEFINED, &JsValue::from_str(value));
                }
            }
        };
        let on_timer = Closure::<dyn FnMut()>::new(settle(ELAPSED));
        let on_abort = Closure::<dyn FnMut()>::new(settle(ABORTED));
        let timer = set_timeout(on_timer.as_ref().unchecked_ref(), ms as f64);
        for signal in signals {
            signal.add_event_listener("abort", on_abort.as_ref().unchecked_ref());
        }
        Guard {
            promise,
            timer,
            _on_timer: on_timer,
            on_abort,
            signals: signals.to_vec(),
        }
    }

    fn event(value: &JsValue) -> Option<GuardEvent> {
        match value.as_string().as_deref() {
            Some(ELAPSED) => Some(GuardEvent::Elapsed),
            Some(ABORTED) => Some(GuardEvent::Aborted),
            _ => None,
        }
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        clear_timeout(&self.timer);
        for signal in &self.signals {
            signal.remove_event_listener("abort", self.on_abort.as_ref().unchecked_ref());
        }
    }
}

/// Waits `ms`, or until a signal fires (then [`GuardEvent::Aborted`]).
pub async fn sleep(ms: u64, signals: &[Signal]) -> GuardEvent {
    if signals.iter().any(Signal::aborted) {
        return GuardEvent::Aborted;
    }
    let guard = Guard::new(ms, signals);
    let settled = JsFuture::from(guard.promise.clone())
        .await
        .unwrap_or(JsValue::UNDEFINED);
    Guard::event(&settled).unwrap_or(GuardEvent::Aborted)
}

/// How one attempt ended.
pub enum Attempt {
    Response {
        status: u16,
        headers: Vec<(String, String)>,
        body: String,
    },
    /// `fetch` rejected (`after_response` false) or reading the body failed
    /// (true). `codes` are the error codes found on the error and its causes.
    Failed {
        codes: Vec<String>,
        detail: String,
        after_response: bool,
    },
    TimedOut,
    Aborted,
}

const PHASE_FETCH: u32 = 0;
const PHASE_BODY: u32 = 1;

/// Sends `request` with `fetch_fn` and reads the whole answer, within
/// `timeout_ms` and until a signal fires.
pub async fn attempt(
    fetch_fn: &Function,
    request: &HttpRequest,
    timeout_ms: u64,
    signals: &[Signal],
) -> Attempt {
    if signals.iter().any(Signal::aborted) {
        return Attempt::Aborted;
    }
    let controller = Controller::new().ok();
    let init = request_init(request, controller.as_ref().map(Controller::signal));
    let guard = Guard::new(timeout_ms, signals);

    let fetch_fn = fetch_fn.clone();
    let url = JsValue::from_str(&request.url);
    let work = future_to_promise(async move {
        let tag = |phase: u32, error: JsValue| -> JsValue {
            Array::of2(&JsValue::from(phase), &error).into()
        };
        let global: JsValue = js_sys::global().into();
        let started = fetch_fn
            .call2(&global, &url, &init)
            .map_err(|e| tag(PHASE_FETCH, e))?;
        let response = JsFuture::from(Promise::resolve(&started))
            .await
            .map_err(|e| tag(PHASE_FETCH, e))?;
        let text_fn = Reflect::get(&response, &JsValue::from_str("text"))
            .ok()
            .and_then(|f| f.dyn_into::<Function>().ok())
            .ok_or_else(|| {
                tag(
                    PHASE_BODY,
                    JsValue::from_str("the fetch function's answer has no text()"),
                )
            })?;
        let reading = text_fn.call0(&response).map_err(|e| tag(PHASE_BODY, e))?;
        let text = JsFuture::from(Promise::resolve(&reading))
            .await
            .map_err(|e| tag(PHASE_BODY, e))?;
        Ok(Array::of2(&response, &text).into())
    });

    let race = Promise::race(&Array::of2(&work, &guard.promise));
    let settled = JsFuture::from(race).await;
    let outcome = match settled {
        Ok(value) => match Guard::event(&value) {
            Some(event) => {
                if let Some(controller) = &controller {
                    controller.abort();
                }
                return if event == GuardEvent::Elapsed {
                    Attempt::TimedOut
                } else {
                    Attempt::Aborted
                };
            }
            None => {
                let response = Reflect::get_u32(&value, 0).unwrap_or(JsValue::UNDEFINED);
                let body = Reflect::get_u32(&value, 1)
                    .ok()
                    .and_then(|t| t.as_string())
                    .unwrap_or_default();
                let status = Reflect::get(&response, &JsValue::from_str("status"))
                    .ok()
                    .and_then(|s| s.as_f64());
                match status {
                    Some(s) if (100.0..=599.0).contains(&s) => Attempt::Response {
                        status: s as u16,
                        headers: response_headers(&response),
                        body,
                    },
                    _ => Attempt::Failed {
                        codes: Vec::new(),
                        detail: "the fetch function's answer has no HTTP status".to_owned(),
                        after_response: true,
                    },
                }
            }
        },
        Err(tagged) => {
            let phase = Reflect::get_u32(&tagged, 0)
                .ok()
                .and_then(|p| p.as_f64())
                .unwrap_or(0.0) as u32;
            let error = Reflect::get_u32(&tagged, 1).unwrap_or(JsValue::UNDEFINED);
            Attempt::Failed {
                codes: error_codes(&error),
                detail: describe(&error),
                after_response: phase == PHASE_BODY,
            }
        }
    };
    drop(guard);
    outcome
}

fn request_init(request: &HttpRequest, signal: Option<JsValue>) -> JsValue {
    let init = Object::new();
    let set = |key: &str, value: &JsValue| {
        let _ = Reflect::set(&init, &JsValue::from_str(key), value);
    };
    set("method", &JsValue::from_str(request.method.as_str()));
    let headers = Object::new();
    for (name, value) in &request.headers {
        let _ = Reflect::set(
            &headers,
            &JsValue::from_str(name),
            &JsValue::from_str(value),
        );
    }
    set("headers", &headers);
    if let Some(body) = &request.body {
        set("body", &JsValue::from_str(body));
    }
    if let Some(signal) = signal {
        set("signal", &signal);
    }
    init.into()
}

/// The answer's headers, lowercase names (a `Headers`, or a plain object
/// from a custom `fetchImpl`).
fn response_headers(response: &JsValue) -> Vec<(String, String)> {
    let headers =
        Reflect::get(response, &JsValue::from_str("headers")).unwrap_or(JsValue::UNDEFINED);
    let mut out = Vec::new();
    let mut push = |pair: &JsValue| {
        let name = Reflect::get_u32(pair, 0).ok().and_then(|v| v.as_string());
        let value = Reflect::get_u32(pair, 1).ok().and_then(|v| v.as_string());
        if let (Some(name), Some(value)) = (name, value) {
            out.push((name.to_ascii_lowercase(), value));
        }
    };
    if let Ok(Some(iter)) = js_sys::try_iter(&headers) {
        for pair in iter.flatten() {
            push(&pair);
        }
    } else if headers.is_object() {
        for pair in Object::entries(headers.unchecked_ref::<Object>()).iter() {
            push(&pair);
        }
    }
    out
}

/// `code` of the error, of its `cause`, and of the cause's `errors` (Node's
/// AggregateError when every address of a host refused).
fn error_codes(error: &JsValue) -> Vec<String> {
    let code = |v: &JsValue| {
        Reflect::get(v, &JsValue::from_str("code"))
            .ok()
            .and_then(|c| c.as_string())
    };
    let mut codes = Vec::new();
    if !error.is_object() {
        return codes;
    }
    codes.extend(code(error));
    let cause = Reflect::get(error, &JsValue::from_str("cause")).unwrap_or(JsValue::UNDEFINED);
    if cause.is_object() {
        codes.extend(code(&cause));
        let errors =
            Reflect::get(&cause, &JsValue::from_str("errors")).unwrap_or(JsValue::UNDEFINED);
        if js_sys::Array::is_array(&errors) {
            for e in Array::from(&errors).iter() {
                if e.is_object() {
                    codes.extend(code(&e));
                }
            }
        }
    }
    codes
}

/// A short description of a fetch failure: its message and its cause's.
fn describe(error: &JsValue) -> String {
    let message = |v: &JsValue| -> Option<String> {
        if v.is_object() {
            Reflect::get(v, &JsValue::from_str("message"))
                .ok()
                .and_then(|m| m.as_string())
        } else {
            v.as_string()
        }
    };
    let mut text = message(error).unwrap_or_else(|| "fetch failed".to_owned());
    if error.is_object() {
        let cause = Reflect::get(error, &JsValue::from_str("cause")).unwrap_or(JsValue::UNDEFINED);
        if let Some(m) = message(&cause).filter(|m| !m.is_empty()) {
            text = format!("{text}: {m}");
        } else if let Some(code) = error_codes(error).first() {
            text = format!("{text}: {code}");
        }
    }
    text
}
