//! How a verification judges the clock. There is no clock in the core: the
//! caller says what time it is.

/// The default maximum distance between the header's `t` and now, in seconds.
pub const DEFAULT_TOLERANCE_SECONDS: u64 = 300;

/// How [`verify`](super::verify) judges the timestamp.
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
