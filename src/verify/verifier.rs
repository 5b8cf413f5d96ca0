//! [`Verifier`]: the signature scheme for a caller on the other side of the
//! wasm boundary, who can hand over only numbers.
//!
//! The caller (`pkg-template/internal/verify.js`) reads and checks every
//! argument in JavaScript, writes the header and the body into this
//! verifier's scratch area (see [`Verifier::scratch_mut`]), and then calls
//! the methods below with lengths, slot numbers and the clock. A body larger
//! than the scratch area comes in parts, each fed to the MACs in progress,
//! so verifying 1 GB takes the same memory as 1 KB: nothing here allocates
//! after [`Verifier::new`].
//!
//! Keyed MAC states are cached in [`KEY_SLOTS`] numbered slots; the caller
//! decides which secret lives in which slot (and when one is replaced). A
//! replaced or forgotten key is wiped ([`SigningKey`] zeroizes on drop), and
//! secret bytes written into the scratch area are wiped as soon as they are
//! keyed.
//!
//! Every method takes any numbers: a bad slot, length or clock is
//! [`Status::InvalidArgument`], never a panic. This module is pure Rust
//! (tested natively); `js::signature` only exports it to JavaScript.

use alloc::boxed::Box;
use alloc::vec;
use alloc::vec::Vec;

use zeroize::Zeroize;

use crate::signature::{
    invalid_payload_pieces, LongSecret, MalformedHeader, SignatureHeader, SignedHeader, SigningKey,
    VerifyError, VerifyOptions, MAX_HEADER_BYTES,
};

/// Bytes of the scratch area's header region (its start): the longest
/// header accepted.
pub const HEADER_CAPACITY: usize = MAX_HEADER_BYTES;

/// Bytes of the scratch area's chunk region (after the header region): the
/// most body (or secret) bytes fed in one call. Larger bodies come in parts.
pub const CHUNK_CAPACITY: usize = 64 * 1024;

/// How many keyed secrets are cached.
pub const KEY_SLOTS: usize = 16;

/// What a call returns: `0` for success, otherwise why not. The codes of
/// the verification failures are [`VerifyError::code`]'s.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
pub enum Status {
    Ok = 0,
    MissingHeader = 1,
    MalformedHeader = 2,
    TimestampOutOfTolerance = 3,
    NoMatchingSignature = 4,
    /// A slot, length or number the JS side should never have passed: a bug
    /// on that side, reported instead of trusted.
    InvalidArgument = 5,
}

impl From<&VerifyError> for Status {
    fn from(error: &VerifyError) -> Self {
        match error {
            VerifyError::MissingHeader => Self::MissingHeader,
            VerifyError::MalformedHeader(_) => Self::MalformedHeader,
            VerifyError::TimestampOutOfTolerance { .. } => Self::TimestampOutOfTolerance,
            VerifyError::NoMatchingSignature => Self::NoMatchingSignature,
            VerifyError::InvalidPayload(_) => Self::InvalidArgument,
        }
    }
}

/// The verification state of one JS module instance: scratch area, keyed
/// secrets, the header being checked and the MACs in progress.
pub struct Verifier {
    /// `[0, HEADER_CAPACITY)`: the header; then `CHUNK_CAPACITY` bytes for
    /// body parts, secrets and the text of answers.
    scratch: Box<[u8]>,
    /// [`KEY_SLOTS`] slots. A boxed slice rather than an array: dropping an
    /// array of 16 zeroizing keys was unrolled into 3.5 KB of wasm.
    keys: Box<[Option<SigningKey>]>,
    /// A secret longer than the chunk region, being hashed part by part.
    long_secret: Option<LongSecret>,
    /// The header of the last [`Verifier::check_header`], refilled in place.
    header: SignatureHeader,
    /// Whether it passed.
    header_checked: bool,
    /// The slots whose MACs are being fed (a bit per slot).
    active: u32,
    /// The timestamp being signed, between `begin_sign` and `finish_sign`.
    signing: Option<i64>,
    /// Why the last verification failed, for [`Verifier::describe_failure`].
    failure: Option<VerifyError>,
}

impl Default for Verifier {
    fn default() -> Self {
        Self::new()
    }
}

impl Verifier {
    /// A verifier with an empty scratch area and no keys. The only
    /// allocation this type makes.
    pub fn new() -> Self {
        Self {
            scratch: vec![0u8; HEADER_CAPACITY + CHUNK_CAPACITY].into_boxed_slice(),
            keys: (0..KEY_SLOTS)
                .map(|_| None)
                .collect::<Vec<_>>()
                .into_boxed_slice(),
            long_secret: None,
            header: SignatureHeader::EMPTY,
            header_checked: false,
            active: 0,
            signing: None,
            failure: None,
        }
    }

    /// The scratch area the caller writes into: the header at offset 0
    /// (at most [`HEADER_CAPACITY`] bytes), everything else at offset
    /// `HEADER_CAPACITY` (at most [`CHUNK_CAPACITY`] bytes). Its address
    /// never changes.
    pub fn scratch_mut(&mut self) -> &mut [u8] {
        &mut self.scratch
    }

