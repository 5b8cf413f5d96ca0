//! Why a verification failed: the stable codes and the messages that say
//! what to check. No message ever contains a secret.

use alloc::string::String;
use core::fmt;

use super::decimal::decimal_str;

/// Why a `CallingBox-Signature` header was not parsed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MalformedHeader {
    /// The header is longer than [`MAX_HEADER_BYTES`](super::MAX_HEADER_BYTES).
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
    /// There are more than [`MAX_SIGNATURES`](super::MAX_SIGNATURES) `v1` values.
    TooManySignatures,
}

impl MalformedHeader {
    /// What is wrong, as a clause for the message.
    pub fn describe(self) -> &'static str {
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
    /// The message [`Display`](fmt::Display) prints.
    pub fn message(&self) -> String {
        self.with_message_pieces(concat)
    }

    /// Calls `f` with the message in pieces, so that it can be copied
    /// somewhere without building a `String` (the wasm side writes it into
    /// its scratch area). Put together from string pieces and hand-formatted
    /// integers rather than with `write!`, so that the wasm builds carry no
    /// `core::fmt` machinery.
    pub fn with_message_pieces<R>(&self, f: impl FnOnce(&[&str]) -> R) -> R {
        match self {
            Self::MissingHeader => f(&[
                "No CallingBox-Signature header was given. Pass the value of the request's \
                 `CallingBox-Signature` header (header names are case-insensitive; Node's \
                 `req.headers` spells it `callingbox-signature`).",
            ]),
            Self::MalformedHeader(reason) => f(&[
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
                f(&[
                    "The CallingBox-Signature timestamp is ",
                    decimal_str(now.abs_diff(*timestamp), &mut age),
                    when,
                    decimal_str(*tolerance_seconds, &mut tolerance),
                    " s. Check this server's clock (NTP) and the `now` you pass; a replayed or \
                     long-delayed delivery also ends up here.",
                ])
            }
            Self::NoMatchingSignature => f(&[
                "No v1 signature in the CallingBox-Signature header matches this payload and \
                 secret. Check that you verify the raw request body exactly as received (a body \
                 that was parsed and re-serialized, e.g. by a JSON body parser, never verifies), \
                 and that the secret is this endpoint's current signing secret (the whole \
                 `whsec_...` string; rotating it invalidates the old one, and per-call \
                 `webhook_url` deliveries use the organization's default secret).",
            ]),
            Self::InvalidPayload(reason) => f(&invalid_payload_pieces(reason)),
        }
    }
}

/// The message of [`VerifyError::InvalidPayload`] with this `reason`, in
/// pieces (for a caller that has the reason but no `String` of it).
pub fn invalid_payload_pieces(reason: &str) -> [&str; 3] {
    [
        "The webhook signature is valid but the payload is not a CallingBox event: ",
        reason,
        ".",
    ]
}

/// The pieces joined into one `String`, allocated once, so that the
/// allocation and copy are one function in the wasm, not inlined per message.
fn concat(pieces: &[&str]) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

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
            clock(1_713_268_860 + 400, 1_713_268_860, 300),
            clock(1_713_268_860 - 400, 1_713_268_860, 300),
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
}
