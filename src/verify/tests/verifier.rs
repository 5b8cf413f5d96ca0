//! The verifier the package's JavaScript drives, driven here the same way:
//! bytes written into its scratch area, then numbers. It must agree with
//! `signature::verify` however a body is split, and hold no secret bytes
//! longer than needed.

#![cfg(not(target_arch = "wasm32"))]

use callingbox_webhooks_verify::signature::{sign, verify, VerifyError, VerifyOptions};
use callingbox_webhooks_verify::verifier::{
    Status, Verifier, CHUNK_CAPACITY, HEADER_CAPACITY, KEY_SLOTS,
};
use proptest::prelude::*;

const SECRET: &str = "whsec_1234567890abcdef1234567890abcdef";
const NOW: i64 = 1_713_268_860;
const BODY: &[u8] = br#"{"id":"evt_1","type":"call.completed","created":1713268860,"data":{}}"#;

/// What the JS side does: writes bytes into a region, then passes lengths.
struct Driver(Verifier);

impl Driver {
    fn new() -> Self {
        Self(Verifier::new())
    }

    fn write_header(&mut self, header: &str) -> u32 {
        self.0.scratch_mut()[..header.len()].copy_from_slice(header.as_bytes());
        header.len() as u32
    }

    fn write_chunk(&mut self, bytes: &[u8]) -> u32 {
        self.0.scratch_mut()[HEADER_CAPACITY..HEADER_CAPACITY + bytes.len()].copy_from_slice(bytes);
        bytes.len() as u32
    }

    fn key(&mut self, slot: u32, secret: &str) {
        let parts: Vec<&[u8]> = secret.as_bytes().chunks(CHUNK_CAPACITY).collect();
        let (last, first) = parts
            .split_last()
            .map_or((&[][..], &[][..]), |(l, f)| (*l, f));
        for part in first {
            let len = self.write_chunk(part);
            assert_eq!(self.0.add_secret_part(len), Status::Ok);
        }
        let len = self.write_chunk(last);
        assert_eq!(self.0.set_key(slot, len), Status::Ok);
    }

    fn chunk_text(&mut self, len: u32) -> String {
        let bytes = &self.0.scratch_mut()[HEADER_CAPACITY..HEADER_CAPACITY + len as usize];
        String::from_utf8(bytes.to_vec()).expect("UTF-8")
    }

    /// Verifies `body` fed in parts of `part` bytes under the keys in `slots`.
    fn verify_in_parts(&mut self, header: &str, body: &[u8], part: usize, slots: &[u32]) -> Status {
        let len = self.write_header(header);
        match self.0.check_header(len, NOW as f64, 300.0) {
            Status::Ok => {}
            failed => return failed,
        }
        for slot in slots {
            assert_eq!(self.0.begin_verify(*slot), Status::Ok);
        }
        for piece in body.chunks(part.max(1)) {
            let len = self.write_chunk(piece);
            assert_eq!(self.0.update(len), Status::Ok);
        }
        self.0.finish_verify()
    }
}

fn status_of(result: Result<impl Sized, VerifyError>) -> Status {
    match result {
        Ok(_) => Status::Ok,
        Err(error) => match error.code() {
            "missing_header" => Status::MissingHeader,
            "malformed_header" => Status::MalformedHeader,
            "timestamp_out_of_tolerance" => Status::TimestampOutOfTolerance,
            _ => Status::NoMatchingSignature,
        },
    }
}

#[test]
fn a_body_in_the_scratch_area_verifies_in_one_call() {
    let mut driver = Driver::new();
    driver.key(3, SECRET);
    let header = driver.write_header(&sign(BODY, SECRET, NOW));
    let body = driver.write_chunk(BODY);
    assert_eq!(
        driver.0.verify(3, header, body, NOW as f64, 300.0),
        Status::Ok
    );
    let tampered = driver.write_chunk(b"{}");
    assert_eq!(
        driver.0.verify(3, header, tampered, NOW as f64, 300.0),
        Status::NoMatchingSignature
    );
}

