//! `verifySignature`, `constructEvent`, `verifyRequest`, `signPayload` and the
//! `Webhooks` class: the JavaScript face of [`crate::signature`].
//!
//! Everything here is synchronous. `verifyRequest` is split in two: its
//! synchronous half ([`verify_request_start`]) is here, and the wait for the
//! body is a few lines of JS (`pkg-template/verify-request.js`) that end in
//! `constructEvent`, so that neither build needs an async runtime or a Rust
//! closure.
//!
//! Arguments of the wrong JS type throw a `TypeError`; verification failures
//! make `verifySignature` return `false` and the other functions throw (or
//! reject with) a `WebhookVerificationError` whose `code` says why. No path
//! here panics: every JS value is checked before use and every fallible JS
//! call is caught.

use alloc::string::String;
use alloc::vec::Vec;
use core::cell::RefCell;

use js_sys::{Array, ArrayBuffer, Function, JsString, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::js::errors::{js_error, type_error, IntoJsError};
use crate::signature::{
    self, MalformedHeader, SignatureHeader, VerifyError, VerifyOptions, DEFAULT_TOLERANCE_SECONDS,
    HEADER_NAME, MAX_HEADER_BYTES,
};

#[wasm_bindgen(typescript_custom_section)]
const TS_OPTIONS: &'static str = r#"
/** Options of `verifySignature`, `constructEvent` and `verifyRequest`. */
export interface VerifyOptions {
  /**
   * The largest accepted distance between the header's `t` and `now`, in
   * seconds, in both directions. Default 300. `0` turns the check off (tests
   * only). Fractions are rounded down; negative, NaN or infinite values throw
   * a `TypeError`.
   */
  toleranceSeconds?: number;
  /** The current time in unix seconds (default `Date.now() / 1000`). Fractions are rounded down. */
  now?: number;
}

/** Options of `signPayload`. */
export interface SignOptions {
  /** The `t` to sign with, in unix seconds (default: now). Fractions are rounded down; it must not be negative. */
  timestamp?: number;
}
"#;

impl IntoJsError for VerifyError {
    fn into_js_error(self) -> JsValue {
        js_error(
            "WebhookVerificationError",
            &self.message(),
            &[("code", JsValue::from_str(self.code()))],
        )
    }
}

/// Returns `true` when `header` is a valid `CallingBox-Signature` for
/// `payload` under `secret` (any of them, when an array is given: useful
/// while rotating secrets) and its timestamp is within `toleranceSeconds`
/// (default 300) of `now` (default: the current time).
///
/// `payload` must be the raw request body exactly as received: a string
/// (verified as its UTF-8 bytes), a `Uint8Array` (a Node `Buffer` is one) or
/// an `ArrayBuffer`. A body that was parsed and re-serialized never verifies.
///
/// Returns `false` for every verification failure (missing, malformed or
/// stale header, no matching signature); use `constructEvent` to learn why.
/// Throws a `TypeError` only when an argument has the wrong type, or when
/// `secret` is empty.
#[wasm_bindgen(js_name = verifySignature)]
pub fn verify_signature(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array | ArrayBuffer")] payload: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string | null | undefined")] header: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string | string[]")] secret: JsValue,
    options: Option<JsVerifyOptions>,
) -> Result<bool, JsValue> {
    let call = Call::read(&payload, &header, &secret, options.as_ref())?;
    Ok(call.verify().is_ok())
}

