//! The `v1` signatures' hex: 64 lowercase hex digits to the 32 bytes of a
//! tag. On wasm, 16 digits at a time in SIMD lanes (the build enables wasm
//! SIMD: .cargo/config.toml); natively, a pair at a time. Decoding was the
//! largest part of reading a header before.

/// Decodes exactly 64 lowercase hex digits into `out`; anything else is
/// `false` (and `out` is then meaningless).
pub fn decode_hex32(bytes: &[u8], out: &mut [u8; 32]) -> bool {
    let Ok(digits) = <&[u8; 64]>::try_from(bytes) else {
        return false;
    };
    decode_hex64(digits, out)
}

/// 64 lowercase hex digits, 16 at a time in SIMD lanes (the build enables
/// wasm SIMD: see .cargo/config.toml). Every lane is decoded and checked;
/// the verdict is one test at the end.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
fn decode_hex64(digits: &[u8; 64], out: &mut [u8; 32]) -> bool {
    use core::arch::wasm32::*;
    let (inputs, _) = digits.as_chunks::<16>();
    let (outputs, _) = out.as_chunks_mut::<16>();
    let mut valid = u8x16_splat(0xff);
    let mut values = [u8x16_splat(0); 4];
    for (value, chunk) in values.iter_mut().zip(inputs) {
        let text = v128_load_array(chunk);
        let decimal = u8x16_sub(text, u8x16_splat(b'0'));
        let letter = u8x16_sub(text, u8x16_splat(b'a'));
        let is_decimal = u8x16_lt(decimal, u8x16_splat(10));
        let is_letter = u8x16_lt(letter, u8x16_splat(6));
        valid = v128_and(valid, v128_or(is_decimal, is_letter));
        let letter_value = u8x16_add(letter, u8x16_splat(10));
        // Each 16-bit lane holds a digit pair: high digit in its low byte.
        let pairs = v128_bitselect(decimal, letter_value, is_decimal);
        let high = u16x8_shl(v128_and(pairs, u16x8_splat(0x00ff)), 4);
        *value = v128_or(high, u16x8_shr(pairs, 8));
    }
    for (pair, output) in values.chunks_exact(2).zip(outputs) {
        if let [first, second] = pair {
            *output = v128_store_array(u8x16_narrow_i16x8(*first, *second));
        }
    }
    u8x16_all_true(valid)
}

/// 16 bytes as a SIMD value (safe: an array by value, not a pointer).
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
#[inline(always)]
fn v128_load_array(bytes: &[u8; 16]) -> core::arch::wasm32::v128 {
    let b = bytes;
    core::arch::wasm32::u8x16(
        b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13],
        b[14], b[15],
    )
}

/// A SIMD value as 16 bytes.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
#[inline(always)]
fn v128_store_array(value: core::arch::wasm32::v128) -> [u8; 16] {
    use core::arch::wasm32::u8x16_extract_lane as lane;
    [
        lane::<0>(value),
        lane::<1>(value),
        lane::<2>(value),
        lane::<3>(value),
        lane::<4>(value),
        lane::<5>(value),
        lane::<6>(value),
        lane::<7>(value),
        lane::<8>(value),
        lane::<9>(value),
        lane::<10>(value),
        lane::<11>(value),
        lane::<12>(value),
        lane::<13>(value),
        lane::<14>(value),
        lane::<15>(value),
    ]
}

/// 64 lowercase hex digits, one pair at a time (native builds).
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
fn decode_hex64(digits: &[u8; 64], out: &mut [u8; 32]) -> bool {
    // Every digit is decoded, and the bad ones are counted rather than
    // returned at: straight-line code, no early exit.
    let mut valid = true;
    for (slot, pair) in out.iter_mut().zip(digits.chunks_exact(2)) {
        let (high, high_ok) = lower_hex_value(pair.first().copied().unwrap_or(0));
        let (low, low_ok) = lower_hex_value(pair.get(1).copied().unwrap_or(0));
        *slot = (high << 4) | low;
        valid &= high_ok & low_ok;
    }
    valid
}

/// The value of a lowercase hex digit, and whether it is one.
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
#[inline(always)]
fn lower_hex_value(digit: u8) -> (u8, bool) {
    let decimal = digit.wrapping_sub(b'0');
    let letter = digit.wrapping_sub(b'a');
    if decimal < 10 {
        (decimal, true)
    } else {
        (letter.wrapping_add(10) & 0x0f, letter < 6)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_decoding_takes_exactly_64_lowercase_digits() {
        let mut out = [0u8; 32];
        let good = "00ff7fa9".repeat(8);
        assert!(decode_hex32(good.as_bytes(), &mut out));
        assert_eq!(out[..4], [0x00, 0xff, 0x7f, 0xa9]);
        for bad in [
            "0".repeat(63),
            "0".repeat(65),
            "A".repeat(64),
            format!("{}g", "0".repeat(63)),
            format!("/{}", "0".repeat(63)),
            format!("{}:", "0".repeat(63)),
        ] {
            assert!(!decode_hex32(bad.as_bytes(), &mut out), "{bad}");
        }
    }
}
