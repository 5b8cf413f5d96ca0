//! The `CallingBox-Signature` scheme: signing and constant-time verification.
//!
//! A delivery carries `CallingBox-Signature: t=<unix seconds>,v1=<hex>[,v1=<hex>...]`.
//! Each `v1` is the lowercase hex of HMAC-SHA256 with the UTF-8 bytes of the
//! whole secret string (`whsec_` prefix included, nothing decoded) as key, over
//! the ASCII decimal `t`, a `.`, and the raw body bytes exactly as received.
//!
//! Parsing follows the official Python SDK (`callingbox` 0.1.0,
//! `resources/webhooks.py`) pair by pair:
//!
//! - the header is split on `,`; each part is split at its first `=`;
//! - key and value are stripped of the whitespace Python's `str.strip()`
//!   removes (Unicode `White_Space` plus U+001C..U+001F), so spaces around
//!   pairs and around `=` are accepted;
//! - a part whose key or value is empty after stripping (a bare `v1=`, a
//!   trailing comma, a part without `=`) makes the whole header malformed;
//! - keys other than `t` and `v1` are ignored (`v0=...`, `V1=...`);
//! - the signed message uses the canonical decimal form of `t`, so `t=0042`
//!   signs `42.` exactly as the SDK's `f"{int(t)}."` does;
//! - errors come in the SDK's order: malformed pairs (left to right), then a
//!   missing `t`, then a missing `v1`, then the clock, then the signatures.
//!
//! Deliberate differences from the SDK, all of which reject headers that
//! CallingBox never sends (the SDK accepts them):
//!
//! - `t` must be plain ASCII digits that fit an `i64`; a sign (`+`/`-`),
//!   `_` separators or non-ASCII digits (all accepted by Python's `int()`)
//!   are `malformed_header`, and so is a second `t=` (the SDK keeps the last);
//! - headers longer than [`MAX_HEADER_BYTES`] or with more than
//!   [`MAX_SIGNATURES`] `v1` values are `malformed_header` (bounded work);
//! - a `v1` value that is not exactly 64 lowercase hex digits is a non-match
//!   (the SDK compares strings and raises a `TypeError` on non-ASCII ones).
//!
//! A header without any `v1` (for instance one that only carries a future
//! scheme) is `malformed_header`, like the SDK's "missing v1=" error.
//!
//! Nothing here allocates in proportion to the header, reads a clock, or can
//! panic on any input.

use alloc::boxed::Box;
use alloc::string::String;
use core::fmt;

use crate::sha256::{constant_time_eq, Digest, HmacKey};

/// The name of the HTTP header that carries the signature.
pub const HEADER_NAME: &str = "CallingBox-Signature";

/// The default maximum distance between the header's `t` and now, in seconds.
pub const DEFAULT_TOLERANCE_SECONDS: u64 = 300;

/// Headers longer than this (in bytes) are rejected as malformed.
pub const MAX_HEADER_BYTES: usize = 8 * 1024;

/// Headers with more `v1` values than this are rejected as malformed.
pub const MAX_SIGNATURES: usize = 16;

/// How [`verify`] judges the timestamp. There is no clock in this module: the
/// caller says what time it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VerifyOptions {
    /// The largest accepted `|now - t|`, in seconds, in both directions.
    /// `0` turns the timestamp check off (as `tolerance=0` does in the SDK).
    pub tolerance_seconds: u64,
    /// The current time in unix seconds.
    pub now: i64,
}

impl VerifyOptions {
    /// The default tolerance ([`DEFAULT_TOLERANCE_SECONDS`]) at time `now`.
    pub const fn at(now: i64) -> Self {
        Self {
            tolerance_seconds: DEFAULT_TOLERANCE_SECONDS,
            now,
        }
    }

    /// The same options with another tolerance (`0` turns the check off).
    pub const fn with_tolerance(self, tolerance_seconds: u64) -> Self {
        Self {
            tolerance_seconds,
            now: self.now,
        }
    }
}

/// What a successful verification established.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Verified {
    /// The header's `t`: when CallingBox signed the delivery (unix seconds).
    pub timestamp: i64,
    /// Which of the given secrets matched (useful while rotating secrets).
    pub secret_index: usize,
}

/// Why a `CallingBox-Signature` header was not parsed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MalformedHeader {
    /// The header is longer than [`MAX_HEADER_BYTES`].
    TooLong,
    /// A comma-separated part has an empty key or value (a bare `v1=`, a
    /// trailing comma, a part without `=`).
    EmptyKeyOrValue,
    /// `t` is not a non-negative decimal integer that fits 64 bits.
    InvalidTimestamp,
    /// `t` appears more than once.
    DuplicateTimestamp,
    /// There is no `t`.
    MissingTimestamp,
    /// There is no `v1`.
    MissingSignature,
    /// There are more than [`MAX_SIGNATURES`] `v1` values.
    TooManySignatures,
}

impl MalformedHeader {
    fn describe(self) -> &'static str {
        match self {
            Self::TooLong => "it is longer than 8192 bytes",
            Self::EmptyKeyOrValue => {
                "a comma-separated part has an empty key or value (such as a bare `v1=` or a trailing comma)"
            }
            Self::InvalidTimestamp => {
                "`t=` is not a non-negative decimal number of seconds that fits 64 bits"
            }
            Self::DuplicateTimestamp => "`t=` appears more than once",
            Self::MissingTimestamp => "it has no `t=` timestamp",
            Self::MissingSignature => "it has no `v1=` signature",
            Self::TooManySignatures => "it carries more than 16 `v1=` signatures",
        }
    }
}

