//! Every metric of METRICS.md, each defined once, here. A metric is a rate, an average or a
//! percentile reported as value + numerator + denominator; an empty denominator gives `None`.
//!
//! The time limits below are part of the metric definitions (their ids name them); rule
//! thresholds live in the rulebooks, never here.

use std::collections::BTreeMap;
use std::fmt;

use rustc_hash::FxHashSet as HashSet;

use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::model::{happened, DisputeKind, Fact, Initiator, Outcome, Ts, DAY, HOUR};
use crate::prepared::Prepared;
use crate::time;

const SHIP_48H_SECS: i64 = 48 * HOUR;
const RESPONSE_24H: f64 = 24.0;
const RESPONSE_72H: f64 = 72.0;
const ONLINE_LIMIT_SECS: i64 = 7 * DAY;
const DISPUTE_RESPONSE_SECS: i64 = 5 * DAY;
const POSITIVE_MIN_STARS: u8 = 4;
const NEUTRAL_STARS: u8 = 3;
const REVIEW_MIN_USD: f64 = 5.0;
const TRACKING_MIN_CHARS: usize = 8;

macro_rules! metric_ids {
    ($($variant:ident => $id:literal, $unit:ident;)*) => {
        /// A metric id, exactly as METRICS.md names it.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum MetricId { $($variant,)* }

        impl MetricId {
            pub const ALL: &'static [MetricId] = &[$(MetricId::$variant,)*];
            pub fn as_str(self) -> &'static str {
                match self { $(MetricId::$variant => $id,)* }
            }
            pub fn parse(s: &str) -> Option<MetricId> {
                match s { $($id => Some(MetricId::$variant),)* _ => None }
            }
            /// What the value measures, which also decides how a gap to a threshold is told.
            pub fn unit(self) -> Unit {
                match self { $(MetricId::$variant => Unit::$unit,)* }
            }
        }
    };
}

metric_ids! {
    OrdersPaid => "orders_paid", Count;
    NonFulfilmentRate => "non_fulfilment_rate", Rate;
    LateShipmentRate => "late_shipment_rate", Rate;
    ShipWithin48hRate => "ship_within_48h_rate", Rate;
    ValidTrackingRate => "valid_tracking_rate", Rate;
    OnlineWithin7dRate => "online_within_7d_rate", Rate;
    OnTimeDeliveryRate => "on_time_delivery_rate", Rate;
    FreeShippingShare => "free_shipping_share", Rate;
    ResponseWithin24hRate => "response_within_24h_rate", Rate;
    ResponseWithin72hRate => "response_within_72h_rate", Rate;
    FirstResponseHoursP50 => "first_response_hours_p50", Hours;
    FirstResponseHoursP90 => "first_response_hours_p90", Hours;
    NrDisputeRate => "nr_dispute_rate", Rate;
    SnadDisputeRate => "snad_dispute_rate", Rate;
    DisputeResponseWithin5dRate => "dispute_response_within_5d_rate", Rate;
    DisputeResolutionDaysP50 => "dispute_resolution_days_p50", Days;
    SellerProtectionRate => "seller_protection_rate", Rate;
    PositiveFeedbackRate => "positive_feedback_rate", Rate;
    AverageRating => "average_rating", Stars;
    DsrItemAvg => "dsr_item_avg", Stars;
    DsrCommunicationAvg => "dsr_communication_avg", Stars;
    DsrShippingAvg => "dsr_shipping_avg", Stars;
    ReviewInWindowRate => "review_in_window_rate", Rate;
    OrderDefectRate => "order_defect_rate", Rate;
    TransactionDefectRate => "transaction_defect_rate", Rate;
    CasesClosedAgainstSellerRate => "cases_closed_without_seller_resolution_rate", Rate;
    ClaimsRate => "claims_rate", Rate;
    OrdersDelivered => "orders_delivered", Count;
    SalesAmount => "sales_amount", Amount;
}

impl Serialize for MetricId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for MetricId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<MetricId, D::Error> {
        let s = std::borrow::Cow::<str>::deserialize(d)?;
        MetricId::parse(&s)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown metric id `{s}`")))
    }
}

impl fmt::Display for MetricId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    Rate,
    Hours,
    Days,
    Stars,
    Count,
    /// A sum of money in the orders' own currency.
    Amount,
}

/// `{ value, numerator, denominator }` (METRICS.md output contract).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct MetricValue {
    pub value: Option<f64>,
    #[serde(serialize_with = "crate::json::number")]
    pub numerator: f64,
    #[serde(serialize_with = "crate::json::number")]
    pub denominator: f64,
}

impl MetricValue {
    pub fn rate(numerator: usize, denominator: usize) -> MetricValue {
        MetricValue::ratio(numerator as f64, denominator as f64)
    }
    /// No data: value undefined, 0 / 0 (what a metric absent from a lookup reports).
    pub const fn undefined() -> MetricValue {
        MetricValue {
            value: None,
            numerator: 0.0,
            denominator: 0.0,
        }
    }

