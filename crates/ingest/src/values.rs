//! Cell values: dates, money, ids, booleans and enumerations. Each parser returns `Ok(None)` for
//! an empty cell, `Err` with a reason for a value it cannot read; none of them panics.

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use chrono_tz::Tz;

use storescore_core::model::{DisputeKind, Initiator, Outcome, Sender, Ts};
use storescore_core::time::{local_to_ts, Zone};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BadValue {
    Date,
    /// A readable date outside the plausible range.
    Doubtful,
    Number,
    Bool,
    Stars,
    Enum,
}

pub fn blank(s: &str) -> bool {
    let t = trim(s);
    // Longer than any blank word (nearly every cell, and this runs for every cell read): not
    // blank, told without comparing it to each.
    t.len() <= 4
        && (t.is_empty() || t == "-" || t == "--" || t.eq_ignore_ascii_case("null") || t == "N/A")
}

/// `str::trim`, without decoding a cell that starts and ends with a visible ASCII character
/// (nearly every cell; trimming is done several times for each of millions of cells).
pub fn trim(s: &str) -> &str {
    match (s.as_bytes().first(), s.as_bytes().last()) {
        (Some(a), Some(z)) if a.is_ascii_graphic() && z.is_ascii_graphic() => s,
        _ => s.trim(),
    }
}

/// Excel's day 0 is 1899-12-30 (with the 1900 leap-year bug folded in).
fn excel_epoch() -> Option<NaiveDateTime> {
    NaiveDate::from_ymd_opt(1899, 12, 30)?.and_hms_opt(0, 0, 0)
}

/// An Excel serial date-time (days since 1899-12-30, fractional part = time of day).
pub fn excel_serial(serial: f64) -> Option<NaiveDateTime> {
    if !(1.0..=2_958_465.0).contains(&serial) {
        return None;
    }
    let secs = (serial * 86_400.0).round() as i64;
    excel_epoch()?.checked_add_signed(chrono::TimeDelta::try_seconds(secs)?)
}

pub use crate::dates::{DayOrder, Plan};

/// Parses a timestamp cell. Accepts ISO 8601 with or without offset (`T` or space), `YYYY-MM-DD
/// HH:MM[:SS]`, `YYYY/MM/DD HH:MM[:SS]`, `MM/DD/YYYY [HH:MM[:SS]]`, `DD.MM.YYYY [HH:MM[:SS]]`,
/// eBay's `Sep-27-26` (with an optional time and zone word), Chinese `2026年7月14日 10:00`, and
/// Excel serial numbers. Values without an offset are read in `tz`.
pub fn parse_ts(cell: &str, tz: Tz) -> Result<Option<Ts>, BadValue> {
    parse_ts_in(cell, &mut Zone::new(tz))
}

/// [`parse_ts`] for the cells of a file, with the zone's offsets found once a day.
pub fn parse_ts_in(cell: &str, zone: &mut Zone) -> Result<Option<Ts>, BadValue> {
    parse_ts_with(cell, zone, DayOrder::Conventional)
}

/// [`parse_ts_in`] for a column whose all-numeric dates are read in `order`.
pub fn parse_ts_with(cell: &str, zone: &mut Zone, order: DayOrder) -> Result<Option<Ts>, BadValue> {
    checked(parse_ts_any(cell, zone, order, None)?)
}

/// [`parse_ts_with`] for the cells of one column: the forms with words, signs or Chinese
/// characters are read by the column's `plan` once it has met their shape.
pub fn parse_ts_planned(
    cell: &str,
    zone: &mut Zone,
    order: DayOrder,
    plan: &mut Plan,
) -> Result<Option<Ts>, BadValue> {
    checked(parse_ts_any(cell, zone, order, Some(plan))?)
}

/// A time read, unless it is outside the years an export's dates can be in.
fn checked(t: Option<Ts>) -> Result<Option<Ts>, BadValue> {
    match t {
        Some(t) if !(DOUBTFUL_BEFORE..DOUBTFUL_FROM).contains(&t.secs()) => Err(BadValue::Doubtful),
        t => Ok(t),
    }
}

/// 1990-01-01T00:00:00Z and 2100-01-01T00:00:00Z: an export date outside is an error.
const DOUBTFUL_BEFORE: i64 = 631_152_000;
const DOUBTFUL_FROM: i64 = 4_102_444_800;

