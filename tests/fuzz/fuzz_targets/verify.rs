//! Fuzzes the pure signature core over (header, payload, secrets, clock).
//!
//! Invariants checked on every input:
//! 1. `verify` never panics and gives the same verdict code as the naive
//!    model of the SDK's rules (`tests/fuzz/model.rs`) for the fuzzed header;
//! 2. what `sign` produces verifies (at its own time, and under the fuzzed
//!    clock exactly when the model says the time is within tolerance);
//! 3. a signed header spliced with fuzzed pairs gets the model's verdict
//!    too, so valid signatures surrounded by junk are explored;
//! 4. the split steps (`check_header` + `verify_payload`) agree with `verify`;
//! 5. the `Verifier` the package's JavaScript drives (header and body
//!    written into its scratch area, the body in parts of a fuzzed size)
//!    agrees with `verify` too.
#![no_main]

use arbitrary::Arbitrary;
use callingbox_webhooks::signature::{check_header, sign, verify, VerifyOptions};
use callingbox_webhooks_verify::verifier::{Status, Verifier, CHUNK_CAPACITY, HEADER_CAPACITY};
use libfuzzer_sys::fuzz_target;

#[path = "../model.rs"]
mod model;

#[derive(Arbitrary, Debug)]
struct Input<'a> {
    header: &'a str,
    payload: &'a [u8],
    secret: &'a str,
    rotated: Option<&'a str>,
    timestamp: i64,
    skew: i16,
    tolerance: u16,
    splice_first: bool,
    no_header: bool,
    part: u16,
}

/// `verify` through the `Verifier`, as pkg-template/internal/ drives it.
fn through_verifier(
    payload: &[u8],
    header: Option<&str>,
    secrets: &[&str],
    options: VerifyOptions,
    part: usize,
) -> String {
    let mut verifier = Verifier::new();
    for (slot, secret) in secrets.iter().enumerate() {
        let bytes = secret.as_bytes();
        let (first, last) = match bytes.len().checked_sub(1) {
            Some(end) => bytes.split_at(end - end % CHUNK_CAPACITY),
            None => (bytes, bytes),
        };
        for piece in first.chunks(CHUNK_CAPACITY) {
            verifier.scratch_mut()[HEADER_CAPACITY..][..piece.len()].copy_from_slice(piece);
            assert_eq!(verifier.add_secret_part(piece.len() as u32), Status::Ok);
        }
        verifier.scratch_mut()[HEADER_CAPACITY..][..last.len()].copy_from_slice(last);
        assert_eq!(verifier.set_key(slot as u32, last.len() as u32), Status::Ok);
    }
    let header_len = match header {
        None => 0,
        Some(text) if text.len() > HEADER_CAPACITY => HEADER_CAPACITY as u32 + 1,
        Some(text) => {
            verifier.scratch_mut()[..text.len()].copy_from_slice(text.as_bytes());
            text.len() as u32
        }
    };
    let status = verifier.check_header(
        header_len,
        options.now as f64,
        options.tolerance_seconds as f64,
    );
    let status = if status != Status::Ok {
        status
    } else {
        for slot in 0..secrets.len() {
            assert_eq!(verifier.begin_verify(slot as u32), Status::Ok);
        }
        for piece in payload.chunks(part.clamp(1, CHUNK_CAPACITY)) {
            verifier.scratch_mut()[HEADER_CAPACITY..][..piece.len()].copy_from_slice(piece);
            assert_eq!(verifier.update(piece.len() as u32), Status::Ok);
        }
        if secrets.is_empty() {
            Status::NoMatchingSignature
        } else {
            verifier.finish_verify()
        }
    };
    match status {
        Status::Ok => "ok",
        Status::MissingHeader => "missing_header",
        Status::MalformedHeader => "malformed_header",
        Status::TimestampOutOfTolerance => "timestamp_out_of_tolerance",
        Status::NoMatchingSignature => "no_matching_signature",
        Status::InvalidArgument => "invalid_argument",
    }
    .to_owned()
}

fn code<T, E: AsRef<str>>(result: Result<T, E>) -> String {
    match result {
        Ok(_) => "ok".to_owned(),
        Err(error) => error.as_ref().to_owned(),
    }
}

fn ours(payload: &[u8], header: Option<&str>, secrets: &[&str], options: VerifyOptions) -> String {
    code(verify(payload, header, secrets, options).map_err(|e| e.code()))
}

fuzz_target!(|input: Input| {
    let mut secrets = vec![input.secret];
    secrets.extend(input.rotated);
    let timestamp = input.timestamp & i64::MAX; // sign with t >= 0
    let now = timestamp.saturating_add(i64::from(input.skew));
    let tolerance = u64::from(input.tolerance);
    let options = VerifyOptions {
        now,
        tolerance_seconds: tolerance,
    };

    // 1. The fuzzed header against the model.
    let header = (!input.no_header).then_some(input.header);
    let verdict = ours(input.payload, header, &secrets, options);
    let expected = model::verdict(input.payload, header, &secrets, now, tolerance);
    assert_eq!(verdict, expected, "header {header:?}");

    // 4. The split steps agree with verify.
    let split = code(
        check_header(header, &options)
            .and_then(|parsed| parsed.verify_payload(input.payload, &secrets))
            .map_err(|e| e.code()),
    );
    assert_eq!(split, verdict);

    // 5. The Verifier agrees (the clock as the JS side passes it: floats).
    // Clocks beyond 2^53 are not exact as floats; the JS side's are numbers.
    if now.unsigned_abs() < 1 << 53 {
        let driven = through_verifier(
            input.payload,
            header,
            &secrets,
            options,
            usize::from(input.part),
        );
        assert_eq!(driven, verdict, "through the Verifier");
    }

    // 2. Sign, then verify.
    let signed = sign(input.payload, input.secret, timestamp);
    let at_own_time = verify(
        input.payload,
        Some(&signed),
        &[input.secret],
        VerifyOptions::at(timestamp),
    );
    assert_eq!(at_own_time.map(|v| v.timestamp), Ok(timestamp), "{signed}");
    let under_clock = ours(input.payload, Some(&signed), &secrets, options);
    let in_tolerance = tolerance == 0 || now.abs_diff(timestamp) <= tolerance;
    assert_eq!(
        under_clock == "ok",
        in_tolerance,
        "{signed} now={now} tolerance={tolerance}"
    );

    // 3. The signed header spliced with fuzzed pairs.
    let spliced = if input.splice_first {
        format!("{},{signed}", input.header)
    } else {
        format!("{signed},{}", input.header)
    };
    let verdict = ours(input.payload, Some(&spliced), &secrets, options);
    let expected = model::verdict(input.payload, Some(&spliced), &secrets, now, tolerance);
    assert_eq!(verdict, expected, "spliced {spliced:?}");
});
