//! What-if: a scenario is a set of adjustments applied to the baseline aggregates (metric values
//! per window and a response-hours histogram), never to records, so a recompute costs the same
//! for 1k or 1M orders and a shared link reproduces it without the files.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::metrics::{MetricId, MetricValue, TurnStats, Unit};
use crate::score::Series;

/// Hour bins of the response histogram: bin 0 holds responses of 0 h (or less), bin k responses
/// in (k-1, k] hours, for k up to `RESPONSE_BINS - 1`; longer ones go to `over`.
pub const RESPONSE_BINS: usize = 169;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ResponseHist {
    pub bins: Vec<u64>,
    pub over: u64,
    /// Unanswered turns older than 24 h and than 72 h (they count as misses).
    pub unanswered_over_24: u64,
    pub unanswered_over_72: u64,
}

impl ResponseHist {
    pub fn from_turns(t: &TurnStats) -> ResponseHist {
        let mut h = ResponseHist {
            bins: vec![0; RESPONSE_BINS],
            ..Default::default()
        };
        for &x in &t.answered_hours {
            let k = if x <= 0.0 { 0 } else { x.ceil() as usize };
            match h.bins.get_mut(k) {
                Some(b) => *b += 1,
                None => h.over += 1,
            }
        }
        h.unanswered_over_24 = t.unanswered_ages.iter().filter(|a| **a > 24.0).count() as u64;
        h.unanswered_over_72 = t.unanswered_ages.iter().filter(|a| **a > 72.0).count() as u64;
        h
    }

    pub fn answered(&self) -> u64 {
        self.bins.iter().sum::<u64>() + self.over
    }

    /// Answered turns with response hours <= `limit` (exact for whole hours within the bins).
    pub fn answered_within(&self, limit: f64) -> u64 {
        if limit < 0.0 {
            return 0;
        }
        let last = limit.floor() as usize;
        if last >= self.bins.len() {
            return self.answered();
        }
        self.bins[..=last].iter().sum()
    }
}

/// The aggregates everything after ingest is computed from (and what a scenario link carries).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Baseline {
    pub main_window: u32,
    pub windows: BTreeMap<u32, BTreeMap<MetricId, MetricValue>>,
    pub response: ResponseHist,
    pub series: Series,
    /// Metrics not assessed because the files carry no column for a fact they need (a link
    /// does not carry it: its checks read "not assessed" without the reason).
    #[serde(default)]
    pub unavailable: BTreeMap<MetricId, crate::model::Fact>,
    /// The currency most orders are in: a sales minimum in another currency is not judged (a
    /// link does not carry it).
    #[serde(default)]
    pub currency: Option<String>,
    /// Windows the records do not cover whole: window days -> days the records cover (from
    /// the first record to the as-of). A link does not carry it.
    #[serde(default)]
    pub covered: BTreeMap<u32, u32>,
}

impl Baseline {
    pub fn metric(&self, window: u32, id: MetricId) -> MetricValue {
        self.windows
            .get(&window)
            .and_then(|w| w.get(&id))
            .copied()
            .unwrap_or(MetricValue::undefined())
    }
}

/// Adjustments. The default scenario changes nothing.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Scenario {
    /// Added to every answered reply's response hours (negative: answer faster), clamped at 0.
    #[serde(default)]
    pub reply_shift_hours: f64,
    /// Metric values set directly (a rate as a fraction, an average in stars), in every window.
    #[serde(default)]
    pub set: BTreeMap<MetricId, f64>,
    /// Disputes removed, by metric (`nr_dispute_rate`, `snad_dispute_rate`).
    #[serde(default)]
    pub remove_disputes: BTreeMap<MetricId, f64>,
    /// Multiplies order, message, dispute and review volume (rates unchanged).
    #[serde(default = "one")]
    pub volume_factor: f64,
}

fn one() -> f64 {
    1.0
}

impl Default for Scenario {
    fn default() -> Scenario {
        Scenario {
            reply_shift_hours: 0.0,
            set: BTreeMap::new(),
            remove_disputes: BTreeMap::new(),
            volume_factor: 1.0,
        }
    }
}

impl Scenario {
    pub fn is_identity(&self) -> bool {
        *self == Scenario::default()
    }
}

pub type Windows = BTreeMap<u32, BTreeMap<MetricId, MetricValue>>;

/// A value brought into the metric's range: rates 0-1, stars 1-5, others at least 0.
pub fn clamp_to_range(id: MetricId, x: f64) -> f64 {
    match id.unit() {
        Unit::Rate => x.clamp(0.0, 1.0),
        Unit::Stars => x.clamp(1.0, 5.0),
        _ => x.max(0.0),
    }
}

fn set_value(v: &mut MetricValue, id: MetricId, x: f64) {
    let x = clamp_to_range(id, x);
    match id.unit() {
        Unit::Rate | Unit::Stars if v.denominator > 0.0 => {
            v.numerator = x * v.denominator;
            v.value = Some(x);
        }
        // A user-typed value where the files had none (DSR averages from the seller centre).
        Unit::Rate | Unit::Stars => *v = MetricValue::ratio(x, 1.0),
        Unit::Count | Unit::Amount => {
            *v = MetricValue {
                value: Some(x),
                numerator: x,
                denominator: 1.0,
            }
        }
        Unit::Hours | Unit::Days => v.value = Some(x),
    }
}

