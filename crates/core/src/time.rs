//! Calendar arithmetic in the user's zone. The core never reads a clock: every instant comes in.

use chrono::{Datelike, NaiveDate, NaiveDateTime, TimeZone, Timelike};
use chrono_tz::Tz;

use crate::model::Ts;

pub const DEFAULT_ZONE: Tz = chrono_tz::Asia::Shanghai;

/// The zones the page offers for files without one. The page's wasm carries only these
/// (scripts/env.sh filters chrono-tz's database to them; a test keeps the two in step).
pub const PAGE_ZONES: [&str; 8] = [
    "Asia/Shanghai",
    "UTC",
    "America/Los_Angeles",
    "America/New_York",
    "America/Sao_Paulo",
    "Europe/Madrid",
    "Europe/Moscow",
    "Asia/Seoul",
];

/// Parses an IANA zone name ("Asia/Shanghai", "America/Los_Angeles", "UTC").
pub fn parse_zone(name: &str) -> Option<Tz> {
    name.trim().parse::<Tz>().ok()
}

/// The instant of a local wall-clock time. In a DST gap the later reading is used; in an
/// overlap, the earlier (the first time the clock shows it).
pub fn local_to_ts(tz: Tz, local: NaiveDateTime) -> Option<Ts> {
    use chrono::LocalResult;
    match tz.from_local_datetime(&local) {
        LocalResult::Single(t) => Some(Ts::new(t.timestamp())),
        LocalResult::Ambiguous(a, _) => Some(Ts::new(a.timestamp())),
        LocalResult::None => {
            // Spring-forward gap: an hour later always exists.
            let later = local.checked_add_signed(chrono::TimeDelta::hours(1))?;
            tz.from_local_datetime(&later)
                .earliest()
                .map(|t| Ts::new(t.timestamp() - 3600))
        }
    }
}

/// [`local_to_ts`] for many readings in one zone: the offset of a day with no change of offset
/// in it is found once (reading 1M orders meets each day thousands of times, and an order's
/// times fall on several days, so the last 64 days are kept, each in the slot of its number).
#[derive(Clone, Debug)]
pub struct Zone {
    tz: Tz,
    /// (day number from the common era, offset in seconds east of UTC), for days whose
    /// offset held all day; `NO_DAY` where none is kept.
    days: [(i32, i32); ZONE_DAYS],
    /// Dates read as `YYYY-MM-DD` whose offset held all day, and their local midnight (UTC
    /// seconds), a slot per day of the month: a row's times (created, paid, shipped, ...)
    /// fall on a few days, and the next rows' on the same ones.
    dates: [([u8; 10], i64); DATE_SLOTS],
    /// Dates given by their numbers ([`Zone::at`]): (year, month and day in one number, day
    /// number from the common era, UTC seconds of the date's midnight as if it were UTC), a
    /// slot per day of the month.
    numbered: [(u32, i32, i64); DATE_SLOTS],
}

const ZONE_DAYS: usize = 64;
const DATE_SLOTS: usize = 32;

/// The slot of a date written `YYYY-MM-DD`: its day of the month.
fn date_slot(text: &[u8]) -> usize {
    let day = match text {
        [.., a, b] => usize::from(a.wrapping_sub(b'0')) * 10 + usize::from(b.wrapping_sub(b'0')),
        _ => 0,
    };
    day % DATE_SLOTS
}
const NO_DAY: i32 = i32::MIN;

impl Zone {
    pub fn new(tz: Tz) -> Zone {
        Zone {
            tz,
            days: [(NO_DAY, 0); ZONE_DAYS],
            dates: [([0; 10], 0); DATE_SLOTS],
            numbered: [(u32::MAX, 0, 0); DATE_SLOTS],
        }
    }

