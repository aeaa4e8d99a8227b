//! Dates and times as real exports write them, read by their parts rather than by a list of
//! fixed patterns: month names and abbreviations in English, Spanish and Portuguese
//! (`Sep 28, 2025`, `28 de septiembre de 2025`, `28 set. 2025`), `am`/`pm`, a zone in the cell
//! (`PDT`, `UTC-7`, `GMT+8`, `+08:00`, `PDT(UTC-7)`: the offset wins over the name), filler
//! words (`de`, `hs.`, `às`, `at`), Chinese `2025年9月28日 15:05`, compact `20250928`, and
//! all-numeric dates whose day and month order is decided per column ([`DayOrder`]).
//!
//! Nothing here panics; an unknown word makes the cell unreadable (free text is never a date).

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

pub use sources::formats::DayOrder;

/// A cell's date and time, with the offset the cell itself names (seconds east of UTC).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Read {
    pub local: NaiveDateTime,
    pub offset: Option<i32>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tok<'a> {
    /// Digits: value (saturated), count of digits.
    Num(u32, usize),
    Word(&'a str),
    Colon,
    Dot,
    Plus,
    Minus,
    Slash,
    /// 年 月 日 (and 时 分 秒 after a time): a Chinese date's parts.
    Cjk(char),
    /// Commas, spaces, brackets: nothing but a separator.
    Sep,
}

fn tokens(s: &str) -> Option<Vec<Tok<'_>>> {
    let mut out = Vec::with_capacity(12);
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_digit() {
            let start = i;
            let mut v: u32 = 0;
            while i < b.len() && b[i].is_ascii_digit() {
                v = v.saturating_mul(10).saturating_add(u32::from(b[i] - b'0'));
                i += 1;
            }
            out.push(Tok::Num(v, i - start));
            continue;
        }
        let ch = s.get(i..)?.chars().next()?;
        let len = ch.len_utf8();
        if ch.is_alphabetic() && !matches!(ch, '年' | '月' | '日' | '时' | '分' | '秒' | '点')
        {
            let start = i;
            while let Some(ch) = s.get(i..).and_then(|r| r.chars().next()) {
                if ch.is_alphabetic()
                    && !matches!(ch, '年' | '月' | '日' | '时' | '分' | '秒' | '点')
                {
                    i += ch.len_utf8();
                } else {
                    break;
                }
            }
            out.push(Tok::Word(s.get(start..i)?));
            continue;
        }
        out.push(match ch {
            ':' | '：' => Tok::Colon,
            '.' => Tok::Dot,
            '+' => Tok::Plus,
            '-' | '−' => Tok::Minus,
            '/' => Tok::Slash,
            '年' | '月' | '日' | '时' | '分' | '秒' | '点' => Tok::Cjk(ch),
            ',' | ' ' | '\t' | '(' | ')' | '[' | ']' | '\u{a0}' | '\u{3000}' | '，' | '（'
            | '）' | '\'' | '_' | '|' => Tok::Sep,
            _ => return None,
        });
        i += len;
    }
    Some(out)
}

/// The month a word names (English, Spanish, Portuguese; full or abbreviated), 1 to 12.
pub fn month_word(w: &str) -> Option<u32> {
    const NAMES: &[(&str, u32)] = &[
        ("january", 1),
        ("jan", 1),
        ("enero", 1),
        ("ene", 1),
        ("janeiro", 1),
        ("february", 2),
        ("feb", 2),
        ("febrero", 2),
        ("fevereiro", 2),
        ("fev", 2),
        ("march", 3),
        ("mar", 3),
        ("marzo", 3),
        ("março", 3),
        ("marco", 3),
        ("april", 4),
        ("apr", 4),
        ("abril", 4),
        ("abr", 4),
        ("may", 5),
        ("mayo", 5),
        ("maio", 5),
        ("mai", 5),
        ("june", 6),
        ("jun", 6),
        ("junio", 6),
        ("junho", 6),
        ("july", 7),
        ("jul", 7),
        ("julio", 7),
        ("julho", 7),
        ("august", 8),
        ("aug", 8),
        ("agosto", 8),
        ("ago", 8),
        ("september", 9),
        ("sep", 9),
        ("sept", 9),
        ("septiembre", 9),
        ("setiembre", 9),
        ("setembro", 9),
        ("set", 9),
        ("october", 10),
        ("oct", 10),
        ("octubre", 10),
        ("outubro", 10),
        ("out", 10),
        ("november", 11),
        ("nov", 11),
        ("noviembre", 11),
        ("novembro", 11),
        ("december", 12),
        ("dec", 12),
        ("diciembre", 12),
        ("dic", 12),
        ("dezembro", 12),
        ("dez", 12),
    ];
    let mut buf = [0u8; 16];
    let lower = lower_in(w, &mut buf)?;
    NAMES.iter().find(|(n, _)| *n == lower).map(|(_, m)| *m)
}

