//! Decimal digits without `core::fmt` (the wasm builds carry none of its
//! machinery): the signed `t`, and the numbers in error messages.

/// Writes `value` in decimal (with a leading `-` when negative) at the end of
/// `buf` and returns the written part. 20 bytes hold any `i64`.
pub fn format_decimal(value: i64, buf: &mut [u8; 20]) -> &[u8] {
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
/// as a `&str` for message pieces.
pub fn decimal_str(value: u64, buf: &mut [u8; 20]) -> &str {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signed_formatting_covers_the_whole_i64_range() {
        let mut buf = [0u8; 20];
        for value in [0, 7, 10, 1_713_268_860, -1, -42, i64::MAX, i64::MIN] {
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
}
