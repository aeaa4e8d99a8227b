//! Numbers to text with a fixed number of decimals, exactly as `format!("{x:.d$}")` writes them
//! (the exact binary value, ties to even), without core's float formatting: that costs the
//! page's wasm about 16 KB (Grisu, Dragon4 and their tables) for a handful of decimals.
//! A property test holds every function here equal to `format!`.

/// `format!("{x:.d$}")` (`d` at most [`MAX_DECIMALS`]; more are written as zeros).
pub fn fixed(x: f64, d: usize) -> String {
    let mut s = String::new();
    write(&mut s, x, d, false);
    s
}

/// `format!("{x:+.d$}")`: the sign always written.
/// A count, or a sum of counts that may be fractional (weighted records): whole numbers
/// without a decimal, others with one.
pub fn count(x: f64) -> String {
    if x.fract() == 0.0 {
        fixed(x, 0)
    } else {
        fixed(x, 1)
    }
}

pub fn signed(x: f64, d: usize) -> String {
    let mut s = String::new();
    write(&mut s, x, d, true);
    s
}

/// [`fixed`] without trailing zeros or a trailing point, and `-0` as `0`: a number for an SVG
/// coordinate or an input's value (`1.5`, `60`, `0.015`).
pub fn trimmed(x: f64, d: usize) -> String {
    let mut s = fixed(x, d);
    if s.contains('.') {
        let keep = s.trim_end_matches('0').trim_end_matches('.').len();
        s.truncate(keep);
    }
    if s == "-0" {
        s.remove(0);
    }
    s
}

/// A number written by `{:.N}` and `{:+.N}` as `format!` writes an `f64` ([`fixed`],
/// [`signed`]), and without a precision as [`trimmed`] to six decimals: `format!("{:.1} h",
/// Dec(x))` formats `x` without linking core's float formatting.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Dec(pub f64);

impl std::fmt::Display for Dec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match f.precision() {
            Some(d) => {
                let mut s = String::new();
                write(&mut s, self.0, d, f.sign_plus());
                f.write_str(&s)
            }
            None => f.write_str(&trimmed(self.0, 6)),
        }
    }
}

/// Decimals written exactly; `10^MAX_DECIMALS` times a 53-bit mantissa fits in a `u128`.
pub const MAX_DECIMALS: usize = 9;

fn write(out: &mut String, x: f64, d: usize, plus: bool) {
    if x.is_nan() {
        out.push_str("NaN");
        return;
    }
    if x.is_sign_negative() {
        out.push('-');
    } else if plus {
        out.push('+');
    }
    if x.is_infinite() {
        out.push_str("inf");
        return;
    }
    let exact = d.min(MAX_DECIMALS);
    let (m, e) = parts(x.abs());
    let scale = 10u128.pow(exact as u32);
    if e >= 0 {
        // An integer: its digits, then zeros.
        push_big(out, m, e as u32);
        if d > 0 {
            out.push('.');
            out.extend(std::iter::repeat_n('0', d));
        }
        return;
    }
    // x * 10^exact = n / 2^s, rounded to an integer, ties to even.
    let n = u128::from(m) * scale;
    let s = e.unsigned_abs();
    let q = if s >= 127 {
        // n < 2^84 is less than half of 2^s: rounds to zero.
        0
    } else {
        let q = n >> s;
        let r = n & ((1u128 << s) - 1);
        let half = 1u128 << (s - 1);
        if r > half || (r == half && q % 2 == 1) {
            q + 1
        } else {
            q
        }
    };
    push_u128(out, q / scale);
    if d > 0 {
        out.push('.');
        let frac = (q % scale).to_string();
        out.extend(std::iter::repeat_n('0', exact - frac.len()));
        out.push_str(&frac);
        out.extend(std::iter::repeat_n('0', d - exact));
    }
}

/// `x` (finite, not negative) as `m * 2^e` exactly.
fn parts(x: f64) -> (u64, i32) {
    let bits = x.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i32;
    let frac = bits & ((1u64 << 52) - 1);
    if exp == 0 {
        (frac, -1074)
    } else {
        (frac | (1u64 << 52), exp - 1075)
    }
}

fn push_u128(out: &mut String, v: u128) {
    out.push_str(&v.to_string());
}