/// `w` in lower case, on the stack (a word of a date is short); None when it is long.
fn lower_in<'b>(w: &str, buf: &'b mut [u8; 16]) -> Option<&'b str> {
    if w.is_ascii() {
        let out = buf.get_mut(..w.len())?;
        out.copy_from_slice(w.as_bytes());
        out.make_ascii_lowercase();
        return std::str::from_utf8(out).ok();
    }
    // `março`, `sábado`: lower-case the few non-ASCII letters by hand.
    let mut n = 0;
    for ch in w.chars().flat_map(char::to_lowercase) {
        let mut tmp = [0u8; 4];
        let enc = ch.encode_utf8(&mut tmp).as_bytes();
        buf.get_mut(n..n + enc.len())?.copy_from_slice(enc);
        n += enc.len();
    }
    std::str::from_utf8(buf.get(..n)?).ok()
}

/// A zone's abbreviation to its offset in seconds east of UTC. Ambiguous ones (`CST`: China
/// or US Central; `IST`) are not here: the file's zone applies to them.
fn zone_word(w: &str) -> Option<i32> {
    const H: i32 = 3600;
    const ZONES: &[(&str, i32)] = &[
        ("utc", 0),
        ("gmt", 0),
        ("z", 0),
        ("wet", 0),
        ("west", H),
        ("bst", H),
        ("cet", H),
        ("cest", 2 * H),
        ("eet", 2 * H),
        ("eest", 3 * H),
        ("msk", 3 * H),
        ("ict", 7 * H),
        ("wib", 7 * H),
        ("hkt", 8 * H),
        ("sgt", 8 * H),
        ("myt", 8 * H),
        ("pht", 8 * H),
        ("awst", 8 * H),
        ("jst", 9 * H),
        ("kst", 9 * H),
        ("aest", 10 * H),
        ("aedt", 11 * H),
        ("nzst", 12 * H),
        ("nzdt", 13 * H),
        ("brt", -3 * H),
        ("art", -3 * H),
        ("clt", -4 * H),
        ("clst", -3 * H),
        ("ast", -4 * H),
        ("edt", -4 * H),
        ("est", -5 * H),
        ("cdt", -5 * H),
        ("mdt", -6 * H),
        ("mst", -7 * H),
        ("pdt", -7 * H),
        ("pst", -8 * H),
        ("akdt", -8 * H),
        ("akst", -9 * H),
        ("hst", -10 * H),
    ];
    let mut buf = [0u8; 16];
    let lower = lower_in(w, &mut buf)?;
    ZONES.iter().find(|(n, _)| *n == lower).map(|(_, o)| *o)
}

/// Words a date may carry that say nothing of its value.
fn filler(w: &str) -> bool {
    const WORDS: &[&str] = &[
        "de",
        "del",
        "hs",
        "hrs",
        "hr",
        "h",
        "as",
        "às",
        "a",
        "las",
        "la",
        "at",
        "on",
        "t",
        "um",
        "em",
        "el",
        "o",
        "cst",
        "ist",
        "mon",
        "tue",
        "tues",
        "wed",
        "thu",
        "thur",
        "thurs",
        "fri",
        "sat",
        "sun",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "m",
        "lunes",
        "martes",
        "miércoles",
        "miercoles",
        "jueves",
        "viernes",
        "sábado",
        "sabado",
        "domingo",
        "time",
        "hora",
    ];
    let mut buf = [0u8; 16];
    lower_in(w, &mut buf).is_some_and(|l| WORDS.contains(&l))
}

