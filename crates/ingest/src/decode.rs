//! Bytes to text: the BOM decides (UTF-8, UTF-16LE/BE); else UTF-16 without a BOM when every other
//! byte is zero (such text is also valid UTF-8, so this comes first); else valid UTF-8; else the encoding chardetng guesses (GBK/GB18030 for Chinese
//! Excel's "Save as CSV"). The user can force an encoding.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};

pub struct Decoded<'a> {
    /// Borrows the bytes when they already are the text (valid UTF-8): no copy.
    pub text: std::borrow::Cow<'a, str>,
    pub encoding: &'static str,
    /// Some bytes could not be decoded and were replaced with U+FFFD.
    pub had_errors: bool,
    /// Lines in UTF-8 and lines in a legacy encoding in one file (each line read in its own).
    pub mixed: bool,
}

/// Looks up an encoding by label ("gbk", "utf-16le", "windows-1252").
pub fn encoding_for(label: &str) -> Option<&'static Encoding> {
    Encoding::for_label(label.trim().as_bytes())
}

pub fn decode<'a>(bytes: &'a [u8], forced: Option<&'static Encoding>) -> Decoded<'a> {
    let enc = match forced {
        Some(e) => e,
        None => match detect(bytes) {
            Detected::Utf8(text) => {
                return Decoded {
                    text: std::borrow::Cow::Borrowed(text),
                    encoding: UTF_8.name(),
                    had_errors: false,
                    mixed: false,
                }
            }
            Detected::Other(e) => e,
        },
    };
    if forced.is_none() && enc != UTF_8 && enc != UTF_16LE && enc != UTF_16BE {
        if let Some(d) = decode_mixed(bytes, enc) {
            return d;
        }
    }
    let (text, used, had_errors) = enc.decode(bytes);
    Decoded {
        text,
        encoding: used.name(),
        had_errors,
        mixed: false,
    }
}

/// A file whose non-ASCII lines are partly valid UTF-8 and partly not (rows pasted from two
/// exports): each line is read in UTF-8 when it is valid UTF-8, else in the guessed encoding.
fn decode_mixed<'a>(bytes: &'a [u8], legacy: &'static Encoding) -> Option<Decoded<'a>> {
    let lines: Vec<&[u8]> = bytes.split_inclusive(|b| *b == b'\n').collect();
    let (mut utf8, mut other) = (0, 0);
    for l in lines.iter().filter(|l| !l.is_ascii()) {
        if std::str::from_utf8(l).is_ok() {
            utf8 += 1;
        } else {
            other += 1;
        }
    }
    if utf8 == 0 || other == 0 {
        return None;
    }
    let mut text = String::with_capacity(bytes.len());
    let mut had_errors = false;
    for l in lines {
        match std::str::from_utf8(l) {
            Ok(s) => text.push_str(s),
            Err(_) => {
                let (t, e) = legacy.decode_without_bom_handling(l);
                had_errors |= e;
                text.push_str(&t);
            }
        }
    }
    Some(Decoded {
        text: std::borrow::Cow::Owned(text),
        encoding: legacy.name(),
        had_errors,
        mixed: true,
    })
}

/// What the bytes are: UTF-8 without a BOM (then they are the text, checked once), or text
/// in this encoding.
enum Detected<'a> {
    Utf8(&'a str),
    Other(&'static Encoding),
}

fn detect(bytes: &[u8]) -> Detected<'_> {
    if let Some((enc, _)) = Encoding::for_bom(bytes) {
        return Detected::Other(enc);
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
            return Detected::Other(UTF_16LE);
        }
        if zeros_at(0) * 10 >= half * 6 {
            return Detected::Other(UTF_16BE);
        }
    }
    // encoding_rs's check (vectorised where the target allows) gives the text itself.
    if let Some(std::borrow::Cow::Borrowed(text)) =
        UTF_8.decode_without_bom_handling_and_without_replacement(bytes)
    {
        return Detected::Utf8(text);
    }
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    det.feed(&bytes[..bytes.len().min(1 << 20)], bytes.len() <= 1 << 20);
    Detected::Other(det.guess(Some(b"cn"), chardetng::Utf8Detection::Allow))
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
    fn utf8_and_gbk_lines_in_one_file_are_each_read_right() {
        let mut bytes = "id,name\nA1,李雷\n".as_bytes().to_vec();
        bytes.extend(encoding_rs::GBK.encode("A2,韩梅梅\n").0.iter());
        let d = decode(&bytes, None);
        assert!(d.mixed);
        assert_eq!(d.text, "id,name\nA1,李雷\nA2,韩梅梅\n");
    }

    #[test]
    fn utf8_bom_is_dropped() {
        let d = decode("\u{feff}order_id\n".as_bytes(), None);
        assert_eq!(d.text, "order_id\n");
    }
}