    /// The first `len` bytes of the chunk region, if `len` fits.
    fn chunk(&mut self, len: u32) -> Option<&mut [u8]> {
        let end = HEADER_CAPACITY.checked_add(usize::try_from(len).ok()?)?;
        self.scratch.get_mut(HEADER_CAPACITY..end)
    }

    /// Keys `slot` with the secret whose UTF-8 bytes are the first `len`
    /// bytes of the chunk region (after any parts given to
    /// [`Verifier::add_secret_part`]), replacing and wiping what the slot
    /// held. The secret's bytes are wiped from the scratch area.
    #[inline(never)]
    pub fn set_key(&mut self, slot: u32, len: u32) -> Status {
        let long = self.long_secret.take();
        let Some(secret) = self.chunk(len) else {
            return Status::InvalidArgument;
        };
        let key = match long {
            Some(mut long) => {
                long.update(secret);
                SigningKey::from_long_secret(long)
            }
            None => SigningKey::new(secret),
        };
        secret.zeroize();
        match self.keys.get_mut(slot as usize) {
            Some(entry) => {
                *entry = Some(key);
                Status::Ok
            }
            None => Status::InvalidArgument,
        }
    }

    /// Feeds the first `len` bytes of the chunk region as the next part of
    /// a secret too long for one chunk; [`Verifier::set_key`] gives the last
    /// part. The part is wiped from the scratch area.
    #[inline(never)]
    pub fn add_secret_part(&mut self, len: u32) -> Status {
        let mut long = self.long_secret.take().unwrap_or_default();
        let Some(part) = self.chunk(len) else {
            return Status::InvalidArgument;
        };
        long.update(part);
        part.zeroize();
        self.long_secret = Some(long);
        Status::Ok
    }

    /// Wipes every keyed secret and the scratch area.
    pub fn forget_keys(&mut self) {
        self.keys.iter_mut().for_each(|key| *key = None);
        self.long_secret = None;
        self.active = 0;
        self.signing = None;
        self.scratch.zeroize();
    }

    /// Parses the header (the first `len` bytes of the scratch area; `0`:
    /// no header; more than [`HEADER_CAPACITY`]: too long) and checks its
    /// timestamp against `now` (unix seconds) with `tolerance` seconds (`0`:
    /// no check). Fractions are rounded down. Remembers the header for
    /// [`Verifier::begin_verify`].
    pub fn check_header(&mut self, len: u32, now: f64, tolerance: f64) -> Status {
        self.header_checked = false;
        self.active = 0;
        let (Some(now), Some(tolerance_seconds)) = (floor_to_i64(now), floor_to_u64(tolerance))
        else {
            return Status::InvalidArgument;
        };
        let options = VerifyOptions {
            tolerance_seconds,
            now,
        };
        let checked = match self.scratch.get(..len as usize) {
            None => Err(VerifyError::MalformedHeader(MalformedHeader::TooLong)),
            // The JS side encodes with TextEncoder: always UTF-8.
            Some(bytes) => self.header.read_bytes(bytes, &options),
        };
        match checked {
            Ok(()) => {
                self.header_checked = true;
                Status::Ok
            }
            Err(error) => self.fail(error),
        }
    }

    fn fail(&mut self, error: VerifyError) -> Status {
        let status = Status::from(&error);
        self.failure = Some(error);
        status
    }

    /// Starts the checked header's MAC under the secret in `slot`; the body
    /// follows through [`Verifier::update`]. Several slots may be started
    /// (rotation: any secret may match).
    pub fn begin_verify(&mut self, slot: u32) -> Status {
        let (true, Some(Some(key))) = (self.header_checked, self.keys.get_mut(slot as usize))
        else {
            return Status::InvalidArgument;
        };
        self.header.start_mac(key);
        self.active |= 1 << slot;
        self.signing = None;
        Status::Ok
    }

    /// Starts signing a body at `timestamp` (unix seconds, rounded down)
    /// with the secret in `slot`; the body follows through
    /// [`Verifier::update`].
    pub fn begin_sign(&mut self, slot: u32, timestamp: f64) -> Status {
        let (Some(timestamp), Some(Some(key))) =
            (floor_to_i64(timestamp), self.keys.get_mut(slot as usize))
        else {
            return Status::InvalidArgument;
        };
        key.start_signed_message(timestamp);
        self.active = 1 << slot;
        self.signing = Some(timestamp);
        Status::Ok
    }

    /// Feeds the first `len` bytes of the chunk region to every MAC begun.
    pub fn update(&mut self, len: u32) -> Status {
        let end = HEADER_CAPACITY.saturating_add(len as usize);
        let Some(part) = self.scratch.get(HEADER_CAPACITY..end) else {
            return Status::InvalidArgument;
        };
        for_each_active(self.active, &mut self.keys, |key| key.update(part));
        Status::Ok
    }

