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
enum Tok {
    /// Digits: value (saturated), count of digits.
    Num(u32, usize),
    /// A word, by where it is in the cell (bytes from, to).
    Word(u32, u32),
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

fn tokens(s: &str) -> Option<Vec<Tok>> {
    let mut out = Vec::with_capacity(12);
    let mut i = 0;
    while i < s.len() {
        out.push(next_token(s, &mut i)?);
    }
    Some(out)
}

/// The token at byte `i` of `s`, moving `i` past it; None for a character no date has.
#[inline]
fn next_token(s: &str, i: &mut usize) -> Option<Tok> {
    let b = s.as_bytes();
    let c = *b.get(*i)?;
    if c.is_ascii_digit() {
        let start = *i;
        let mut v: u32 = 0;
        while *i < b.len() && b[*i].is_ascii_digit() {
            v = v.saturating_mul(10).saturating_add(u32::from(b[*i] - b'0'));
            *i += 1;
        }
        return Some(Tok::Num(v, *i - start));
    }
    if c.is_ascii() {
        // The ASCII punctuation and letters, without decoding a character.
        *i += 1;
        return Some(match c {
            b':' => Tok::Colon,
            b'.' => Tok::Dot,
            b'+' => Tok::Plus,
            b'-' => Tok::Minus,
            b'/' => Tok::Slash,
            b',' | b' ' | b'\t' | b'(' | b')' | b'[' | b']' | b'\'' | b'_' | b'|' => Tok::Sep,
            c if c.is_ascii_alphabetic() => {
                *i -= 1;
                return word(s, i);
            }
            _ => return None,
        });
    }
    let ch = s.get(*i..)?.chars().next()?;
    let tok = match ch {
        '：' => Tok::Colon,
        '−' => Tok::Minus,
        '年' | '月' | '日' | '时' | '分' | '秒' | '点' => Tok::Cjk(ch),
        '\u{a0}' | '\u{3000}' | '，' | '（' | '）' => Tok::Sep,
        ch if ch.is_alphabetic() => return word(s, i),
        _ => return None,
    };
    *i += ch.len_utf8();
    Some(tok)
}

/// The word that starts at byte `i` of `s`: letters up to the next other character (a
/// Chinese date's characters are not letters of a word).
fn word(s: &str, i: &mut usize) -> Option<Tok> {
    let b = s.as_bytes();
    let start = *i;
    while *i < b.len() {
        let c = b[*i];
        if c.is_ascii_alphabetic() {
            *i += 1;
            continue;
        }
        if c.is_ascii() {
            break;
        }
        match s.get(*i..).and_then(|r| r.chars().next()) {
            Some(ch)
                if ch.is_alphabetic()
                    && !matches!(ch, '年' | '月' | '日' | '时' | '分' | '秒' | '点') =>
            {
                *i += ch.len_utf8();
            }
            _ => break,
        }
    }
    s.get(start..*i)?;
    Some(Tok::Word(
        u32::try_from(start).ok()?,
        u32::try_from(*i).ok()?,
    ))
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
    let d = decide(s, &toks)?;
    build(&toks, &d, order, year_given, &Words::of(s, &toks, &d))?.read()
}

/// A word's meanings: the month, zone and half of the day it names, whether it is a filler,
/// and whether it is longer than a letter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct WordClass {
    month: Option<u32>,
    zone: Option<i32>,
    meridiem: Option<bool>,
    filler: bool,
    long: bool,
}

impl WordClass {
    fn of(w: &str) -> WordClass {
        WordClass {
            month: month_word(w),
            zone: zone_word(w),
            meridiem: meridiem(w),
            filler: filler(w),
            long: w.len() > 1,
        }
    }

    /// What `decide` reads of it (the values are `build`'s).
    fn kind(&self) -> (bool, bool, bool, bool, bool) {
        (
            self.month.is_some(),
            self.zone.is_some(),
            self.meridiem.is_some(),
            self.filler,
            self.long,
        )
    }
}

/// Which token is which part of a cell's date and time, decided from the tokens' kinds, the
/// numbers' digit counts and the words' classes, never from their values: cells of one shape
/// get one decision. Only [`signed_offset`], which reads values, is tried again per cell.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Decision {
    /// The hour, minute and second tokens.
    time: Option<(usize, usize, Option<usize>)>,
    /// Where an offset was tried, and how many tokens it took (None: it was not one).
    tries: Vec<(usize, Option<usize>)>,
    /// The sign of the offset taken.
    offset: Option<usize>,
    /// The zone word, the half-of-day word and the month word taken.
    named: Option<usize>,
    pm: Option<usize>,
    month: Option<usize>,
    /// The date's numbers, in order, and whether a dot or hyphen separates them.
    nums: Vec<usize>,
    dot_or_dash: bool,
}