/// The response metrics after shifting every answered reply by `shift` hours.
fn shifted_response(b: &Baseline, shift: f64) -> [(MetricId, f64); 4] {
    let h = &b.response;
    let answered = h.answered() as f64;
    let rate = |limit: f64, unanswered: u64| {
        let den = answered + unanswered as f64;
        if den > 0.0 {
            h.answered_within(limit - shift) as f64 / den
        } else {
            0.0
        }
    };
    let main = b.main_window;
    let pct = |id| {
        let p = b.metric(main, id).value.unwrap_or(0.0);
        (p + shift).max(0.0)
    };
    [
        (
            MetricId::ResponseWithin24hRate,
            rate(24.0, h.unanswered_over_24),
        ),
        (
            MetricId::ResponseWithin72hRate,
            rate(72.0, h.unanswered_over_72),
        ),
        (
            MetricId::FirstResponseHoursP50,
            pct(MetricId::FirstResponseHoursP50),
        ),
        (
            MetricId::FirstResponseHoursP90,
            pct(MetricId::FirstResponseHoursP90),
        ),
    ]
}

/// Applies a scenario to the baseline: volume, removed disputes, reply shift, then set values.
pub fn apply(b: &Baseline, s: &Scenario) -> Windows {
    let mut w = b.windows.clone();
    if s.is_identity() {
        return w;
    }
    let f = s.volume_factor.max(0.0);
    for (id, v) in w.values_mut().flat_map(|m| m.iter_mut()) {
        if f != 1.0 && !matches!(id.unit(), Unit::Hours | Unit::Days) {
            v.numerator *= f;
            if *id == MetricId::OrdersPaid {
                v.value = Some(v.numerator);
            } else {
                v.denominator *= f;
            }
        }
    }
    for (id, n) in &s.remove_disputes {
        for m in w.values_mut() {
            if let Some(v) = m.get_mut(id) {
                *v = MetricValue::ratio((v.numerator - n).max(0.0), v.denominator);
            }
            if let Some(v) = m.get_mut(&MetricId::OrderDefectRate) {
                *v = MetricValue::ratio((v.numerator - n).max(0.0), v.denominator);
            }
        }
    }
    let mut sets: Vec<(MetricId, f64)> = Vec::new();
    if s.reply_shift_hours != 0.0 && b.response.answered() > 0 {
        sets.extend(shifted_response(b, s.reply_shift_hours));
    }
    sets.extend(s.set.iter().map(|(k, v)| (*k, *v)));
    for (id, x) in sets {
        for m in w.values_mut() {
            if let Some(v) = m.get_mut(&id) {
                set_value(v, id, x);
            }
        }
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hist(hours: &[f64], unanswered: &[f64]) -> ResponseHist {
        ResponseHist::from_turns(&TurnStats {
            answered_hours: hours.to_vec(),
            unanswered_ages: unanswered.to_vec(),
        })
    }

    #[test]
    fn response_bins_are_closed_on_the_right() {
        let h = hist(
            &[0.0, 0.5, 1.0, 23.0, 24.0, 24.5, 200.0],
            &[30.0, 80.0, 10.0],
        );
        assert_eq!(h.answered(), 7);
        assert_eq!(h.answered_within(24.0), 5);
        assert_eq!(h.answered_within(1.0), 3);
        assert_eq!(h.answered_within(0.0), 1);
        assert_eq!(h.answered_within(-1.0), 0);
        assert_eq!(h.answered_within(1000.0), 7);
        assert_eq!((h.unanswered_over_24, h.unanswered_over_72), (2, 1));
    }

    #[test]
    fn identity_scenario_changes_nothing() {
        let mut b = Baseline::default();
        b.windows
            .entry(30)
            .or_default()
            .insert(MetricId::LateShipmentRate, MetricValue::ratio(3.0, 7.0));
        assert_eq!(apply(&b, &Scenario::default()), b.windows);
    }

    #[test]
    fn setting_a_rate_keeps_the_denominator() {
        let mut b = Baseline::default();
        b.windows.entry(30).or_default().insert(
            MetricId::OnTimeDeliveryRate,
            MetricValue::ratio(180.0, 240.0),
        );
        let mut s = Scenario::default();
        s.set.insert(MetricId::OnTimeDeliveryRate, 0.95);
        let w = apply(&b, &s);
        let v = w[&30][&MetricId::OnTimeDeliveryRate];
        assert_eq!(v.denominator, 240.0);
        assert!((v.numerator - 228.0).abs() < 1e-9);
        assert_eq!(v.value, Some(0.95));
    }

    #[test]
    fn replying_faster_moves_turns_under_the_limit() {
        let mut b = Baseline {
            main_window: 30,
            response: hist(&[2.0, 20.0, 26.0, 30.0, 50.0], &[100.0]),
            ..Default::default()
        };
        b.windows.entry(30).or_default().insert(
            MetricId::ResponseWithin24hRate,
            MetricValue::ratio(2.0, 6.0),
        );
        let s = Scenario {
            reply_shift_hours: -6.0,
            ..Default::default()
        };
        let v = apply(&b, &s)[&30][&MetricId::ResponseWithin24hRate];
        // 2, 20, 26, 30 are within 24 + 6 h; 50 is not; the unanswered one still counts.
        assert_eq!(v.value, Some(4.0 / 6.0));
    }

    #[test]
    fn removing_disputes_never_goes_below_zero() {
        let mut b = Baseline::default();
        b.windows
            .entry(30)
            .or_default()
            .insert(MetricId::NrDisputeRate, MetricValue::ratio(2.0, 100.0));
        let mut s = Scenario::default();
        s.remove_disputes.insert(MetricId::NrDisputeRate, 5.0);
        assert_eq!(
            apply(&b, &s)[&30][&MetricId::NrDisputeRate].value,
            Some(0.0)
        );
    }
}