/// Verifies `header` as `verifySignature` does, then parses `payload` with
/// `JSON.parse` and returns the event.
///
/// Throws a `WebhookVerificationError` whose `code` is `missing_header`,
/// `malformed_header`, `timestamp_out_of_tolerance`,
/// `no_matching_signature`, or `invalid_payload` (the signature is valid but
/// the body is not UTF-8 JSON with a string `id`, a string `type`, a number
/// `created` and an object `data`). Throws a `TypeError` when an argument
/// has the wrong type.
///
/// An event of a type newer than this package is returned too, with its
/// `type` as sent: check `event.type` before reading `event.data.call`.
#[wasm_bindgen(js_name = constructEvent, unchecked_return_type = "WebhookEvent")]
pub fn construct_event(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array | ArrayBuffer")] payload: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string | null | undefined")] header: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string | string[]")] secret: JsValue,
    options: Option<JsVerifyOptions>,
) -> Result<JsValue, JsValue> {
    let call = Call::read(&payload, &header, &secret, options.as_ref())?;
    call.verify().map_err(IntoJsError::into_js_error)?;
    match &call.payload {
        // A string body goes to JSON.parse as it is (no decoding round trip),
        // unless it held lone surrogates: those were verified as U+FFFD, so
        // parse exactly the bytes that were verified.
        Payload::Text(bytes) if !contains_replacement_character(bytes) => parse_event(&payload),
        Payload::Text(bytes) | Payload::Bytes(bytes) => parse_event_bytes(bytes),
    }
    .map_err(IntoJsError::into_js_error)
}

#[wasm_bindgen(typescript_custom_section)]
const TS_VERIFY_REQUEST: &'static str = r#"
/**
 * Verifies a Fetch API `Request` (Cloudflare Workers, Deno, Bun, Node 18+)
 * and resolves to its event: reads the `CallingBox-Signature` header and
 * the raw body (`arrayBuffer()`), then does what `constructEvent` does.
 *
 * **This consumes the request body.** If you need the body afterwards,
 * pass `request.clone()`. When the header is missing, malformed or out of
 * tolerance, or an argument is wrong, the promise rejects before the body
 * is read.
 *
 * Rejects with a `WebhookVerificationError` (see `constructEvent` for the
 * codes) or a `TypeError` for arguments of the wrong type; it never throws
 * synchronously.
 */
export function verifyRequest(request: Request, secret: string | string[], options?: VerifyOptions | null): Promise<WebhookEvent>;
"#;

/// The synchronous half of `verifyRequest`, whose asynchronous half is
/// `pkg-template/verify-request.js` (assemble-pkg appends it to each
/// flavour's glue; its documentation and type are `TS_VERIFY_REQUEST`
/// above). Internal: no entry exports it and no `.d.ts` declares it.
///
/// Checks `secret`, `options` and the request's shape, reads the
/// `CallingBox-Signature` header and rejects a missing, malformed or stale
/// one, all before the body is touched; then starts reading the body and
/// returns `[body, header, toleranceSeconds, now]`: the `arrayBuffer()`
/// promise, the header string and the options as resolved now (so the JS
/// half's `constructEvent` judges the clock exactly as this check did).
///
/// The body is finished in JS rather than in a Rust closure: wasm-bindgen's
/// closure machinery cost about 4.5 KB of wasm plus its JS glue, more than
/// the rest of `verifyRequest` together.
#[wasm_bindgen(js_name = verifyRequestStart, skip_typescript)]
pub fn verify_request_start(
    request: JsValue,
    secret: JsValue,
    options: Option<JsVerifyOptions>,
) -> Result<Array, JsValue> {
    const NOT_A_REQUEST: &str = "verifyRequest: `request` must be a Fetch API Request (with `headers.get()` and `arrayBuffer()`); for Node's http.IncomingMessage, read the raw body and call constructEvent";
    Secrets::read(&secret)?;
    let options = read_verify_options(options.as_ref())?;

    if !request.is_object() {
        return Err(type_error(NOT_A_REQUEST));
    }
    let get = |target: &JsValue, key: &str| Reflect::get(target, &JsValue::from_str(key));
    let headers = get(&request, "headers")?;
    let headers_get = match headers.is_object() {
        true => get(&headers, "get")?,
        false => JsValue::UNDEFINED,
    };
    let array_buffer = get(&request, "arrayBuffer")?;
    let (Some(headers_get), Some(array_buffer)) = (
        headers_get.dyn_ref::<Function>(),
        array_buffer.dyn_ref::<Function>(),
    ) else {
        return Err(type_error(NOT_A_REQUEST));
    };

    // Reject a bad header before touching the body.
    let header = headers_get.call1(&headers, &JsValue::from_str(HEADER_NAME))?;
    Header::read(&header)?
        .check(&options)
        .map_err(IntoJsError::into_js_error)?;

    let body = array_buffer.call0(&request)?;
    // Exact as f64: `now` came from a float, and a tolerance beyond 2^53
    // (saturated or not) comes back to the same verdict.
    Ok(Array::of4(
        &body,
        &header,
        &JsValue::from_f64(options.tolerance_seconds as f64),
        &JsValue::from_f64(options.now as f64),
    ))
}