fn decide(s: &str, toks: &[Tok]) -> Option<Decision> {
    let mut used = vec![false; toks.len()];
    let mut d = Decision::default();
    // The time: h:mm[:ss[.fff]] (or 15时05分), then am/pm.
    let mut time_end = None;
    for i in 0..toks.len() {
        if let (Some(Tok::Num(_, hl)), Some(Tok::Colon), Some(Tok::Num(_, 2))) =
            (toks.get(i), toks.get(i + 1), toks.get(i + 2))
        {
            if *hl > 2 {
                continue;
            }
            let mut end = i + 3;
            let mut sec = None;
            if let (Some(Tok::Colon), Some(Tok::Num(_, 2))) = (toks.get(end), toks.get(end + 1)) {
                sec = Some(end + 1);
                end += 2;
                // A fraction of a second.
                if let (Some(Tok::Dot), Some(Tok::Num(_, _))) = (toks.get(end), toks.get(end + 1)) {
                    end += 2;
                }
            }
            d.time = Some((i, i + 2, sec));
            for u in used.iter_mut().take(end).skip(i) {
                *u = true;
            }
            time_end = Some(end);
            break;
        }
        if let (
            Some(Tok::Num(_, hl)),
            Some(Tok::Cjk('时' | '点')),
            Some(Tok::Num(_, _)),
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
            let mut sec = None;
            if let (Some(Tok::Num(_, _)), Some(Tok::Cjk('秒'))) = (toks.get(end), toks.get(end + 1))
            {
                sec = Some(end);
                end += 2;
            }
            d.time = Some((i, i + 2, sec));
            for u in used.iter_mut().take(end).skip(i) {
                *u = true;
            }
            time_end = Some(end);
            break;
        }
    }
    // The offset (`UTC-7`, `GMT+08:00`, or a sign and digits right after the time:
    // `15:05:00 -0700`), the zone, month and half-of-day words, the fillers.
    let timed = d.time.is_some();
    let mut i = 0;
    while i < toks.len() {
        if used[i] {
            i += 1;
            continue;
        }
        match toks[i] {
            Tok::Word(from, to) => {
                let after_time = time_end.is_some_and(|e| i >= e);
                let c = WordClass::of(s.get(from as usize..to as usize)?);
                if c.zone.is_some() {
                    // `UTC-7`, `GMT+8`: the word is the base of the offset that follows.
                    let tried = signed_offset(toks, i + 1);
                    d.tries.push((i + 1, tried.map(|(k, _)| k)));
                    if let Some((k, _)) = tried {
                        d.offset = Some(i + 1);
                        for u in used.iter_mut().take(i + 1 + k).skip(i) {
                            *u = true;
                        }
                        i += 1 + k;
                        continue;
                    }
                }
                if c.month.is_some() && d.month.is_none() {
                    d.month = Some(i);
                } else if c.meridiem.is_some() && timed && after_time {
                    d.pm = Some(i);
                } else if c.zone.is_some() && (timed || c.long) {
                    d.named = Some(i);
                } else if c.filler {
                } else if c.meridiem.is_some() && timed {
                    // `下午 3:05`: before the time.
                    d.pm = Some(i);
                } else {
                    return None;
                }
                used[i] = true;
            }
            Tok::Plus | Tok::Minus if time_end.is_some_and(|e| i >= e) && d.offset.is_none() => {
                let tried = signed_offset(toks, i);
                d.tries.push((i, tried.map(|(k, _)| k)));
                if let Some((k, _)) = tried {
                    d.offset = Some(i);
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
    // What is left: the date's numbers, in order, and what separates them.
    for (i, (t, u)) in toks.iter().zip(&used).enumerate() {
        match t {
            Tok::Num(..) if !u => d.nums.push(i),
            Tok::Dot | Tok::Minus if !u => d.dot_or_dash = true,
            _ => {}
        }
    }
    Some(d)
}

/// The values of the words a decision took.
struct Words {
    month: Option<u32>,
    named: Option<i32>,
    pm: Option<bool>,
}

impl Words {
    fn of(s: &str, toks: &[Tok], d: &Decision) -> Words {
        let word = |i: Option<usize>| match i.and_then(|i| toks.get(i)) {
            Some(Tok::Word(from, to)) => s.get(*from as usize..*to as usize),
            _ => None,
        };
        Words {
            month: word(d.month).and_then(month_word),
            named: word(d.named).and_then(zone_word),
            pm: word(d.pm).and_then(meridiem),
        }
    }
}

/// The date and time the tokens give as `d` decided.
fn build(
    toks: &[Tok],
    d: &Decision,
    order: DayOrder,
    year_given: Option<i32>,
    words: &Words,
) -> Option<Parts> {
    let num = |i: usize| match toks.get(i) {
        Some(Tok::Num(v, n)) => Some((*v, *n)),
        _ => None,
    };
    let time = match d.time {
        Some((h, m, sec)) => Some((
            num(h)?.0,
            num(m)?.0,
            match sec {
                Some(s) => num(s)?.0,
                None => 0,
            },
        )),
        None => None,
    };
    let offset = d
        .offset
        .and_then(|at| signed_offset(toks, at))
        .map(|(_, off)| off)
        .or(words.named);
    let mut nums = [(0, 0); 3];
    if d.nums.len() > 3 {
        return None;
    }
    for (slot, i) in nums.iter_mut().zip(&d.nums) {
        *slot = num(*i)?;
    }
    let nums = &nums[..d.nums.len()];
    let year = |(v, n): (u32, usize)| -> Option<i32> {
        match n {
            4 => i32::try_from(v).ok(),
            2 => i32::try_from(v).ok().map(|y| 2000 + y),
            _ => None,
        }
    };
    let (y, mo, day) = match (words.month, nums, year_given) {
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
                if day_first(a.0, b.0, order, d.dot_or_dash) {
                    (year(*c)?, b.0, a.0)
                } else {
                    (year(*c)?, a.0, b.0)
                }
            }
            _ => return None,
        },
    };
    let (h, m, sec) = time.unwrap_or((0, 0, 0));
    Some(Parts {
        date: (y, mo, day),
        time: (hour_of_day(h, words.pm)?, m, sec),
        offset,
    })
}

/// A cell's date and time as its numbers and words give them, before they are checked to
/// name a day and a time of day: [`Parts::read`] checks them, and so does a zone's `at`,
/// which keeps the dates it has met (no calendar sums for the next cell of the same day).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Parts {
    /// Year, month, day.
    pub date: (i32, u32, u32),
    /// Hour (of 24), minute, second.
    pub time: (u32, u32, u32),
    /// The offset the cell names, in seconds east of UTC.
    pub offset: Option<i32>,
}

impl Parts {
    /// The date and time, when the numbers name them.
    pub fn read(self) -> Option<Read> {
        let ((y, mo, d), (h, mi, s)) = (self.date, self.time);
        Some(Read {
            local: NaiveDate::from_ymd_opt(y, mo, d)?.and_time(NaiveTime::from_hms_opt(h, mi, s)?),
            offset: self.offset,
        })
    }
}

/// How a column writes its dates, learned from cells the general reader read ([`read`]):
/// the shapes met (tokens' kinds, digit counts, words' classes) with what was decided for
/// each, and the words met with their meanings. A cell of a known shape is read from its
/// tokens without the general reader's decisions, word tables or allocations, and reads as
/// the general reader would read it (`a_plan_reads_as_the_general_reader_does`).
#[derive(Clone, Debug, Default)]
pub struct Plan {
    shapes: Vec<(Vec<Shape>, Decision)>,
    words: Vec<(WordKey, WordClass)>,
    /// The shape the last cell read had.
    last: usize,
    /// A cell's tokens and their words' classes, room kept from cell to cell.
    toks: Vec<Tok>,
    classes: Vec<Option<WordClass>>,
    /// The shapes met, compiled to where their bytes are, and the one the last cell fitted.
    layouts: Vec<Layout>,
    last_layout: usize,
}

/// A shape compiled to byte positions, from a cell the plan read: a cell as long as that one,
/// with digits where it had digits, ASCII letters where it had them and every other byte
/// the same, has the same tokens (numbers of the same digit counts, words in the same
/// places), so it is read without tokenising; its words still need their classes.
#[derive(Clone, Debug)]
struct Layout {
    /// The cell it was compiled from.
    cell: Box<[u8]>,
    /// What each byte of a cell must be, eight bytes to a word: the bytes that must be the
    /// cell's (`same`, and their values), digits, and ASCII letters (0xFF where it applies).
    same: [u64; LAYOUT_WORDS],
    values: [u64; LAYOUT_WORDS],
    digits: [u64; LAYOUT_WORDS],
    letters: [u64; LAYOUT_WORDS],
    /// That cell's tokens: a cell read by the layout puts its own numbers in.
    toks: Box<[Tok]>,
    /// Each number: its token and where its digits are.
    nums: Box<[(usize, usize, usize)]>,
    words: Box<[LaidWord]>,
    decision: Decision,
}

/// A word of a layout: its token, its class in the layout's cell, and the last other word
/// met there with its class (a column's months change from cell to cell, a few at a time).
#[derive(Clone, Copy, Debug)]
struct LaidWord {
    tok: usize,
    class: WordClass,
    other: (WordKey, WordClass),
}

/// What a byte of a layout must be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Byte {
    Digit,
    Letter,
    Same,
}