    pub fn ratio(numerator: f64, denominator: f64) -> MetricValue {
        MetricValue {
            value: (denominator > 0.0).then(|| numerator / denominator),
            numerator,
            denominator,
        }
    }
    fn count(n: usize) -> MetricValue {
        MetricValue {
            value: Some(n as f64),
            numerator: n as f64,
            denominator: 1.0,
        }
    }
    fn mean(stars: impl Iterator<Item = u8>) -> MetricValue {
        let (mut sum, mut n) = (0u64, 0usize);
        for s in stars {
            sum += u64::from(s);
            n += 1;
        }
        MetricValue::ratio(sum as f64, n as f64)
    }
    fn percentile(values: &mut [f64], p: f64) -> MetricValue {
        values.sort_by(f64::total_cmp);
        MetricValue::percentile_of_sorted(values, p)
    }
    fn percentile_of_sorted(sorted: &[f64], p: f64) -> MetricValue {
        let n = sorted.len() as f64;
        MetricValue {
            value: percentile_sorted(sorted, p),
            numerator: n,
            denominator: n,
        }
    }
}

/// Linear interpolation between closest ranks (Excel PERCENTILE.INC, numpy's default).
pub fn percentile_sorted(sorted: &[f64], p: f64) -> Option<f64> {
    let last = sorted.len().checked_sub(1)?;
    let pos = last as f64 * p.clamp(0.0, 1.0);
    let lo = pos.floor() as usize;
    let hi = pos.ceil() as usize;
    let (a, b) = (*sorted.get(lo)?, *sorted.get(hi)?);
    Some(a + (b - a) * (pos - lo as f64))
}

/// A record that counts against a metric: which, what happened, by how much.
///
/// The metrics find a record by where it is (`at`), not by its name: on 1M orders they find
/// 800k records, of which the page shows a few hundred. Its name is read from the prepared
/// records when it is shown ([`Violation::name`], [`Violation::named`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Violation {
    /// Its name (order id, thread id, dispute id or review id) once named; empty until then.
    /// What the page receives is named.
    pub record: String,
    pub what: ViolationKind,
    /// By how much, in hours, where a time limit was missed.
    pub hours: Option<f64>,
    /// The record itself among the prepared ones (its name and the times that decide it are
    /// read from it when asked). Not sent to the page.
    #[serde(skip)]
    pub at: At,
}

impl Violation {
    /// Its name, read from `p` (the prepared records it was found in) where `at` names one of
    /// them, else its own `record` (a violation received named, or made elsewhere).
    pub fn name<'a>(&'a self, p: &'a Prepared) -> &'a str {
        record_name(p, self.at, self.what).unwrap_or(&self.record)
    }

    /// The same violation with its name written in `record` (to be shown, sent or written).
    pub fn named(&self, p: &Prepared) -> Violation {
        Violation {
            record: self.name(p).to_owned(),
            ..self.clone()
        }
    }
}

/// The name of the violating record at `at` among `p`, found against its metric as `what`
/// says: the one place a violating record's name is defined. An order is named by its unit's
/// order id; a message thread by its id; a dispute opened counts its order once and is named
/// by it (the unit's order id where its order is known); a dispute answered late, unanswered
/// or ruled against the seller by its own id (its order id where it has none); a review
/// outside the window by its order's id; another review by its order id, or its own id.
/// None when `at` names no record of `p`.
pub fn record_name(p: &Prepared, at: At, what: ViolationKind) -> Option<&str> {
    use ViolationKind as K;
    let unit = |u: usize| p.units.get(u).map(|o| o.order_id.as_str());
    match at {
        At::Unknown => None,
        At::Unit(u) => unit(u as usize),
        At::Turn(t) => p.turns.get(t as usize).map(|t| &*t.thread),
        At::Dispute(i) => {
            let (u, d) = p.disputes.get(i as usize)?;
            match what {
                K::NotReceivedDispute | K::NotAsDescribedDispute | K::Claim => match u {
                    Some(u) => unit(*u),
                    None => Some(d.order_id.as_str()),
                },
                _ => Some(d.dispute_id.as_deref().unwrap_or(&d.order_id)),
            }
        }
        At::Review(i) => {
            let (u, r) = p.reviews.get(i as usize)?;
            match what {
                K::ReviewOutsideWindow => u.and_then(unit),
                _ => Some(
                    r.order_id
                        .as_deref()
                        .or(r.review_id.as_deref())
                        .unwrap_or(""),
                ),
            }
        }
    }
}

/// Where a violating record is among the prepared records.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum At {
    #[default]
    Unknown,
    Unit(u32),
    Turn(u32),
    Dispute(u32),
    Review(u32),
}

/// The index of `item` in `all` (an element of it).
fn index_in<T>(all: &[T], item: &T) -> u32 {
    let size = std::mem::size_of::<T>().max(1);
    let off = (item as *const T).addr().wrapping_sub(all.as_ptr().addr()) / size;
    u32::try_from(off).unwrap_or(u32::MAX)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ViolationKind {
    CancelledBySeller,
    CancelledBySystem,
    ShippedLate,
    NotShipped,
    ShippedAfter48h,
    InvalidTracking,
    NotOnlineIn7d,
    DeliveredLate,
    ReplyLate,
    Unanswered,
    NotReceivedDispute,
    NotAsDescribedDispute,
    DisputeAnsweredLate,
    DisputeUnanswered,
    RuledAgainstSeller,
    /// A claim of no kind said (Mercado Libre's `Reclamo abierto`).
    Claim,
    NonPositiveReview,
    ReviewOutsideWindow,
    Defect,
}

/// Counts of records a metric left out for missing data (reported, never guessed).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LeftOut {
    pub metric: MetricId,
    pub reason: LeftOutReason,
    pub count: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LeftOutReason {
    NoShipDeadline,
    NoCancelInitiator,
    NoOpenedAt,
    UnpaidOrder,
    UnknownOrder,
}

/// What the metrics depend on besides the data.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Params {
    pub as_of: Ts,
    pub window_days: u32,
    pub evaluation_window_days: u32,
    pub tz: Tz,
    /// Currency code (upper case) to US$ rate, for the US$5 review exclusion. USD is always 1.
    pub usd_rates: BTreeMap<String, f64>,
}