    /// The instant of a local date and time given by its numbers, at `offset` (seconds east of
    /// UTC) when the text named one, else in this zone: None when the numbers name no date or
    /// time, `Some(None)` when the zone skips that time. Equal to [`Zone::to_ts`] (or the
    /// offset's sum) of `NaiveDate::from_ymd_opt(y, mo, d)?.and_hms_opt(h, mi, s)?`; a date met
    /// before costs no calendar sums.
    pub fn at(
        &mut self,
        (y, mo, d): (i32, u32, u32),
        (h, mi, s): (u32, u32, u32),
        offset: Option<i32>,
    ) -> Option<Option<Ts>> {
        if h > 23 || mi > 59 || s > 59 {
            return None;
        }
        // Years of four digits at most: then the numbers fit one key.
        let key = match (u32::try_from(y), mo, d) {
            (Ok(y @ ..=9999), 1..=12, 1..=31) => Some(y << 9 | mo << 5 | d),
            _ => None,
        };
        let slot = d as usize % DATE_SLOTS;
        let (day, midnight) = match (key, self.numbered[slot]) {
            (Some(key), (kept, day, midnight)) if kept == key => (day, midnight),
            _ => {
                let date = NaiveDate::from_ymd_opt(y, mo, d)?;
                let day = date.num_days_from_ce();
                let midnight = date.and_hms_opt(0, 0, 0)?.and_utc().timestamp();
                if let Some(key) = key {
                    self.numbered[slot] = (key, day, midnight);
                }
                (day, midnight)
            }
        };
        let in_day = i64::from(h * 3600 + mi * 60 + s);
        if let Some(off) = offset {
            return Some(Some(Ts::new(midnight + in_day - i64::from(off))));
        }
        let (kept, off) = self.days[day.rem_euclid(ZONE_DAYS as i32) as usize];
        if kept == day {
            return Some(Some(Ts::new(midnight + in_day - i64::from(off))));
        }
        let local = NaiveDate::from_num_days_from_ce_opt(day)?.and_hms_opt(h, mi, s)?;
        Some(self.to_ts(local))
    }

    pub fn tz(&self) -> Tz {
        self.tz
    }

    /// `YYYY-MM-DD HH:MM:SS` (the shape nearly every export uses) read in this zone: None when
    /// the text is not a valid time of that shape, `Some(None)` when the zone skips it. Equal to
    /// [`Zone::to_ts`] of the time it writes; a date met just before costs no calendar sums.
    pub fn common(&mut self, s: &str) -> Option<Option<Ts>> {
        let b = s.as_bytes();
        if b.len() != 19 || b[10] != b' ' || b[13] != b':' || b[16] != b':' {
            return None;
        }
        let (h, m, sec) = (digits(b, 11..13)?, digits(b, 14..16)?, digits(b, 17..19)?);
        if h > 23 || m > 59 || sec > 59 {
            return None;
        }
        let in_day = i64::from(h * 3600 + m * 60 + sec);
        if let Some(midnight) = self.known_date(&b[..10]) {
            return Some(Some(Ts::new(midnight + in_day)));
        }
        let date = parse_ymd(s.get(..10)?)?;
        let t = self.to_ts(date.and_hms_opt(h, m, sec)?);
        self.remember_date(&b[..10], date, t, in_day);
        Some(t)
    }

    /// The local midnight of `text` (a date written `YYYY-MM-DD`) when it was met before.
    fn known_date(&self, text: &[u8]) -> Option<i64> {
        let (kept, midnight) = &self.dates[date_slot(text)];
        (kept[..] == *text).then_some(*midnight)
    }

    /// Keeps `text` (a date written `YYYY-MM-DD`) with its local midnight from `t` (`in_day`
    /// seconds into it), when its offset held all day.
    fn remember_date(&mut self, text: &[u8], date: NaiveDate, t: Option<Ts>, in_day: i64) {
        let day = date.num_days_from_ce();
        if let (Some(t), Ok(kept)) = (t, text.try_into()) {
            if self.days[day.rem_euclid(ZONE_DAYS as i32) as usize].0 == day {
                self.dates[date_slot(text)] = (kept, t.secs() - in_day);
            }
        }
    }