impl Layout {
    /// Whether `b` has this layout's bytes, eight at a time.
    fn fits(&self, b: &[u8]) -> bool {
        if b.len() != self.cell.len() {
            return false;
        }
        const LO: u64 = 0x0F0F_0F0F_0F0F_0F0F;
        const HI: u64 = 0x8080_8080_8080_8080;
        let (whole, rest) = b.as_chunks::<8>();
        let mut last = [0u8; 8];
        last[..rest.len()].copy_from_slice(rest);
        let words = whole.iter().chain((!rest.is_empty()).then_some(&last));
        words.enumerate().all(|(k, lane)| {
            let x = u64::from_le_bytes(*lane);
            let same = (x ^ self.values[k]) & self.same[k] == 0;
            // A digit: high half 3, low half 0 to 9 (adding 6 does not reach the high half).
            let digit = ((x & !LO) ^ 0x3030_3030_3030_3030) & self.digits[k] == 0
                && ((x & LO) + 0x0606_0606_0606_0606) & !LO & self.digits[k] == 0;
            // An ASCII letter: lower-cased, from `a` (0x61) to `z` (0x7A); no lane carries
            // into the next (every lane is at most 0x7F before the sums).
            let y = (x | 0x2020_2020_2020_2020) & !HI;
            let from_a = (y + 0x1F1F_1F1F_1F1F_1F1F) & HI;
            let past_z = (y + 0x0505_0505_0505_0505) & HI;
            let letter = ((x & HI) | (!from_a & HI) | past_z) & self.letters[k] == 0;
            same && digit && letter
        })
    }
}