fn meridiem(w: &str) -> Option<bool> {
    let mut buf = [0u8; 16];
    match lower_in(w, &mut buf)? {
        "am" | "a" => Some(false),
        "pm" | "p" => Some(true),
        "上午" => Some(false),
        "下午" => Some(true),
        _ => None,
    }
}

/// Reads a cell's date and time by its parts; None when it is not one.
pub fn read(s: &str, order: DayOrder) -> Option<Read> {
    read_parts(s, order, None)
}

/// [`read`] for a date written with a month name and no year (`22 de abril | 01:48`), in `year`.
pub fn read_with_year(s: &str, year: i32) -> Option<Read> {
    read_parts(s, DayOrder::Conventional, Some(year))
}

fn read_parts(s: &str, order: DayOrder, year_given: Option<i32>) -> Option<Read> {
    let toks = tokens(s)?;
    let mut used = vec![false; toks.len()];
    // The time: h:mm[:ss[.fff]] (or 15时05分), then am/pm.
    let mut time: Option<(u32, u32, u32)> = None;
    let mut time_end = None;
    for i in 0..toks.len() {
        if let (Some(Tok::Num(h, hl)), Some(Tok::Colon), Some(Tok::Num(m, 2))) =
            (toks.get(i), toks.get(i + 1), toks.get(i + 2))
        {
            if *hl > 2 {
                continue;
            }
            let mut end = i + 3;
            let mut sec = 0;
            if let (Some(Tok::Colon), Some(Tok::Num(sv, 2))) = (toks.get(end), toks.get(end + 1)) {
                sec = *sv;
                end += 2;
                // A fraction of a second.
                if let (Some(Tok::Dot), Some(Tok::Num(_, _))) = (toks.get(end), toks.get(end + 1)) {
                    end += 2;
                }
            }
            time = Some((*h, *m, sec));
            for u in used.iter_mut().take(end).skip(i) {
                *u = true;
            }
            time_end = Some(end);
            break;
        }
        if let (
            Some(Tok::Num(h, hl)),
            Some(Tok::Cjk('时' | '点')),
            Some(Tok::Num(m, _)),
            Some(Tok::Cjk('分')),
        ) = (
            toks.get(i),
            toks.get(i + 1),
            toks.get(i + 2),
            toks.get(i + 3),
        ) {
            if *hl > 2 {
                continue;
            }
            let mut end = i + 4;
            let mut sec = 0;
            if let (Some(Tok::Num(sv, _)), Some(Tok::Cjk('秒'))) =
                (toks.get(end), toks.get(end + 1))
            {
                sec = *sv;
                end += 2;
            }
            time = Some((*h, *m, sec));
            for u in used.iter_mut().take(end).skip(i) {
                *u = true;
            }
            time_end = Some(end);
            break;
        }
    }
    // The offset: `UTC-7`, `GMT+08:00`, or a sign and digits right after the time
    // (`15:05:00 -0700`, `15:05:00+08:00`).
    let mut offset: Option<i32> = None;
    let mut named: Option<i32> = None;
    let mut pm: Option<bool> = None;
    let mut month: Option<u32> = None;
    let mut i = 0;
    while i < toks.len() {
        if used[i] {
            i += 1;
            continue;
        }
        match toks[i] {
            Tok::Word(w) => {
                let after_time = time_end.is_some_and(|e| i >= e);
                if let (Some(o), Some((k, off))) = (zone_word(w), signed_offset(&toks, i + 1)) {
                    // `UTC-7`, `GMT+8`: the word is the base of the offset that follows.
                    let _ = o;
                    offset = Some(off);
                    for u in used.iter_mut().take(i + 1 + k).skip(i) {
                        *u = true;
                    }
                    i += 1 + k;
                    continue;
                }
                if let Some(m) = month_word(w).filter(|_| month.is_none()) {
                    month = Some(m);
                } else if let Some(p) = meridiem(w).filter(|_| time.is_some() && after_time) {
                    pm = Some(p);
                } else if let Some(o) = zone_word(w).filter(|_| time.is_some() || w.len() > 1) {
                    named = Some(o);
                } else if filler(w) {
                } else if let Some(p) = meridiem(w).filter(|_| time.is_some()) {
                    // `下午 3:05`: before the time.
                    pm = Some(p);
                } else {
                    return None;
                }
                used[i] = true;
            }
            Tok::Plus | Tok::Minus if time_end.is_some_and(|e| i >= e) && offset.is_none() => {
                if let Some((k, off)) = signed_offset(&toks, i) {
                    offset = Some(off);
                    for u in used.iter_mut().take(i + k).skip(i) {
                        *u = true;
                    }
                    i += k;
                    continue;
                }
            }
            _ => {}
        }
        i += 1;
    }
    let offset = offset.or(named);
    // What is left: the date's numbers, in order, and what separates them.
    let nums: Vec<(u32, usize)> = toks
        .iter()
        .zip(&used)
        .filter(|(_, u)| !**u)
        .filter_map(|(t, _)| match t {
            Tok::Num(v, n) => Some((*v, *n)),
            _ => None,
        })
        .collect();
    let seps_dot_or_dash = toks
        .iter()
        .zip(&used)
        .any(|(t, u)| !*u && matches!(t, Tok::Dot | Tok::Minus));
    let year = |(v, n): (u32, usize)| -> Option<i32> {
        match n {
            4 => i32::try_from(v).ok(),
            2 => i32::try_from(v).ok().map(|y| 2000 + y),
            _ => None,
        }
    };
    let (y, mo, d) = match (month, nums.as_slice(), year_given) {
        (Some(m), [a], Some(y)) => (y, m, a_day(*a)?),
        (_, _, Some(_)) => return None,
        (month, nums, None) => match (month, nums) {
            // `Sep 28, 2025`, `28 de septiembre de 2025`, `Sep-27-26`, `27-Sep-26`.
            (Some(m), [a, b]) => {
                if a.1 == 4 {
                    (year(*a)?, m, a_day(*b)?)
                } else {
                    (year(*b)?, m, a_day(*a)?)
                }
            }
            (Some(_), _) => return None,
            (None, [(v, 8)]) => {
                // 20250928
                (i32::try_from(v / 10_000).ok()?, (v / 100) % 100, v % 100)
            }
            (None, [a, b, c]) if a.1 == 4 => (year(*a)?, b.0, c.0),
            (None, [a, b, c]) if a.1 <= 2 && b.1 <= 2 && matches!(c.1, 2 | 4) => {
                if day_first(a.0, b.0, order, seps_dot_or_dash) {
                    (year(*c)?, b.0, a.0)
                } else {
                    (year(*c)?, a.0, b.0)
                }
            }
            _ => return None,
        },
    };
    let date = NaiveDate::from_ymd_opt(y, mo, d)?;
    let (h, m, sec) = time.unwrap_or((0, 0, 0));
    let t = NaiveTime::from_hms_opt(hour_of_day(h, pm)?, m, sec)?;
    Some(Read {
        local: date.and_time(t),
        offset,
    })
}

