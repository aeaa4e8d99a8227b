//! Timestamp forms of other exports, made from the canonical CSVs (shared by the benchmarks).

/// `text` with each `YYYY-MM-DD HH:MM:SS` written as `form` writes its date and time.
pub fn stamps(text: &str, form: impl Fn(&str, &str) -> String) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len() * 5 / 4);
    let mut i = 0;
    while i < b.len() {
        let stamp = b.len() - i >= 19
            && b[i + 4] == b'-'
            && b[i + 7] == b'-'
            && b[i + 10] == b' '
            && b[i + 13] == b':'
            && b[i + 16] == b':'
            && b[i..i + 4].iter().all(u8::is_ascii_digit);
        if stamp {
            out.push_str(&form(&text[i..i + 10], &text[i + 11..i + 19]));
            i += 19;
        } else {
            let c = text[i..].chars().next().expect("a character");
            out.push(c);
            i += c.len_utf8();
        }
    }
    out
}
