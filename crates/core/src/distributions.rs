//! Distributions the charts draw, over the records of the assessment window (orders by paid_at,
//! turns by their start, disputes by opened_at). Aggregates only: counts per bin or label.

use std::collections::BTreeMap;

use chrono::Datelike;
use serde::{Deserialize, Serialize};

use crate::metrics::Params;
use crate::model::{happened, DisputeKind, Ts, DAY, HOUR};
use crate::prepared::Prepared;
use crate::time;

/// Counts in equal bins from `start` in steps of `step`; values outside go to the end bins.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Histogram {
    pub start: f64,
    pub step: f64,
    pub counts: Vec<u64>,
}

impl Histogram {
    pub fn new(start: f64, step: f64, bins: usize) -> Histogram {
        Histogram {
            start,
            step,
            counts: vec![0; bins],
        }
    }
    pub fn add(&mut self, x: f64) {
        if self.counts.is_empty() || !x.is_finite() {
            return;
        }
        let k = ((x - self.start) / self.step).floor();
        let last = self.counts.len() - 1;
        let k = if k < 0.0 { 0 } else { (k as usize).min(last) };
        self.counts[k] += 1;
    }
    pub fn total(&self) -> u64 {
        self.counts.iter().sum()
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CountryRow {
    pub country: String,
    pub orders: u64,
    pub late: u64,
    pub disputes: u64,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CarrierDelivery {
    pub carrier: String,
    /// Days from shipment to delivery.
    pub days: Histogram,
    pub late: u64,
    pub delivered: u64,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Distributions {
    /// Response hours of answered buyer turns, 1-hour bins up to 96 h (last bin: longer).
    pub response_hours: Histogram,
    /// Buyer turns and those answered within 24 h, by local weekday of the turn (Mon..Sun).
    pub turns_by_weekday: [(u64, u64); 7],
    /// Hours between ship deadline and shipment (negative: early), 12-hour bins from -120 h.
    pub ship_delay_hours: Histogram,
    pub delivery_by_carrier: Vec<CarrierDelivery>,
    /// Disputes opened in the window by kind and reason.
    pub dispute_reasons: Vec<(DisputeKind, String, u64)>,
    pub countries: Vec<CountryRow>,
}

const TOP_COUNTRIES: usize = 12;
const TOP_REASONS: usize = 8;
const TOP_CARRIERS: usize = 5;

pub fn compute(p: &Prepared, params: &Params) -> Distributions {
    let as_of = params.as_of;
    let mut d = Distributions {
        response_hours: Histogram::new(0.0, 1.0, 97),
        ship_delay_hours: Histogram::new(-120.0, 12.0, 22),
        ..Default::default()
    };
    for t in &p.turns {
        if !params.in_window(Some(t.start)) {
            continue;
        }
        let answer = happened(t.answer, as_of);
        if let Some(a) = answer {
            d.response_hours.add(t.start.hours_until(a));
        }
        if let Some(day) = time::local_date(params.tz, t.start) {
            let w = day.weekday().num_days_from_monday() as usize;
            d.turns_by_weekday[w].0 += 1;
            if answer.is_some_and(|a| a.secs() - t.start.secs() <= 24 * HOUR) {
                d.turns_by_weekday[w].1 += 1;
            }
        }
    }
    // Keyed by the records' own texts: a row's name is copied once, not once per order.
    let mut countries: BTreeMap<&str, CountryRow> = BTreeMap::new();
    let mut carriers: BTreeMap<&str, CarrierDelivery> = BTreeMap::new();
    let mut disputed: rustc_hash::FxHashMap<usize, u64> = Default::default();
    let mut reasons: BTreeMap<(DisputeKind, String), u64> = BTreeMap::new();
    for (u, dsp) in &p.disputes {
        if !params.in_window(dsp.opened_at) || p.order_known_unpaid(*u, as_of) {
            continue;
        }
        if let Some(u) = u {
            *disputed.entry(*u).or_default() += 1;
        }
        let reason = dsp.reason.clone().unwrap_or_default();
        *reasons.entry((dsp.kind, reason)).or_default() += 1;
    }
    for (u, o) in p.units.iter().enumerate() {
        if !params.in_window(p.paid_at(u)) {
            continue;
        }
        let shipped = happened(o.shipped_at, as_of);
        let mut late = false;
        if let (Some(s), Some(deadline)) = (shipped, o.ship_deadline) {
            d.ship_delay_hours.add(deadline.hours_until(s));
            late = s > deadline;
        }
        if let (Some(s), Some(del)) = (shipped, happened(o.delivered_at, as_of)) {
            let name = o.carrier.as_deref().unwrap_or("?");
            let c = carriers.entry(name).or_insert_with(|| CarrierDelivery {
                carrier: name.to_owned(),
                days: Histogram::new(0.0, 2.0, 21),
                ..Default::default()
            });
            c.days.add((del.secs() - s.secs()) as f64 / DAY as f64);
            c.delivered += 1;
            if o.promised_delivery_by.is_some_and(|p: Ts| del > p) {
                c.late += 1;
            }
        }
        let name = o.buyer_country.as_deref().unwrap_or("?");
        let row = countries.entry(name).or_insert_with(|| CountryRow {
            country: name.to_owned(),
            ..Default::default()
        });
        row.orders += 1;
        row.late += u64::from(late);
        row.disputes += disputed.get(&u).copied().unwrap_or(0);
    }
    let mut countries: Vec<CountryRow> = countries.into_values().collect();
    countries.sort_by(|a, b| b.orders.cmp(&a.orders).then(a.country.cmp(&b.country)));
    countries.truncate(TOP_COUNTRIES);
    d.countries = countries;
    let mut carriers: Vec<CarrierDelivery> = carriers.into_values().collect();
    carriers.sort_by(|a, b| {
        b.delivered
            .cmp(&a.delivered)
            .then(a.carrier.cmp(&b.carrier))
    });
    carriers.truncate(TOP_CARRIERS);
    d.delivery_by_carrier = carriers;
    let mut reasons: Vec<(DisputeKind, String, u64)> =
        reasons.into_iter().map(|((k, r), n)| (k, r, n)).collect();
    reasons.sort_by(|a, b| b.2.cmp(&a.2).then(a.1.cmp(&b.1)));
    reasons.truncate(TOP_REASONS);
    d.dispute_reasons = reasons;
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histogram_clamps_to_its_end_bins() {
        let mut h = Histogram::new(-120.0, 12.0, 22);
        for x in [-500.0, -120.0, -0.5, 0.0, 11.9, 12.0, 1000.0, f64::NAN] {
            h.add(x);
        }
        assert_eq!(h.counts[0], 2);
        assert_eq!(h.counts[9], 1);
        assert_eq!(h.counts[10], 2);
        assert_eq!(h.counts[11], 1);
        assert_eq!(h.counts[21], 1);
        assert_eq!(h.total(), 7);
    }
}