/// Signs `payload` as CallingBox does and returns the `CallingBox-Signature`
/// header value `t=<timestamp>,v1=<hex>`. For tests and local tools: send
/// the returned header with exactly the same body bytes.
///
/// Throws a `TypeError` when `payload` is not a string, `Uint8Array` or
/// `ArrayBuffer`, when `secret` is not a non-empty string, or when
/// `timestamp` is negative, NaN or infinite.
#[wasm_bindgen(js_name = signPayload)]
pub fn sign_payload(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array | ArrayBuffer")] payload: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] secret: JsValue,
    options: Option<JsSignOptions>,
) -> Result<String, JsValue> {
    let payload = Payload::read(&payload)?;
    let secret = secret
        .as_string()
        .filter(|s| !s.is_empty())
        .ok_or_else(|| {
            type_error(
                "signPayload: `secret` must be a non-empty string (the signing secret, whsec_...)",
            )
        })?;
    let timestamp = match options.as_ref().map(checked_options).transpose()? {
        Some(options) => number_option(
            options.timestamp()?,
            0.0,
            "signPayload: `options.timestamp` must be a finite, non-negative number of unix seconds",
        )?,
        None => None,
    }
    .unwrap_or_else(now_seconds);
    Ok(signature::sign(payload.as_bytes(), &secret, timestamp))
}

/// Webhook verification under the name the official CallingBox TypeScript
/// SDK documents: `Webhooks.constructEvent(rawBody, header, secret)` works
/// unchanged. There is nothing to construct: use the static methods.
#[wasm_bindgen]
pub struct Webhooks {
    _private: (),
}

#[wasm_bindgen]
impl Webhooks {
    /// Same as the top-level `constructEvent`: verifies the
    /// `CallingBox-Signature` header and returns the parsed event, or throws
    /// a `WebhookVerificationError` with a `code`.
    #[wasm_bindgen(js_name = constructEvent, unchecked_return_type = "WebhookEvent")]
    pub fn construct_event(
        #[wasm_bindgen(unchecked_param_type = "string | Uint8Array | ArrayBuffer")]
        payload: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string | null | undefined")] header: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string | string[]")] secret: JsValue,
        options: Option<JsVerifyOptions>,
    ) -> Result<JsValue, JsValue> {
        construct_event(payload, header, secret, options)
    }
}

/// The raw body, copied once into wasm memory.
enum Payload {
    /// A string's UTF-8 bytes.
    Text(Vec<u8>),
    Bytes(Vec<u8>),
}