fn parse_ts_any(
    cell: &str,
    zone: &mut Zone,
    order: DayOrder,
    mut plan: Option<&mut Plan>,
) -> Result<Option<Ts>, BadValue> {
    let s = trim(cell);
    if blank(s) {
        return Ok(None);
    }
    // The shape nearly every export uses, read without trying the other formats first.
    if let Some(t) = zone.common(s) {
        return t.map(Some).ok_or(BadValue::Date);
    }
    // The rest of the ISO family (`T`, fractions, offsets, no seconds, slashes), as fast.
    if let Some(t) = zone.iso(s) {
        return t.map(Some).ok_or(BadValue::Date);
    }
    // All-numeric dates with the year last (`07/14/2026 10:00:00`, `14.07.2026 10:00`), in
    // the column's day order, as fast.
    if let Some(t) = numeric_year_last(s, zone, order) {
        return t.map(Some).ok_or(BadValue::Date);
    }
    // ISO 8601 with an explicit offset or Z, which starts `YYYY-` (no other cell is tried).
    let rfc3339 = matches!(s.as_bytes(), [a, b, c, d, b'-', ..] if [a, b, c, d].iter().all(|x| x.is_ascii_digit()));
    if rfc3339 {
        if let Ok(t) = chrono::DateTime::parse_from_rfc3339(s) {
            return Ok(Some(Ts::new(t.timestamp())));
        }
    }
    // Every other form, by its parts; a zone the cell names wins over the file's. The
    // column's plan reads a shape met before as the general reader does, without its work.
    if let Some(p) = plan.as_mut().and_then(|p| p.read(s, order)) {
        // Numbers that name no date or time: the general reader says so below.
        if let Some(t) = zone.at(p.date, p.time, p.offset) {
            return t.map(Some).ok_or(BadValue::Date);
        }
    }
    if let Some(r) = crate::dates::read(s, order) {
        if let Some(p) = plan {
            p.learn(s);
        }
        return instant(r, zone).map(Some).ok_or(BadValue::Date);
    }
    // An Excel serial number that reached us as text.
    if let Ok(x) = s.parse::<f64>() {
        if let Some(n) = excel_serial(x) {
            return local_to_ts(zone.tz(), n).map(Some).ok_or(BadValue::Date);
        }
    }
    Err(BadValue::Date)
}

