//! One HTTP attempt over `fetch`, bounded by a timeout and the call's
//! signal, and the abortable wait between attempts.
//!
//! Both race the work against a "guard" promise that a `setTimeout` or the
//! call's `abort` event settles, so a call settles in time even when a
//! custom `fetchImpl` ignores its signal. The request itself carries the
//! attempt's own `AbortController` signal, aborted on timeout or abort.
//!
//! What `fetchImpl` returns is the caller's: the response and everything
//! on it (`status`, `headers`, `text()`, a `then` getter) is read through
//! caught calls only ([`super::boundary`]), and the body stays in JS
//! ([`super::answer::JsJson`]).

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Array, Function, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal, RequestInit};

use crate::api::request::HttpRequest;

use super::answer::JsJson;
use super::boundary::{self, describe_thrown};

#[wasm_bindgen]
extern "C" {
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
/// after `ms`, `aborted` when the call's signal fires. The markers are fresh
/// objects, so nothing a `fetchImpl` resolves with can pass for one.
/// Dropping it clears the timer and the listener.
struct Guard {
    promise: Promise,
    elapsed: JsValue,
    aborted: JsValue,
    timer: JsValue,
    _on_timer: Closure<dyn FnMut()>,
    on_abort: Closure<dyn FnMut()>,
    signal: AbortSignal,
}

impl Guard {
    fn new(ms: u64, signal: &AbortSignal) -> Guard {
        let resolver: Rc<RefCell<Option<Function>>> = Rc::new(RefCell::new(None));
        let slot = resolver.clone();
        let promise = Promise::new(&mut move |resolve, _reject| {
            *slot.borrow_mut() = Some(resolve);
        });
        let settle = move |marker: &JsValue| {
            let resolver = resolver.clone();
            let marker = marker.clone();
            move || {
                let resolve = resolver.borrow().clone();
                if let Some(resolve) = resolve {
                    let _ = resolve.call1(&JsValue::UNDEFINED, &marker);
                }
            }
        };
        let (elapsed, aborted): (JsValue, JsValue) = (Object::new().into(), Object::new().into());
        let on_timer = Closure::<dyn FnMut()>::new(settle(&elapsed));
        let on_abort = Closure::<dyn FnMut()>::new(settle(&aborted));
        let timer = set_timeout(on_timer.as_ref().unchecked_ref(), ms as f64);
        let _ = signal.add_event_listener_with_callback("abort", on_abort.as_ref().unchecked_ref());
        Guard {
            promise,
            elapsed,
            aborted,
            timer,
            _on_timer: on_timer,
            on_abort,
            signal: signal.clone(),
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

    /// Waits for `work` (a promise, a thenable or a value) or the guard,
    /// whichever settles first. `Promise.race` reads a thenable's `then`
    /// itself and turns a throw there into a rejection.
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
        let _ = self
            .signal
            .remove_event_listener_with_callback("abort", self.on_abort.as_ref().unchecked_ref());
    }
}

/// Waits `ms`, or until the call's signal fires (then
/// [`GuardEvent::Aborted`]).
pub async fn sleep(ms: u64, signal: &AbortSignal) -> GuardEvent {
    if signal.aborted() {
        return GuardEvent::Aborted;
    }
    let guard = Guard::new(ms, signal);
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
        body: JsJson,
    },
    /// `fetch` rejected (`after_response` false) or reading the answer failed
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
/// `timeout_ms` and until the call's signal fires.
pub async fn attempt(
    fetch_fn: &Function,
    request: &HttpRequest,
    timeout_ms: u64,
    signal: &AbortSignal,
) -> Attempt {
    if signal.aborted() {
        return Attempt::Aborted;
    }
    let controller = AbortController::new().ok();
    let init = request_init(request, controller.as_ref().map(AbortController::signal));
    let guard = Guard::new(timeout_ms, signal);
    let outcome = exchange(fetch_fn, &request.url, &init, &guard).await;
    if matches!(outcome, Attempt::TimedOut | Attempt::Aborted) {
        if let Some(controller) = &controller {
            controller.abort();
        }
    }
    drop(guard);
    outcome
}

fn failed(detail: String, after_response: bool) -> Attempt {
    Attempt::Failed {
        codes: Vec::new(),
        detail,
        after_response,
    }
}

/// The fetch and then the reading of the body, each raced against `guard`.
async fn exchange(fetch_fn: &Function, url: &str, init: &JsValue, guard: &Guard) -> Attempt {
    let rejected = |error: JsValue, after_response: bool| Attempt::Failed {
        codes: error_codes(&error),
        detail: describe(&error),
        after_response,
    };
    let stopped = |event: GuardEvent| match event {
        GuardEvent::Elapsed => Attempt::TimedOut,
        GuardEvent::Aborted => Attempt::Aborted,
    };
    let global: JsValue = js_sys::global().into();
    let started = match boundary::call2(fetch_fn, &global, &JsValue::from_str(url), init) {
        Ok(started) => started,
        Err(error) => return rejected(error, false),
    };
    let response = match guard.race(&started).await {
        Raced::Done(response) => response,
        Raced::Failed(error) => return rejected(error, false),
        Raced::Guard(event) => return stopped(event),
    };
    let no_answer = || {
        failed(
            "the fetch function's answer is not a Response".to_owned(),
            true,
        )
    };
    if !boundary::has_properties(&response) {
        return no_answer();
    }
    let text_fn = match boundary::get(&response, "text") {
        Ok(f) if f.is_function() => f.unchecked_into::<Function>(),
        Ok(_) => return no_answer(),
        Err(error) => return rejected(error, true),
    };
    let reading = match text_fn.call0(&response) {
        Ok(reading) => reading,
        Err(error) => return rejected(error, true),
    };
    let text = match guard.race(&reading).await {
        Raced::Done(text) if text.is_string() => text,
        Raced::Done(_) => {
            return failed(
                "the fetch function's answer's text() did not give a string".to_owned(),
                true,
            )
        }
        Raced::Failed(error) => return rejected(error, true),
        Raced::Guard(event) => return stopped(event),
    };
    let status = match boundary::get(&response, "status") {
        Ok(status) => status.as_f64(),
        Err(error) => return rejected(error, true),
    };
    let headers = match response_headers(&response) {
        Ok(headers) => headers,
        Err(error) => return rejected(error, true),
    };
    match status {
        Some(s) if (100.0..=599.0).contains(&s) && s.fract() == 0.0 => Attempt::Response {
            status: s as u16,
            headers,
            body: JsJson::parse(text),
        },
        _ => failed(
            "the fetch function's answer has no HTTP status".to_owned(),
            true,
        ),
    }
}

/// The `RequestInit` for `fetch`. Headers go as a plain record: what a
/// custom `fetchImpl` can read as easily as `fetch` itself.
fn request_init(request: &HttpRequest, signal: Option<AbortSignal>) -> JsValue {
    let init = RequestInit::new();
    init.set_method(request.method.as_str());
    let headers = Object::new();
    for (name, value) in &request.headers {
        let _ = Reflect::set(
            &headers,
            &JsValue::from_str(name),
            &JsValue::from_str(value),
        );
    }
    init.set_headers(&headers);
    if let Some(body) = &request.body {
        init.set_body(&JsValue::from_str(body));
    }
    init.set_signal(signal.as_ref());
    init.into()
}

/// The answer's headers, lowercase names: anything iterable over
/// `[name, value]` pairs (a `Headers`), or a plain object from a custom
/// `fetchImpl`. Pairs that are not two strings are skipped, and only the
/// first 1,000 pairs are read (a custom answer may iterate without end).
fn response_headers(response: &JsValue) -> Result<Vec<(String, String)>, JsValue> {
    let headers = boundary::get(response, "headers")?;
    if !boundary::has_properties(&headers) {
        return Ok(Vec::new());
    }
    let pairs = if boundary::is_iterable(&headers)? {
        boundary::collect(&headers, 1000)?
    } else {
        boundary::entries(&headers)?
    };
    let mut out = Vec::with_capacity(pairs.length() as usize);
    for pair in pairs.iter() {
        let name = boundary::get_index(&pair, 0)?.as_string();
        let value = boundary::get_index(&pair, 1)?.as_string();
        if let (Some(name), Some(value)) = (name, value) {
            out.push((name.to_ascii_lowercase(), value));
        }
    }
    Ok(out)
}

/// `code` of the error, of its `cause`, and of the cause's `errors` (Node's
/// AggregateError when every address of a host refused). Reads that throw
/// count as absent.
fn error_codes(error: &JsValue) -> Vec<String> {
    let read = |v: &JsValue, key: &str| boundary::get(v, key).unwrap_or(JsValue::UNDEFINED);
    let mut codes = Vec::new();
    codes.extend(read(error, "code").as_string());
    let cause = read(error, "cause");
    codes.extend(read(&cause, "code").as_string());
    let errors = read(&cause, "errors");
    if boundary::is_array(&errors).unwrap_or(false) {
        if let Ok(errors) = boundary::collect(&errors, 100) {
            for e in errors.iter() {
                codes.extend(read(&e, "code").as_string());
            }
        }
    }
    codes
}

/// A short description of a fetch failure: its message and its cause's.
fn describe(error: &JsValue) -> String {
    let message = |v: &JsValue| -> Option<String> {
        if boundary::has_properties(v) {
            boundary::get(v, "message").ok().and_then(|m| m.as_string())
        } else {
            v.as_string()
        }
    };
    let mut text = message(error).unwrap_or_else(|| {
        if boundary::has_properties(error) {
            "fetch failed".to_owned()
        } else {
            describe_thrown(error)
        }
    });
    let cause = boundary::get(error, "cause").unwrap_or(JsValue::UNDEFINED);
    if let Some(m) = message(&cause).filter(|m| !m.is_empty()) {
        text = format!("{text}: {m}");
    } else if let Some(code) = error_codes(error).first() {
        text = format!("{text}: {code}");
    }
    text
}