    /// The ISO 8601 family exports write besides [`Zone::common`], read without a general
    /// parser: `YYYY-MM-DD` then `T` or a space (or `YYYY/MM/DD` and a space), `HH:MM`, optional
    /// `:SS` and a fraction (cut to the second), optional `Z` or `±HH:MM` after seconds (then
    /// the zone is not read). None when the text is not of these shapes (the general parsers
    /// decide); `Some(None)` when the zone skips that time.
    pub fn iso(&mut self, s: &str) -> Option<Option<Ts>> {
        let b = s.as_bytes();
        if b.len() < 16 || b[13] != b':' {
            return None;
        }
        let sep = b[4];
        let ok_sep = match (sep, b[10]) {
            (b'-', b'T' | b' ') => b[7] == b'-',
            (b'/', b' ') => b[7] == b'/',
            _ => false,
        };
        if !ok_sep {
            return None;
        }
        let (y, mo, d) = (digits(b, 0..4)?, digits(b, 5..7)?, digits(b, 8..10)?);
        let (h, m) = (digits(b, 11..13)?, digits(b, 14..16)?);
        let mut at = 16;
        let mut sec = 0;
        let mut seconds = false;
        if b.get(at) == Some(&b':') {
            sec = digits(b, 17..19)?;
            at = 19;
            seconds = true;
            if b.get(at) == Some(&b'.') {
                let n = b[at + 1..]
                    .iter()
                    .take_while(|c| c.is_ascii_digit())
                    .count();
                if !(1..=9).contains(&n) {
                    return None;
                }
                at += 1 + n;
            }
        }
        if h > 23 || m > 59 || sec > 59 {
            return None;
        }
        let offset = match &b[at..] {
            [] => None,
            [b'Z'] if seconds => Some(0),
            [sign @ (b'+' | b'-'), _, _, b':', _, _] if seconds => {
                let (oh, om) = (digits(b, at + 1..at + 3)?, digits(b, at + 4..at + 6)?);
                if oh > 23 || om > 59 {
                    return None;
                }
                let off = (oh * 3600 + om * 60) as i32;
                Some(if *sign == b'-' { -off } else { off })
            }
            _ => return None,
        };
        let in_day = i64::from(h * 3600 + m * 60 + sec);
        // A date met before, in the zone (as `common` keeps it): no calendar sums.
        if offset.is_none() && sep == b'-' {
            if let Some(midnight) = self.known_date(&b[..10]) {
                return Some(Some(Ts::new(midnight + in_day)));
            }
        }
        let date = NaiveDate::from_ymd_opt(y as i32, mo, d)?;
        let local = date.and_hms_opt(h, m, sec)?;
        Some(match offset {
            Some(off) => Some(Ts::new(local.and_utc().timestamp() - i64::from(off))),
            None => {
                let t = self.to_ts(local);
                if sep == b'-' {
                    self.remember_date(&b[..10], date, t, in_day);
                }
                t
            }
        })
    }

    /// Equal to `local_to_ts(self.tz(), local)`.
    pub fn to_ts(&mut self, local: NaiveDateTime) -> Option<Ts> {
        use chrono::{LocalResult, Offset};
        let date = local.date();
        let day = date.num_days_from_ce();
        let slot = day.rem_euclid(ZONE_DAYS as i32) as usize;
        let (kept, offset) = self.days[slot];
        if kept == day {
            return Some(Ts::new(local.and_utc().timestamp() - i64::from(offset)));
        }
        let offset_at = |h, m, s| match self.tz.from_local_datetime(&date.and_hms_opt(h, m, s)?) {
            LocalResult::Single(t) => Some(t.offset().fix().local_minus_utc()),
            _ => None,
        };
        // The same offset at both ends of the day, and no transition between them (zones
        // change offset at most twice a year, never twice in a day and back).
        if let (Some(a), Some(b)) = (offset_at(0, 0, 0), offset_at(23, 59, 59)) {
            if a == b {
                self.days[slot] = (day, a);
            }
        }
        local_to_ts(self.tz, local)
    }
}