impl Payload {
    fn read(value: &JsValue) -> Result<Self, JsValue> {
        // One boundary crossing per check, most common first; a string is
        // UTF-8-encoded straight into wasm memory, bytes are copied once.
        if let Some(text) = value.dyn_ref::<JsString>() {
            return Ok(Self::Text(utf8_of(text, text.length())));
        }
        if let Some(bytes) = value.dyn_ref::<Uint8Array>() {
            return Ok(Self::Bytes(bytes.to_vec()));
        }
        if let Some(buffer) = value.dyn_ref::<ArrayBuffer>() {
            return Ok(Self::Bytes(Uint8Array::new(buffer).to_vec()));
        }
        if ArrayBuffer::is_view(value) {
            // A Uint8Array from another realm, a DataView or another typed
            // array: read the bytes it views.
            let view = |key: &str| Reflect::get(value, &JsValue::from_str(key));
            let bytes =
                ByteView::new(&view("buffer")?, &view("byteOffset")?, &view("byteLength")?)?;
            return Ok(Self::Bytes(bytes.unchecked_into::<Uint8Array>().to_vec()));
        }
        Err(type_error(
            "`payload` must be the raw request body: a string, a Uint8Array (such as a Node Buffer) or an ArrayBuffer, not parsed JSON",
        ))
    }

    fn as_bytes(&self) -> &[u8] {
        match self {
            Self::Text(bytes) | Self::Bytes(bytes) => bytes,
        }
    }
}

/// Strings shorter than this (in UTF-16 code units) go through wasm-bindgen's
/// own string passing, which is quickest for small strings; longer ones are
/// encoded by the engine's `TextEncoder.encodeInto`, which is much faster
/// than wasm-bindgen's per-character loop for large ASCII bodies.
const ENCODE_INTO_THRESHOLD: u32 = 64;

/// The UTF-8 bytes of a JS string of `units` UTF-16 code units (lone
/// surrogates become U+FFFD, as `TextEncoder` does), written straight into
/// wasm memory once.
fn utf8_of(text: &JsString, units: u32) -> Vec<u8> {
    if units < ENCODE_INTO_THRESHOLD {
        return text.as_string().map(String::into_bytes).unwrap_or_default();
    }
    // A UTF-16 code unit never needs more than 3 UTF-8 bytes.
    let capacity = (units as usize).saturating_mul(3);
    let mut bytes: Vec<u8> = Vec::with_capacity(capacity);
    // SAFETY: the view covers the vector's spare capacity, which this vector
    // owns and nothing else touches until `set_len`. Nothing allocates in
    // wasm between creating the view and `encodeInto` (so memory cannot grow
    // and detach it); if it ever were detached, nothing would be written and
    // we take the slow path instead. `set_len` covers only the bytes that
    // `encodeInto` reports as written, which lie within the capacity.
    //
    // `read` is not asked for (one boundary crossing less): with room for 3
    // bytes per code unit, `encodeInto` always reads the whole string, and a
    // non-empty string (`units` is at least the threshold) always writes
    // something, so `written > 0` says the whole string was encoded.
    let written = unsafe {
        let view = Uint8Array::view_mut_raw(bytes.as_mut_ptr(), capacity);
        match ENCODER.try_with(|encoder| encoder.encode_into(text, &view)) {
            Ok(result) => result.written(),
            Err(_) => 0.0,
        }
    };
    if !(written > 0.0 && written <= capacity as f64) {
        return text.as_string().map(String::into_bytes).unwrap_or_default();
    }
    // SAFETY: see above; `written <= capacity` was just checked.
    unsafe { bytes.set_len(written as usize) };
    bytes
}

per_thread! {
    static ENCODER: TextEncoder = TextEncoder::new();
}

/// Whether UTF-8 `bytes` contain U+FFFD (`EF BF BD`), which is what a lone
/// surrogate in a JS string encodes to.
fn contains_replacement_character(bytes: &[u8]) -> bool {
    bytes.windows(3).any(|w| w == [0xEF, 0xBF, 0xBD])
}

/// The signing secrets: one, or several while rotating.
enum Secrets {
    One([String; 1]),
    Many(Vec<String>),
}

impl Secrets {
    const EXPECTED: &'static str =
        "`secret` must be the endpoint's signing secret (a non-empty string, whsec_...) or a non-empty array of them";