impl Params {
    pub fn new(as_of: Ts) -> Params {
        Params {
            as_of,
            window_days: 30,
            evaluation_window_days: 15,
            tz: time::DEFAULT_ZONE,
            usd_rates: BTreeMap::new(),
        }
    }
    pub fn window_start(&self) -> Ts {
        self.as_of.minus_days(self.window_days)
    }
    pub fn in_window(&self, t: Option<Ts>) -> bool {
        within(t, self.window_start(), self.as_of)
    }
    pub fn with_window(&self, window_days: u32) -> Params {
        Params {
            window_days,
            ..self.clone()
        }
    }
}

/// `t` happened in [start, end): the one definition of a window's records.
fn within(t: Option<Ts>, start: Ts, end: Ts) -> bool {
    t.is_some_and(|t| t >= start && t < end)
}

/// Response hours of the buyer turns of the window: the what-if and the charts read these.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TurnStats {
    /// Response hours of answered turns, sorted ascending.
    pub answered_hours: Vec<f64>,
    /// Ages (hours at as_of) of unanswered turns, sorted ascending.
    pub unanswered_ages: Vec<f64>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Metrics {
    pub values: BTreeMap<MetricId, MetricValue>,
    /// Metrics not assessed because no orders file carries a fact they need.
    #[serde(default)]
    pub unavailable: BTreeMap<MetricId, Fact>,
    pub violations: BTreeMap<MetricId, Vec<Violation>>,
    pub left_out: Vec<LeftOut>,
    pub turns: TurnStats,
}

impl Metrics {
    pub fn get(&self, id: MetricId) -> MetricValue {
        self.values
            .get(&id)
            .copied()
            .unwrap_or(MetricValue::undefined())
    }
}

/// One evaluation of metrics at one `as_of` and window.
pub struct Ctx<'a> {
    pub p: &'a Prepared,
    pub params: &'a Params,
    /// Units paid in the window.
    pub paid: Vec<usize>,
    /// Units paid before as_of and shipped in the window (the dispute rates' denominator),
    /// counted on first need: a pass over every unit.
    shipped_paid: std::cell::OnceCell<usize>,
    /// The window's answered turns' response hours, sorted once for every percentile of them.
    response_hours: std::cell::OnceCell<Vec<f64>>,
    /// The window's first instant (`params.window_start()`, found once, not per record).
    start: Ts,
}

impl<'a> Ctx<'a> {
    pub fn new(p: &'a Prepared, params: &'a Params) -> Ctx<'a> {
        let start = params.window_start();
        let paid = (0..p.units.len())
            .filter(|&u| within(p.paid_at(u), start, params.as_of))
            .collect();
        Ctx {
            p,
            params,
            paid,
            start,
            shipped_paid: std::cell::OnceCell::new(),
            response_hours: std::cell::OnceCell::new(),
        }
    }

    fn shipped_paid(&self) -> usize {
        *self.shipped_paid.get_or_init(|| {
            let as_of = self.as_of();
            (0..self.p.units.len())
                .filter(|&u| {
                    self.p.paid_before(u, as_of).is_some() && self.in_window(self.p.shipped_at(u))
                })
                .count()
        })
    }

    fn as_of(&self) -> Ts {
        self.params.as_of
    }

    /// Per unit, whether one of its disputes is `such` (a flag per unit: looked up once per
    /// paid unit, no hashing).
    fn units_where(&self, such: impl Fn(&crate::model::Dispute) -> bool) -> Vec<bool> {
        let mut flags = vec![false; self.p.units.len()];
        for (u, d) in &self.p.disputes {
            if let Some(flag) = u.and_then(|u| flags.get_mut(u)) {
                *flag |= such(d);
            }
        }
        flags
    }

    /// [`Params::in_window`] of this window.
    fn in_window(&self, t: Option<Ts>) -> bool {
        within(t, self.start, self.params.as_of)
    }

    fn cancelled_by(&self, u: usize) -> Option<Option<Initiator>> {
        let (at, by) = self.p.cancelled(u);
        happened(at, self.as_of()).map(|_| by)
    }

    fn buyer_cancelled(&self, u: usize) -> bool {
        self.cancelled_by(u) == Some(Some(Initiator::Buyer))
    }

    fn shipped(&self, u: usize) -> Option<Ts> {
        happened(self.p.shipped_at(u), self.as_of())
    }

    /// Disputes kept for this as_of (reading 6), with their units.
    fn disputes(&self) -> impl Iterator<Item = &'a (Option<usize>, crate::model::Dispute)> + '_ {
        let as_of = self.as_of();
        self.p
            .disputes
            .iter()
            .filter(move |(u, _)| !self.p.order_known_unpaid(*u, as_of))
    }

    fn reviews_in_window(
        &self,
    ) -> impl Iterator<Item = &'a (Option<usize>, crate::model::Review)> + '_ {
        let as_of = self.as_of();
        self.p.reviews.iter().filter(move |(u, r)| {
            self.in_window(r.created_at) && !self.p.order_known_unpaid(*u, as_of)
        })
    }

    /// Buyer turns that started in the window.
    fn turns_in_window(&self) -> impl Iterator<Item = &'a crate::prepared::Turn> + '_ {
        self.p
            .turns
            .iter()
            .filter(move |t| self.in_window(Some(t.start)))
    }
}