/// A token as a shape holds it: a number by its digit count, a word by its class.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shape {
    Num(usize),
    Word((bool, bool, bool, bool, bool)),
    Colon,
    Dot,
    Plus,
    Minus,
    Slash,
    Cjk(char),
    Sep,
}

/// A word's bytes and its length, in one number (compared in one instruction).
type WordKey = u128;

fn key_of(w: &str) -> Option<WordKey> {
    if w.len() > 15 {
        return None;
    }
    let mut k = [0u8; 16];
    k[..w.len()].copy_from_slice(w.as_bytes());
    k[15] = w.len() as u8;
    Some(u128::from_le_bytes(k))
}

/// The shapes a column keeps (a day or hour of one digit or two is another shape).
const SHAPES: usize = 16;
/// The words it keeps (months, halves of the day, zones, fillers).
const WORDS: usize = 48;
/// The tokens of a cell read by a plan.
const TOKENS: usize = 24;
/// The layouts a column keeps (a month name of another length is another layout), and the
/// longest cell one is compiled from.
const LAYOUTS: usize = 24;
const LAYOUT_BYTES: usize = 64;
const LAYOUT_WORDS: usize = LAYOUT_BYTES / 8;

impl Plan {
    /// Reads `s` if its shape is one the plan knows (None: ask the general reader, then
    /// [`Plan::learn`]).
    pub fn read(&mut self, s: &str, order: DayOrder) -> Option<Parts> {
        if self.shapes.is_empty() {
            return None;
        }
        if let Some(read) = self.read_laid_out(s, order) {
            return read;
        }
        // The cell's tokens and its words' classes, in buffers the plan keeps.
        let (mut toks, mut classes) = (
            std::mem::take(&mut self.toks),
            std::mem::take(&mut self.classes),
        );
        let read = self.read_in(s, order, &mut toks, &mut classes);
        (self.toks, self.classes) = (toks, classes);
        read
    }

