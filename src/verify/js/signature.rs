//! [`Verifier`](crate::verifier::Verifier) as a JavaScript class, for the
//! package's own JS (`pkg-template/internal/verify.js`), which implements
//! the public `verifySignature`, `constructEvent`, `verifyRequest`,
//! `signPayload` and `Webhooks` on top of it. Internal: no entry exports the
//! class and no `.d.ts` declares it.
//!
//! Every method takes and returns numbers only, so no JS value crosses, no
//! user code runs while wasm is on the stack, and nothing here can throw.
//! Statuses are [`Status`](crate::verifier::Status) as `u32`.

use wasm_bindgen::prelude::*;

use crate::verifier::{Verifier, CHUNK_CAPACITY, HEADER_CAPACITY, KEY_SLOTS};

/// The verification state of one package instance (see
/// [`Verifier`](crate::verifier::Verifier) for each method).
#[wasm_bindgen(js_name = Verifier, skip_typescript)]
pub struct WasmVerifier(Verifier);

impl Default for WasmVerifier {
    fn default() -> Self {
        Self::new()
    }
}

#[wasm_bindgen(js_class = Verifier)]
impl WasmVerifier {
    /// The only allocation: the scratch area.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Self {
        Self(Verifier::new())
    }

    /// The scratch area's address in wasm memory (it never moves).
    pub fn scratch(&mut self) -> u32 {
        self.0.scratch_mut().as_mut_ptr() as u32
    }

    #[wasm_bindgen(js_name = headerCapacity)]
    pub fn header_capacity(&self) -> u32 {
        HEADER_CAPACITY as u32
    }

    #[wasm_bindgen(js_name = chunkCapacity)]
    pub fn chunk_capacity(&self) -> u32 {
        CHUNK_CAPACITY as u32
    }

    #[wasm_bindgen(js_name = keySlots)]
    pub fn key_slots(&self) -> u32 {
        KEY_SLOTS as u32
    }

    #[wasm_bindgen(js_name = setKey)]
    pub fn set_key(&mut self, slot: u32, len: u32) -> u32 {
        self.0.set_key(slot, len) as u32
    }

    #[wasm_bindgen(js_name = addSecretPart)]
    pub fn add_secret_part(&mut self, len: u32) -> u32 {
        self.0.add_secret_part(len) as u32
    }

    #[wasm_bindgen(js_name = forgetKeys)]
    pub fn forget_keys(&mut self) {
        self.0.forget_keys();
    }

    #[wasm_bindgen(js_name = checkHeader)]
    pub fn check_header(&mut self, len: u32, now: f64, tolerance: f64) -> u32 {
        self.0.check_header(len, now, tolerance) as u32
    }

    #[wasm_bindgen(js_name = beginVerify)]
    pub fn begin_verify(&mut self, slot: u32) -> u32 {
        self.0.begin_verify(slot) as u32
    }

    #[wasm_bindgen(js_name = beginSign)]
    pub fn begin_sign(&mut self, slot: u32, timestamp: f64) -> u32 {
        self.0.begin_sign(slot, timestamp) as u32
    }

    pub fn update(&mut self, len: u32) -> u32 {
        self.0.update(len) as u32
    }

    #[wasm_bindgen(js_name = finishVerify)]
    pub fn finish_verify(&mut self) -> u32 {
        self.0.finish_verify() as u32
    }

    #[wasm_bindgen(js_name = finishSign)]
    pub fn finish_sign(&mut self) -> u32 {
        self.0.finish_sign()
    }

    pub fn verify(
        &mut self,
        slot: u32,
        header_len: u32,
        body_len: u32,
        now: f64,
        tolerance: f64,
    ) -> u32 {
        self.0.verify(slot, header_len, body_len, now, tolerance) as u32
    }

    pub fn sign(&mut self, slot: u32, timestamp: f64, body_len: u32) -> u32 {
        self.0.sign(slot, timestamp, body_len)
    }

    #[wasm_bindgen(js_name = describeFailure)]
    pub fn describe_failure(&mut self) -> u32 {
        self.0.describe_failure()
    }

    #[wasm_bindgen(js_name = describeInvalidPayload)]
    pub fn describe_invalid_payload(&mut self, reason_len: u32) -> u32 {
        self.0.describe_invalid_payload(reason_len)
    }
}
