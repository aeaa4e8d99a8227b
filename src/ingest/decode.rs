//! Bytes to text: the BOM decides (UTF-8, UTF-16LE/BE); else UTF-16 without a BOM when every other
//! byte is zero (such text is also valid UTF-8, so this comes first); else valid UTF-8; else the encoding chardetng guesses (GBK/GB18030 for Chinese
//! Excel's "Save as CSV"). The user can force an encoding.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};

pub struct Decoded {
    pub text: String,
    pub encoding: &'static str,
    /// Some bytes could not be decoded and were replaced with U+FFFD.
    pub had_errors: bool,
}

/// Looks up an encoding by label ("gbk", "utf-16le", "windows-1252").
pub fn encoding_for(label: &str) -> Option<&'static Encoding> {
    Encoding::for_label(label.trim().as_bytes())
}

pub fn decode(bytes: &[u8], forced: Option<&'static Encoding>) -> Decoded {
    let enc = match forced {
        Some(e) => e,
        None => detect(bytes),
    };
    let (text, used, had_errors) = enc.decode(bytes);
    Decoded {
        text: text.into_owned(),
        encoding: used.name(),
        had_errors,
    }
}

fn detect(bytes: &[u8]) -> &'static Encoding {
    if let Some((enc, _)) = Encoding::for_bom(bytes) {
        return enc;
    }
    // UTF-16 without a BOM: ASCII-heavy text has a zero in every other byte.
    let sample = &bytes[..bytes.len().min(4096)];
    let zeros_at = |parity: usize| {
        sample
            .iter()
            .skip(parity)
            .step_by(2)
            .filter(|b| **b == 0)
            .count()
    };
    let half = sample.len() / 2;
    if half >= 4 {
        if zeros_at(1) * 10 >= half * 6 {
            return UTF_16LE;
        }
        if zeros_at(0) * 10 >= half * 6 {
            return UTF_16BE;
        }
    }
    if std::str::from_utf8(bytes).is_ok() {
        return UTF_8;
    }
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    det.feed(&bytes[..bytes.len().min(1 << 20)], bytes.len() <= 1 << 20);
    det.guess(Some(b"cn"), chardetng::Utf8Detection::Allow)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gbk_is_detected() {
        let (gbk, _, _) =
            encoding_rs::GBK.encode("订单号,付款时间\n8123456789012345,2026-07-14 10:00:00\n");
        let d = decode(&gbk, None);
        assert!(d.text.starts_with("订单号,付款时间"), "{}", d.text);
        assert!(
            d.encoding == "GBK" || d.encoding == "gb18030",
            "{}",
            d.encoding
        );
    }

    #[test]
    fn utf16_with_and_without_bom() {
        let text = "order_id\tpaid_at\nA1\t2026-07-14\n";
        let mut le: Vec<u8> = vec![0xFF, 0xFE];
        le.extend(text.encode_utf16().flat_map(|u| u.to_le_bytes()));
        assert_eq!(decode(&le, None).text, text);
        let be: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_be_bytes()).collect();
        assert_eq!(decode(&be, None).text, text);
    }

    #[test]
    fn utf8_bom_is_dropped() {
        let d = decode("\u{feff}order_id\n".as_bytes(), None);
        assert_eq!(d.text, "order_id\n");
    }
}
