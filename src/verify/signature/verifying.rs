//! Verification of a whole body in memory: the header's checks, then the
//! MAC under each secret.

use super::error::VerifyError;
use super::header::SignatureHeader;
use super::options::VerifyOptions;

/// What a successful verification established.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Verified {
    /// The header's `t`: when CallingBox signed the delivery (unix seconds).
    pub timestamp: i64,
    /// Which of the given secrets matched (useful while rotating secrets).
    pub secret_index: usize,
}

/// Verifies a webhook: parses `header`, checks its timestamp against
/// `options`, then checks its `v1` signatures against `payload` (the raw body
/// bytes) under each of `secrets` (any match passes).
///
/// `None` and the empty string are `missing_header`. See the [module
/// documentation](super) for the parsing rules.
pub fn verify<S: AsRef<str>>(
    payload: &[u8],
    header: Option<&str>,
    secrets: &[S],
    options: VerifyOptions,
) -> Result<Verified, VerifyError> {
    let parsed = check_header(header, &options)?;
    let secret_index = parsed.verify_payload(payload, secrets)?;
    Ok(Verified {
        timestamp: parsed.timestamp(),
        secret_index,
    })
}

/// The steps of [`verify`] that need no body: a missing header, parsing and
/// the clock. A caller that still has to read the body can reject early, then
/// finish with [`SignatureHeader::verify_payload`] (or feed the body part by
/// part through [`SignatureHeader::start_mac`]).
pub fn check_header(
    header: Option<&str>,
    options: &VerifyOptions,
) -> Result<SignatureHeader, VerifyError> {
    let mut parsed = SignatureHeader::EMPTY;
    parsed.read(header, options)?;
    Ok(parsed)
}
