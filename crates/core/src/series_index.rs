//! The daily score series without a pass over every record per day: the metrics the service
//! score reads, answered for any window from sorted event times, prefix sums and short lists of
//! exceptions. Exactly the definitions of `metrics.rs` (a test holds it to the per-day
//! reference); a metric it does not cover is computed the reference way.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap as HashMap;

use crate::metrics::{self, MetricId, MetricValue, Params};
use crate::model::{DisputeKind, Initiator, Ts};
use crate::prepared::Prepared;

/// Count of sorted times in [s, e).
fn count_in(sorted: &[i64], s: i64, e: i64) -> usize {
    sorted.partition_point(|t| *t < e) - sorted.partition_point(|t| *t < s)
}

/// Sorted review times with prefix sums of one star field (reviews that always count once in
/// their window: their order is unknown or was paid no later than the review).
#[derive(Default)]
struct Stars {
    times: Vec<i64>,
    prefix_sum: Vec<u64>,
    /// Reviews that count only when their order was paid before as_of: (created, paid, stars).
    conditional: Vec<(i64, Option<i64>, u8)>,
}

impl Stars {
    /// `always` sorted by time (ties in any order: a window takes all of them or none).
    fn build(always: Vec<(i64, u8)>, conditional: Vec<(i64, Option<i64>, u8)>) -> Stars {
        debug_assert!(always.windows(2).all(|w| w[0].0 <= w[1].0));
        let mut prefix_sum = Vec::with_capacity(always.len() + 1);
        prefix_sum.push(0u64);
        let mut acc = 0u64;
        for (_, s) in &always {
            acc += u64::from(*s);
            prefix_sum.push(acc);
        }
        Stars {
            times: always.into_iter().map(|(t, _)| t).collect(),
            prefix_sum,
            conditional,
        }
    }

    fn mean(&self, s: i64, e: i64) -> MetricValue {
        let lo = self.times.partition_point(|t| *t < s);
        let hi = self.times.partition_point(|t| *t < e);
        let mut sum = self.prefix_sum[hi] - self.prefix_sum[lo];
        let mut n = hi - lo;
        for (created, paid, stars) in &self.conditional {
            if (s..e).contains(created) && paid.is_some_and(|p| p < e) {
                sum += u64::from(*stars);
                n += 1;
            }
        }
        MetricValue::ratio(sum as f64, n as f64)
    }
}

/// A review's time, its order's payment (None: the order is unknown) and its four star
/// fields (stars, item, communication, shipping).
type ReviewRow = (i64, Option<Option<i64>>, [Option<u8>; 4]);

/// Reviews of one star field: (created, stars) always counted, (created, paid, stars) counted
/// only when the order was paid before as_of.
type StarParts = (Vec<(i64, u8)>, Vec<(i64, Option<i64>, u8)>);

struct DisputeEntry {
    opened: i64,
    /// Distinct-order key (index into `keys`).
    key: usize,
    /// The order's payment when the order is known (None: unknown order, always kept).
    known_paid: Option<Option<i64>>,
}

pub struct SeriesIndex {
    paid: Vec<i64>,
    /// Seller- or system-cancelled units: (paid, cancelled).
    cancelled: Vec<(i64, i64)>,
    /// Shipped units paid no later than shipment: shipment times, sorted.
    shipped_after_paid: Vec<i64>,
    /// Other shipped units: (shipped, paid).
    shipped_other: Vec<(i64, Option<i64>)>,
    nr: Vec<DisputeEntry>,
    snad: Vec<DisputeEntry>,
    keys: usize,
    stars: Stars,
    dsr_item: Stars,
    dsr_communication: Stars,
    dsr_shipping: Stars,
}

