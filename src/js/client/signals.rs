//! The callers' `AbortSignal`s (the client's and the call's), folded into
//! one signal of the call's own.
//!
//! A caller's signal is the caller's object, so its methods are the
//! caller's code: `aborted`, `addEventListener` and `removeEventListener`
//! are read once when the options are read, and the listener methods are
//! then only called through caught calls, twice per call: when it starts,
//! each caller signal gets the call's own `AbortController.abort` (bound,
//! a native function with no Rust behind it, so a signal that keeps it
//! after the call, or fires it late, only aborts a controller nobody
//! listens to any more); when it ends, it is removed. Everything else (the
//! waits, the fetch's own signal) listens to the call's signal, which is
//! the package's own object.

use js_sys::{Function, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{AbortController, AbortSignal};

use crate::api::error::ClientError;

use super::boundary::describe_thrown;

/// A caller's signal and the methods read from it.
#[derive(Clone)]
pub struct CallerSignal {
    target: JsValue,
    aborted: bool,
    add: Function,
    remove: Function,
}

impl CallerSignal {
    pub fn new(target: JsValue, aborted: bool, add: Function, remove: Function) -> CallerSignal {
        CallerSignal {
            target,
            aborted,
            add,
            remove,
        }
    }
}

/// One call's signal, aborted when any of the callers' signals fires.
pub struct CallSignal {
    controller: AbortController,
    bound_abort: Function,
    watched: Vec<CallerSignal>,
}

impl CallSignal {
    /// Listens to each caller signal. One that was already aborted when its
    /// options were read aborts the call at once; one whose
    /// `addEventListener` throws is a `ValidationError`.
    pub fn new(signals: Vec<CallerSignal>) -> Result<CallSignal, ClientError> {
        let controller = AbortController::new()
            .map_err(|_| ClientError::validation(None, "this runtime has no AbortController"))?;
        let abort = Reflect::get(&controller, &JsValue::from_str("abort"))
            .unwrap_or(JsValue::UNDEFINED)
            .unchecked_into::<Function>();
        let mut call = CallSignal {
            bound_abort: abort.bind0(&controller),
            controller,
            watched: Vec::with_capacity(signals.len()),
        };
        if signals.iter().any(|s| s.aborted) {
            call.controller.abort();
        }
        for signal in signals {
            let added = signal.add.call2(
                &signal.target,
                &JsValue::from_str("abort"),
                &call.bound_abort,
            );
            if let Err(thrown) = added {
                return Err(ClientError::validation(
                    Some("signal"),
                    format!("signal.addEventListener threw {}", describe_thrown(&thrown)),
                ));
            }
            call.watched.push(signal);
        }
        Ok(call)
    }

    /// The call's own signal.
    pub fn signal(&self) -> AbortSignal {
        self.controller.signal()
    }
}

impl Drop for CallSignal {
    fn drop(&mut self) {
        for signal in &self.watched {
            // Nothing to report once the call is over; a signal that keeps
            // the listener holds only the bound `abort` of a finished call.
            let _ = signal.remove.call2(
                &signal.target,
                &JsValue::from_str("abort"),
                &self.bound_abort,
            );
        }
    }
}