/// The result of one metric: its value, the records against it, and what it left out.
pub struct Computed {
    pub value: MetricValue,
    pub violations: Vec<Violation>,
    pub left_out: Vec<(LeftOutReason, usize)>,
}

impl From<MetricValue> for Computed {
    fn from(value: MetricValue) -> Computed {
        Computed {
            value,
            violations: Vec::new(),
            left_out: Vec::new(),
        }
    }
}

fn computed(value: MetricValue, violations: Vec<Violation>) -> Computed {
    Computed {
        value,
        violations,
        left_out: Vec::new(),
    }
}

fn violation(what: ViolationKind, hours: Option<f64>, at: At) -> Violation {
    Violation {
        record: String::new(),
        what,
        hours,
        at,
    }
}

/// A violation of an order unit.
fn unit_violation(u: usize, what: ViolationKind, hours: Option<f64>) -> Violation {
    violation(what, hours, At::Unit(u32::try_from(u).unwrap_or(u32::MAX)))
}

/// Computes one metric. This match is the single place each metric is defined.
pub fn compute(id: MetricId, c: &Ctx) -> Computed {
    match id {
        MetricId::OrdersPaid => MetricValue::count(c.paid.len()).into(),
        MetricId::NonFulfilmentRate => non_fulfilment(c),
        MetricId::LateShipmentRate => late_shipment(c),
        MetricId::ShipWithin48hRate => ship_within_48h(c),
        MetricId::ValidTrackingRate => valid_tracking(c),
        MetricId::OnlineWithin7dRate => online_within_7d(c),
        MetricId::OnTimeDeliveryRate => on_time_delivery(c),
        MetricId::FreeShippingShare => free_shipping(c).into(),
        MetricId::ResponseWithin24hRate => response_within(c, RESPONSE_24H),
        MetricId::ResponseWithin72hRate => response_within(c, RESPONSE_72H),
        MetricId::FirstResponseHoursP50 => response_percentile(c, 0.5),
        MetricId::FirstResponseHoursP90 => response_percentile(c, 0.9),
        MetricId::NrDisputeRate => dispute_rate(c, DisputeKind::NotReceived),
        MetricId::SnadDisputeRate => dispute_rate(c, DisputeKind::NotAsDescribed),
        MetricId::DisputeResponseWithin5dRate => dispute_response(c),
        MetricId::DisputeResolutionDaysP50 => dispute_resolution(c),
        MetricId::SellerProtectionRate => seller_protection(c),
        MetricId::PositiveFeedbackRate => positive_feedback(c),
        MetricId::AverageRating => {
            MetricValue::mean(c.reviews_in_window().filter_map(|(_, r)| r.stars)).into()
        }
        MetricId::DsrItemAvg => {
            MetricValue::mean(c.reviews_in_window().filter_map(|(_, r)| r.dsr_item)).into()
        }
        MetricId::DsrCommunicationAvg => MetricValue::mean(
            c.reviews_in_window()
                .filter_map(|(_, r)| r.dsr_communication),
        )
        .into(),
        MetricId::DsrShippingAvg => {
            MetricValue::mean(c.reviews_in_window().filter_map(|(_, r)| r.dsr_shipping)).into()
        }
        MetricId::ReviewInWindowRate => review_in_window(c),
        MetricId::OrderDefectRate => order_defect(c),
        MetricId::TransactionDefectRate => transaction_defect(c, true),
        MetricId::CasesClosedAgainstSellerRate => transaction_defect(c, false),
        MetricId::ClaimsRate => claims(c),
        MetricId::OrdersDelivered => MetricValue::count(
            c.paid
                .iter()
                .filter(|&&u| happened(c.p.delivered_at(u), c.as_of()).is_some())
                .count(),
        )
        .into(),
        MetricId::SalesAmount => sales_amount(c).into(),
    }
}

/// The sum of the paid, not cancelled orders' amounts, in the currency most of them are in
/// (orders in another currency are not added: a sum of two currencies means nothing).
fn sales_amount(c: &Ctx) -> MetricValue {
    // Tallied by the currency's text, shared by a file's orders (no hash per order).
    let mut by_currency = crate::model::SharedTally::<(usize, f64)>::new();
    for &u in &c.paid {
        let o = &c.p.units[u];
        if c.cancelled_by(u).is_some() {
            continue;
        }
        if let Some(amount) = o.amount.filter(|a| a.is_finite()) {
            let e = by_currency.entry(o.currency.as_deref().unwrap_or(""));
            e.0 += 1;
            e.1 += amount;
        }
    }
    let top = by_currency
        .into_iter()
        .max_by(|a, b| a.1 .0.cmp(&b.1 .0).then(b.0.cmp(a.0)))
        .map_or(0.0, |(_, (_, sum))| sum);
    MetricValue {
        value: Some(top),
        numerator: top,
        denominator: 1.0,
    }
}