    fn read(value: &JsValue) -> Result<Self, JsValue> {
        per_thread! {
            // The last non-empty secret string, as JS and as Rust: the same
            // secret comes with every call, and one `===` across the boundary
            // is cheaper than copying the string into wasm again.
            static LAST: RefCell<Option<(JsValue, String)>> = RefCell::new(None);
        }
        let cached = LAST
            .try_with(|last| {
                let last = last.try_borrow().ok()?;
                let (js, rust) = last.as_ref()?;
                // `===` with a string is true only for a string of the same
                // contents, so `value` is that very secret.
                (js == value).then(|| rust.clone())
            })
            .ok()
            .flatten();
        if let Some(secret) = cached {
            return Ok(Self::One([secret]));
        }
        if let Some(secret) = value.as_string() {
            if secret.is_empty() {
                return Err(type_error(Self::EXPECTED));
            }
            // Never re-entered; if the cache were busy, it is simply not updated.
            let _ = LAST.try_with(|last| {
                if let Ok(mut last) = last.try_borrow_mut() {
                    *last = Some((value.clone(), secret.clone()));
                }
            });
            return Ok(Self::One([secret]));
        }
        if Array::is_array(value) {
            let array = value.unchecked_ref::<Array>();
            // A plain loop: the collect through `Option` it replaces was
            // 0.1 KB more wasm. The capacity is capped: an empty array can
            // claim a length of 2^32 - 1 (it fails at its first item).
            let length = array.length();
            let mut secrets = Vec::with_capacity(length.min(8) as usize);
            for index in 0..length {
                match array.get(index).as_string() {
                    Some(secret) if !secret.is_empty() => secrets.push(secret),
                    _ => return Err(type_error(Self::EXPECTED)),
                }
            }
            if secrets.is_empty() {
                return Err(type_error(Self::EXPECTED));
            }
            return Ok(Self::Many(secrets));
        }
        Err(type_error(Self::EXPECTED))
    }

    fn as_slice(&self) -> &[String] {
        match self {
            Self::One(one) => one,
            Self::Many(many) => many,
        }
    }
}

/// The `header` argument.
enum Header {
    Missing,
    /// Longer than the limit: rejected without copying it into wasm.
    TooLong,
    Text(String),
}

impl Header {
    fn read(value: &JsValue) -> Result<Self, JsValue> {
        // The common case (a string) first: each check is a boundary crossing.
        if let Some(text) = value.dyn_ref::<JsString>() {
            let units = text.length();
            // UTF-16 code units never outnumber UTF-8 bytes.
            if units as usize > MAX_HEADER_BYTES {
                return Ok(Self::TooLong);
            }
            // The same UTF-8 as `as_string` gives; a real header (~80
            // characters) takes the quicker `encodeInto` path.
            return Ok(String::from_utf8(utf8_of(text, units)).map_or(Self::Missing, Self::Text));
        }
        if value.is_null() || value.is_undefined() {
            return Ok(Self::Missing);
        }
        Err(type_error(
            "`header` must be the CallingBox-Signature header value (a string), or null/undefined when the request has none",
        ))
    }

    /// [`signature::verify`] for this header.
    fn verify(
        &self,
        payload: &[u8],
        secrets: &Secrets,
        options: VerifyOptions,
    ) -> Result<(), VerifyError> {
        match self {
            Self::TooLong => Err(VerifyError::MalformedHeader(MalformedHeader::TooLong)),
            Self::Missing => signature::verify(payload, None, secrets.as_slice(), options),
            Self::Text(header) => {
                signature::verify(payload, Some(header), secrets.as_slice(), options)
            }
        }
        .map(|_| ())
    }

    /// The steps of [`signature::verify`] that need no body.
    fn check(&self, options: &VerifyOptions) -> Result<SignatureHeader, VerifyError> {
        match self {
            Self::TooLong => Err(VerifyError::MalformedHeader(MalformedHeader::TooLong)),
            Self::Missing => signature::check_header(None, options),
            Self::Text(header) => signature::check_header(Some(header), options),
        }
    }
}