/// `A/B/YYYY`, `A.B.YYYY` or `A-B-YYYY` (one or two digits each; or `YY`), then nothing or a space and
/// `H:MM` or `H:MM:SS`, maybe then ` AM` or ` PM`: read as the general reader reads it (`dates::read`: a first number over
/// 12 is the day, else the column's `order`, else month first with slashes and day first with
/// dots or hyphens), without its tokens. None for any other text.
fn numeric_year_last(s: &str, zone: &mut Zone, order: DayOrder) -> Option<Option<Ts>> {
    use storescore_core::time::digits;
    let b = s.as_bytes();
    // One or two digits from `at`, then `end`: (value, where the next byte is).
    let small = |at: usize| -> Option<(u32, usize)> {
        let n = b
            .get(at..)?
            .iter()
            .take(2)
            .take_while(|c| c.is_ascii_digit())
            .count();
        (n > 0).then(|| Some((digits(b, at..at + n)?, at + n)))?
    };
    let (a, i) = small(0)?;
    let sep = *b.get(i)?;
    if !matches!(sep, b'/' | b'.' | b'-') {
        return None;
    }
    let (m_or_d, i) = small(i + 1)?;
    if b.get(i) != Some(&sep) {
        return None;
    }
    // A year of four digits, or of two (`26`: 2026, as the general reader reads it).
    let n = b[i + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
    let y = match n {
        4 => digits(b, i + 1..i + 5)?,
        2 => 2000 + digits(b, i + 1..i + 3)?,
        _ => return None,
    };
    let mut at = i + 1 + n;
    let (mut h, mut mi, mut sec) = (0, 0, 0);
    if at < b.len() {
        if b[at] != b' ' {
            return None;
        }
        let (hh, j) = small(at + 1)?;
        if b.get(j) != Some(&b':') {
            return None;
        }
        h = hh;
        mi = digits(b, j + 1..j + 3)?;
        at = j + 3;
        if b.get(at) == Some(&b':') {
            sec = digits(b, at + 1..at + 3)?;
            at += 3;
        }
        // ` AM` / ` PM` (any case), as US exports write it.
        let pm = match &b[at..] {
            [] => None,
            [b' ', x, y] if y.eq_ignore_ascii_case(&b'm') => match x.to_ascii_lowercase() {
                b'a' => Some(false),
                b'p' => Some(true),
                _ => return None,
            },
            _ => return None,
        };
        h = crate::dates::hour_of_day(h, pm)?;
    }
    let (mo, d) = if crate::dates::day_first(a, m_or_d, order, sep != b'/') {
        (m_or_d, a)
    } else {
        (a, m_or_d)
    };
    zone.at((y as i32, mo, d), (h, mi, sec), None)
}

/// The instant a cell's date and time name: at the offset the cell says, else in the file's
/// zone (None when the zone skips that local time).
fn instant(r: crate::dates::Read, zone: &mut Zone) -> Option<Ts> {
    match r.offset {
        Some(off) => Some(Ts::new(r.local.and_utc().timestamp() - i64::from(off))),
        None => zone.to_ts(r.local),
    }
}

/// A date written without its year (`22 de abril | 01:48`, `Sep 28 15:05`): the first such
/// instant not more than a day before `base`.
pub fn parse_yearless(cell: &str, base: Ts, zone: &mut Zone) -> Option<Ts> {
    let base_year = storescore_core::time::local_date(zone.tz(), base)?.year();
    for year in [base_year, base_year + 1] {
        let t = instant(crate::dates::read_with_year(trim(cell), year)?, zone)?;
        if t.secs() >= base.secs() - 86_400 {
            return Some(t);
        }
    }
    None
}

/// The carrier a tracking cell names besides its number: `Cainiao:LP00123456789CN`,
/// `YANWEN LX123456789CN` (None for a cell that is a number alone).
pub fn tracking_carrier(cell: &str) -> Option<&str> {
    let t = trim(cell);
    if t.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
        return None;
    }
    let first = t
        .split([',', ';', '/', '|', '\n', '，', '；', '、'])
        .next()?
        .trim();
    let name = match first.split_once([':', '：']) {
        Some((name, _)) => name.trim(),
        None => {
            // "YANWEN LX123456789CN": the words before the one long word with digits.
            let words: Vec<&str> = first.split_whitespace().collect();
            let number = words
                .iter()
                .position(|w| w.len() >= 8 && w.chars().any(|c| c.is_ascii_digit()))?;
            if number == 0
                || words[..number]
                    .iter()
                    .any(|w| w.chars().any(|c| c.is_ascii_digit()))
            {
                return None;
            }
            let end = first.find(words[number])?;
            first.get(..end)?.trim()
        }
    };
    (!name.is_empty() && name.chars().any(char::is_alphabetic)).then_some(name)
}

/// A money cell: `$25.00`, `US $1,234.50`, `1.234,50 €`, `¥ 88`, `12,5`. Returns the amount and
/// the currency code when a symbol or code names it.
pub fn parse_money(cell: &str) -> Result<Option<(f64, Option<&'static str>)>, BadValue> {
    let s = cell.trim();
    if blank(s) {
        return Ok(None);
    }
    // A plain number, scientific notation included ("1E+3" from Excel); NaN and infinity are not.
    if let Ok(v) = s.parse::<f64>() {
        return if v.is_finite() {
            Ok(Some((v, None)))
        } else {
            Err(BadValue::Number)
        };
    }
    let currency = currency_of(s);
    // Only digits, separators, signs, spaces and currency marks: "#DIV/0!" or "free" is not 0.
    let mut rest = s.to_ascii_uppercase();
    for mark in CURRENCY_CODES
        .iter()
        .chain(&["US", "R$", "$", "€", "£", "¥", "￥", "元"])
    {
        rest = rest.replace(mark, "");
    }
    if !rest
        .chars()
        .all(|c| c.is_ascii_digit() || " .,+-()'\u{a0}".contains(c))
    {
        return Err(BadValue::Number);
    }
    let negative = rest.trim().starts_with('-')
        || (rest.trim().starts_with('(') && rest.trim().ends_with(')'));
    let num: String = rest
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '.' || *c == ',')
        .collect();
    if num.is_empty() || !num.chars().any(|c| c.is_ascii_digit()) {
        return Err(BadValue::Number);
    }
    let value = parse_decimal(&num).ok_or(BadValue::Number)?;
    Ok(Some((if negative { -value } else { value }, currency)))
}

const CURRENCY_CODES: &[&str] = &[
    "USD", "EUR", "GBP", "CNY", "RMB", "JPY", "BRL", "MXN", "RUB", "KRW", "AUD", "CAD", "SGD",
    "MYR", "THB", "PHP", "IDR", "VND", "TWD", "PLN", "ARS", "CLP", "COP", "CHF", "SEK", "HKD",
    "INR", "NZD",
];