/// The order facts a metric cannot be told without: with no column for one of them, every
/// order would count against it (a false 0%), so it is not assessed instead.
pub fn facts_needed(id: MetricId) -> &'static [Fact] {
    match id {
        MetricId::NonFulfilmentRate => &[Fact::Cancellation],
        MetricId::LateShipmentRate => &[Fact::ShipDeadline, Fact::Shipped],
        MetricId::ShipWithin48hRate => &[Fact::Shipped],
        MetricId::ValidTrackingRate => &[Fact::Shipped, Fact::TrackingNumber],
        MetricId::OnlineWithin7dRate => &[Fact::FirstCarrierScan],
        MetricId::OnTimeDeliveryRate => &[Fact::Delivered, Fact::PromisedDelivery],
        MetricId::FreeShippingShare => &[Fact::ShippingFee],
        MetricId::NrDisputeRate | MetricId::SnadDisputeRate | MetricId::ClaimsRate => {
            &[Fact::Shipped]
        }
        MetricId::TransactionDefectRate => &[Fact::Cancellation],
        MetricId::OrdersDelivered => &[Fact::Delivered],
        MetricId::SalesAmount => &[Fact::Amount],
        _ => &[],
    }
}

/// The first fact a metric needs that no orders file carries, if one is missing.
pub fn missing_fact(p: &Prepared, id: MetricId) -> Option<Fact> {
    let facts = p.order_facts?;
    facts_needed(id).iter().copied().find(|f| !facts.has(*f))
}

/// Computes the given metrics (all of them with `MetricId::ALL`); `turns` stays empty (see
/// [`compute_with_turns`]).
pub fn compute_all(p: &Prepared, params: &Params, ids: &[MetricId]) -> Metrics {
    compute_in(&Ctx::new(p, params), ids)
}

/// The same, with the window's turns' response hours (what the what-if and the charts read):
/// a pass over every turn, which the other windows, the daily series and the recovery's
/// shortened windows do not need.
pub fn compute_with_turns(p: &Prepared, params: &Params, ids: &[MetricId]) -> Metrics {
    let c = Ctx::new(p, params);
    let mut m = compute_in(&c, ids);
    m.turns = turn_stats(&c);
    m
}

fn compute_in(c: &Ctx, ids: &[MetricId]) -> Metrics {
    let p = c.p;
    let mut m = Metrics::default();
    for &id in ids {
        if let Some(fact) = missing_fact(p, id) {
            m.values.insert(id, MetricValue::undefined());
            m.unavailable.insert(id, fact);
            continue;
        }
        let r = compute(id, c);
        m.values.insert(id, r.value);
        if !r.violations.is_empty() {
            m.violations.insert(id, r.violations);
        }
        for (reason, count) in r.left_out {
            if count > 0 {
                m.left_out.push(LeftOut {
                    metric: id,
                    reason,
                    count,
                });
            }
        }
    }
    m
}

fn non_fulfilment(c: &Ctx) -> Computed {
    let mut bad = Vec::new();
    let mut no_initiator = 0;
    for &u in &c.paid {
        match c.cancelled_by(u) {
            Some(Some(Initiator::Seller)) => {
                bad.push(unit_violation(u, ViolationKind::CancelledBySeller, None))
            }
            Some(Some(Initiator::System)) => {
                bad.push(unit_violation(u, ViolationKind::CancelledBySystem, None))
            }
            Some(None) => no_initiator += 1,
            _ => {}
        }
    }
    Computed {
        value: MetricValue::rate(bad.len(), c.paid.len()),
        violations: bad,
        left_out: vec![(LeftOutReason::NoCancelInitiator, no_initiator)],
    }
}

fn late_shipment(c: &Ctx) -> Computed {
    let (mut due, mut no_deadline) = (0, 0);
    let mut bad = Vec::new();
    for &u in &c.paid {
        if c.buyer_cancelled(u) {
            continue;
        }
        let Some(deadline) = c.p.ship_deadline(u) else {
            no_deadline += 1;
            continue;
        };
        if deadline >= c.as_of() {
            continue; // not yet due (a deadline exactly at as_of included)
        }
        due += 1;
        match c.shipped(u) {
            Some(s) if s > deadline => bad.push(unit_violation(
                u,
                ViolationKind::ShippedLate,
                Some(deadline.hours_until(s)),
            )),
            Some(_) => {}
            None => bad.push(unit_violation(
                u,
                ViolationKind::NotShipped,
                Some(deadline.hours_until(c.as_of())),
            )),
        }
    }
    Computed {
        value: MetricValue::rate(bad.len(), due),
        violations: bad,
        left_out: vec![(LeftOutReason::NoShipDeadline, no_deadline)],
    }
}

fn ship_within_48h(c: &Ctx) -> Computed {
    let (mut shipped, mut bad) = (0, Vec::new());
    for &u in &c.paid {
        let (Some(s), Some(paid)) = (c.shipped(u), c.p.paid_at(u)) else {
            continue;
        };
        shipped += 1;
        if s.secs() - paid.secs() > SHIP_48H_SECS {
            let over = (s.secs() - paid.secs() - SHIP_48H_SECS) as f64 / HOUR as f64;
            bad.push(unit_violation(
                u,
                ViolationKind::ShippedAfter48h,
                Some(over),
            ));
        }
    }
    computed(MetricValue::rate(shipped - bad.len(), shipped), bad)
}