    fn read_in(
        &mut self,
        s: &str,
        order: DayOrder,
        toks: &mut Vec<Tok>,
        classes: &mut Vec<Option<WordClass>>,
    ) -> Option<Parts> {
        toks.clear();
        classes.clear();
        let mut i = 0;
        while i < s.len() {
            if toks.len() == TOKENS {
                return None;
            }
            let t = next_token(s, &mut i)?;
            classes.push(match t {
                Tok::Word(from, to) => Some(self.class(s.get(from as usize..to as usize)?)?),
                _ => None,
            });
            toks.push(t);
        }
        let (toks, classes) = (&toks[..], &classes[..]);
        let fits = |shape: &[Shape]| {
            shape.len() == toks.len()
                && shape
                    .iter()
                    .zip(toks)
                    .zip(classes)
                    .all(|((sh, t), c)| match (sh, t) {
                        (Shape::Num(a), Tok::Num(_, b)) => a == b,
                        (Shape::Word(k), Tok::Word(..)) => c.is_some_and(|c| c.kind() == *k),
                        (Shape::Colon, Tok::Colon)
                        | (Shape::Dot, Tok::Dot)
                        | (Shape::Plus, Tok::Plus)
                        | (Shape::Minus, Tok::Minus)
                        | (Shape::Slash, Tok::Slash)
                        | (Shape::Sep, Tok::Sep) => true,
                        (Shape::Cjk(a), Tok::Cjk(b)) => a == b,
                        _ => false,
                    })
        };
        // The shape of the cell before first: a column's cells mostly share one.
        let last = self.last.min(self.shapes.len() - 1);
        let d = match fits(&self.shapes[last].0) {
            true => last,
            false => self.shapes.iter().position(|(shape, _)| fits(shape))?,
        };
        self.last = d;
        let d = &self.shapes[d].1;
        // The one decision that reads values: an offset's sign and digits.
        for (at, took) in &d.tries {
            if signed_offset(toks, *at).map(|(k, _)| k) != *took {
                return None;
            }
        }
        let class = |i: Option<usize>| i.and_then(|i| classes.get(i).copied().flatten());
        let words = Words {
            month: class(d.month).and_then(|c| c.month),
            named: class(d.named).and_then(|c| c.zone),
            pm: class(d.pm).and_then(|c| c.meridiem),
        };
        let read = build(toks, d, order, None, &words)?;
        let d = d.clone();
        self.lay_out(s, toks, classes, d);
        Some(read)
    }

    /// Reads `s` by a layout it fits: `Some` of what the general reader reads, None when no
    /// layout fits (ask the shapes). A layout fits when the bytes do, its words have the
    /// classes its cell's had, and the offsets its decision tried read as they did.
    fn read_laid_out(&mut self, s: &str, order: DayOrder) -> Option<Option<Parts>> {
        let b = s.as_bytes();
        let n = self.layouts.len();
        for k in 0..n {
            // The layout of the cell before first (no division: this is per cell).
            let at = match self.last_layout + k {
                at if at >= n => at - n,
                at => at,
            };
            if !self.layouts[at].fits(b) {
                continue;
            }
            if let Some(read) = self.read_by(at, s, order) {
                self.last_layout = at;
                return Some(read);
            }
        }
        None
    }

    /// Reads `s`, whose bytes fit layout `at`: None when its words or offsets make it another
    /// shape.
    fn read_by(&mut self, at: usize, s: &str, order: DayOrder) -> Option<Option<Parts>> {
        let b = s.as_bytes();
        let Plan {
            layouts,
            words: met,
            ..
        } = self;
        let l = &mut layouts[at];
        // The layout's tokens with this cell's numbers (its words are where they were).
        for &(t, from, to) in &l.nums[..] {
            let d = |i: usize| u32::from(b[i] - b'0');
            let v = match to - from {
                1 => d(from),
                2 => d(from) * 10 + d(from + 1),
                4 => d(from) * 1000 + d(from + 1) * 100 + d(from + 2) * 10 + d(from + 3),
                _ => b[from..to].iter().fold(0u32, |v, c| {
                    v.saturating_mul(10).saturating_add(u32::from(c - b'0'))
                }),
            };
            l.toks[t] = Tok::Num(v, to - from);
        }
        let mut words = Words {
            month: None,
            named: None,
            pm: None,
        };
        for LaidWord {
            tok: t,
            class: was,
            other,
        } in &mut l.words[..]
        {
            let Tok::Word(from, to) = l.toks[*t] else {
                return None;
            };
            let (from, to) = (from as usize, to as usize);
            // A byte at a time: words are a few letters, too short for `memcmp`.
            let same = b[from..to]
                .iter()
                .zip(&l.cell[from..to])
                .all(|(x, y)| x == y);
            let class = if same {
                *was
            } else {
                let w = s.get(from..to)?;
                let key = key_of(w)?;
                if other.0 != key {
                    *other = (key, class_in(met, w)?);
                }
                if other.1.kind() != was.kind() {
                    return None;
                }
                other.1
            };
            let (t, d) = (*t, &l.decision);
            if d.month == Some(t) {
                words.month = class.month;
            } else if d.named == Some(t) {
                words.named = class.zone;
            } else if d.pm == Some(t) {
                words.pm = class.meridiem;
            }
        }
        let (d, toks) = (&l.decision, &l.toks[..]);
        for (at, took) in &d.tries {
            if signed_offset(toks, *at).map(|(k, _)| k) != *took {
                return None;
            }
        }
        Some(build(toks, d, order, None, &words))
    }