/// The currency a header names for its column: `Total (BRL)`, `Order Total [USD]`,
/// `金额（USD）`, `Amount - EUR`: a known code as a word of its own, never a symbol (`$` is
/// the sign of a dozen currencies).
pub fn currency_in_header(header: &str) -> Option<&'static str> {
    let words = header
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| w.len() == 3);
    for w in words {
        if let Some(code) = CURRENCY_CODES.iter().find(|c| c.eq_ignore_ascii_case(w)) {
            // A lower-case word is English ("php" never heads a money column, "per" is no code).
            if w.bytes().all(|b| b.is_ascii_uppercase()) {
                return Some(if *code == "RMB" { "CNY" } else { code });
            }
        }
    }
    None
}

fn currency_of(s: &str) -> Option<&'static str> {
    let u = s.to_ascii_uppercase();
    if let Some(code) = CURRENCY_CODES.iter().find(|c| u.contains(*c)) {
        return Some(if *code == "RMB" { "CNY" } else { code });
    }
    if s.contains("R$") {
        Some("BRL")
    } else if s.contains('$') {
        Some("USD")
    } else if s.contains('€') {
        Some("EUR")
    } else if s.contains('£') {
        Some("GBP")
    } else if s.contains('¥') || s.contains('￥') || s.contains('元') {
        Some("CNY")
    } else {
        None
    }
}

/// `1,234.50`, `1.234,50`, `12,5`, `1234` (thousands separators and decimal commas).
pub fn parse_decimal(num: &str) -> Option<f64> {
    let last_dot = num.rfind('.');
    let last_comma = num.rfind(',');
    let normalized: std::borrow::Cow<str> = match (last_dot, last_comma) {
        (Some(d), Some(c)) if c > d => num.replace('.', "").replace(',', ".").into(),
        (Some(_), Some(_)) => num.replace(',', "").into(),
        (None, Some(c)) => {
            // A single comma followed by exactly three digits is a thousands separator
            // (`1,234`); otherwise it is a decimal comma (`12,5`, `0,99`).
            let after = num.len() - c - 1;
            if num.matches(',').count() == 1 && after != 3 {
                num.replace(',', ".").into()
            } else {
                num.replace(',', "").into()
            }
        }
        (Some(_), None) if num.matches('.').count() > 1 => num.replace('.', "").into(),
        _ => num.into(),
    };
    let v: f64 = normalized.parse().ok()?;
    v.is_finite().then_some(v)
}

/// A plain number (stars, counts).
pub fn parse_number(cell: &str) -> Result<Option<f64>, BadValue> {
    let s = cell.trim();
    if blank(s) {
        return Ok(None);
    }
    parse_decimal(s.trim_end_matches('%'))
        .map(Some)
        .ok_or(BadValue::Number)
}

/// Stars 1-5 (a `4.0` from Excel is 4).
pub fn parse_stars(cell: &str) -> Result<Option<u8>, BadValue> {
    match parse_number(cell)? {
        None => Ok(None),
        Some(x) if x.fract() == 0.0 && (1.0..=5.0).contains(&x) => Ok(Some(x as u8)),
        Some(_) => Err(BadValue::Stars),
    }
}

pub fn parse_bool(cell: &str) -> Result<Option<bool>, BadValue> {
    // No literal below holds a space or a hyphen: normalising them changes no answer.
    with_norm(cell, |s| match s {
        "" => Ok(None),
        "true" | "yes" | "y" | "1" | "是" | "t" => Ok(Some(true)),
        "false" | "no" | "n" | "0" | "否" | "f" => Ok(Some(false)),
        _ => Err(BadValue::Bool),
    })
}

fn norm(cell: &str) -> String {
    cell.trim().to_ascii_lowercase().replace([' ', '-'], "_")
}

/// `f` of [`norm`]`(cell)`, made on the stack when the cell is short (a value of an enum
/// column, read for every row: millions of allocations otherwise).
fn with_norm<R>(cell: &str, f: impl FnOnce(&str) -> R) -> R {
    let t = cell.trim();
    let mut buf = [0u8; 48];
    let Some(out) = buf.get_mut(..t.len()) else {
        return f(&norm(cell));
    };
    for (o, b) in out.iter_mut().zip(t.bytes()) {
        *o = match b {
            b' ' | b'-' => b'_',
            b => b.to_ascii_lowercase(),
        };
    }
    // Only ASCII bytes changed, to ASCII: still the UTF-8 of `t`'s characters.
    match std::str::from_utf8(out) {
        Ok(s) => f(s),
        Err(_) => f(&norm(cell)),
    }
}