/// Plausible tracking number (reading 11): without spaces and `-`, at least 8 ASCII letters or
/// digits and nothing else, not all one repeated character.
pub fn plausible_tracking(raw: &str) -> bool {
    // Bytes, not chars: a character outside ASCII is never alphanumeric ASCII, and every byte
    // of one is outside ASCII too. Counted in one pass, without collecting (called for every
    // order, when it is read and again when it is scored).
    let (mut n, mut first, mut varied) = (0, None, false);
    for b in raw.bytes().filter(|b| *b != b' ' && *b != b'-') {
        if !b.is_ascii_alphanumeric() {
            return false;
        }
        varied |= b != *first.get_or_insert(b);
        n += 1;
    }
    n >= TRACKING_MIN_CHARS && varied
}

fn valid_tracking(c: &Ctx) -> Computed {
    let (mut shipped, mut bad) = (0, Vec::new());
    for &u in &c.paid {
        if c.shipped(u).is_none() {
            continue;
        }
        shipped += 1;
        if !c.p.tracking_plausible(u) {
            bad.push(unit_violation(u, ViolationKind::InvalidTracking, None));
        }
    }
    computed(MetricValue::rate(shipped - bad.len(), shipped), bad)
}

fn online_within_7d(c: &Ctx) -> Computed {
    let cutoff = c.as_of().plus_secs(-ONLINE_LIMIT_SECS);
    let (mut due, mut bad) = (0, Vec::new());
    for &u in &c.paid {
        let Some(paid) = c.p.paid_at(u) else {
            continue;
        };
        if paid > cutoff || c.buyer_cancelled(u) {
            continue;
        }
        due += 1;
        let scan = happened(c.p.units[u].first_carrier_scan_at, c.as_of());
        match scan {
            Some(s) if s.secs() - paid.secs() <= ONLINE_LIMIT_SECS => {}
            Some(s) => bad.push(unit_violation(
                u,
                ViolationKind::NotOnlineIn7d,
                Some((s.secs() - paid.secs() - ONLINE_LIMIT_SECS) as f64 / HOUR as f64),
            )),
            None => bad.push(unit_violation(u, ViolationKind::NotOnlineIn7d, None)),
        }
    }
    computed(MetricValue::rate(due - bad.len(), due), bad)
}

fn on_time_delivery(c: &Ctx) -> Computed {
    let (mut due, mut bad) = (0, Vec::new());
    for &u in &c.paid {
        // The unit's promise is read only for a delivered order.
        let Some(d) = happened(c.p.delivered_at(u), c.as_of()) else {
            continue;
        };
        let Some(promised) = c.p.units[u].promised_delivery_by else {
            continue;
        };
        due += 1;
        if d > promised {
            bad.push(unit_violation(
                u,
                ViolationKind::DeliveredLate,
                Some(promised.hours_until(d)),
            ));
        }
    }
    computed(MetricValue::rate(due - bad.len(), due), bad)
}

fn free_shipping(c: &Ctx) -> MetricValue {
    let fees = c.paid.iter().filter_map(|&u| c.p.units[u].shipping_fee);
    let (mut known, mut free) = (0, 0);
    for fee in fees {
        known += 1;
        if fee == 0.0 {
            free += 1;
        }
    }
    MetricValue::rate(free, known)
}
/// Turn ages are compared with `limit` in hours: answered within when response <= limit;
/// unanswered counted (as a miss) only when older than the limit.
fn response_within(c: &Ctx, limit: f64) -> Computed {
    let (mut den, mut bad) = (0, Vec::new());
    for t in c.turns_in_window() {
        match happened(t.answer, c.as_of()) {
            Some(a) => {
                den += 1;
                let h = t.start.hours_until(a);
                if h > limit {
                    bad.push(violation(
                        ViolationKind::ReplyLate,
                        Some(h - limit),
                        At::Turn(index_in(&c.p.turns, t)),
                    ));
                }
            }
            None => {
                let age = t.start.hours_until(c.as_of());
                if age > limit {
                    den += 1;
                    bad.push(violation(
                        ViolationKind::Unanswered,
                        Some(age - limit),
                        At::Turn(index_in(&c.p.turns, t)),
                    ));
                }
            }
        }
    }
    computed(MetricValue::rate(den - bad.len(), den), bad)
}

fn turn_stats(c: &Ctx) -> TurnStats {
    let mut s = TurnStats::default();
    for t in c.turns_in_window() {
        match happened(t.answer, c.as_of()) {
            Some(a) => s.answered_hours.push(t.start.hours_until(a)),
            None => s.unanswered_ages.push(t.start.hours_until(c.as_of())),
        }
    }
    s.answered_hours.sort_by(f64::total_cmp);
    s.unanswered_ages.sort_by(f64::total_cmp);
    s
}

fn response_percentile(c: &Ctx, p: f64) -> Computed {
    let hours = c.response_hours.get_or_init(|| {
        let mut hours: Vec<f64> = c
            .turns_in_window()
            .filter_map(|t| happened(t.answer, c.as_of()).map(|a| t.start.hours_until(a)))
            .collect();
        hours.sort_by(f64::total_cmp);
        hours
    });
    MetricValue::percentile_of_sorted(hours, p).into()
}