    /// Compiles the shape of `s` (read by decision `d`, with these tokens and their words'
    /// classes) to byte positions.
    fn lay_out(&mut self, s: &str, toks: &[Tok], classes: &[Option<WordClass>], d: Decision) {
        // A column with more layouts than kept reads the rest by their shapes.
        if s.len() > LAYOUT_BYTES || self.layouts.len() == LAYOUTS {
            return;
        }
        let b = s.as_bytes();
        let mut bytes = vec![Byte::Same; b.len()];
        let (mut nums, mut words) = (Vec::new(), Vec::new());
        let mut i = 0;
        for (t, (tok, class)) in toks.iter().zip(classes).enumerate() {
            let from = i;
            if next_token(s, &mut i).as_ref() != Some(tok) {
                return;
            }
            match tok {
                Tok::Num(..) => {
                    bytes[from..i].fill(Byte::Digit);
                    nums.push((t, from, i));
                }
                Tok::Word(..) => {
                    let Some(class) = class else {
                        return;
                    };
                    for (k, c) in bytes[from..i].iter_mut().zip(&b[from..i]) {
                        if c.is_ascii_alphabetic() {
                            *k = Byte::Letter;
                        }
                    }
                    let key = key_of(s.get(from..i).unwrap_or_default()).unwrap_or_default();
                    words.push(LaidWord {
                        tok: t,
                        class: *class,
                        other: (key, *class),
                    });
                }
                _ => {}
            }
        }
        if i != b.len() {
            return;
        }
        let mask = |what: Byte| {
            let mut m = [0u64; LAYOUT_WORDS];
            for (i, k) in bytes.iter().enumerate() {
                if *k == what {
                    m[i / 8] |= 0xFF << (8 * (i % 8));
                }
            }
            m
        };
        let mut values = [0u64; LAYOUT_WORDS];
        for (i, c) in b.iter().enumerate() {
            values[i / 8] |= u64::from(*c) << (8 * (i % 8));
        }
        let layout = Layout {
            cell: b.into(),
            same: mask(Byte::Same),
            values,
            digits: mask(Byte::Digit),
            letters: mask(Byte::Letter),
            toks: toks.into(),
            nums: nums.into(),
            words: words.into(),
            decision: d,
        };
        self.layouts.push(layout);
    }

    /// Learns the shape of `s`, which the general reader read: the next cell of that shape is
    /// read by [`Plan::read`].
    pub fn learn(&mut self, s: &str) {
        let Some(toks) = tokens(s).filter(|t| t.len() <= TOKENS) else {
            return;
        };
        let Some(d) = decide(s, &toks) else {
            return;
        };
        let mut shape = Vec::with_capacity(toks.len());
        for t in &toks {
            shape.push(match t {
                Tok::Num(_, n) => Shape::Num(*n),
                Tok::Word(from, to) => match s
                    .get(*from as usize..*to as usize)
                    .and_then(|w| self.class(w))
                {
                    Some(c) => Shape::Word(c.kind()),
                    None => return,
                },
                Tok::Colon => Shape::Colon,
                Tok::Dot => Shape::Dot,
                Tok::Plus => Shape::Plus,
                Tok::Minus => Shape::Minus,
                Tok::Slash => Shape::Slash,
                Tok::Cjk(c) => Shape::Cjk(*c),
                Tok::Sep => Shape::Sep,
            });
        }
        if self.shapes.len() == SHAPES {
            self.shapes.pop();
        }
        self.shapes.push((shape, d));
    }