    /// Finishes the MACs begun with [`Verifier::begin_verify`]: `Ok` when
    /// any of them matches a signature of the header.
    pub fn finish_verify(&mut self) -> Status {
        let active = core::mem::take(&mut self.active);
        if !self.header_checked {
            return Status::InvalidArgument;
        }
        let header = &self.header;
        let mut matched = false;
        for_each_active(active, &mut self.keys, |key| {
            matched |= header.matches(&key.finish())
        });
        match (active, matched) {
            (0, _) => Status::InvalidArgument,
            (_, true) => Status::Ok,
            (_, false) => self.fail(VerifyError::NoMatchingSignature),
        }
    }

    /// Finishes signing: writes the `CallingBox-Signature` value at the
    /// start of the chunk region and returns its length (0 if no signing
    /// was begun).
    #[inline(never)]
    pub fn finish_sign(&mut self) -> u32 {
        let active = core::mem::take(&mut self.active);
        let (Some(timestamp), Some(Some(key))) = (
            self.signing.take(),
            self.keys.get_mut(active.trailing_zeros() as usize),
        ) else {
            return 0;
        };
        let header = SignedHeader::new(timestamp, &key.finish());
        self.write_chunk(0, &[header.as_str()]) as u32
    }

    /// The whole check of a body that fits the chunk region, under one
    /// secret, in one call: [`Verifier::check_header`], then the MAC of the
    /// first `body_len` bytes of the chunk region under `slot`.
    pub fn verify(
        &mut self,
        slot: u32,
        header_len: u32,
        body_len: u32,
        now: f64,
        tolerance: f64,
    ) -> Status {
        match self.check_header(header_len, now, tolerance) {
            Status::Ok => {}
            failed => return failed,
        }
        match self.begin_verify(slot) {
            Status::Ok => {}
            failed => return failed,
        }
        match self.update(body_len) {
            Status::Ok => self.finish_verify(),
            failed => {
                self.active = 0;
                failed
            }
        }
    }

    /// Signs a body that fits the chunk region in one call (see
    /// [`Verifier::finish_sign`]).
    pub fn sign(&mut self, slot: u32, timestamp: f64, body_len: u32) -> u32 {
        if self.begin_sign(slot, timestamp) != Status::Ok || self.update(body_len) != Status::Ok {
            self.active = 0;
            return 0;
        }
        self.finish_sign()
    }

    /// Writes the last failure as `<code> <message>` at the start of the
    /// chunk region and returns its length (0 if nothing failed).
    #[inline(never)]
    pub fn describe_failure(&mut self) -> u32 {
        let Some(failure) = self.failure.take() else {
            return 0;
        };
        let start = self.write_chunk(0, &[failure.code(), " "]);
        failure.with_message_pieces(|pieces| self.write_chunk(start, pieces)) as u32
    }

    /// Turns the reason in the first `reason_len` bytes of the chunk region
    /// into the whole `invalid_payload` message, in place, and returns its
    /// length.
    pub fn describe_invalid_payload(&mut self, reason_len: u32) -> u32 {
        let [prefix, _, suffix] = invalid_payload_pieces("");
        let room = CHUNK_CAPACITY - prefix.len() - suffix.len();
        let reason_len = (reason_len as usize).min(room);
        let start = HEADER_CAPACITY;
        self.scratch
            .copy_within(start..start + reason_len, start + prefix.len());
        self.write_chunk(0, &[prefix]);
        self.write_chunk(prefix.len() + reason_len, &[suffix]) as u32
    }

    /// Copies `pieces` one after the other into the chunk region from
    /// `offset` on (cut at its end) and returns the offset after them.
    fn write_chunk(&mut self, offset: usize, pieces: &[&str]) -> usize {
        let chunk = self
            .scratch
            .get_mut(HEADER_CAPACITY + offset..)
            .unwrap_or_default();
        let bytes = pieces.iter().flat_map(|piece| piece.bytes());
        let written = chunk
            .iter_mut()
            .zip(bytes)
            .map(|(slot, byte)| *slot = byte)
            .count();
        offset + written
    }
}

/// Calls `f` with the key of each slot whose bit is set in `active` (one
/// bit per slot, lowest first; usually one).
fn for_each_active(
    mut active: u32,
    keys: &mut [Option<SigningKey>],
    mut f: impl FnMut(&mut SigningKey),
) {
    while active != 0 {
        let slot = active.trailing_zeros() as usize;
        active &= active - 1;
        if let Some(Some(key)) = keys.get_mut(slot) {
            f(key);
        }
    }
}

/// `x` rounded down to an integer, saturating at the `i64` range; `None`
/// for NaN. (`core` has no `f64::floor` without std.)
fn floor_to_i64(x: f64) -> Option<i64> {
    if x.is_nan() {
        return None;
    }
    let truncated = x as i64; // saturating
    Some(if (truncated as f64) > x {
        truncated.saturating_sub(1)
    } else {
        truncated
    })
}

/// A non-negative `x` rounded down, saturating; `None` for NaN and
/// negative numbers.
fn floor_to_u64(x: f64) -> Option<u64> {
    (x >= 0.0).then_some(x as u64)
}