/// Why a webhook failed verification. [`VerifyError::code`] is the stable,
/// machine-readable part; the `Display` text says what to check. No message
/// ever contains a secret.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VerifyError {
    /// No `CallingBox-Signature` header (absent or empty).
    MissingHeader,
    /// The header could not be parsed.
    MalformedHeader(MalformedHeader),
    /// `|now - t|` is larger than the tolerance.
    TimestampOutOfTolerance {
        /// The header's `t`.
        timestamp: i64,
        /// The time the caller gave.
        now: i64,
        /// The tolerance the caller gave.
        tolerance_seconds: u64,
    },
    /// The header is well formed and fresh, but no `v1` matches the payload
    /// under any of the secrets.
    NoMatchingSignature,
    /// The signature matched but the body is not a webhook event (not UTF-8,
    /// not JSON, or not the envelope's shape). Used by `constructEvent`.
    InvalidPayload(String),
}

impl VerifyError {
    /// The stable code: `missing_header`, `malformed_header`,
    /// `timestamp_out_of_tolerance`, `no_matching_signature` or
    /// `invalid_payload`.
    pub fn code(&self) -> &'static str {
        match self {
            Self::MissingHeader => "missing_header",
            Self::MalformedHeader(_) => "malformed_header",
            Self::TimestampOutOfTolerance { .. } => "timestamp_out_of_tolerance",
            Self::NoMatchingSignature => "no_matching_signature",
            Self::InvalidPayload(_) => "invalid_payload",
        }
    }
}

impl VerifyError {
    /// The message [`Display`](fmt::Display) prints. It is put together from
    /// string pieces and hand-formatted integers rather than with `write!`,
    /// so that the wasm builds, which create every error message through
    /// here, carry no `core::fmt` machinery.
    pub fn message(&self) -> String {
        match self {
            Self::MissingHeader => concat(&[
                "No CallingBox-Signature header was given. Pass the value of the request's \
                 `CallingBox-Signature` header (header names are case-insensitive; Node's \
                 `req.headers` spells it `callingbox-signature`).",
            ]),
            Self::MalformedHeader(reason) => concat(&[
                "The CallingBox-Signature header is malformed: ",
                reason.describe(),
                ". Expected `t=<unix seconds>,v1=<64 lowercase hex digits>`; pass the header \
                 value unchanged.",
            ]),
            Self::TimestampOutOfTolerance {
                timestamp,
                now,
                tolerance_seconds,
            } => {
                let when = if timestamp > now {
                    " s in the future, beyond the tolerance of "
                } else {
                    " s old, beyond the tolerance of "
                };
                let (mut age, mut tolerance) = ([0u8; 20], [0u8; 20]);
                concat(&[
                    "The CallingBox-Signature timestamp is ",
                    decimal_str(now.abs_diff(*timestamp), &mut age),
                    when,
                    decimal_str(*tolerance_seconds, &mut tolerance),
                    " s. Check this server's clock (NTP) and the `now` you pass; a replayed or \
                     long-delayed delivery also ends up here.",
                ])
            }
            Self::NoMatchingSignature => concat(&[
                "No v1 signature in the CallingBox-Signature header matches this payload and \
                 secret. Check that you verify the raw request body exactly as received (a body \
                 that was parsed and re-serialized, e.g. by a JSON body parser, never verifies), \
                 and that the secret is this endpoint's current signing secret (the whole \
                 `whsec_...` string; rotating it invalidates the old one, and per-call \
                 `webhook_url` deliveries use the organization's default secret).",
            ]),
            Self::InvalidPayload(reason) => concat(&[
                "The webhook signature is valid but the payload is not a CallingBox event: ",
                reason,
                ".",
            ]),
        }
    }
}

/// The pieces joined into one `String`, allocated once. The error messages
/// (`js::signature`'s payload reasons too) are built here, so that their
/// allocation and copy are one function in the wasm, not inlined per message.
pub(crate) fn concat(pieces: &[&str]) -> String {
    let mut joined = String::with_capacity(pieces.iter().map(|p| p.len()).sum());
    pieces.iter().for_each(|piece| joined.push_str(piece));
    joined
}

impl fmt::Display for VerifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl core::error::Error for VerifyError {}

/// A parsed `CallingBox-Signature` header: the timestamp and up to
/// [`MAX_SIGNATURES`] candidate signatures, decoded into fixed-size arrays.
///
/// Splitting [`verify`] into [`SignatureHeader::parse`],
/// [`SignatureHeader::check_timestamp`] and [`SignatureHeader::verify_payload`]
/// lets a caller reject a bad header before reading the body.
#[derive(Clone, Debug)]
pub struct SignatureHeader {
    timestamp: i64,
    /// `Some` for candidates that are 64 lowercase hex digits; `None` for
    /// `v1` values that can never match.
    signatures: [Option<[u8; 32]>; MAX_SIGNATURES],
    count: usize,
}