    /// A word's class, from the words met (the tables once per new word).
    fn class(&mut self, w: &str) -> Option<WordClass> {
        class_in(&mut self.words, w)
    }
}

/// A word's class, from the words `met` (the tables once per new word, kept in `met`).
fn class_in(met: &mut Vec<(WordKey, WordClass)>, w: &str) -> Option<WordClass> {
    let key = key_of(w)?;
    if let Some((_, c)) = met.iter().find(|(k, _)| *k == key) {
        return Some(*c);
    }
    let c = WordClass::of(w);
    if met.len() < WORDS {
        met.push((key, c));
    }
    Some(c)
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
        Tok::Word(from, to) => s
            .trim()
            .get(*from as usize..*to as usize)
            .and_then(month_word)
            .is_some(),
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

    /// What a column's cells read as through a plan (the general reader where the plan has
    /// not met the shape, then learning it), and how many the plan read itself.
    fn through_plan(cells: &[String], order: DayOrder) -> (Vec<Option<Read>>, usize, Plan) {
        let mut plan = Plan::default();
        let mut planned = 0;
        let read_all = cells
            .iter()
            .map(|c| match plan.read(c, order) {
                Some(p) => {
                    planned += 1;
                    p.read()
                }
                None => {
                    let r = read(c, order);
                    if r.is_some() {
                        plan.learn(c);
                    }
                    r
                }
            })
            .collect();
        (read_all, planned, plan)
    }

    /// The forms real exports write (eBay, a US month name with a 12-hour clock, Mercado
    /// Libre and Mercado Livre, Chinese with and without 时分, an RFC 2822 date, offsets after
    /// a zone word or the time, two-digit years, a compact date) with a fresh date and time
    /// per cell: a plan reads each as the general reader does, and reads nearly all of them.
    #[test]
    fn a_plan_reads_as_the_general_reader_does() {
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
            "setiembre",
            "octubre",
            "noviembre",
            "diciembre",
        ];
        const MESES_PT: [&str; 12] = [
            "janeiro",
            "fevereiro",
            "março",
            "abril",
            "maio",
            "junho",
            "julho",
            "agosto",
            "setembro",
            "outubro",
            "novembro",
            "dezembro",
        ];
        /// A form: year, month, day, hour, minute, second to a cell.
        type Form = fn(u32, u32, u32, u32, u32, u32) -> String;
        let forms: Vec<(&str, Form)> = vec![
            ("ebay", |y, mo, d, h, mi, s| {
                let z = if mo > 3 && mo < 11 { "PDT" } else { "PST" };
                format!(
                    "{}-{d:02}-{:02} {h:02}:{mi:02}:{s:02} {z}",
                    MONTHS[mo as usize - 1],
                    y % 100
                )
            }),
            ("us words", |y, mo, d, h, mi, _| {
                let (h12, m) = (
                    if h.is_multiple_of(12) { 12 } else { h % 12 },
                    if h < 12 { "am" } else { "PM" },
                );
                format!(
                    "{} {d}, {y}, {h12}:{mi:02} {m} PDT(UTC-7)",
                    MONTHS[mo as usize - 1]
                )
            }),
            ("mercado libre", |y, mo, d, h, mi, _| {
                format!(
                    "{d} de {} de {y} {h:02}:{mi:02} hs.",
                    MESES[mo as usize - 1]
                )
            }),
            ("mercado livre", |y, mo, d, h, mi, _| {
                format!(
                    "{d} de {} de {y} às {h:02}:{mi:02}",
                    MESES_PT[mo as usize - 1]
                )
            }),
            ("chinese", |y, mo, d, h, mi, s| {
                format!("{y}年{mo}月{d}日 {h:02}:{mi:02}:{s:02}")
            }),
            ("chinese 时分", |y, mo, d, h, mi, _| {
                format!("{y}年{mo}月{d}日 {h}时{mi}分")
            }),
            ("rfc 2822", |y, mo, d, h, mi, s| {
                format!(
                    "Mon, {d:02} {} {y} {h:02}:{mi:02}:{s:02} GMT",
                    MONTHS[mo as usize - 1]
                )
            }),
            ("gmt offset", |y, mo, d, h, mi, s| {
                format!("{y}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02} GMT+{}", (d % 16))
            }),
            ("offset after", |y, mo, d, h, mi, s| {
                format!("{y}-{mo}-{d} {h}:{mi:02}:{s:02} -{:02}{:02}", d % 16, mi)
            }),
            ("two-digit year", |y, mo, d, _, _, _| {
                format!("{mo:02}/{d:02}/{:02}", y % 100)
            }),
            ("dotted", |y, mo, d, h, mi, _| {
                format!("{d}.{mo}.{y} {h}:{mi:02}")
            }),
            ("compact", |y, mo, d, _, _, _| format!("{y}{mo:02}{d:02}")),
            ("chinese pm", |y, mo, d, h, mi, s| {
                let half = if h < 12 { "上午" } else { "下午" };
                format!(
                    "{y}/{mo}/{d} {}:{mi:02}:{s:02} {half}",
                    if h.is_multiple_of(12) { 12 } else { h % 12 }
                )
            }),
        ];
        // A small generator of days and times, no randomness crate needed.
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = |n: u32| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x % u64::from(n)) as u32
        };
        for (name, form) in &forms {
            for order in [
                DayOrder::Conventional,
                DayOrder::DayFirst,
                DayOrder::MonthFirst,
            ] {
                let cells: Vec<String> = (0..400)
                    .map(|_| {
                        // Now and then a day that does not exist (31 February, 30 February).
                        let (mo, d) = (1 + next(12), 1 + next(31));
                        form(2020 + next(10), mo, d, next(24), next(60), next(60))
                    })
                    .collect();
                let (planned, served, mut plan) = through_plan(&cells, order);
                for (c, got) in cells.iter().zip(&planned) {
                    assert_eq!(*got, read(c, order), "{name}: {c} {order:?}");
                }
                assert!(
                    served >= 300,
                    "{name} {order:?}: the plan read {served} of 400"
                );
                // Its layouts alone, after it has met the column: each cell one fits reads
                // as the general reader reads it, and nearly every cell fits one.
                let mut laid_out = 0;
                for c in &cells {
                    if let Some(got) = plan.read_laid_out(c, order) {
                        laid_out += 1;
                        assert_eq!(
                            got.and_then(Parts::read),
                            read(c, order),
                            "{name} (layout): {c} {order:?}"
                        );
                    }
                }
                assert!(
                    laid_out >= 300,
                    "{name} {order:?}: layouts read {laid_out} of 400"
                );
            }
        }
    }

    proptest::proptest! {
        /// Real forms with their numbers and words changed (digit counts, values, words of
        /// every class and none, offsets in and out of range): read through one plan, in
        /// any order, each cell reads as the general reader reads it.
        #[test]
        fn a_plan_never_reads_otherwise_than_the_general_reader(
            cells in proptest::collection::vec(
                (
                    0usize..8,
                    proptest::collection::vec(0u32..100_000, 8),
                    proptest::collection::vec(0usize..20, 4),
                    1usize..5,
                ),
                1..60,
            ),
            order in 0usize..3,
        ) {
            const TEMPLATES: [&str; 8] = [
                "W-N-N N:N:N W",
                "W N, N, N:N W W(W-N)",
                "N de W de N N:N W.",
                "N年N月N日 N时N分",
                "W, N W N N:N:N W",
                "N-N-N N:N:N W+N",
                "N/N/N N:N:N -N",
                "N.N.N W N:N",
            ];
            const WORDS: [&str; 20] = [
                "Sep", "sept", "de", "PM", "am", "PDT", "UTC", "GMT", "Z", "a", "m", "Mon",
                "hs", "setembro", "上午", "下午", "CST", "at", "xyz", "t",
            ];
            let order = [DayOrder::Conventional, DayOrder::DayFirst, DayOrder::MonthFirst][order];
            let cells: Vec<String> = cells
                .iter()
                .map(|(t, nums, words, width)| {
                    let (mut n, mut w) = (nums.iter().cycle(), words.iter().cycle());
                    let mut out = String::new();
                    for ch in TEMPLATES[*t].chars() {
                        match ch {
                            'N' => {
                                let v = n.next().copied().unwrap_or(0);
                                let s = format!("{v:0width$}", width = *width);
                                out.push_str(&s[s.len().saturating_sub(*width.max(&1))..]);
                            }
                            'W' => out.push_str(WORDS[*w.next().unwrap_or(&0)]),
                            c => out.push(c),
                        }
                    }
                    out
                })
                .collect();
            let (planned, _, _) = through_plan(&cells, order);
            for (c, got) in cells.iter().zip(&planned) {
                proptest::prop_assert_eq!(*got, read(c, order), "{}", c);
            }
        }
    }
}