/// Whether `A/B/YYYY` is day first: a first number over 12 is the day, a second over 12 the
/// day, else the column's `order`, else day first with dots or hyphens and month first with
/// slashes.
pub fn day_first(a: u32, b: u32, order: DayOrder, dot_or_dash: bool) -> bool {
    match (a > 12, b > 12) {
        (true, _) => true,
        (false, true) => false,
        _ => match order {
            DayOrder::DayFirst => true,
            DayOrder::MonthFirst => false,
            DayOrder::Conventional => dot_or_dash,
        },
    }
}

/// The hour of the day of `h` written with `am` (false) or `pm` (true), or without; None for
/// an hour the 12-hour clock does not write.
pub fn hour_of_day(h: u32, pm: Option<bool>) -> Option<u32> {
    match pm {
        Some(true) if (1..12).contains(&h) => Some(h + 12),
        Some(false) if h == 12 => Some(0),
        Some(_) if !(1..=12).contains(&h) => None,
        _ => Some(h),
    }
}

fn a_day((v, n): (u32, usize)) -> Option<u32> {
    (n <= 2).then_some(v)
}

/// `+8`, `-7`, `+08:00`, `-0700`, `+0530` at `i`: tokens used and the offset in seconds.
fn signed_offset(toks: &[Tok], i: usize) -> Option<(usize, i32)> {
    let sign = match toks.get(i)? {
        Tok::Plus => 1,
        Tok::Minus => -1,
        _ => return None,
    };
    let (h, m, k) = match (toks.get(i + 1)?, toks.get(i + 2), toks.get(i + 3)) {
        (Tok::Num(h, 1 | 2), Some(Tok::Colon), Some(Tok::Num(m, 2))) => (*h, *m, 4),
        (Tok::Num(hm, 4), _, _) => (hm / 100, hm % 100, 2),
        (Tok::Num(h, 1 | 2), _, _) => (*h, 0, 2),
        _ => return None,
    };
    // No zone is more than 14 hours from UTC (`+14:00`, Kiribati): `-14:40` is not an offset.
    if m > 59 || h * 60 + m > 14 * 60 {
        return None;
    }
    Some((k, sign * i32::try_from(h * 3600 + m * 60).ok()?))
}