impl SignatureHeader {
    /// Parses a header value (see the module documentation for the rules).
    pub fn parse(header: &str) -> Result<Self, VerifyError> {
        let malformed = |reason| Err(VerifyError::MalformedHeader(reason));
        if header.len() > MAX_HEADER_BYTES {
            return malformed(MalformedHeader::TooLong);
        }
        let mut timestamp = None;
        let mut parsed = Self {
            timestamp: 0,
            signatures: [None; MAX_SIGNATURES],
            count: 0,
        };
        let mut rest = Some(header);
        while let Some(current) = rest {
            // `header.split(',')`, one part per turn.
            let part = match split_once_ascii(current, b',') {
                Some((part, tail)) => {
                    rest = Some(tail);
                    part
                }
                None => {
                    rest = None;
                    current
                }
            };
            let (key, value) = split_once_ascii(part, b'=').unwrap_or((part, ""));
            let (key, value) = (py_strip(key), py_strip(value));
            if key.is_empty() || value.is_empty() {
                return malformed(MalformedHeader::EmptyKeyOrValue);
            }
            // Slice patterns compare bytes inline (no `memcmp` call).
            match key.as_bytes() {
                [b't'] => {
                    if timestamp.is_some() {
                        return malformed(MalformedHeader::DuplicateTimestamp);
                    }
                    match parse_timestamp(value) {
                        Some(t) => timestamp = Some(t),
                        None => return malformed(MalformedHeader::InvalidTimestamp),
                    }
                }
                [b'v', b'1'] => match parsed.signatures.get_mut(parsed.count) {
                    Some(slot) => {
                        *slot = decode_hex32(value);
                        parsed.count += 1;
                    }
                    None => return malformed(MalformedHeader::TooManySignatures),
                },
                _ => {}
            }
        }
        let Some(timestamp) = timestamp else {
            return malformed(MalformedHeader::MissingTimestamp);
        };
        if parsed.count == 0 {
            return malformed(MalformedHeader::MissingSignature);
        }
        parsed.timestamp = timestamp;
        Ok(parsed)
    }

    /// The header's `t` (unix seconds).
    pub fn timestamp(&self) -> i64 {
        self.timestamp
    }

    /// How many `v1` values the header carries (decodable or not).
    pub fn signature_count(&self) -> usize {
        self.count
    }

    /// Rejects a timestamp further than the tolerance from `options.now`, in
    /// either direction; a tolerance of 0 accepts any timestamp.
    pub fn check_timestamp(&self, options: &VerifyOptions) -> Result<(), VerifyError> {
        if options.tolerance_seconds > 0
            && options.now.abs_diff(self.timestamp) > options.tolerance_seconds
        {
            return Err(VerifyError::TimestampOutOfTolerance {
                timestamp: self.timestamp,
                now: options.now,
                tolerance_seconds: options.tolerance_seconds,
            });
        }
        Ok(())
    }

    /// Checks the signatures against `payload` under each secret in turn and
    /// returns the index of the first secret that matches. The MAC is computed
    /// once per secret and compared with every candidate in constant time.
    /// An empty `secrets` list never matches.
    pub fn verify_payload<S: AsRef<str>>(
        &self,
        payload: &[u8],
        secrets: &[S],
    ) -> Result<usize, VerifyError> {
        let candidates = self.signatures.iter().take(self.count).flatten();
        for (index, secret) in secrets.iter().enumerate() {
            let expected = signed_mac(payload, secret.as_ref(), self.timestamp);
            // Compare with every candidate (no early exit): the comparisons
            // themselves are constant time, and so is their number.
            let matched = candidates.clone().fold(false, |matched, candidate| {
                matched | constant_time_eq(&expected, candidate)
            });
            if matched {
                return Ok(index);
            }
        }
        Err(VerifyError::NoMatchingSignature)
    }
}

/// Verifies a webhook: parses `header`, checks its timestamp against
/// `options`, then checks its `v1` signatures against `payload` (the raw body
/// bytes) under each of `secrets` (any match passes).
///
/// `None` and the empty string are `missing_header`. See the module
/// documentation for the parsing rules.
pub fn verify<S: AsRef<str>>(
    payload: &[u8],
    header: Option<&str>,
    secrets: &[S],
    options: VerifyOptions,
) -> Result<Verified, VerifyError> {
    let parsed = check_header(header, &options)?;
    let secret_index = parsed.verify_payload(payload, secrets)?;
    Ok(Verified {
        timestamp: parsed.timestamp,
        secret_index,
    })
}

/// The steps of [`verify`] that need no body: a missing header, parsing and
/// the clock. A caller that still has to read the body can reject early, then
/// finish with [`SignatureHeader::verify_payload`].
pub fn check_header(
    header: Option<&str>,
    options: &VerifyOptions,
) -> Result<SignatureHeader, VerifyError> {
    let header = match header {
        Some(header) if !py_strip(header).is_empty() => header,
        _ => return Err(VerifyError::MissingHeader),
    };
    let parsed = SignatureHeader::parse(header)?;
    parsed.check_timestamp(options)?;
    Ok(parsed)
}