/// The digits of `m * 2^e`, in base 10^9 limbs (an f64 up to 1.8e308 is an integer this way).
fn push_big(out: &mut String, m: u64, e: u32) {
    const BASE: u64 = 1_000_000_000;
    let mut limbs: Vec<u64> = vec![m % BASE, (m / BASE) % BASE, m / BASE / BASE];
    for _ in 0..e {
        let mut carry = 0;
        for l in &mut limbs {
            let v = *l * 2 + carry;
            *l = v % BASE;
            carry = v / BASE;
        }
        if carry > 0 {
            limbs.push(carry);
        }
    }
    while limbs.len() > 1 && limbs.last() == Some(&0) {
        limbs.pop();
    }
    let mut it = limbs.iter().rev();
    if let Some(top) = it.next() {
        out.push_str(&top.to_string());
    }
    for l in it {
        let digits = l.to_string();
        out.extend(std::iter::repeat_n('0', 9 - digits.len()));
        out.push_str(&digits);
    }
}

/// A scale from 0 that ends on a round value above `max`, with its step: 1, 2 or 5 times a
/// power of ten, at most four steps, never less than 1 (counts are whole).
pub fn nice_scale(max: f64) -> (f64, f64) {
    if !max.is_finite() || max <= 0.0 {
        return (1.0, 1.0);
    }
    let raw = max / 4.0;
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= raw * (1.0 - 1e-9))
        .unwrap_or(10.0 * magnitude)
        .max(1.0);
    ((max / step - 1e-9).ceil().max(1.0) * step, step)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn same(x: f64) {
        for d in 0..=4 {
            assert_eq!(fixed(x, d), format!("{x:.d$}"), "{x:e} with {d} decimals");
            assert_eq!(
                signed(x, d),
                format!("{x:+.d$}"),
                "{x:e} with {d} decimals, signed"
            );
        }
    }

    #[test]
    fn ties_specials_and_extremes_are_written_as_format_writes_them() {
        for x in [
            0.0,
            -0.0,
            0.5,
            1.5,
            2.5,
            -0.5,
            0.25,
            0.125,
            0.375,
            2.675,
            1.005,
            72.25,
            99.95,
            0.049999999999999996,
            1e-7,
            5e-324,
            1e15,
            123456789.125,
            1e23,
            f64::MAX,
            f64::MIN_POSITIVE,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ] {
            same(x);
        }
        // Past nine decimals, zeros (format! would write the binary value's digits).
        assert_eq!(fixed(0.1, 12), "0.100000000000");
    }

    #[test]
    fn dec_honours_precision_and_sign() {
        assert_eq!(format!("{:.1}%", Dec(97.94)), "97.9%");
        assert_eq!(format!("{:+.2}", Dec(0.125)), format!("{:+.2}", 0.125));
        assert_eq!(format!("{}", Dec(0.95)), "0.95");
    }

    #[test]
    fn trimmed_numbers_for_attributes() {
        assert_eq!(trimmed(60.0, 2), "60");
        assert_eq!(trimmed(1.5, 2), "1.5");
        assert_eq!(trimmed(0.015, 6), "0.015");
        assert_eq!(trimmed(-0.001, 2), "0");
        assert_eq!(trimmed(-2.25, 1), "-2.2");
    }

    proptest! {
        #[test]
        fn fixed_is_format(bits in any::<u64>(), k in -4000i64..4000, scale in 0u32..4) {
            same(f64::from_bits(bits));
            // Values near the page's own: hundredths, halves and eighths of everyday sizes.
            same(k as f64 / 10f64.powi(scale as i32));
            same(k as f64 / 8.0);
        }
    }

    #[test]
    fn chart_scales_end_on_round_values() {
        for (max, top, step) in [
            (38.0, 40.0, 10.0),
            (117.0, 150.0, 50.0),
            (100.0, 100.0, 50.0),
            (3.0, 3.0, 1.0),
            (0.0, 1.0, 1.0),
            (f64::NAN, 1.0, 1.0),
            (1927.0, 2000.0, 500.0),
            (20.0, 20.0, 5.0),
        ] {
            assert_eq!(nice_scale(max), (top, step), "{max}");
        }
    }
}