impl SeriesIndex {
    pub const SUPPORTED: &'static [MetricId] = &[
        MetricId::OrdersPaid,
        MetricId::NonFulfilmentRate,
        MetricId::NrDisputeRate,
        MetricId::SnadDisputeRate,
        MetricId::AverageRating,
        MetricId::DsrItemAvg,
        MetricId::DsrCommunicationAvg,
        MetricId::DsrShippingAvg,
    ];

    pub fn new(p: &Prepared) -> SeriesIndex {
        // The units' times from the prepared columns, not the orders.
        let units = 0..p.units.len();
        let mut paid: Vec<i64> = units
            .clone()
            .filter_map(|u| p.paid_at(u).map(|t| t.secs()))
            .collect();
        paid.sort_unstable();
        let cancelled = units
            .clone()
            .filter_map(|u| match p.cancelled(u) {
                (Some(c), Some(Initiator::Seller | Initiator::System)) => {
                    Some((p.paid_at(u)?.secs(), c.secs()))
                }
                _ => None,
            })
            .collect();
        let mut shipped_after_paid = Vec::new();
        let mut shipped_other = Vec::new();
        for u in units {
            let Some(s) = p.shipped_at(u) else { continue };
            match p.paid_at(u) {
                Some(pd) if pd <= s => shipped_after_paid.push(s.secs()),
                pd => shipped_other.push((s.secs(), pd.map(|t| t.secs()))),
            }
        }
        shipped_after_paid.sort_unstable();
        // Disputes: one key per distinct order (the unit's id, else the dispute's order id).
        let mut key_of: HashMap<&str, usize> = HashMap::default();
        let (mut nr, mut snad) = (Vec::new(), Vec::new());
        for (u, d) in &p.disputes {
            let Some(opened) = d.opened_at else { continue };
            if d.exempted {
                continue;
            }
            let list = match d.kind {
                DisputeKind::NotReceived => &mut nr,
                DisputeKind::NotAsDescribed => &mut snad,
                _ => continue,
            };
            let id: &str = match u {
                Some(u) => p.units[*u].order_id.as_str(),
                None => d.order_id.as_str(),
            };
            let next = key_of.len();
            let key = *key_of.entry(id).or_insert(next);
            list.push(DisputeEntry {
                opened: opened.secs(),
                key,
                known_paid: u.map(|u| p.paid_at(u).map(|t| t.secs())),
            });
        }
        let keys = key_of.len();
        // Reviews: those whose order is unknown or paid no later than the review always count
        // in their window; the rest only when their order was paid before as_of.
        // Sorted once by time for the four star fields (not once per field).
        let mut rows: Vec<ReviewRow> = p
            .reviews
            .iter()
            .filter_map(|(u, r)| {
                let fields = [r.stars, r.dsr_item, r.dsr_communication, r.dsr_shipping];
                let paid = u.map(|u| p.paid_at(u).map(|t| t.secs()));
                Some((r.created_at?.secs(), paid, fields))
            })
            .collect();
        rows.sort_unstable_by_key(|r| r.0);
        let mut parts: [StarParts; 4] = Default::default();
        for (created, paid, fields) in rows {
            let always = match paid {
                None => true,
                Some(Some(pd)) => pd <= created,
                Some(None) => false,
            };
            for (part, v) in parts.iter_mut().zip(fields) {
                if let Some(v) = v {
                    if always {
                        part.0.push((created, v));
                    } else {
                        part.1.push((created, paid.flatten(), v));
                    }
                }
            }
        }
        let [a, b, c, d] = parts;
        SeriesIndex {
            paid,
            cancelled,
            shipped_after_paid,
            shipped_other,
            nr,
            snad,
            keys,
            stars: Stars::build(a.0, a.1),
            dsr_item: Stars::build(b.0, b.1),
            dsr_communication: Stars::build(c.0, c.1),
            dsr_shipping: Stars::build(d.0, d.1),
        }
    }

    fn dispute_rate(
        &self,
        list: &[DisputeEntry],
        s: i64,
        e: i64,
        seen: &mut [u32],
        stamp: u32,
    ) -> MetricValue {
        let mut n = 0;
        for d in list {
            if !(s..e).contains(&d.opened) {
                continue;
            }
            // A dispute of a known order that was not paid before as_of leaves the metric.
            if let Some(paid) = d.known_paid {
                if paid.is_none_or(|p| p >= e) {
                    continue;
                }
            }
            if seen[d.key] != stamp {
                seen[d.key] = stamp;
                n += 1;
            }
        }
        let den = count_in(&self.shipped_after_paid, s, e)
            + self
                .shipped_other
                .iter()
                .filter(|(sh, pd)| (s..e).contains(sh) && pd.is_some_and(|p| p < e))
                .count();
        MetricValue::rate(n, den)
    }

    /// The supported metrics for the window [window_start, as_of).
    pub fn metrics(
        &self,
        ids: &[MetricId],
        window_start: Ts,
        as_of: Ts,
        seen: &mut Vec<u32>,
        stamp: u32,
    ) -> BTreeMap<MetricId, MetricValue> {
        let (s, e) = (window_start.secs(), as_of.secs());
        if seen.len() < self.keys {
            seen.resize(self.keys, 0);
        }
        let mut out = BTreeMap::new();
        for id in ids {
            let v = match id {
                MetricId::OrdersPaid => {
                    let n = count_in(&self.paid, s, e);
                    MetricValue {
                        value: Some(n as f64),
                        numerator: n as f64,
                        denominator: 1.0,
                    }
                }
                MetricId::NonFulfilmentRate => {
                    let bad = self
                        .cancelled
                        .iter()
                        .filter(|(pd, c)| (s..e).contains(pd) && *c < e)
                        .count();
                    MetricValue::rate(bad, count_in(&self.paid, s, e))
                }
                MetricId::NrDisputeRate => self.dispute_rate(&self.nr, s, e, seen, stamp * 2),
                MetricId::SnadDisputeRate => {
                    self.dispute_rate(&self.snad, s, e, seen, stamp * 2 + 1)
                }
                MetricId::AverageRating => self.stars.mean(s, e),
                MetricId::DsrItemAvg => self.dsr_item.mean(s, e),
                MetricId::DsrCommunicationAvg => self.dsr_communication.mean(s, e),
                MetricId::DsrShippingAvg => self.dsr_shipping.mean(s, e),
                _ => continue,
            };
            out.insert(*id, v);
        }
        out
    }
}