/// Signs `payload` as CallingBox does and returns the header value
/// `t=<timestamp>,v1=<64 lowercase hex digits>`.
///
/// `timestamp` should be non-negative unix seconds: [`verify`] rejects a
/// negative `t` as malformed.
pub fn sign(payload: &[u8], secret: &str, timestamp: i64) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut digits = [0u8; 20];
    let t = format_decimal(timestamp, &mut digits);
    let mac = signed_mac(payload, secret, timestamp);
    let mut hex = [0u8; 64];
    for (pair, byte) in hex.chunks_exact_mut(2).zip(mac.iter()) {
        for (slot, nibble) in pair.iter_mut().zip([byte >> 4, byte & 0x0f]) {
            *slot = HEX.get(usize::from(nibble)).copied().unwrap_or(b'0');
        }
    }
    // Assembled in a fixed buffer rather than pushed char by char into a
    // `String`, whose growth checks were inlined once per push.
    let mut header = [0u8; 2 + 20 + 4 + 64];
    let mut len = 0;
    for piece in [b"t=".as_slice(), t, b",v1=", &hex] {
        if let Some(slot) = header.get_mut(len..len + piece.len()) {
            slot.copy_from_slice(piece);
            len += piece.len();
        }
    }
    // All ASCII, so never the empty fallback.
    String::from(core::str::from_utf8(header.get(..len).unwrap_or_default()).unwrap_or_default())
}

/// HMAC-SHA256 keyed with the secret's UTF-8 bytes over `t`, `.` and the
/// payload, without concatenating them.
fn signed_mac(payload: &[u8], secret: &str, timestamp: i64) -> Digest {
    let mut digits = [0u8; 20];
    cached_key(secret.as_bytes()).mac(&[format_decimal(timestamp, &mut digits), b".", payload])
}

/// [`HmacKey::new`] through a small per-thread cache: the prepared key (the
/// SHA-256 states after `key ^ ipad` and `key ^ opad`) is copied instead of
/// recomputed, saving two of the four compressions a short body costs. Four
/// entries cover a rotation (two secrets) for a couple of endpoints.
fn cached_key(key: &[u8]) -> HmacKey {
    use core::cell::RefCell;
    const ENTRIES: usize = 4;
    type Entry = Option<(Box<[u8]>, HmacKey)>;
    per_thread! {
        static CACHE: RefCell<(usize, [Entry; ENTRIES])> =
            RefCell::new((0, [None, None, None, None]));
    }
    CACHE.with(|cache| {
        // Never re-entered; if it ever were, computing afresh beats a panic.
        let Ok(mut cache) = cache.try_borrow_mut() else {
            return HmacKey::new(key);
        };
        let (next, entries) = &mut *cache;
        if let Some((_, prepared)) = entries.iter().flatten().find(|(k, _)| **k == *key) {
            return prepared.clone();
        }
        let prepared = HmacKey::new(key);
        if let Some(slot) = entries.get_mut(*next % ENTRIES) {
            *slot = Some((key.into(), prepared.clone()));
        }
        *next = next.wrapping_add(1);
        prepared
    })
}

/// Writes `value` in decimal (with a leading `-` when negative) at the end of
/// `buf` and returns the written part. 20 bytes hold any `i64`.
fn format_decimal(value: i64, buf: &mut [u8; 20]) -> &[u8] {
    let start = write_digits(value.unsigned_abs(), buf);
    let start = match (value < 0, start.checked_sub(1)) {
        (true, Some(sign)) => {
            if let Some(slot) = buf.get_mut(sign) {
                *slot = b'-';
            }
            sign
        }
        _ => start,
    };
    buf.get(start..).unwrap_or_default()
}

/// `value` in decimal, written at the end of `buf` (20 bytes hold any `u64`),
/// as a `&str` for [`concat`].
fn decimal_str(value: u64, buf: &mut [u8; 20]) -> &str {
    let start = write_digits(value, buf);
    // ASCII digits: never the empty fallback.
    buf.get(start..)
        .and_then(|digits| core::str::from_utf8(digits).ok())
        .unwrap_or_default()
}

/// Writes the decimal digits of `magnitude` at the end of `buf` and returns
/// the index of the first one.
fn write_digits(mut magnitude: u64, buf: &mut [u8; 20]) -> usize {
    let mut start = buf.len();
    for slot in buf.iter_mut().rev() {
        *slot = b'0' + (magnitude % 10) as u8;
        magnitude /= 10;
        start -= 1;
        if magnitude == 0 {
            break;
        }
    }
    start
}

/// Parses `t`: one or more ASCII digits (leading zeros allowed) that fit an
/// `i64`.
fn parse_timestamp(value: &str) -> Option<i64> {
    value.bytes().try_fold(0i64, |acc, byte| {
        if !byte.is_ascii_digit() {
            return None;
        }
        let digit = i64::from(byte - b'0');
        // `acc * 10 + digit` overflows exactly when this holds; comparing
        // with constants avoids `checked_mul`, which wasm32 lowers to a
        // 128-bit multiplication (`__multi3`) per digit.
        if acc > i64::MAX / 10 || (acc == i64::MAX / 10 && digit > i64::MAX % 10) {
            return None;
        }
        Some(acc * 10 + digit)
    })
}

/// Decodes exactly 64 lowercase hex digits; anything else is `None`.
fn decode_hex32(value: &str) -> Option<[u8; 32]> {
    let bytes = value.as_bytes();
    if bytes.len() != 64 {
        return None;
    }
    let mut out = [0u8; 32];
    for (slot, pair) in out.iter_mut().zip(bytes.chunks_exact(2)) {
        let (&high, &low) = (pair.first()?, pair.get(1)?);
        *slot = (lower_hex_value(high)? << 4) | lower_hex_value(low)?;
    }
    Some(out)
}

