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

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const MESES: [&str; 12] = [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
];

/// A form: a date (`YYYY-MM-DD`) and a time (`HH:MM:SS`) as an export writes them.
pub type Form = fn(&str, &str) -> String;

fn month(d: &str) -> usize {
    d[5..7].parse::<usize>().expect("a month") - 1
}

/// The timestamp forms of other exports, by a file name that says which: ISO 8601 with `T`
/// (Amazon, TikTok Shop) and with an offset too, the US all-numeric form (Walmart, eBay's CSV
/// dates), and the forms with words and signs real exports use (see formats/ and
/// docs/DOMAIN.md): eBay's month name, two-digit year and zone word, a US month name with a
/// 12-hour clock (quoted: the comma is the file's delimiter), Mercado Libre's Spanish words,
/// the Chinese year-month-day characters, and Etsy's two-digit-year dates.
pub fn other_forms() -> Vec<(&'static str, Form)> {
    vec![
        ("orders_iso_t.csv", |d, t| format!("{d}T{t}")),
        ("orders_iso_t_offset.csv", |d, t| format!("{d}T{t}+08:00")),
        ("orders_us_dates.csv", |d, t| {
            format!("{}/{}/{} {t}", &d[5..7], &d[8..10], &d[..4])
        }),
        ("orders_ebay_dates.csv", |d, t| {
            format!("{}-{}-{} {t} PDT", MONTHS[month(d)], &d[8..10], &d[2..4])
        }),
        ("orders_us_month_names.csv", |d, t| {
            let h: u32 = t[..2].parse().expect("an hour");
            let (h12, m) = (
                if h.is_multiple_of(12) { 12 } else { h % 12 },
                if h < 12 { "AM" } else { "PM" },
            );
            format!(
                "\"{} {}, {} {h12}:{} {m}\"",
                MONTHS[month(d)],
                &d[8..10],
                &d[..4],
                &t[3..]
            )
        }),
        ("orders_spanish_dates.csv", |d, t| {
            format!(
                "{} de {} de {} {} hs.",
                &d[8..10],
                MESES[month(d)],
                &d[..4],
                &t[..5]
            )
        }),
        ("orders_chinese_dates.csv", |d, t| {
            let (mo, day): (u32, u32) = (d[5..7].parse().expect("m"), d[8..10].parse().expect("d"));
            format!("{}年{mo}月{day}日 {t}", &d[..4])
        }),
        ("orders_two_digit_years.csv", |d, _| {
            format!("{}/{}/{}", &d[5..7], &d[8..10], &d[2..4])
        }),
    ]
}