#[test]
fn each_failure_is_described_with_its_code_and_message() {
    let mut driver = Driver::new();
    driver.key(0, SECRET);
    let cases = [
        ("", NOW, Status::MissingHeader, VerifyError::MissingHeader),
        (
            "t=1,v1=",
            NOW,
            Status::MalformedHeader,
            verify(BODY, Some("t=1,v1="), &[SECRET], VerifyOptions::at(NOW)).unwrap_err(),
        ),
        (
            &*sign(BODY, SECRET, NOW - 1000),
            NOW,
            Status::TimestampOutOfTolerance,
            verify(
                BODY,
                Some(&sign(BODY, SECRET, NOW - 1000)),
                &[SECRET],
                VerifyOptions::at(NOW),
            )
            .unwrap_err(),
        ),
        (
            &*sign(b"other", SECRET, NOW),
            NOW,
            Status::NoMatchingSignature,
            VerifyError::NoMatchingSignature,
        ),
    ];
    for (header, now, status, error) in cases {
        let header = driver.write_header(header);
        let body = driver.write_chunk(BODY);
        assert_eq!(driver.0.verify(0, header, body, now as f64, 300.0), status);
        let len = driver.0.describe_failure();
        assert_eq!(
            driver.chunk_text(len),
            format!("{} {}", error.code(), error.message())
        );
        // Described once: the next description is empty.
        assert_eq!(driver.0.describe_failure(), 0);
    }
}

#[test]
fn a_header_longer_than_its_region_is_malformed() {
    let mut driver = Driver::new();
    let too_long = HEADER_CAPACITY as u32 + 1;
    assert_eq!(
        driver.0.check_header(too_long, NOW as f64, 300.0),
        Status::MalformedHeader
    );
    let len = driver.0.describe_failure();
    assert!(driver.chunk_text(len).contains("longer than 8192 bytes"));
}

#[test]
fn during_a_rotation_either_secret_matches() {
    let mut driver = Driver::new();
    driver.key(0, "whsec_old");
    driver.key(1, SECRET);
    let header = sign(BODY, SECRET, NOW);
    assert_eq!(
        driver.verify_in_parts(&header, BODY, 7, &[0, 1]),
        Status::Ok
    );
    assert_eq!(
        driver.verify_in_parts(&header, BODY, 7, &[0]),
        Status::NoMatchingSignature
    );
}

#[test]
fn a_secret_is_wiped_from_the_scratch_area_once_keyed() {
    let mut driver = Driver::new();
    driver.key(0, SECRET);
    assert!(driver.0.scratch_mut().iter().all(|&b| b == 0));
}

#[test]
fn a_secret_longer_than_the_chunk_region_keys_like_the_whole_secret() {
    let secret = "whsec_".to_owned() + &"k".repeat(CHUNK_CAPACITY * 2 + 17);
    let mut driver = Driver::new();
    driver.key(5, &secret);
    assert!(driver.0.scratch_mut().iter().all(|&b| b == 0));
    assert_eq!(
        driver.verify_in_parts(&sign(BODY, &secret, NOW), BODY, 1000, &[5]),
        Status::Ok
    );
}

#[test]
fn forgotten_keys_cannot_be_used_and_the_scratch_area_is_zeroed() {
    let mut driver = Driver::new();
    driver.key(2, SECRET);
    let header = driver.write_header(&sign(BODY, SECRET, NOW));
    driver.write_chunk(BODY);
    driver.0.forget_keys();
    assert!(driver.0.scratch_mut().iter().all(|&b| b == 0));
    assert_eq!(
        driver.0.check_header(0, NOW as f64, 300.0),
        Status::MissingHeader
    );
    let header_again = driver.write_header(&sign(BODY, SECRET, NOW));
    assert_eq!(header, header_again);
    assert_eq!(driver.0.check_header(header, NOW as f64, 300.0), Status::Ok);
    assert_eq!(driver.0.begin_verify(2), Status::InvalidArgument);
}