/// Metrics window after window: those a [`SeriesIndex`] answers read from it, the others
/// computed ([`metrics::compute_all`]); what no file carries a column for is not assessed. One
/// per lane: it keeps which orders each window's dispute rates have counted.
pub struct Lookup<'a> {
    index: &'a SeriesIndex,
    p: &'a Prepared,
    seen: Vec<u32>,
    stamp: u32,
}

impl SeriesIndex {
    /// Looks up metrics in this index of `p`'s records, window after window.
    pub fn lookup<'a>(&'a self, p: &'a Prepared) -> Lookup<'a> {
        Lookup {
            index: self,
            p,
            seen: Vec::new(),
            stamp: 0,
        }
    }
}

impl Lookup<'_> {
    /// The metrics `ids` in the window of `params`.
    pub fn values(&mut self, ids: &[MetricId], params: &Params) -> BTreeMap<MetricId, MetricValue> {
        self.stamp += 1;
        let (fast, slow): (Vec<MetricId>, Vec<MetricId>) = ids
            .iter()
            .partition(|id| SeriesIndex::SUPPORTED.contains(id));
        let mut m = self.index.metrics(
            &fast,
            params.window_start(),
            params.as_of,
            &mut self.seen,
            self.stamp,
        );
        if !slow.is_empty() {
            m.extend(metrics::compute_all(self.p, params, &slow).values);
        }
        // What no file carries a column for is not assessed in any window.
        for (id, v) in m.iter_mut() {
            if metrics::missing_fact(self.p, *id).is_some() {
                *v = MetricValue::undefined();
            }
        }
        m
    }
}