/// The arguments of one synchronous verification, checked and copied.
struct Call {
    payload: Payload,
    header: Header,
    secrets: Secrets,
    options: VerifyOptions,
}

impl Call {
    fn read(
        payload: &JsValue,
        header: &JsValue,
        secret: &JsValue,
        options: Option<&JsVerifyOptions>,
    ) -> Result<Self, JsValue> {
        let header = Header::read(header)?;
        let secrets = Secrets::read(secret)?;
        let options = read_verify_options(options)?;
        let payload = Payload::read(payload)?;
        Ok(Self {
            payload,
            header,
            secrets,
            options,
        })
    }

    fn verify(&self) -> Result<(), VerifyError> {
        self.header
            .verify(self.payload.as_bytes(), &self.secrets, self.options)
    }
}

fn read_verify_options(options: Option<&JsVerifyOptions>) -> Result<VerifyOptions, JsValue> {
    let Some(options) = options.map(checked_options).transpose()? else {
        return Ok(VerifyOptions::at(now_seconds()));
    };
    let tolerance_seconds = number_option(
        options.tolerance_seconds()?,
        0.0,
        "`options.toleranceSeconds` must be a finite, non-negative number of seconds (0 turns the timestamp check off)",
    )?
    // |now - t| is an integer, so flooring a fractional tolerance changes no
    // verdict; the value is not negative.
    .map_or(DEFAULT_TOLERANCE_SECONDS, i64::unsigned_abs);
    let now = number_option(
        options.now()?,
        f64::NEG_INFINITY,
        "`options.now` must be a finite number of unix seconds (Date.now() / 1000)",
    )?
    .unwrap_or_else(now_seconds);
    Ok(VerifyOptions {
        tolerance_seconds,
        now,
    })
}

/// `options` when it is an object (wasm-bindgen already made `undefined` and
/// `null` into `None`): its properties are then read by the typed getters
/// below, a getter that throws being rethrown as is.
fn checked_options<T: JsCast>(options: &T) -> Result<&T, JsValue> {
    if options.as_ref().is_object() {
        Ok(options)
    } else {
        Err(type_error("`options` must be an object or undefined"))
    }
}

/// An optional numeric option: `None` when undefined, the number rounded
/// down when finite and at least `min`, a `TypeError` saying `expected`
/// otherwise. A bound rather than a predicate, so that its three uses share
/// one function in the wasm instead of one inlined copy each.
fn number_option(value: JsValue, min: f64, expected: &str) -> Result<Option<i64>, JsValue> {
    if value.is_undefined() {
        return Ok(None);
    }
    match value.as_f64() {
        Some(number) if number.is_finite() && number >= min => Ok(Some(floor_to_i64(number))),
        _ => Err(type_error(expected)),
    }
}

/// `x` rounded down to an integer, saturating at the `i64` range (`core`
/// has no `f64::floor` without std).
fn floor_to_i64(x: f64) -> i64 {
    let truncated = x as i64; // saturating; NaN gives 0 (callers exclude it)
    if (truncated as f64) > x {
        truncated.saturating_sub(1)
    } else {
        truncated
    }
}

fn now_seconds() -> i64 {
    floor_to_i64(js_sys::Date::now() / 1000.0)
}

fn parse_event_bytes(bytes: &[u8]) -> Result<JsValue, VerifyError> {
    let text = core::str::from_utf8(bytes).map_err(|_| {
        VerifyError::InvalidPayload(signature::concat(&[
            "the body is not valid UTF-8 (so not JSON)",
        ]))
    })?;
    parse_event(&JsValue::from_str(text))
}