fn dispute_rate(c: &Ctx, kind: DisputeKind) -> Computed {
    let what = match kind {
        DisputeKind::NotReceived => ViolationKind::NotReceivedDispute,
        _ => ViolationKind::NotAsDescribedDispute,
    };
    disputes_opened(c, |k| (k == kind).then_some(what))
}

/// Orders with a dispute opened in the window (not exempted) of the kinds `counted` takes
/// (with what its violation is called), each order once, ÷ paid orders shipped in the window.
fn disputes_opened(c: &Ctx, counted: impl Fn(DisputeKind) -> Option<ViolationKind>) -> Computed {
    // Denominator: paid orders shipped in the window.
    let shipped = c.shipped_paid();
    let mut orders: HashSet<&str> = HashSet::default();
    let mut bad = Vec::new();
    for e in c.disputes() {
        let d = &e.1;
        let Some(what) = counted(d.kind) else {
            continue;
        };
        if d.exempted || !c.in_window(d.opened_at) {
            continue;
        }
        // Each order once: the order the violation is named by.
        let at = At::Dispute(index_in(&c.p.disputes, e));
        if orders.insert(record_name(c.p, at, what).unwrap_or_default()) {
            bad.push(violation(what, None, at));
        }
    }
    computed(MetricValue::rate(orders.len(), shipped), bad)
}

/// Mercado Libre's one claims rate: orders with a claim (a dispute other than a return:
/// not received, not as described, or of no kind said) opened in the window (not exempted),
/// each order once, ÷ the dispute rates' denominator.
fn claims(c: &Ctx) -> Computed {
    disputes_opened(c, |k| match k {
        DisputeKind::NotReceived => Some(ViolationKind::NotReceivedDispute),
        DisputeKind::NotAsDescribed => Some(ViolationKind::NotAsDescribedDispute),
        DisputeKind::Other => Some(ViolationKind::Claim),
        DisputeKind::Return => None,
    })
}

fn dispute_response(c: &Ctx) -> Computed {
    let (mut den, mut bad) = (0, Vec::new());
    for e in c.disputes() {
        let d = &e.1;
        let at = At::Dispute(index_in(&c.p.disputes, e));
        if !c.in_window(d.opened_at) {
            continue;
        }
        let Some(opened) = d.opened_at else { continue };
        match happened(d.seller_first_response_at, c.as_of()) {
            Some(r) => {
                den += 1;
                if r.secs() - opened.secs() > DISPUTE_RESPONSE_SECS {
                    let over =
                        (r.secs() - opened.secs() - DISPUTE_RESPONSE_SECS) as f64 / HOUR as f64;
                    bad.push(violation(
                        ViolationKind::DisputeAnsweredLate,
                        Some(over),
                        at,
                    ));
                }
            }
            None => {
                let age = c.as_of().secs() - opened.secs();
                if age > DISPUTE_RESPONSE_SECS {
                    den += 1;
                    let over = (age - DISPUTE_RESPONSE_SECS) as f64 / HOUR as f64;
                    bad.push(violation(ViolationKind::DisputeUnanswered, Some(over), at));
                }
            }
        }
    }
    computed(MetricValue::rate(den - bad.len(), den), bad)
}

fn dispute_resolution(c: &Ctx) -> Computed {
    let mut days = Vec::new();
    let mut no_open = 0;
    for (_, d) in c.disputes() {
        if !c.in_window(d.closed_at) {
            continue;
        }
        match (d.opened_at, d.closed_at) {
            (Some(o), Some(cl)) => days.push(o.hours_until(cl) / 24.0),
            _ => no_open += 1,
        }
    }
    Computed {
        value: MetricValue::percentile(&mut days, 0.5),
        violations: Vec::new(),
        left_out: vec![(LeftOutReason::NoOpenedAt, no_open)],
    }
}

/// A dispute is against the seller when ruled for the buyer with the seller at fault.
pub fn ruled_against_seller(d: &crate::model::Dispute) -> bool {
    d.outcome == Some(Outcome::RuledForBuyer) && d.seller_at_fault
}

fn seller_protection(c: &Ctx) -> Computed {
    let (mut den, mut bad) = (0, Vec::new());
    for e in c.disputes() {
        let d = &e.1;
        if !c.in_window(d.closed_at) {
            continue;
        }
        den += 1;
        if ruled_against_seller(d) {
            bad.push(violation(
                ViolationKind::RuledAgainstSeller,
                None,
                At::Dispute(index_in(&c.p.disputes, e)),
            ));
        }
    }
    computed(MetricValue::rate(den - bad.len(), den), bad)
}

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum FeedbackClass {
    Positive,
    Neutral,
    Negative,
}