/// The two leading numbers of an all-numeric date whose year is last (`05/09/2025`): what
/// decides a column's day order. None for any other form.
pub fn leading_pair(s: &str) -> Option<(u32, u32)> {
    let toks = tokens(s.trim())?;
    let mut nums = toks.iter().filter_map(|t| match t {
        Tok::Num(v, n) => Some((*v, *n)),
        _ => None,
    });
    let (a, b, c) = (nums.next()?, nums.next()?, nums.next()?);
    let words = toks.iter().any(|t| match t {
        Tok::Word(w) => month_word(w).is_some(),
        _ => false,
    });
    (!words && a.1 <= 2 && b.1 <= 2 && matches!(c.1, 2 | 4)).then_some((a.0, b.0))
}

/// What a column's values say of its day order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct OrderEvidence {
    /// Values that can only be day first (first number over 12).
    pub day_first: usize,
    /// Values that can only be month first (second number over 12).
    pub month_first: usize,
    /// Values that read either way.
    pub either: usize,
}

impl OrderEvidence {
    pub fn add(&mut self, cell: &str) {
        if let Some((a, b)) = leading_pair(cell) {
            match (a > 12 && a <= 31, b > 12 && b <= 31) {
                (true, false) => self.day_first += 1,
                (false, true) => self.month_first += 1,
                _ => self.either += 1,
            }
        }
    }