#[test]
fn signing_writes_what_sign_returns() {
    let mut driver = Driver::new();
    driver.key(KEY_SLOTS as u32 - 1, SECRET);
    let body = driver.write_chunk(BODY);
    let len = driver.0.sign(KEY_SLOTS as u32 - 1, NOW as f64 + 0.9, body);
    assert_eq!(driver.chunk_text(len), sign(BODY, SECRET, NOW));
    // In parts.
    assert_eq!(
        driver.0.begin_sign(KEY_SLOTS as u32 - 1, NOW as f64),
        Status::Ok
    );
    for part in BODY.chunks(5) {
        let len = driver.write_chunk(part);
        driver.0.update(len);
    }
    let len = driver.0.finish_sign();
    assert_eq!(driver.chunk_text(len), sign(BODY, SECRET, NOW));
}

#[test]
fn an_invalid_payload_reason_becomes_the_whole_message() {
    let mut driver = Driver::new();
    let reason = "`id` is missing or not a string";
    let len = driver.write_chunk(reason.as_bytes());
    let len = driver.0.describe_invalid_payload(len);
    assert_eq!(
        driver.chunk_text(len),
        VerifyError::InvalidPayload(reason.to_owned()).message()
    );
}

#[test]
fn numbers_the_js_side_should_never_pass_are_refused() {
    let mut driver = Driver::new();
    driver.key(0, SECRET);
    let header = driver.write_header(&sign(BODY, SECRET, NOW));
    for (now, tolerance) in [
        (f64::NAN, 300.0),
        (NOW as f64, f64::NAN),
        (NOW as f64, -1.0),
    ] {
        assert_eq!(
            driver.0.check_header(header, now, tolerance),
            Status::InvalidArgument
        );
    }
    assert_eq!(
        driver.0.set_key(KEY_SLOTS as u32, 1),
        Status::InvalidArgument
    );
    assert_eq!(
        driver.0.set_key(0, CHUNK_CAPACITY as u32 + 1),
        Status::InvalidArgument
    );
    assert_eq!(
        driver.0.update(CHUNK_CAPACITY as u32 + 1),
        Status::InvalidArgument
    );
    assert_eq!(driver.0.begin_verify(0), Status::InvalidArgument); // no header checked
    assert_eq!(driver.0.finish_verify(), Status::InvalidArgument);
    assert_eq!(driver.0.finish_sign(), 0);
    assert_eq!(driver.0.begin_sign(1, NOW as f64), Status::InvalidArgument); // empty slot
    assert_eq!(driver.0.begin_sign(0, f64::NAN), Status::InvalidArgument);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn a_body_fed_in_parts_of_any_size_gets_the_verdict_of_verify(
        body in proptest::collection::vec(any::<u8>(), 0..3000),
        part in 1usize..700,
        skew in -400i64..400,
        tamper in any::<bool>(),
    ) {
        let header = sign(&body, SECRET, NOW + skew);
        let mut checked = body.clone();
        if tamper && !checked.is_empty() {
            checked[0] ^= 1;
        }
        let mut driver = Driver::new();
        driver.key(0, SECRET);
        let expected = status_of(verify(&checked, Some(&header), &[SECRET], VerifyOptions::at(NOW)));
        prop_assert_eq!(driver.verify_in_parts(&header, &checked, part, &[0]), expected);
    }

    #[test]
    fn any_numbers_give_a_status_never_a_panic(
        calls in proptest::collection::vec((0u8..12, any::<u32>(), any::<u32>(), any::<f64>()), 0..40),
    ) {
        let mut verifier = Verifier::new();
        for (method, a, b, x) in calls {
            let (a, b) = (a % 40, b % (CHUNK_CAPACITY as u32 + 100));
            match method {
                0 => { verifier.set_key(a, b); }
                1 => { verifier.add_secret_part(b); }
                2 => { verifier.check_header(b, x, x); }
                3 => { verifier.begin_verify(a); }
                4 => { verifier.begin_sign(a, x); }
                5 => { verifier.update(b); }
                6 => { verifier.finish_verify(); }
                7 => { verifier.finish_sign(); }
                8 => { verifier.verify(a, b, b, x, 300.0); }
                9 => { verifier.sign(a, x, b); }
                10 => { verifier.describe_failure(); }
                _ => { verifier.describe_invalid_payload(b); }
            }
        }
    }
}
