//! The recovery calendar on crafted stores whose answers are known by hand.

use storescore_core::checks::{Inputs, Status};
use storescore_core::engine::{self, RecordCounts, Settings};
use storescore_core::prepared::Prepared;
use storescore_core::recovery::{self, Recovery};
use storescore_core::rulebook::builtin;

mod common;

/// The recovery of a store given as canonical CSV sections, assessed at the end of
/// 2026-10-31 (Asia/Shanghai) over 30 days.
fn recovery_of(fixture: &str) -> (Recovery, engine::Report) {
    let ds = common::dataset(fixture);
    let p = Prepared::new(ds);
    let settings = Settings {
        as_of: Some(common::at("2026-11-01 00:00:00")),
        ..Settings::default()
    };
    let rbs = builtin();
    let a = engine::analyse(&p, None, RecordCounts::default(), &settings, &rbs).unwrap();
    let inputs = Inputs::new();
    let rep = engine::report(&a.baseline, &rbs, &inputs, &Default::default());
    let r = recovery::recovery(
        &p,
        &a.params,
        &a.baseline,
        &rbs,
        &inputs,
        &rep,
        recovery::DAYS,
    );
    (r, rep)
}

/// `n` orders a day paid at noon on each day from `first` to 2026-10-31, every one shipped,
/// plus the rows given.
fn orders(first_day: u32, per_day: usize, extra: &str) -> String {
    let mut s = String::from(
        "[orders]\norder_id,paid_at,cancelled_at,cancel_initiator,shipped_at,tracking_number\n",
    );
    for day in first_day..=31 {
        for i in 0..per_day {
            s.push_str(&format!(
                "O{day}-{i},2026-10-{day:02} 12:00:00,,,2026-10-{day:02} 18:00:00,LP00{day}{i:04}\n"
            ));
        }
    }
    s.push_str(extra);
    s
}

/// Amazon's cancel rate (7 days): 3 seller cancellations paid on 10-26 among 73 orders fail it
/// today; they leave the window on the day it no longer covers 10-26, 2026-11-02, and with 10
/// good orders a day it passes that day.
#[test]
fn a_check_whose_bad_records_sit_on_one_day_passes_the_day_they_leave() {
    let extra = "C1,2026-10-26 09:00:00,2026-10-26 10:00:00,seller,,\n\
                 C2,2026-10-26 09:00:00,2026-10-26 10:00:00,seller,,\n\
                 C3,2026-10-26 09:00:00,2026-10-26 10:00:00,seller,,\n";
    let (r, rep) = recovery_of(&orders(25, 10, extra));
    let today = rep.rulebook("amazon-account-health").unwrap();
    let cancel = today
        .checks
        .iter()
        .find(|c| c.id == "amazon-cancel-rate")
        .unwrap();
    assert_eq!(cancel.status, Status::Failed);
    let c = r
        .checks
        .iter()
        .find(|c| c.id == "amazon-cancel-rate")
        .expect("a failing check has a recovery");
    assert_eq!(c.rulebook, "amazon-account-health");
    assert_eq!(c.passes_on.as_deref(), Some("2026-11-02"));
    assert_eq!(c.leaving.len(), 1);
    assert_eq!(
        (c.leaving[0].date.as_str(), c.leaving[0].records),
        ("2026-11-02", 3.0)
    );
    // Day 1: 60 old orders with the 3 cancellations, plus 73 / 7 new good ones.
    let d1 = &c.days[0];
    assert_eq!(d1.date, "2026-11-01");
    assert_eq!(d1.status, Status::Failed);
    let want = 3.0 / (63.0 + 73.0 / 7.0);
    assert!(
        (d1.value.unwrap() - want).abs() < 1e-12,
        "{:?} vs {want}",
        d1.value
    );
    assert_eq!(c.days[1].status, Status::Passed);
    assert_eq!(c.days[1].value, Some(0.0));
    assert_eq!(c.days.len() as u32, recovery::DAYS);
}

/// The AliExpress score's non-fulfilment indicator: cancellations on 10-02, the first day of
/// today's 30-day window, leave it on the next assessment day (2026-11-01, whose window starts
/// on 10-03), and the score gains the indicator's lost points that day; `levels` names the days
/// the projected score reaches each better level.
#[test]
fn the_level_comes_back_the_day_the_bad_records_leave() {
    let mut extra = String::new();
    for i in 0..6 {
        extra.push_str(&format!(
            "X{i},2026-10-02 09:00:00,2026-10-02 10:00:00,seller,,\n"
        ));
    }
    let fixture = format!(
        "{}[reviews]\nreview_id,order_id,created_at,stars,dsr_item,dsr_communication,dsr_shipping\n\
         R1,O20-1,2026-10-25 10:00:00,5,5,5,5\nR2,O20-2,2026-10-25 11:00:00,5,5,5,5\n",
        orders(2, 4, &extra)
    );
    let (r, rep) = recovery_of(&fixture);
    let today = rep.score.as_ref().unwrap();
    let nf = today
        .indicators
        .iter()
        .find(|i| i.id == "non_fulfilment")
        .unwrap();
    assert!(nf.points < 10.0, "{nf:?}");
    let first_full = r.score.iter().position(|d| {
        d.score
            .is_some_and(|s| s >= today.total + (10.0 - nf.points) - 1e-9)
    });
    assert_eq!(r.score[first_full.unwrap()].date, "2026-11-01");
    for l in &r.levels {
        let day = r.score.iter().find(|d| d.date == l.date).unwrap();
        assert_eq!(day.level.as_deref(), Some(l.level.as_str()), "{l:?}");
    }
}

/// A percentile has no good value to add: its check is not projected, never "passes".
#[test]
fn a_percentile_check_is_not_projected() {
    let fixture = format!(
        "{}[disputes]\ndispute_id,order_id,kind,opened_at,closed_at\n\
         D1,O20-1,not_received,2026-10-20 10:00:00,2026-10-30 10:00:00\n",
        orders(2, 4, "")
    );
    let (r, _) = recovery_of(&fixture);
    let c = r
        .checks
        .iter()
        .find(|c| c.id == "dispute-resolution")
        .unwrap();
    assert!(!c.projected);
    assert_eq!(c.passes_on, None);
}