pub fn parse_initiator(cell: &str) -> Result<Option<Initiator>, BadValue> {
    if blank(cell) {
        return Ok(None);
    }
    with_norm(cell, |n| match n {
        "buyer" | "买家" | "customer" => Ok(Some(Initiator::Buyer)),
        "seller" | "卖家" | "merchant" => Ok(Some(Initiator::Seller)),
        "system" | "系统" | "platform" | "timeout" => Ok(Some(Initiator::System)),
        _ => Err(BadValue::Enum),
    })
}

pub fn parse_sender(cell: &str) -> Result<Option<Sender>, BadValue> {
    if blank(cell) {
        return Ok(None);
    }
    with_norm(cell, |n| match n {
        "buyer" | "买家" | "customer" => Ok(Some(Sender::Buyer)),
        "seller" | "卖家" | "merchant" | "agent" => Ok(Some(Sender::Seller)),
        "system" | "系统" | "platform" => Ok(Some(Sender::System)),
        _ => Err(BadValue::Enum),
    })
}

pub fn parse_kind(cell: &str) -> Result<Option<DisputeKind>, BadValue> {
    if blank(cell) {
        return Ok(None);
    }
    let kind = with_norm(cell, |n| match n {
        "not_received" | "nr" | "item_not_received" | "未收到货" => {
            Some(DisputeKind::NotReceived)
        }
        "not_as_described" | "snad" | "item_not_as_described" | "货不对版" => {
            Some(DisputeKind::NotAsDescribed)
        }
        "return" | "退货" | "退货退款" => Some(DisputeKind::Return),
        "other" | "其他" => Some(DisputeKind::Other),
        _ if n.contains("not_received") || n.contains("未收到") => {
            Some(DisputeKind::NotReceived)
        }
        _ if n.contains("not_as_described") || n.contains("不符") || n.contains("不对版") => {
            Some(DisputeKind::NotAsDescribed)
        }
        _ => None,
    })
    .ok_or(BadValue::Enum)?;
    Ok(Some(kind))
}

pub fn parse_outcome(cell: &str) -> Result<Option<Outcome>, BadValue> {
    if blank(cell) {
        return Ok(None);
    }
    let o = with_norm(cell, |n| match n {
        "open" | "处理中" => Some(Outcome::Open),
        "buyer_cancelled" | "buyer_canceled" | "买家取消" => Some(Outcome::BuyerCancelled),
        "agreed" | "协商一致" => Some(Outcome::Agreed),
        "refunded" | "已退款" => Some(Outcome::Refunded),
        "ruled_for_buyer" | "裁决支持买家" => Some(Outcome::RuledForBuyer),
        "ruled_for_seller" | "裁决支持卖家" => Some(Outcome::RuledForSeller),
        _ => None,
    })
    .ok_or(BadValue::Enum)?;
    Ok(Some(o))
}

/// An id cell: exact text. A number in scientific notation (`1.23457E+15`) or with a fractional
/// part means a spreadsheet already rounded it: the caller reports that.
pub fn id_lost_precision(cell: &str) -> bool {
    // Bytes, not chars: every byte of such a number is ASCII (read for every id of every row).
    let b = trim(cell).as_bytes();
    b.first().is_some_and(u8::is_ascii_digit)
        && memchr::memchr2(b'e', b'E', b).is_some()
        && b.iter().all(|c| c.is_ascii_digit() || b"eE+-.".contains(c))
}

/// A whole number that came in as a float (`1234567890123456.0`) back to its digits.
pub fn id_text(cell: &str) -> &str {
    let s = trim(cell);
    match s.strip_suffix(".0") {
        Some(digits) if !digits.is_empty() && digits.bytes().all(|c| c.is_ascii_digit()) => digits,
        _ => s,
    }
}

/// Splits a tracking cell that may hold several numbers or carrier text: returns the
/// candidates in order (e.g. `"Cainiao: LP001234567CN; LP009"` -> `["LP001234567CN", "LP009"]`).
pub fn tracking_candidates(cell: &str) -> Vec<&str> {
    // Nearly every cell is one number (letters, digits, hyphens): nothing to split, no words to
    // choose between.
    let t = trim(cell);
    if !t.is_empty() && t.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
        return vec![t];
    }
    split_tracking(cell)
}

