//! The cell parsers: dates, money, numbers, stars, enumerations, ids, tracking cells.
#![no_main]
use libfuzzer_sys::fuzz_target;
use storescore_core::metrics::plausible_tracking;
use storescore_core::time::DEFAULT_ZONE;
use ingest::values::*;

fuzz_target!(|s: &str| {
    let _ = parse_ts(s, DEFAULT_ZONE);
    let _ = parse_ts(s, chrono_tz_zone());
    if let Ok(Some((v, _))) = parse_money(s) {
        assert!(v.is_finite());
    }
    let _ = parse_number(s);
    if let Ok(Some(x)) = parse_stars(s) {
        assert!((1..=5).contains(&x));
    }
    let _ = parse_bool(s);
    let _ = (parse_initiator(s), parse_sender(s), parse_kind(s), parse_outcome(s));
    let _ = (id_text(s), id_lost_precision(s));
    assert_eq!(trim(s), s.trim());
    for t in tracking_candidates(s) {
        let _ = plausible_tracking(&t);
    }
    let _ = sources::schema::normalize(s);
    let _ = tracking_carrier(s);
    // The date forms of real exports: by their parts, in each day order, and without a year.
    use ingest::dates::{self, DayOrder};
    for order in [DayOrder::Conventional, DayOrder::DayFirst, DayOrder::MonthFirst] {
        if let Some(r) = dates::read(s, order) {
            assert!(r.offset.is_none_or(|o| o.abs() <= 14 * 3600));
        }
        let mut z = storescore_core::time::Zone::new(DEFAULT_ZONE);
        let _ = parse_ts_with(s, &mut z, order);
    }
    let _ = dates::read_with_year(s, 2026);
    let _ = dates::leading_pair(s);
    let mut e = dates::OrderEvidence::default();
    e.add(s);
    let _ = e.decide();

    // The lines as the cells of one file: a zone kept across them (its days' offsets and the
    // last date cached) reads each as a fresh zone does, in a zone with summer time.
    let zones = ["America/Los_Angeles", "Europe/Madrid", "America/Sao_Paulo", "Asia/Shanghai"];
    let name = zones[s.len() % zones.len()];
    let tz = storescore_core::time::parse_zone(name).unwrap_or(DEFAULT_ZONE);
    // And a column's date plan kept across them (the shapes it met and their words) reads
    // each as the general reader does.
    let mut kept = storescore_core::time::Zone::new(tz);
    let (mut planned_zone, mut plan) = (storescore_core::time::Zone::new(tz), Plan::default());
    let order = [DayOrder::Conventional, DayOrder::DayFirst, DayOrder::MonthFirst][s.len() % 3];
    for line in s.split('\n') {
        assert_eq!(parse_ts_in(line, &mut kept), parse_ts(line, tz), "{line:?} in {name}");
        // Three times: the general reader, then the plan's shape, then its layout read it.
        let general = parse_ts_with(line, &mut storescore_core::time::Zone::new(tz), order);
        for _ in 0..3 {
            assert_eq!(
                parse_ts_planned(line, &mut planned_zone, order, &mut plan),
                general,
                "{line:?} in {name}, {order:?}"
            );
        }
    }
});

fn chrono_tz_zone() -> chrono_tz::Tz {
    storescore_core::time::parse_zone("America/Los_Angeles").unwrap_or(DEFAULT_ZONE)
}