fn positive_feedback(c: &Ctx) -> Computed {
    let as_of = c.as_of();
    // Units whose buyer escalated a dispute to arbitration before as_of.
    let escalated = c.units_where(|d| happened(d.escalated_at, as_of).is_some());
    // Who gave a review, borrowed from the records: its buyer, its order's buyer, else the
    // review itself (counted once).
    #[derive(PartialEq, Eq, Hash)]
    enum Reviewer<'a> {
        Buyer(&'a str),
        Review(usize),
    }
    // Room for every review of the window at once: growing the set hashes each key again,
    // reading its buyer's text again (on 1M orders, 44 of the metric's 98 ms).
    let mut seen: HashSet<(Reviewer, (i32, u32, u8), FeedbackClass)> =
        HashSet::with_capacity_and_hasher(c.reviews_in_window().count(), Default::default());
    let (mut positive, mut bad) = (0, Vec::new());
    for (i, e) in c.reviews_in_window().enumerate() {
        let (u, r) = e;
        let (Some(stars), Some(created)) = (r.stars, r.created_at) else {
            continue;
        };
        if let Some(u) = u {
            if escalated.get(*u) == Some(&true) || below_usd_minimum(c, *u) {
                continue;
            }
        }
        let class = if stars >= POSITIVE_MIN_STARS {
            FeedbackClass::Positive
        } else if stars == NEUTRAL_STARS {
            FeedbackClass::Neutral
        } else {
            FeedbackClass::Negative
        };
        let buyer = r
            .buyer_id
            .as_deref()
            .or_else(|| u.and_then(|u| c.p.units[u].buyer_id.as_deref()))
            .map_or(Reviewer::Review(i), Reviewer::Buyer);
        let Some(date) = time::local_date(c.params.tz, created) else {
            continue;
        };
        if !seen.insert((buyer, time::feedback_period(date), class)) {
            continue;
        }
        if class == FeedbackClass::Positive {
            positive += 1;
        } else {
            bad.push(violation(
                ViolationKind::NonPositiveReview,
                None,
                At::Review(index_in(&c.p.reviews, e)),
            ));
        }
    }
    computed(MetricValue::rate(positive, seen.len()), bad)
}

/// US$5 exclusion (reading 9): orders in USD (or a currency with a user-set rate) under US$5.
fn below_usd_minimum(c: &Ctx, u: usize) -> bool {
    let o = &c.p.units[u];
    let (Some(amount), Some(currency)) = (o.amount, o.currency.as_deref()) else {
        return false;
    };
    // No copy of the code per order: the reader writes currencies in upper case already.
    let code = currency.trim();
    let rate = if code.eq_ignore_ascii_case("USD") {
        Some(1.0)
    } else if code.bytes().any(|b| b.is_ascii_lowercase()) {
        c.params.usd_rates.get(&code.to_ascii_uppercase()).copied()
    } else {
        c.params.usd_rates.get(code).copied()
    };
    rate.is_some_and(|rate| amount * rate < REVIEW_MIN_USD)
}

fn review_in_window(c: &Ctx) -> Computed {
    let limit = i64::from(c.params.evaluation_window_days) * DAY;
    let (mut den, mut bad) = (0, Vec::new());
    for e in c.reviews_in_window() {
        let (u, r) = e;
        let (Some(u), Some(created)) = (u, r.created_at) else {
            continue;
        };
        let o = &c.p.units[*u];
        let completion =
            happened(o.buyer_confirmed_at, c.as_of()).or(happened(o.completed_at, c.as_of()));
        let Some(done) = completion else { continue };
        den += 1;
        let delta = created.secs() - done.secs();
        if !(0..=limit).contains(&delta) {
            bad.push(violation(
                ViolationKind::ReviewOutsideWindow,
                Some(done.hours_until(created)),
                At::Review(index_in(&c.p.reviews, e)),
            ));
        }
    }
    computed(MetricValue::rate(den - bad.len(), den), bad)
}

/// Not in METRICS.md: the defect notion of the Amazon-style peer rulebooks. Orders paid in the
/// window with a 1-2 star review or a non-exempted dispute opened before as_of ÷ orders paid.
/// eBay's transaction defects (its seller standards since 2016-02-20): a paid order the seller
/// cancelled, or whose case was closed for the buyer with the seller at fault (a case closed
/// without seller resolution); an order counts once. Feedback and detailed ratings do not
/// count. With `cancellations` false, the cases alone (their own rate).
fn transaction_defect(c: &Ctx, cancellations: bool) -> Computed {
    let as_of = c.as_of();
    let lost = c.units_where(|d| {
        !d.exempted && ruled_against_seller(d) && happened(d.closed_at, as_of).is_some()
    });
    let mut bad = Vec::new();
    for &u in &c.paid {
        if cancellations && c.cancelled_by(u) == Some(Some(Initiator::Seller)) {
            bad.push(unit_violation(u, ViolationKind::CancelledBySeller, None));
        } else if lost.get(u) == Some(&true) {
            bad.push(unit_violation(u, ViolationKind::RuledAgainstSeller, None));
        }
    }
    computed(MetricValue::rate(bad.len(), c.paid.len()), bad)
}

fn order_defect(c: &Ctx) -> Computed {
    let as_of = c.as_of();
    let mut defective = c.units_where(|d| !d.exempted && happened(d.opened_at, as_of).is_some());
    for (u, r) in &c.p.reviews {
        if let (Some(u), Some(stars)) = (u, r.stars) {
            if stars < NEUTRAL_STARS && happened(r.created_at, as_of).is_some() {
                if let Some(flag) = defective.get_mut(*u) {
                    *flag = true;
                }
            }
        }
    }
    let bad: Vec<Violation> = c
        .paid
        .iter()
        .filter(|&&u| defective.get(u) == Some(&true))
        .map(|&u| unit_violation(u, ViolationKind::Defect, None))
        .collect();
    computed(MetricValue::rate(bad.len(), c.paid.len()), bad)
}
