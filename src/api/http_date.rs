//! HTTP-dates (RFC 9110 §5.6.7) as `Retry-After` carries them, read exactly
//! as the `httpdate` crate reads them, in a few hundred bytes of wasm.
//!
//! Why not the crate itself: it goes through `std::time::SystemTime` and
//! round-trips every date through it (with `Debug` formatting of durations
//! for its `expect`), which measured 5,060 B gzip in the full entry, for
//! parsing one header. This parser accepts the same three forms with the
//! same bounds (years 1970 to 9999, real calendar dates, the weekday
//! matching the date, `GMT` only, case as written), so nothing can
//! overflow; the `retry_after` fuzz target and a property test hold it to
//! the crate's verdict on every input.

/// Unix milliseconds of an HTTP-date: IMF-fixdate (`Sun, 06 Nov 1994
/// 08:49:37 GMT`), RFC 850 (`Sunday, 06-Nov-94 08:49:37 GMT`) or asctime
/// (`Sun Nov  6 08:49:37 1994`), surrounding whitespace allowed. None for
/// anything else.
pub fn parse(value: &str) -> Option<u64> {
    if !value.is_ascii() {
        return None;
    }
    let s = value.trim().as_bytes();
    let date = imf_fixdate(s)
        .or_else(|| rfc850(s))
        .or_else(|| asctime(s))?;
    date.unix_ms()
}

/// A date as written, not yet checked against the calendar.
struct Written {
    year: u16,
    month: u8,
    day: u8,
    hour: u8,
    minute: u8,
    second: u8,
    /// 1 = Monday ... 7 = Sunday.
    weekday: u8,
}

const MONTHS: [&[u8; 3]; 12] = [
    b"Jan", b"Feb", b"Mar", b"Apr", b"May", b"Jun", b"Jul", b"Aug", b"Sep", b"Oct", b"Nov", b"Dec",
];
const DAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

fn digits(s: &[u8]) -> Option<u16> {
    s.iter().try_fold(0u16, |n, &b| {
        let d = b.wrapping_sub(b'0');
        (d < 10).then(|| n * 10 + u16::from(d))
    })
}

fn two(s: &[u8]) -> Option<u8> {
    digits(s).map(|n| n as u8)
}

fn month(s: &[u8]) -> Option<u8> {
    MONTHS.iter().position(|m| &m[..] == s).map(|i| i as u8 + 1)
}

/// The weekday whose name (`Sun`, or `Sunday` when `full`) ends `s`.
fn weekday(s: &[u8], full: bool) -> Option<u8> {
    DAYS.iter()
        .position(|name| {
            let name = name.as_bytes();
            if full {
                s == name
            } else {
                s == &name[..3]
            }
        })
        .map(|i| i as u8 + 1)
}

/// `hh:mm:ss` at `s`.
fn time(s: &[u8]) -> Option<(u8, u8, u8)> {
    (s.len() == 8 && s[2] == b':' && s[5] == b':')
        .then(|| Some((two(&s[0..2])?, two(&s[3..5])?, two(&s[6..8])?)))
        .flatten()
}

/// `Sun, 06 Nov 1994 08:49:37 GMT`
fn imf_fixdate(s: &[u8]) -> Option<Written> {
    if s.len() != 29 || &s[3..5] != b", " || s[7] != b' ' || s[11] != b' ' || s[16] != b' ' {
        return None;
    }
    if &s[25..] != b" GMT" {
        return None;
    }
    let (hour, minute, second) = time(&s[17..25])?;
    Some(Written {
        weekday: weekday(&s[..3], false)?,
        day: two(&s[5..7])?,
        month: month(&s[8..11])?,
        year: digits(&s[12..16])?,
        hour,
        minute,
        second,
    })
}

/// `Sunday, 06-Nov-94 08:49:37 GMT` (two-digit years: below 70 is 20xx).
fn rfc850(s: &[u8]) -> Option<Written> {
    let comma = s.iter().position(|&b| b == b',')?;
    let weekday = weekday(&s[..comma], true)?;
    let s = s.get(comma + 1..)?;
    if s.len() != 23 || s[0] != b' ' || s[3] != b'-' || s[7] != b'-' || s[10] != b' ' {
        return None;
    }
    if &s[19..] != b" GMT" {
        return None;
    }
    let (hour, minute, second) = time(&s[11..19])?;
    let yy = digits(&s[8..10])?;
    Some(Written {
        weekday,
        day: two(&s[1..3])?,
        month: month(&s[4..7])?,
        year: if yy < 70 { 2000 + yy } else { 1900 + yy },
        hour,
        minute,
        second,
    })
}

/// `Sun Nov  6 08:49:37 1994` (the day space-padded or two digits).
fn asctime(s: &[u8]) -> Option<Written> {
    if s.len() != 24 || s[3] != b' ' || s[7] != b' ' || s[10] != b' ' || s[19] != b' ' {
        return None;
    }
    let day = if s[8] == b' ' {
        two(&s[9..10])?
    } else {
        two(&s[8..10])?
    };
    let (hour, minute, second) = time(&s[11..19])?;
    Some(Written {
        weekday: weekday(&s[..3], false)?,
        month: month(&s[4..7])?,
        day,
        year: digits(&s[20..24])?,
        hour,
        minute,
        second,
    })
}

fn is_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
/// algorithm); the year is at most 9999 here, so nothing overflows.
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

impl Written {
    /// The instant, when this is a real date of 1970 to 9999 on its
    /// weekday, and a real time.
    fn unix_ms(&self) -> Option<u64> {
        let (year, month, day) = (
            i64::from(self.year),
            i64::from(self.month),
            i64::from(self.day),
        );
        let month_days = match self.month {
            2 if is_leap(year) => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        let valid = (1970..=9999).contains(&year)
            && (1..=month_days).contains(&day)
            && self.hour < 24
            && self.minute < 60
            && self.second < 60;
        if !valid {
            return None;
        }
        let days = days_from_civil(year, month, day);
        // 1970-01-01 was a Thursday (4).
        if (days + 3).rem_euclid(7) + 1 != i64::from(self.weekday) {
            return None;
        }
        let seconds = days * 86_400
            + i64::from(self.hour) * 3_600
            + i64::from(self.minute) * 60
            + i64::from(self.second);
        u64::try_from(seconds).ok().map(|s| s * 1000)
    }
}