fn lower_hex_value(digit: u8) -> Option<u8> {
    match digit {
        b'0'..=b'9' => Some(digit - b'0'),
        b'a'..=b'f' => Some(digit - b'a' + 10),
        _ => None,
    }
}

/// `s.split_once(char::from(byte))` for an ASCII `byte`, searching bytes
/// rather than chars: the wasm build then needs no `char` searcher.
fn split_once_ascii(s: &str, byte: u8) -> Option<(&str, &str)> {
    let at = s.bytes().position(|b| b == byte)?;
    let (head, tail) = s.split_at_checked(at)?;
    Some((head, tail.get(1..)?))
}

/// Whether Python's `str.isspace()` is true for `c`: Unicode `White_Space`
/// plus the information separators U+001C..U+001F.
///
/// Spelled out rather than `char::is_whitespace`, whose Unicode table lookup
/// was most of `py_strip`'s 0.7 KB of wasm; `White_Space` is these 25 code
/// points (a test compares the two over every `char`).
fn is_python_space(c: char) -> bool {
    matches!(
        c,
        '\t'..='\r'
            | '\u{1c}'..=' '
            | '\u{85}'
            | '\u{a0}'
            | '\u{1680}'
            | '\u{2000}'..='\u{200a}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{202f}'
            | '\u{205f}'
            | '\u{3000}'
    )
}