/// The local calendar date of an instant.
pub fn local_date(tz: Tz, t: Ts) -> Option<NaiveDate> {
    let utc = chrono::DateTime::from_timestamp(t.secs(), 0)?;
    Some(utc.with_timezone(&tz).date_naive())
}

/// Start (local midnight) of a calendar date in `tz`.
pub fn start_of_date(tz: Tz, d: NaiveDate) -> Option<Ts> {
    local_to_ts(tz, d.and_hms_opt(0, 0, 0)?)
}

/// The start of the local day after the one holding `t`: the default `as_of` (METRICS.md).
pub fn start_of_next_day(tz: Tz, t: Ts) -> Option<Ts> {
    let d = local_date(tz, t)?.succ_opt()?;
    start_of_date(tz, d)
}

/// The 10-day feedback period of a local date: (year, month, 0 | 1 | 2) for days 1-10, 11-20, 21-end.
pub fn feedback_period(d: NaiveDate) -> (i32, u32, u8) {
    let bucket = match d.day() {
        1..=10 => 0,
        11..=20 => 1,
        _ => 2,
    };
    (d.year(), d.month(), bucket)
}

/// Formats an instant as `YYYY-MM-DD HH:MM:SS` in `tz`.
pub fn format_local(tz: Tz, t: Ts) -> String {
    match chrono::DateTime::from_timestamp(t.secs(), 0) {
        Some(utc) => {
            let l = utc.with_timezone(&tz);
            format!(
                "{} {:02}:{:02}:{:02}",
                ymd(l.date_naive()),
                l.hour(),
                l.minute(),
                l.second()
            )
        }
        None => format!("@{}", t.secs()),
    }
}

/// Formats an instant as `YYYY-MM-DD HH:MM` in `tz` (seconds do not decide a deadline a
/// seller reads).
pub fn format_minute(tz: Tz, t: Ts) -> String {
    let mut s = format_local(tz, t);
    if !s.starts_with('@') {
        s.truncate(s.len().saturating_sub(3));
    }
    s
}

/// An instant as a wall clock in a zone shows it, to the minute: minutes from 1970-01-01 00:00
/// on that clock. Written in the worker, which has every zone's rules; shown by the page
/// (`YYYY-MM-DD HH:MM`, as [`format_minute`] writes it) with arithmetic alone. A number
/// crosses to the page in a few bytes where its text took 17 and an allocation.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub struct WallMinute(pub i64);

impl WallMinute {
    /// `t` on the clocks of `tz`.
    pub fn of(tz: Tz, t: Ts) -> WallMinute {
        let offset = chrono::DateTime::from_timestamp(t.secs(), 0).map_or(0, |utc| {
            use chrono::Offset;
            i64::from(utc.with_timezone(&tz).offset().fix().local_minus_utc())
        });
        WallMinute(t.secs().saturating_add(offset).div_euclid(60))
    }
}

impl std::fmt::Display for WallMinute {
    /// As [`format_minute`] writes it, by arithmetic alone and digit by digit (chrono's
    /// calendar, or padded number formats, would add to the page's wasm).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (days, minute) = (self.0.div_euclid(1440), self.0.rem_euclid(1440));
        let (y, m, d) = civil_from_days(days);
        // Room for any year an i64 of minutes reaches (14 digits) and the rest.
        let mut b = [0u8; 40];
        let mut at = b.len();
        let mut put = |mut v: u64, width: usize, then: Option<u8>| {
            if let Some(c) = then {
                at -= 1;
                b[at] = c;
            }
            let mut n = 0;
            while n < width || v > 0 {
                at -= 1;
                b[at] = b'0' + (v % 10) as u8;
                v /= 10;
                n += 1;
            }
        };
        // Written from the end.
        put((minute % 60) as u64, 2, None);
        put((minute / 60) as u64, 2, Some(b':'));
        put(d as u64, 2, Some(b' '));
        put(m as u64, 2, Some(b'-'));
        put(y.unsigned_abs(), 4, Some(b'-'));
        if !(0..=9999).contains(&y) {
            at -= 1;
            b[at] = if y < 0 { b'-' } else { b'+' };
        }
        f.write_str(std::str::from_utf8(&b[at..]).map_err(|_| std::fmt::Error)?)
    }
}