    /// The order the values show (the larger side when they disagree), or None when no value
    /// tells (every one reads either way: the convention or the format's hint decides).
    pub fn decide(&self) -> Option<DayOrder> {
        match (self.day_first, self.month_first) {
            (0, 0) => None,
            (d, m) if d >= m => Some(DayOrder::DayFirst),
            _ => Some(DayOrder::MonthFirst),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(s: &str, o: DayOrder) -> Option<String> {
        read(s, o).map(|r| {
            let mut t = r.local.format("%Y-%m-%d %H:%M:%S").to_string();
            if let Some(off) = r.offset {
                t.push_str(&format!(" {off:+}"));
            }
            t
        })
    }

    #[test]
    fn forms_real_exports_write() {
        use DayOrder::*;
        let cases: &[(&str, DayOrder, Option<&str>)] = &[
            (
                "Sep 28, 2025, 3:05 pm PDT(UTC-7)",
                Conventional,
                Some("2025-09-28 15:05:00 -25200"),
            ),
            (
                "Sep 28, 2025, 12:05 am PST",
                Conventional,
                Some("2025-09-28 00:05:00 -28800"),
            ),
            (
                "28 de septiembre de 2025 15:05 hs.",
                Conventional,
                Some("2025-09-28 15:05:00"),
            ),
            (
                "28 de setembro de 2025 15:05 hs.",
                Conventional,
                Some("2025-09-28 15:05:00"),
            ),
            (
                "2 mar. 2025 09:00",
                Conventional,
                Some("2025-03-02 09:00:00"),
            ),
            ("28/09/2025", Conventional, Some("2025-09-28 00:00:00")),
            ("05/09/2025", DayFirst, Some("2025-09-05 00:00:00")),
            ("05/09/2025", MonthFirst, Some("2025-05-09 00:00:00")),
            ("05/09/2025", Conventional, Some("2025-05-09 00:00:00")),
            (
                "05.09.2025 10:00",
                Conventional,
                Some("2025-09-05 10:00:00"),
            ),
            ("09/28/25", Conventional, Some("2025-09-28 00:00:00")),
            (
                "10/06/2023 11:38:53 AM",
                MonthFirst,
                Some("2023-10-06 11:38:53"),
            ),
            (
                "10/06/2023 12:38:53 AM",
                MonthFirst,
                Some("2023-10-06 00:38:53"),
            ),
            (
                "10/06/2023 12:38:53 PM",
                MonthFirst,
                Some("2023-10-06 12:38:53"),
            ),
            (
                "2025年9月28日 15:05",
                Conventional,
                Some("2025-09-28 15:05:00"),
            ),
            (
                "2025年9月28日 15时05分",
                Conventional,
                Some("2025-09-28 15:05:00"),
            ),
            (
                "2025-09-28 15:05:00 GMT+8",
                Conventional,
                Some("2025-09-28 15:05:00 +28800"),
            ),
            (
                "2025-09-28 15:05:00 +08:00",
                Conventional,
                Some("2025-09-28 15:05:00 +28800"),
            ),
            (
                "2025-09-28T15:05:00.123-0700",
                Conventional,
                Some("2025-09-28 15:05:00 -25200"),
            ),
            (
                "Sep-27-26 10:30:00 PDT",
                Conventional,
                Some("2026-09-27 10:30:00 -25200"),
            ),
            ("27-Sep-26", Conventional, Some("2026-09-27 00:00:00")),
            (
                "Mon, 28 Sep 2025 15:05:00 GMT",
                Conventional,
                Some("2025-09-28 15:05:00 +0"),
            ),
            ("20250928", Conventional, Some("2025-09-28 00:00:00")),
            (
                "2025/9/28 3:05:00 下午",
                Conventional,
                Some("2025-09-28 15:05:00"),
            ),
            (
                "28-09-2025 15:05",
                Conventional,
                Some("2025-09-28 15:05:00"),
            ),
            ("yesterday", Conventional, None),
            ("31.02.2026", Conventional, None),
            ("13/13/2025", Conventional, None),
            ("Sep 2025", Conventional, None),
            ("3:05 pm", Conventional, None),
            ("46217.4166666667", Conventional, None),
            ("order 12345", Conventional, None),
            ("13:05 pm 2025-01-01", Conventional, None),
        ];
        for (s, o, want) in cases {
            assert_eq!(r(s, *o).as_deref(), *want, "{s} {o:?}");
        }
    }

    #[test]
    fn a_column_decides_its_day_order_from_its_values() {
        let mut e = OrderEvidence::default();
        for v in ["05/09/2025", "06/09/2025", "28/09/2025 10:00", "2025-01-01"] {
            e.add(v);
        }
        assert_eq!(e.decide(), Some(DayOrder::DayFirst));
        let mut e = OrderEvidence::default();
        for v in ["05/09/2025", "09/28/25"] {
            e.add(v);
        }
        assert_eq!(e.decide(), Some(DayOrder::MonthFirst));
        let mut e = OrderEvidence::default();
        e.add("05/09/2025");
        assert_eq!((e.decide(), e.either), (None, 1));
    }

    /// Found by the fuzzer: `-1440` after a time read as an offset of 14 h 40 min.
    #[test]
    fn an_offset_past_14_hours_is_not_one() {
        for s in [
            "2026-7-14T0:00:-1440",
            "2026-07-14 10:00:00 -1440",
            "2026-07-14 10:00:00 +14:01",
        ] {
            for order in [
                DayOrder::Conventional,
                DayOrder::DayFirst,
                DayOrder::MonthFirst,
            ] {
                if let Some(r) = read(s, order) {
                    assert!(r.offset.is_none_or(|o| o.abs() <= 14 * 3600), "{s}: {r:?}");
                }
            }
        }
        let r = read("2026-07-14 10:00:00 +1400", DayOrder::Conventional).expect("a time");
        assert_eq!(r.offset, Some(14 * 3600));
    }
}
