//! The async iterator of `webhookDeliveries.iterate()`: the one list call,
//! sent at the first `next()`, yielded item by item.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use js_sys::{Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{future_to_promise, JsFuture};

use crate::api::error::ClientError;

use super::calls::{launch, CallRequest, Inner};

/// The list call as read when `iterate()` was called.
type PendingList = (Rc<Inner>, Result<CallRequest, ClientError>);

struct IteratorState {
    /// The list call, until the first `next()` sends it.
    pending: Option<PendingList>,
    /// The list call once sent.
    request: Option<Promise>,
    /// Its items not yet yielded; None until it answered.
    items: Option<VecDeque<JsValue>>,
}

/// The async iterator that `webhookDeliveries.iterate()` returns.
#[wasm_bindgen]
pub struct WebhookDeliveryIterator {
    state: Rc<RefCell<IteratorState>>,
}

impl WebhookDeliveryIterator {
    /// An iterator over the answer of the call `request` (read already).
    pub fn new(inner: Rc<Inner>, request: Result<CallRequest, ClientError>) -> Self {
        WebhookDeliveryIterator {
            state: Rc::new(RefCell::new(IteratorState {
                pending: Some((inner, request)),
                request: None,
                items: None,
            })),
        }
    }
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
                let pending = {
                    let mut s = state.borrow_mut();
                    if s.items.is_none() {
                        s.pending.take()
                    } else {
                        None
                    }
                };
                // Sent outside the borrow: sending calls the caller's signal.
                if let Some((inner, request)) = pending {
                    let sent = launch(&inner, request);
                    state.borrow_mut().request = Some(sent);
                }
                let s = state.borrow();
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
