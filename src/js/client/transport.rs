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
use wasm_bindgen_futures::JsFuture;

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

/// A promise that resolves with one of its two marker objects: `elapsed`
/// after `ms`, `aborted` when one of the signals fires. The markers are fresh
/// objects, so nothing a `fetchImpl` resolves with can pass for one.
/// Dropping it clears the timer and the listeners.
struct Guard {
    promise: Promise,
    elapsed: JsValue,
    aborted: JsValue,
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
        let settle = move |marker: &JsValue| {
            let resolver = resolver.clone();
            let marker = marker.clone();
            move || {
                if let Some(resolve) = resolver.borrow().as_ref() {
                    let _ = resolve.call1(&JsValue::UNDEFINED, &marker);
                }
            }
        };
        let (elapsed, aborted): (JsValue, JsValue) = (Object::new().into(), Object::new().into());
        let on_timer = Closure::<dyn FnMut()>::new(settle(&elapsed));
        let on_abort = Closure::<dyn FnMut()>::new(settle(&aborted));
        let timer = set_timeout(on_timer.as_ref().unchecked_ref(), ms as f64);
        for signal in signals {
            signal.add_event_listener("abort", on_abort.as_ref().unchecked_ref());
        }
        Guard {
            promise,
            elapsed,
            aborted,
            timer,
            _on_timer: on_timer,
            on_abort,
            signals: signals.to_vec(),
        }
    }

    fn event(&self, value: &JsValue) -> Option<GuardEvent> {
        if *value == self.elapsed {
            Some(GuardEvent::Elapsed)
        } else if *value == self.aborted {
            Some(GuardEvent::Aborted)
        } else {
            None
        }
    }

    /// Waits for `work` (a promise or a value) or the guard, whichever
    /// settles first.
    async fn race(&self, work: &JsValue) -> Raced {
        let race = Promise::race(&Array::of2(work, &self.promise));
        match JsFuture::from(race).await {
            Ok(value) => match self.event(&value) {
                Some(event) => Raced::Guard(event),
                None => Raced::Done(value),
            },
            Err(error) => Raced::Failed(error),
        }
    }
}

/// How a [`Guard::race`] ended.
enum Raced {
    Done(JsValue),
    Failed(JsValue),
    Guard(GuardEvent),
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
    guard.event(&settled).unwrap_or(GuardEvent::Aborted)
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
    let outcome = exchange(fetch_fn, &request.url, &init, &guard).await;
    if matches!(outcome, Attempt::TimedOut | Attempt::Aborted) {
        if let Some(controller) = &controller {
            controller.abort();
        }
    }
    drop(guard);
    outcome
}

/// The fetch and then the reading of the body, each raced against `guard`.
async fn exchange(fetch_fn: &Function, url: &str, init: &JsValue, guard: &Guard) -> Attempt {
    let failed = |error: JsValue, after_response: bool| Attempt::Failed {
        codes: error_codes(&error),
        detail: describe(&error),
        after_response,
    };
    let stopped = |event: GuardEvent| match event {
        GuardEvent::Elapsed => Attempt::TimedOut,
        GuardEvent::Aborted => Attempt::Aborted,
    };
    let global: JsValue = js_sys::global().into();
    let started = match fetch_fn.call2(&global, &JsValue::from_str(url), init) {
        Ok(started) => started,
        Err(error) => return failed(error, false),
    };
    let response = match guard.race(&started).await {
        Raced::Done(response) => response,
        Raced::Failed(error) => return failed(error, false),
        Raced::Guard(event) => return stopped(event),
    };
    let text_fn = Reflect::get(&response, &JsValue::from_str("text"))
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok());
    let Some(text_fn) = text_fn else {
        let error = JsValue::from_str("the fetch function's answer has no text()");
        return failed(error, true);
    };
    let reading = match text_fn.call0(&response) {
        Ok(reading) => reading,
        Err(error) => return failed(error, true),
    };
    let body = match guard.race(&reading).await {
        Raced::Done(text) => text.as_string().unwrap_or_default(),
        Raced::Failed(error) => return failed(error, true),
        Raced::Guard(event) => return stopped(event),
    };
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