/// The proleptic Gregorian date `days` after 1970-01-01 (Howard Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days.saturating_add(719_468);
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era.saturating_mul(400) + i64::from(m <= 2);
    (y, m, d)
}

/// Formats the local date of an instant as `YYYY-MM-DD`.
pub fn format_date(tz: Tz, t: Ts) -> String {
    local_date(tz, t)
        .map(ymd)
        .unwrap_or_else(|| format!("@{}", t.secs()))
}

/// A date as `YYYY-MM-DD` (by hand: chrono's format strings cost the page 15 KB of wasm).
pub fn ymd(d: NaiveDate) -> String {
    let y = d.year();
    if (0..=9999).contains(&y) {
        format!("{y:04}-{:02}-{:02}", d.month(), d.day())
    } else {
        format!("{y:+05}-{:02}-{:02}", d.month(), d.day())
    }
}

/// Reads a `YYYY-MM-DD` date (what an `<input type="date">` gives), nothing else.
pub fn parse_ymd(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r| digits(b, r);
    NaiveDate::from_ymd_opt(num(0..4)? as i32, num(5..7)?, num(8..10)?)
}

/// The number the bytes `b[r]` write, when they are all ASCII digits (a field of a fixed-width
/// date or time; at most 9 digits).
pub fn digits(b: &[u8], r: std::ops::Range<usize>) -> Option<u32> {
    b.get(r)?.iter().try_fold(0u32, |acc, c| {
        c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A wall minute shows what `format_minute` writes, across offsets, half hours and the
    /// hours a clock skips or repeats.
    #[test]
    fn a_wall_minute_shows_the_minute_format_minute_writes() {
        let zones: [Tz; 5] = [
            chrono_tz::Asia::Shanghai,
            chrono_tz::America::Los_Angeles,
            chrono_tz::America::Sao_Paulo,
            chrono_tz::Asia::Kolkata,
            chrono_tz::UTC,
        ];
        // Every 7 minutes and 13 seconds over two years, summer time's changes included.
        let (start, end) = (1_735_689_600i64, 1_798_761_600i64);
        for tz in zones {
            let mut t = start;
            while t < end {
                let at = Ts::new(t);
                assert_eq!(
                    WallMinute::of(tz, at).to_string(),
                    format_minute(tz, at),
                    "{tz} {t}"
                );
                t += 7 * 60 + 13;
            }
        }
        assert_eq!(WallMinute(-1).to_string(), "1969-12-31 23:59");
        // The extremes write something, and do not panic.
        assert!(WallMinute(i64::MAX).to_string().starts_with('+'));
        assert!(WallMinute(i64::MIN).to_string().starts_with('-'));
        // Days across four centuries, leap days and the years before the epoch included.
        for day in (-800_000i64..800_000).step_by(17) {
            let date = chrono::NaiveDate::from_ymd_opt(1970, 1, 1)
                .and_then(|d| d.checked_add_signed(chrono::Duration::days(day)))
                .expect("a date");
            let want = format!("{} 00:00", ymd(date));
            assert_eq!(WallMinute(day * 1440).to_string(), want, "{day}");
        }
    }

    /// A date and time given by their numbers reads as `to_ts` reads them, in zones with
    /// summer time (through both changes), with offsets, and for numbers that are no date.
    #[test]
    fn times_by_their_numbers_are_to_ts_of_them() {
        for tz in [
            chrono_tz::America::New_York,
            chrono_tz::Europe::London,
            chrono_tz::America::Sao_Paulo,
            chrono_tz::Asia::Shanghai,
        ] {
            let mut kept = Zone::new(tz);
            let mut t = NaiveDate::from_ymd_opt(2025, 1, 1)
                .unwrap()
                .and_hms_opt(0, 7, 3)
                .unwrap();
            let mut n = 0;
            while t.year() < 2027 {
                let (ymd, hms) = (
                    (t.year(), t.month(), t.day()),
                    (t.hour(), t.minute(), t.second()),
                );
                assert_eq!(
                    kept.at(ymd, hms, None),
                    Some(Zone::new(tz).to_ts(t)),
                    "{t} in {tz}"
                );
                let off = (n % 29 - 14) * 3600;
                assert_eq!(
                    kept.at(ymd, hms, Some(off)),
                    Some(Some(Ts::new(t.and_utc().timestamp() - i64::from(off)))),
                    "{t} at {off}"
                );
                t += chrono::TimeDelta::minutes(37);
                n += 1;
            }
            for (ymd, hms) in [
                ((2026, 2, 29), (10, 0, 0)),
                ((2026, 2, 30), (10, 0, 0)),
                ((2026, 13, 1), (10, 0, 0)),
                ((2026, 4, 31), (10, 0, 0)),
                ((2026, 0, 1), (10, 0, 0)),
                ((2026, 7, 14), (24, 0, 0)),
                ((2026, 7, 14), (10, 60, 0)),
                ((2026, 7, 14), (10, 0, 60)),
            ] {
                assert_eq!(kept.at(ymd, hms, None), None, "{ymd:?} {hms:?}");
            }
        }
    }

    #[test]
    fn zone_cache_equals_local_to_ts_through_dst_changes() {
        // Every 37 minutes over two years, in zones with and without daylight saving (both
        // hemispheres), read in order and out of order: the cached day never changes a time.
        for name in PAGE_ZONES
            .iter()
            .chain(&["Australia/Lord_Howe", "Pacific/Apia"])
        {
            let tz = parse_zone(name).unwrap();
            let mut zone = Zone::new(tz);
            let start = NaiveDate::from_ymd_opt(2025, 1, 1)
                .unwrap()
                .and_hms_opt(0, 0, 0)
                .unwrap();
            for i in 0..(2 * 365 * 24 * 60 / 37) {
                let step = if i % 5 == 0 { i / 2 } else { i };
                let local = start + chrono::TimeDelta::minutes(37 * step);
                assert_eq!(zone.to_ts(local), local_to_ts(tz, local), "{name} {local}");
                let text = local.format("%Y-%m-%d %H:%M:%S").to_string();
                assert_eq!(
                    zone.common(&text),
                    Some(local_to_ts(tz, local)),
                    "{name} {text}"
                );
            }
        }
    }

    #[test]
    fn common_times_are_read_as_chrono_reads_them() {
        let mut zone = Zone::new(DEFAULT_ZONE);
        // A leap second (":60") is left to the general parser (chrono reads it).
        let chrono_reads = |s: &str| {
            NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S")
                .ok()
                .filter(|n| s.len() == 19 && n.nanosecond() < 1_000_000_000)
                .map(|n| local_to_ts(DEFAULT_ZONE, n))
        };
        for s in [
            "2026-07-14 10:00:00",
            "2026-07-14 23:59:59",
            "2026-07-14 24:00:00",
            "2026-07-14 10:60:00",
            "2026-07-14 10:00:60",
            "2026-02-29 10:00:00",
            "2028-02-29 10:00:00",
            "2026-07-14 1:00:000",
            "2026-07-14T10:00:00",
            "2026-7-14 10:00:00 ",
            "2026-07-14 10:00:0x",
            "2026-07-14 +1:00:00",
            "２026-07-14 10:00:00",
        ] {
            // Twice: the second reading meets the date just read.
            assert_eq!(zone.common(s), chrono_reads(s), "{s}");
            assert_eq!(zone.common(s), chrono_reads(s), "{s} again");
        }
    }

    #[test]
    fn next_day_is_local_midnight_in_shanghai() {
        // 2026-07-14 23:30 Shanghai = 15:30 UTC.
        let t = local_to_ts(
            DEFAULT_ZONE,
            NaiveDate::from_ymd_opt(2026, 7, 14)
                .unwrap()
                .and_hms_opt(23, 30, 0)
                .unwrap(),
        )
        .unwrap();
        let next = start_of_next_day(DEFAULT_ZONE, t).unwrap();
        assert_eq!(format_local(DEFAULT_ZONE, next), "2026-07-15 00:00:00");
        assert_eq!(next.secs() - t.secs(), 1800);
    }

    #[test]
    fn hand_formatted_dates_and_times_match_chrono() {
        let la = parse_zone("America/Los_Angeles").unwrap();
        for secs in [
            -62_135_596_800,
            -1,
            0,
            951_782_400,
            1_772_236_799,
            253_402_300_799,
        ] {
            let t = Ts::new(secs);
            for tz in [DEFAULT_ZONE, la] {
                let l = chrono::DateTime::from_timestamp(secs, 0)
                    .unwrap()
                    .with_timezone(&tz);
                assert_eq!(
                    format_local(tz, t),
                    l.format("%Y-%m-%d %H:%M:%S").to_string()
                );
                assert_eq!(format_date(tz, t), l.format("%Y-%m-%d").to_string());
            }
        }
        for (y, m, d) in [(2026, 2, 28), (2024, 2, 29), (1, 1, 1), (9999, 12, 31)] {
            let date = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            assert_eq!(ymd(date), date.format("%Y-%m-%d").to_string());
            assert_eq!(parse_ymd(&ymd(date)), Some(date));
        }
    }

    #[test]
    fn only_whole_valid_dates_are_read() {
        for bad in [
            "",
            "2026-2-28",
            "2026-02-30",
            "2026/02/28",
            "+202-02-28",
            "2026-02-2x",
            "２０２６-02-28",
        ] {
            assert_eq!(parse_ymd(bad), None, "{bad}");
        }
    }

    #[test]
    fn feedback_periods_split_at_10_and_20() {
        let d = |day| NaiveDate::from_ymd_opt(2026, 2, day).unwrap();
        assert_eq!(feedback_period(d(10)).2, 0);
        assert_eq!(feedback_period(d(11)).2, 1);
        assert_eq!(feedback_period(d(20)).2, 1);
        assert_eq!(feedback_period(d(21)).2, 2);
        assert_eq!(feedback_period(d(28)).2, 2);
    }

    #[test]
    fn dst_gap_resolves_to_an_existing_instant() {
        let la = parse_zone("America/Los_Angeles").unwrap();
        let gap = NaiveDate::from_ymd_opt(2026, 3, 8)
            .unwrap()
            .and_hms_opt(2, 30, 0)
            .unwrap();
        assert!(local_to_ts(la, gap).is_some());
    }
}

#[cfg(test)]
mod page_zones {
    use super::*;

    /// scripts/env.sh filters the page's time-zone database to exactly PAGE_ZONES.
    #[test]
    fn the_wasm_zone_filter_lists_exactly_the_page_zones() {
        let env = include_str!("../../../scripts/env.sh");
        let line = env
            .lines()
            .find(|l| l.starts_with("PAGE_ZONES_FILTER="))
            .expect("PAGE_ZONES_FILTER in scripts/env.sh");
        let inner = line
            .split_once("'^(")
            .and_then(|(_, rest)| rest.split_once(")$'"))
            .map(|(inner, _)| inner)
            .expect("the filter is '^(A|B|...)$'");
        let mut filtered: Vec<&str> = inner.split('|').collect();
        let mut offered = PAGE_ZONES.to_vec();
        filtered.sort_unstable();
        offered.sort_unstable();
        assert_eq!(filtered, offered);
        for z in PAGE_ZONES {
            assert!(parse_zone(z).is_some(), "{z}");
        }
        assert!(PAGE_ZONES.contains(&DEFAULT_ZONE.name()));
    }
}