/// [`tracking_candidates`] the long way, for any cell.
fn split_tracking(cell: &str) -> Vec<&str> {
    cell.split([',', ';', '/', '|', '\n', '，', '；', '、'])
        .filter_map(|part| {
            // Drop a "Carrier:" prefix.
            let part = part.rsplit([':', '：']).next().unwrap_or(part).trim();
            if part.is_empty() {
                return None;
            }
            // "Cainiao LP00123456789CN": one long word with digits among other words is the
            // number; otherwise the whole part is (spaces inside a number are allowed).
            let long: Vec<&str> = part
                .split_whitespace()
                .filter(|w| w.len() >= 8 && w.chars().any(|c| c.is_ascii_digit()))
                .collect();
            Some(match long.as_slice() {
                [one] => *one,
                _ => part,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use storescore_core::time::{format_local, DEFAULT_ZONE};

    fn ts(s: &str) -> String {
        match parse_ts(s, DEFAULT_ZONE) {
            Ok(Some(t)) => format_local(DEFAULT_ZONE, t),
            Ok(None) => "empty".into(),
            Err(_) => "bad".into(),
        }
    }

    #[test]
    fn dates_in_every_supported_format() {
        let cases = [
            ("2026-07-14 10:00:00", "2026-07-14 10:00:00"),
            ("2026-07-14T10:00:00", "2026-07-14 10:00:00"),
            ("2026-07-14T02:00:00Z", "2026-07-14 10:00:00"),
            ("2026-07-14T04:00:00+02:00", "2026-07-14 10:00:00"),
            ("2026-07-14 10:00", "2026-07-14 10:00:00"),
            ("2026/07/14 10:00", "2026-07-14 10:00:00"),
            ("07/14/2026", "2026-07-14 00:00:00"),
            ("07/14/2026 10:00:00", "2026-07-14 10:00:00"),
            ("14.07.2026", "2026-07-14 00:00:00"),
            ("14.07.2026 10:00", "2026-07-14 10:00:00"),
            ("Jul-14-26", "2026-07-14 00:00:00"),
            // The cell's own zone wins: 10:30 PDT is 01:30 the next day in Shanghai.
            ("Sep-27-26 10:30:00 PDT", "2026-09-28 01:30:00"),
            ("2026年7月14日 10:00", "2026-07-14 10:00:00"),
            ("46217.4166666667", "2026-07-14 10:00:00"),
            ("", "empty"),
            ("  -  ", "empty"),
            ("2026-13-01", "bad"),
            ("yesterday", "bad"),
            ("31.02.2026", "bad"),
            ("9999-12-31 23:59:59", "bad"),
            ("1899-12-31", "bad"),
        ];
        for (input, want) in cases {
            assert_eq!(ts(input), want, "{input}");
        }
    }

    #[test]
    fn a_header_can_name_its_columns_currency() {
        for (h, want) in [
            ("Total (BRL)", Some("BRL")),
            ("Ingresos por productos (ARS)", Some("ARS")),
            ("Order Total [USD]", Some("USD")),
            ("金额（USD）", Some("USD")),
            ("Amount - EUR", Some("EUR")),
            ("Total ($)", None),
            ("Total", None),
            ("Pay per use", None),
        ] {
            assert_eq!(currency_in_header(h), want, "{h}");
        }
    }

    #[test]
    fn money_with_symbols_separators_and_decimal_commas() {
        type Case<'a> = (&'a str, Option<(f64, Option<&'a str>)>);
        let cases: [Case; 9] = [
            ("$25.00", Some((25.0, Some("USD")))),
            ("US $1,234.50", Some((1234.5, Some("USD")))),
            ("1.234,50 €", Some((1234.5, Some("EUR")))),
            ("12,5", Some((12.5, None))),
            ("1,234", Some((1234.0, None))),
            ("¥88", Some((88.0, Some("CNY")))),
            ("R$ 10,00", Some((10.0, Some("BRL")))),
            ("-3.5", Some((-3.5, None))),
            ("", None),
        ];
        for (input, want) in cases {
            assert_eq!(parse_money(input), Ok(want), "{input}");
        }
        assert_eq!(parse_money("free"), Err(BadValue::Number));
        assert_eq!(parse_money("#DIV/0!"), Err(BadValue::Number));
        assert_eq!(parse_money("#Div0"), Err(BadValue::Number));
        assert_eq!(parse_money("(12.50)"), Ok(Some((-12.5, None))));
        assert_eq!(parse_money("1E+3"), Ok(Some((1000.0, None))));
        assert_eq!(parse_money("NaN"), Err(BadValue::Number));
        assert_eq!(parse_money("inf"), Err(BadValue::Number));
    }

    #[test]
    fn ids_stay_exact_text() {
        assert_eq!(id_text("8123456789012345"), "8123456789012345");
        assert_eq!(id_text("8123456789012345.0"), "8123456789012345");
        for s in [
            "",
            " ",
            "a",
            " a ",
            "a\t",
            "\u{3000}编号\u{3000}",
            "x\u{a0}",
            "é",
            " é",
            "-",
        ] {
            assert_eq!(trim(s), s.trim(), "{s:?}");
        }
        assert!(id_lost_precision("8.12346E+15"));
        assert!(!id_lost_precision("8123456789012345"));
        assert!(!id_lost_precision("EE12345"));
    }

    proptest::proptest! {
        #[test]
        fn fast_paths_answer_as_the_slow_ways(
            cell in "[ a-zA-Z0-9:;,/|\\-\t\n\u{a0}\u{3000}：，；、是]{0,60}"
        ) {
            proptest::prop_assert_eq!(with_norm(&cell, str::to_owned), norm(&cell));
            proptest::prop_assert_eq!(tracking_candidates(&cell), split_tracking(&cell));
        }

        #[test]
        fn a_blank_cell_is_one_of_the_blank_words(
            cell in "[ \t\u{a0}]{0,2}(-|--|null|NULL|Null|N/A|n/a|x|nulls|N/AA|---)?[ \t\u{a0}]{0,2}|[ -~]{0,8}"
        ) {
            let t = cell.trim();
            let words = t.is_empty() || t == "-" || t == "--" || t.eq_ignore_ascii_case("null") || t == "N/A";
            proptest::prop_assert_eq!(blank(&cell), words, "{:?}", cell);
        }
    }

    #[test]
    fn tracking_cells_with_several_numbers_or_carrier_text() {
        assert_eq!(tracking_candidates("LP00123456789CN"), ["LP00123456789CN"]);
        assert_eq!(
            tracking_candidates("Cainiao: LP00123456789CN; LP00987654321CN"),
            ["LP00123456789CN", "LP00987654321CN"]
        );
        assert_eq!(
            tracking_candidates("YT2412 3456 7890"),
            ["YT2412 3456 7890"]
        );
        assert_eq!(
            tracking_candidates("Cainiao LP00123456789CN"),
            ["LP00123456789CN"]
        );
        assert!(tracking_candidates(" ; ").is_empty());
        assert_eq!(
            tracking_candidates("1Z-999-AA1-0123456784"),
            ["1Z-999-AA1-0123456784"]
        );
    }

    #[test]
    fn stars_must_be_whole_one_to_five() {
        assert_eq!(parse_stars("4"), Ok(Some(4)));
        assert_eq!(parse_stars("5.0"), Ok(Some(5)));
        assert_eq!(parse_stars("6"), Err(BadValue::Stars));
        assert_eq!(parse_stars("4.5"), Err(BadValue::Stars));
    }

    /// The fast ISO path answers as the general parsers do, for every shape it takes, in zones
    /// with and without daylight saving, through their changes.
    #[test]
    fn iso_times_on_the_fast_path_read_as_the_general_parsers_do() {
        let slow = |cell: &str, zone: &mut Zone| -> Result<Option<Ts>, BadValue> {
            let s = trim(cell);
            if let Ok(t) = chrono::DateTime::parse_from_rfc3339(s) {
                return Ok(Some(Ts::new(t.timestamp())));
            }
            match crate::dates::read(s, DayOrder::Conventional) {
                Some(r) => instant(r, zone).map(Some).ok_or(BadValue::Date),
                None => Err(BadValue::Date),
            }
        };
        let mut taken = 0;
        for tz in [
            chrono_tz::Asia::Shanghai,
            chrono_tz::America::New_York,
            chrono_tz::Europe::London,
            chrono_tz::UTC,
        ] {
            let (mut fast_zone, mut slow_zone) = (Zone::new(tz), Zone::new(tz));
            // Every 7 hours 13 minutes over a year and a half, each time in every shape.
            let mut t = chrono::NaiveDate::from_ymd_opt(2025, 12, 1)
                .unwrap()
                .and_hms_opt(0, 0, 7)
                .unwrap();
            while t.date() < chrono::NaiveDate::from_ymd_opt(2027, 6, 1).unwrap() {
                let (d, hm, sec) = (
                    t.format("%Y-%m-%d").to_string(),
                    t.format("%H:%M").to_string(),
                    t.format("%S").to_string(),
                );
                let shapes = [
                    format!("{d}T{hm}:{sec}"),
                    format!("{d}T{hm}"),
                    format!("{d} {hm}"),
                    format!("{d}T{hm}:{sec}.123"),
                    format!("{d} {hm}:{sec}.5"),
                    format!("{d}T{hm}:{sec}Z"),
                    format!("{d}T{hm}:{sec}.999999Z"),
                    format!("{d}T{hm}:{sec}+08:00"),
                    format!("{d}T{hm}:{sec}-03:30"),
                    format!("{d} {hm}:{sec}+05:45"),
                    format!("{}", t.format("%Y/%m/%d %H:%M:%S")),
                    format!("{}", t.format("%Y/%m/%d %H:%M")),
                ];
                for s in &shapes {
                    let fast = fast_zone.iso(s);
                    assert!(fast.is_some(), "{s} is on the fast path");
                    taken += 1;
                    assert_eq!(
                        fast.map(|t| t.map(Some).ok_or(BadValue::Date)),
                        Some(slow(s, &mut slow_zone)),
                        "{s} in {tz}"
                    );
                }
                t += chrono::TimeDelta::minutes(7 * 60 + 13);
            }
        }
        assert!(taken > 10_000);
        // What it does not take is left to the general parsers.
        let mut zone = Zone::new(chrono_tz::UTC);
        for s in [
            "2026-07-14T10:00+08:00",
            "2026-07-14T10:00:00.Z",
            "2026-07-14T10:00:00.1234567890",
            "2026-07-14T24:00:00",
            "2026-07-14T10:00:60",
            "2026/07/14T10:00:00",
            "2026-07/14 10:00:00",
            "2026-07-14T10:00:00+0800",
            "2026-07-14T10:00:00 +08:00",
            "2026-07-14T10:00:00+24:00",
            "2026-02-30T10:00:00",
            "2026-07-14",
        ] {
            assert_eq!(zone.iso(s).flatten(), None, "{s}");
        }
    }

    /// All-numeric dates with the year last, on their fast path, answer as the general reader
    /// does in every day order, with every separator, with and without a time.
    #[test]
    fn numeric_dates_on_the_fast_path_read_as_the_general_reader_does() {
        let mut taken = 0;
        for order in [
            DayOrder::Conventional,
            DayOrder::MonthFirst,
            DayOrder::DayFirst,
        ] {
            let (mut fast_zone, mut slow_zone) = (
                Zone::new(chrono_tz::America::New_York),
                Zone::new(chrono_tz::America::New_York),
            );
            let mut t = chrono::NaiveDate::from_ymd_opt(2026, 1, 1)
                .unwrap()
                .and_hms_opt(0, 0, 9)
                .unwrap();
            while t.date() < chrono::NaiveDate::from_ymd_opt(2027, 1, 1).unwrap() {
                for sep in ["/", ".", "-"] {
                    for (first, second) in
                        [("%m", "%d"), ("%d", "%m"), ("%-m", "%-d"), ("%-d", "%-m")]
                    {
                        for time in [
                            "",
                            " %H:%M:%S",
                            " %H:%M",
                            " %-H:%M",
                            " %I:%M:%S %p",
                            " %-I:%M %p",
                            " %I:%M:%S %P",
                        ] {
                            for year in ["%Y", "%y"] {
                                let s = t
                                    .format(&format!("{first}{sep}{second}{sep}{year}{time}"))
                                    .to_string();
                                let fast = numeric_year_last(&s, &mut fast_zone, order);
                                assert!(fast.is_some(), "{s} is on the fast path");
                                taken += 1;
                                let slow = crate::dates::read(&s, order)
                                    .and_then(|r| instant(r, &mut slow_zone));
                                assert_eq!(fast, Some(slow), "{s} {order:?}");
                            }
                        }
                    }
                }
                t += chrono::TimeDelta::minutes(23 * 60 + 37);
            }
        }
        assert!(taken > 10_000);
        let mut zone = Zone::new(chrono_tz::UTC);
        for s in [
            "07/14/202",
            "07/14/20261",
            "07/14/2026 10:00 p.m.",
            "07/14/2026 13:00 PM",
            "07/14/2026 00:30 AM",
            "07/14/2026 10:00PM",
            "07/14/2026T10:00",
            "7/14.2026",
            "2026/07/14",
            "07/14/2026 10:0",
            "123/4/2026",
        ] {
            assert_eq!(
                numeric_year_last(s, &mut zone, DayOrder::Conventional),
                None,
                "{s}"
            );
        }
    }
}