/// `JSON.parse`, then the envelope's shape: a string `id`, a string `type`, a
/// finite number `created` and an object `data`.
fn parse_event(text: &JsValue) -> Result<JsValue, VerifyError> {
    let event = json_parse(text).map_err(|error| {
        let detail = Reflect::get(&error, &JsValue::from_str("message"))
            .ok()
            .and_then(|m| m.as_string())
            .unwrap_or_default();
        VerifyError::InvalidPayload(signature::concat(&[
            "the body is not valid JSON (",
            &detail,
            ")",
        ]))
    })?;
    // `concat` (out of line, shared with the other messages) rather than
    // `to_owned`, whose allocation and copy were inlined at every use.
    let invalid = |what: &str| Err(VerifyError::InvalidPayload(signature::concat(&[what])));
    if !is_plain_object(&event) {
        return invalid("the body is not a JSON object");
    }
    per_thread! {
        // The envelope's keys as JS strings, made once: JsValue::from_str
        // decodes UTF-8 through TextDecoder on every call.
        static KEYS: [JsValue; 4] = ["id", "type", "created", "data"].map(JsValue::from_str);
    }
    let field = |index: usize| {
        KEYS.try_with(|keys| keys.get(index).map(|key| Reflect::get(&event, key)))
            .ok()
            .flatten()
            .and_then(Result::ok)
            .unwrap_or_default()
    };
    if !field(0).is_string() {
        return invalid("`id` is missing or not a string");
    }
    if !field(1).is_string() {
        return invalid("`type` is missing or not a string");
    }
    if !field(2).as_f64().is_some_and(f64::is_finite) {
        return invalid("`created` is missing or not a number");
    }
    if !is_plain_object(&field(3)) {
        return invalid("`data` is missing or not an object");
    }
    Ok(event)
}

fn is_plain_object(value: &JsValue) -> bool {
    value.is_object() && !Array::is_array(value)
}

#[wasm_bindgen]
extern "C" {
    /// The engine's `TextEncoder` (Node, browsers, Workers, Deno, Bun).
    type TextEncoder;

    #[wasm_bindgen(constructor)]
    fn new() -> TextEncoder;

    /// `encoder.encodeInto(source, destination)`.
    #[wasm_bindgen(method, js_name = encodeInto)]
    fn encode_into(
        this: &TextEncoder,
        source: &JsString,
        destination: &Uint8Array,
    ) -> EncodeIntoResult;

    /// `{ read, written }` from `encodeInto`.
    type EncodeIntoResult;

    #[wasm_bindgen(method, getter)]
    fn written(this: &EncodeIntoResult) -> f64;

    /// The `options` argument of the verifying functions (checked at run time).
    #[wasm_bindgen(typescript_type = "VerifyOptions")]
    pub type JsVerifyOptions;

    // Typed getters: a property read in the glue, with no key string made
    // and no `Reflect.get` on every call.
    #[wasm_bindgen(method, getter, catch, js_name = toleranceSeconds)]
    fn tolerance_seconds(this: &JsVerifyOptions) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(method, getter, catch)]
    fn now(this: &JsVerifyOptions) -> Result<JsValue, JsValue>;

    /// The `options` argument of `signPayload` (checked at run time).
    #[wasm_bindgen(typescript_type = "SignOptions")]
    pub type JsSignOptions;

    #[wasm_bindgen(method, getter, catch)]
    fn timestamp(this: &JsSignOptions) -> Result<JsValue, JsValue>;

    /// `JSON.parse(text)` on a JS string, without copying it through wasm.
    #[wasm_bindgen(catch, js_namespace = JSON, js_name = parse)]
    fn json_parse(text: &JsValue) -> Result<JsValue, JsValue>;

    /// A `Uint8Array` built by [`ByteView::new`].
    #[wasm_bindgen(js_name = Uint8Array)]
    type ByteView;

    /// `new Uint8Array(buffer, byteOffset, byteLength)`, catching a RangeError.
    #[wasm_bindgen(catch, constructor, js_class = "Uint8Array")]
    fn new(buffer: &JsValue, offset: &JsValue, length: &JsValue) -> Result<ByteView, JsValue>;
}