/// Python's `str.strip()` without arguments.
fn py_strip(s: &str) -> &str {
    s.trim_matches(is_python_space)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "whsec_test_secret";
    const NOW: i64 = 1_713_268_860;
    const BODY: &[u8] = br#"{"id":"evt_1","type":"call.completed"}"#;

    fn mac_hex(payload: &[u8], secret: &str, t: &str) -> String {
        let header = sign(payload, secret, t.parse().unwrap_or_default());
        header
            .split_once(",v1=")
            .map(|(_, hex)| hex.to_owned())
            .unwrap_or_default()
    }

    fn check(header: &str) -> Result<Verified, VerifyError> {
        verify(BODY, Some(header), &[SECRET], VerifyOptions::at(NOW))
    }

    fn code(header: &str) -> &'static str {
        match check(header) {
            Ok(_) => "ok",
            Err(e) => e.code(),
        }
    }

    fn good() -> String {
        mac_hex(BODY, SECRET, &NOW.to_string())
    }

    #[test]
    fn a_header_from_sign_verifies() {
        let header = sign(BODY, SECRET, NOW);
        assert_eq!(
            check(&header),
            Ok(Verified {
                timestamp: NOW,
                secret_index: 0
            })
        );
    }

    #[test]
    fn the_mac_matches_python_hmac() {
        // python3 -c 'import hmac, hashlib; print(hmac.new(b"whsec_test_secret",
        //   b"1713268860." + BODY, hashlib.sha256).hexdigest())'
        assert_eq!(
            sign(BODY, SECRET, NOW),
            "t=1713268860,v1=f83cc52c7bd760f9bd8e3852381f2c4be561909545fc1dc88086191aaaa5ebdf"
        );
    }

    #[test]
    fn keys_of_any_length_mac_like_the_hmac_crate() {
        use hmac::{Hmac, Mac};
        for key in [
            &[][..],
            &[7u8; 63][..],
            &[7u8; 64][..],
            &[7u8; 65][..],
            &[0xaa; 131][..],
        ] {
            let mut theirs = Hmac::<sha2::Sha256>::new_from_slice(key).unwrap();
            theirs.update(b"123.message");
            let theirs: [u8; 32] = theirs.finalize().into_bytes().into();
            assert_eq!(cached_key(key).mac(&[b"123", b".", b"message"]), theirs);
        }
    }

    #[test]
    fn decimal_formatting_covers_the_whole_i64_range() {
        let mut buf = [0u8; 20];
        for value in [0, 7, 10, NOW, -1, -42, i64::MAX, i64::MIN] {
            assert_eq!(
                format_decimal(value, &mut buf),
                value.to_string().as_bytes()
            );
        }
    }

    #[test]
    fn unsigned_formatting_covers_the_whole_u64_range() {
        for value in [0, 9, 10, 300, u64::from(u32::MAX), u64::MAX] {
            assert_eq!(decimal_str(value, &mut [0; 20]), value.to_string());
        }
    }

    #[test]
    fn messages_are_the_texts_write_would_give() {
        // The messages were written with `write!` before; `message` builds
        // them by hand and must give exactly the same text.
        let clock = |timestamp: i64, now: i64, tolerance_seconds: u64| {
            let when = if timestamp > now {
                "in the future"
            } else {
                "old"
            };
            let drift = now.abs_diff(timestamp);
            (
                VerifyError::TimestampOutOfTolerance {
                    timestamp,
                    now,
                    tolerance_seconds,
                },
                format!(
                    "The CallingBox-Signature timestamp is {drift} s {when}, beyond the tolerance \
                     of {tolerance_seconds} s. Check this server's clock (NTP) and the `now` you \
                     pass; a replayed or long-delayed delivery also ends up here."
                ),
            )
        };
        let mut cases = vec![
            clock(NOW + 400, NOW, 300),
            clock(NOW - 400, NOW, 300),
            clock(i64::MAX, i64::MIN, 0),
            clock(i64::MIN, i64::MAX, u64::MAX),
            (
                VerifyError::InvalidPayload("`id` is missing or not a string".into()),
                "The webhook signature is valid but the payload is not a CallingBox event: \
                 `id` is missing or not a string."
                    .to_owned(),
            ),
        ];
        for reason in [
            MalformedHeader::TooLong,
            MalformedHeader::EmptyKeyOrValue,
            MalformedHeader::InvalidTimestamp,
            MalformedHeader::DuplicateTimestamp,
            MalformedHeader::MissingTimestamp,
            MalformedHeader::MissingSignature,
            MalformedHeader::TooManySignatures,
        ] {
            cases.push((
                VerifyError::MalformedHeader(reason),
                format!(
                    "The CallingBox-Signature header is malformed: {}. Expected \
                     `t=<unix seconds>,v1=<64 lowercase hex digits>`; pass the header value unchanged.",
                    reason.describe()
                ),
            ));
        }
        for (error, expected) in cases {
            assert_eq!(error.message(), expected);
            assert_eq!(error.to_string(), expected);
        }
        assert!(VerifyError::MissingHeader
            .message()
            .ends_with("`req.headers` spells it `callingbox-signature`)."));
        assert!(VerifyError::NoMatchingSignature
            .message()
            .ends_with("use the organization's default secret)."));
    }

    #[test]
    fn split_once_ascii_is_split_once() {
        for s in [
            "",
            ",",
            "a,b",
            ",a",
            "a,",
            "é,ü,",
            "東京,=,",
            "no separator",
            "=,==",
        ] {
            for byte in [b',', b'='] {
                assert_eq!(
                    split_once_ascii(s, byte),
                    s.split_once(char::from(byte)),
                    "{s}"
                );
            }
        }
    }

    #[test]
    fn a_missing_header_is_missing_header() {
        assert_eq!(
            verify(BODY, None, &[SECRET], VerifyOptions::at(NOW)).map_err(|e| e.code()),
            Err("missing_header")
        );
        assert_eq!(code(""), "missing_header");
        assert_eq!(code("  "), "missing_header");
    }

    #[test]
    fn any_of_several_v1_values_may_match() {
        let other = "ab".repeat(32);
        assert_eq!(code(&format!("t={NOW},v1={other},v1={}", good())), "ok");
        assert_eq!(code(&format!("t={NOW},v1={},v1={other}", good())), "ok");
    }

    #[test]
    fn unknown_keys_are_ignored() {
        assert_eq!(
            code(&format!("t={NOW},v0=whatever,v1={},x=y", good())),
            "ok"
        );
    }

    #[test]
    fn keys_are_case_sensitive() {
        assert_eq!(code(&format!("T={NOW},v1={}", good())), "malformed_header");
        assert_eq!(code(&format!("t={NOW},V1={}", good())), "malformed_header");
    }

    #[test]
    fn whitespace_around_pairs_keys_and_values_is_accepted() {
        let g = good();
        assert_eq!(code(&format!(" t = {NOW} , v1 = {g} ")), "ok");
        assert_eq!(code(&format!("t={NOW},\tv1={g}\r\n")), "ok");
        // Python's str.strip() also removes U+001C..U+001F and Unicode spaces.
        assert_eq!(code(&format!("\u{1f}t={NOW}\u{a0},\u{3000}v1={g}")), "ok");
    }

    #[test]
    fn whitespace_inside_a_signature_is_a_non_match() {
        let g = good();
        let (a, b) = g.split_at(10);
        assert_eq!(
            code(&format!("t={NOW},v1={a} {b}")),
            "no_matching_signature"
        );
    }

    #[test]
    fn a_bare_v1_is_malformed_and_never_matches() {
        assert_eq!(code(&format!("t={NOW},v1=")), "malformed_header");
        assert_eq!(
            code(&format!("t={NOW},v1=,v1={}", good())),
            "malformed_header"
        );
        assert_eq!(code(&format!("t={NOW},v1=  ")), "malformed_header");
    }

    #[test]
    fn a_trailing_comma_or_a_part_without_equals_is_malformed() {
        assert_eq!(code(&format!("t={NOW},v1={},", good())), "malformed_header");
        assert_eq!(code(&format!("t={NOW},,v1={}", good())), "malformed_header");
        assert_eq!(code(&format!("t={NOW},v1{}", good())), "malformed_header");
        assert_eq!(
            code(&format!("=x,t={NOW},v1={}", good())),
            "malformed_header"
        );
    }

    #[test]
    fn an_uppercase_signature_is_a_non_match() {
        let upper = good().to_uppercase();
        assert_eq!(
            code(&format!("t={NOW},v1={upper}")),
            "no_matching_signature"
        );
    }

    #[test]
    fn a_signature_of_the_wrong_length_is_a_non_match() {
        let g = good();
        for candidate in [&g[..62], &g[..63], &format!("{g}0"), &format!("{g}00"), "a"] {
            assert_eq!(
                code(&format!("t={NOW},v1={candidate}")),
                "no_matching_signature",
                "{candidate}"
            );
        }
    }

    #[test]
    fn a_non_hex_signature_is_a_non_match() {
        let g = good();
        for bad in ["g", "-", "é", "\u{0}"] {
            let candidate = format!("{bad}{}", &g[bad.len()..]);
            assert_eq!(
                code(&format!("t={NOW},v1={candidate}")),
                "no_matching_signature"
            );
        }
        assert_eq!(
            code(&format!("t={NOW},v1={}", "z".repeat(64))),
            "no_matching_signature"
        );
    }

    #[test]
    fn a_value_containing_equals_is_kept_whole() {
        // Split at the first `=` only, like str.partition.
        assert_eq!(
            code(&format!("t={NOW},v1={}=", good())),
            "no_matching_signature"
        );
        assert_eq!(
            code(&format!("t={NOW}=1,v1={}", good())),
            "malformed_header"
        );
    }

    #[test]
    fn a_missing_timestamp_is_malformed() {
        assert_eq!(code(&format!("v1={}", good())), "malformed_header");
        assert_eq!(
            check(&format!("v1={}", good())),
            Err(VerifyError::MalformedHeader(
                MalformedHeader::MissingTimestamp
            ))
        );
    }

    #[test]
    fn an_empty_timestamp_is_malformed() {
        assert_eq!(code(&format!("t=,v1={}", good())), "malformed_header");
    }

    #[test]
    fn a_non_numeric_timestamp_is_malformed() {
        for t in [
            "abc",
            "1e9",
            "12.5",
            "0x10",
            "1 2",
            "١٢٣",
            "+1713268860",
            "1_713_268_860",
        ] {
            assert_eq!(
                check(&format!("t={t},v1={}", good())),
                Err(VerifyError::MalformedHeader(
                    MalformedHeader::InvalidTimestamp
                )),
                "{t}"
            );
        }
    }

    #[test]
    fn a_negative_timestamp_is_malformed() {
        assert_eq!(code(&format!("t=-5,v1={}", good())), "malformed_header");
        assert_eq!(code(&format!("t=-0,v1={}", good())), "malformed_header");
    }

    #[test]
    fn an_overflowing_timestamp_is_malformed() {
        assert_eq!(
            code(&format!("t=9223372036854775808,v1={}", good())),
            "malformed_header"
        );
        assert_eq!(
            code(&format!("t={},v1={}", "9".repeat(400), good())),
            "malformed_header"
        );
    }

    #[test]
    fn the_largest_timestamp_parses() {
        let header = sign(BODY, SECRET, i64::MAX);
        assert_eq!(
            verify(BODY, Some(&header), &[SECRET], VerifyOptions::at(i64::MAX))
                .map(|v| v.timestamp),
            Ok(i64::MAX)
        );
    }

    #[test]
    fn a_timestamp_given_twice_is_malformed() {
        assert_eq!(
            check(&format!("t={NOW},t={NOW},v1={}", good())),
            Err(VerifyError::MalformedHeader(
                MalformedHeader::DuplicateTimestamp
            ))
        );
    }

    #[test]
    fn leading_zeros_are_signed_in_canonical_form() {
        // The SDK signs f"{int(t)}.", so t=0001713268860 signs "1713268860.".
        assert_eq!(code(&format!("t=000{NOW},v1={}", good())), "ok");
    }

    #[test]
    fn a_header_without_v1_is_malformed() {
        assert_eq!(
            check(&format!("t={NOW},v0={}", good())),
            Err(VerifyError::MalformedHeader(
                MalformedHeader::MissingSignature
            ))
        );
    }

    #[test]
    fn sixteen_signatures_are_accepted_and_seventeen_are_malformed() {
        let junk = format!(",v1={}", "0".repeat(64));
        let sixteen = format!("t={NOW}{},v1={}", junk.repeat(15), good());
        assert_eq!(code(&sixteen), "ok");
        let seventeen = format!("t={NOW}{},v1={}", junk.repeat(16), good());
        assert_eq!(
            check(&seventeen),
            Err(VerifyError::MalformedHeader(
                MalformedHeader::TooManySignatures
            ))
        );
    }

    #[test]
    fn a_header_over_8_kib_is_malformed() {
        let base = format!("t={NOW},v1={}", good());
        let padding = ",x=".to_owned() + &"y".repeat(MAX_HEADER_BYTES);
        let exact = format!("{base},x={}", "y".repeat(MAX_HEADER_BYTES - base.len() - 3));
        assert_eq!(exact.len(), MAX_HEADER_BYTES);
        assert_eq!(code(&exact), "ok");
        assert_eq!(
            check(&format!("{exact}y")),
            Err(VerifyError::MalformedHeader(MalformedHeader::TooLong))
        );
        assert_eq!(code(&(base + &padding)), "malformed_header");
    }

    #[test]
    fn malformed_parts_win_over_a_missing_timestamp_in_sdk_order() {
        assert_eq!(
            check("v1=abc,t=x"),
            Err(VerifyError::MalformedHeader(
                MalformedHeader::InvalidTimestamp
            ))
        );
        assert_eq!(
            check("v1=abc,"),
            Err(VerifyError::MalformedHeader(
                MalformedHeader::EmptyKeyOrValue
            ))
        );
    }

    #[test]
    fn a_timestamp_exactly_at_the_tolerance_is_accepted_both_ways() {
        for t in [NOW - 300, NOW + 300] {
            let header = sign(BODY, SECRET, t);
            assert_eq!(check(&header).map(|v| v.timestamp), Ok(t));
        }
    }

    #[test]
    fn a_timestamp_one_second_past_the_tolerance_is_rejected_both_ways() {
        for t in [NOW - 301, NOW + 301] {
            let header = sign(BODY, SECRET, t);
            assert_eq!(
                check(&header),
                Err(VerifyError::TimestampOutOfTolerance {
                    timestamp: t,
                    now: NOW,
                    tolerance_seconds: 300
                })
            );
        }
    }

    #[test]
    fn a_tolerance_of_zero_turns_the_check_off() {
        let header = sign(BODY, SECRET, 1);
        let options = VerifyOptions::at(NOW).with_tolerance(0);
        assert!(verify(BODY, Some(&header), &[SECRET], options).is_ok());
    }

    #[test]
    fn the_clock_is_checked_before_the_signature() {
        // As in the SDK: a stale header with a wrong signature reports the clock.
        let header = format!("t={},v1={}", NOW - 1000, "0".repeat(64));
        assert_eq!(code(&header), "timestamp_out_of_tolerance");
    }

    #[test]
    fn extreme_clocks_do_not_overflow() {
        let header = sign(BODY, SECRET, 0);
        for now in [i64::MIN, i64::MAX] {
            assert_eq!(
                verify(BODY, Some(&header), &[SECRET], VerifyOptions::at(now))
                    .map_err(|e| e.code()),
                Err("timestamp_out_of_tolerance")
            );
        }
        let options = VerifyOptions::at(i64::MIN).with_tolerance(u64::MAX);
        assert!(verify(BODY, Some(&header), &[SECRET], options).is_ok());
    }

    #[test]
    fn any_of_several_secrets_may_match_and_the_index_says_which() {
        let header = sign(BODY, "whsec_new", NOW);
        let result = verify(
            BODY,
            Some(&header),
            &["whsec_old", "whsec_new"],
            VerifyOptions::at(NOW),
        );
        assert_eq!(result.map(|v| v.secret_index), Ok(1));
    }

    #[test]
    fn no_secrets_never_match() {
        let header = sign(BODY, SECRET, NOW);
        let none: [&str; 0] = [];
        assert_eq!(
            verify(BODY, Some(&header), &none, VerifyOptions::at(NOW)),
            Err(VerifyError::NoMatchingSignature)
        );
    }

    #[test]
    fn the_whole_secret_string_is_the_key_without_decoding() {
        let header = sign(BODY, "whsec_abc", NOW);
        for other in ["abc", "whsec_abc ", "WHSEC_abc"] {
            assert_eq!(
                verify(BODY, Some(&header), &[other], VerifyOptions::at(NOW)),
                Err(VerifyError::NoMatchingSignature)
            );
        }
    }

    #[test]
    fn a_reserialized_body_does_not_verify() {
        let header = sign(BODY, SECRET, NOW);
        let pretty = br#"{"id": "evt_1", "type": "call.completed"}"#;
        assert_eq!(
            verify(pretty, Some(&header), &[SECRET], VerifyOptions::at(NOW)),
            Err(VerifyError::NoMatchingSignature)
        );
    }

    #[test]
    fn non_ascii_bodies_are_signed_as_raw_utf8_bytes() {
        let body = "{\"prompt\":\"Grüße, 東京 🚀\"}".as_bytes();
        let header = sign(body, SECRET, NOW);
        assert!(verify(body, Some(&header), &[SECRET], VerifyOptions::at(NOW)).is_ok());
    }

    #[test]
    fn every_code_is_one_of_the_documented_five() {
        let errors = [
            VerifyError::MissingHeader,
            VerifyError::MalformedHeader(MalformedHeader::TooLong),
            VerifyError::TimestampOutOfTolerance {
                timestamp: 0,
                now: 1000,
                tolerance_seconds: 300,
            },
            VerifyError::NoMatchingSignature,
            VerifyError::InvalidPayload("not JSON".into()),
        ];
        let codes: Vec<_> = errors.iter().map(VerifyError::code).collect();
        assert_eq!(
            codes,
            [
                "missing_header",
                "malformed_header",
                "timestamp_out_of_tolerance",
                "no_matching_signature",
                "invalid_payload"
            ]
        );
    }

    #[test]
    fn the_mismatch_message_says_what_to_check_and_never_the_secret() {
        let header = sign(BODY, "whsec_right", NOW);
        let error = verify(
            BODY,
            Some(&header),
            &["whsec_wrong"],
            VerifyOptions::at(NOW),
        )
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
        assert!(error.contains("re-serialized"), "{error}");
        assert!(error.contains("rotat"), "{error}");
        assert!(!error.contains("whsec_wrong") && !error.contains("whsec_right"));
    }

    #[test]
    fn the_clock_message_gives_the_drift_and_the_direction() {
        let header = sign(BODY, SECRET, NOW + 400);
        let message = check(&header)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(message.contains("400 s in the future"), "{message}");
        let header = sign(BODY, SECRET, NOW - 400);
        let message = check(&header)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(message.contains("400 s old"), "{message}");
    }

    #[test]
    fn python_whitespace_is_exactly_rust_whitespace_plus_the_separators() {
        // From CPython 3.11: [c for c in range(0x110000) if chr(c).isspace()].
        let python: Vec<u32> = vec![
            0x9, 0xa, 0xb, 0xc, 0xd, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x85, 0xa0, 0x1680, 0x2000,
            0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028,
            0x2029, 0x202f, 0x205f, 0x3000,
        ];
        let ours: Vec<u32> = (0..=0x10ffffu32)
            .filter_map(char::from_u32)
            .filter(|&c| is_python_space(c))
            .map(u32::from)
            .collect();
        assert_eq!(ours, python);
    }
}
