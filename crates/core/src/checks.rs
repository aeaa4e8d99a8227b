//! Checks of a rulebook: passed / failed / not assessed, with the gap to pass told in the
//! metric's own unit, tiers (eBay, Etsy) and penalty points (Shopee).

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::metrics::{MetricId, MetricValue, Unit, Violation};
use crate::rulebook::{CheckSpec, Confidence, Op, Reads, Rulebook};

/// Facts the user states that no export carries (checklists, counts typed in).
pub type Inputs = BTreeMap<String, f64>;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Passed,
    Failed,
    NotAssessed,
}

/// How far a failed check is from passing.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Gap {
    /// Threshold minus value, in the metric's unit (a rate as a fraction, hours, days, stars).
    pub delta: f64,
    pub unit: Unit,
    /// Records to change: more good ones (rates that count good records, averages as extra 5-star
    /// reviews, counts) or fewer bad ones (rates that count bad records). None for percentiles.
    pub records: Option<f64>,
    /// Out of how many (the denominator), for rates.
    pub of: Option<f64>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CheckResult {
    pub id: String,
    pub status: Status,
    pub value: Option<f64>,
    pub threshold: f64,
    pub op: Op,
    pub window_days: u32,
    pub metric: Option<MetricId>,
    #[serde(serialize_with = "crate::json::number")]
    pub numerator: f64,
    #[serde(serialize_with = "crate::json::number")]
    pub denominator: f64,
    /// Set when the records cover only this many of the window's days (the value is of
    /// those days).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub covered_days: Option<u32>,
    /// Number of records that count against the check's metric.
    #[serde(serialize_with = "crate::json::number")]
    pub violations: f64,
    pub gap: Option<Gap>,
    pub penalty_points: Option<f64>,
    pub confidence: Confidence,
    /// Why a check is not assessed when the files lack a column it needs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub not_assessed_because: Option<NotAssessedBecause>,
    /// The violating records (baseline only; a what-if has none). Shared with the analysis
    /// that found them: a report is rebuilt on every slider move, its records never copied.
    #[serde(skip_serializing_if = "no_records")]
    pub records: Arc<[Violation]>,
    /// How many violating records there are: `records` may list only some of them (the page
    /// gets those its table can show, [`crate::engine::Analysis::list_records`]).
    #[serde(skip)]
    pub records_total: usize,
}

/// Why a check could not be judged.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NotAssessedBecause {
    /// No orders file has a column for this fact.
    NoColumn(crate::model::Fact),
    /// The check reads a value the seller types in (a rating, a benchmark): this input.
    NotTypedIn(String),
    /// Not a rule in the rulebook's region.
    NotInRegion,
    /// The orders are in `sales`, the region's minimum in `rule`.
    OtherCurrency { sales: String, rule: String },
    /// A minimum over `window` days, of which the files cover `covered`.
    PartialWindow { covered: u32, window: u32 },
}

fn no_records(r: &Arc<[Violation]>) -> bool {
    r.is_empty()
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RulebookResult {
    pub id: String,
    pub checks: Vec<CheckResult>,
    pub passed: usize,
    pub failed: usize,
    pub not_assessed: usize,
    /// The best tier whose checks all pass (not-assessed checks do not block a tier).
    pub tier: Option<String>,
    pub penalty_points: Option<f64>,
    /// How many penalty tiers the points reach.
    pub penalty_tier: Option<usize>,
}

/// What a check can read.
pub struct Source<'a> {
    pub metric: &'a dyn Fn(u32, MetricId) -> MetricValue,
    pub inputs: &'a Inputs,
    pub service_score: Option<f64>,
    /// Metrics the files cannot tell (no column for a fact they need).
    pub unavailable: &'a BTreeMap<MetricId, crate::model::Fact>,
    /// The currency most orders are in, when known.
    pub currency: Option<&'a str>,
    /// Windows the records do not cover whole, and the days they cover.
    pub covered: &'a BTreeMap<u32, u32>,
}

/// Whether a rate metric's numerator counts the good records (answered, valid, on time...).
/// Lower-is-better rates (cancellations, late, disputes, defects) count the bad ones.
pub fn numerator_counts_good(m: MetricId) -> bool {
    !matches!(
        m,
        MetricId::NonFulfilmentRate
            | MetricId::LateShipmentRate
            | MetricId::NrDisputeRate
            | MetricId::SnadDisputeRate
            | MetricId::OrderDefectRate
            | MetricId::TransactionDefectRate
            | MetricId::CasesClosedAgainstSellerRate
            | MetricId::ClaimsRate
    )
}

/// The number of records against a metric, from its numerator and denominator.
pub fn bad_records(m: MetricId, v: &MetricValue) -> f64 {
    match m.unit() {
        Unit::Rate if numerator_counts_good(m) => (v.denominator - v.numerator).max(0.0),
        Unit::Rate => v.numerator,
        _ => 0.0,
    }
}

const EPS: f64 = 1e-9;

/// The gap to pass a failed check on a metric.
pub fn gap(m: MetricId, op: Op, threshold: f64, v: &MetricValue) -> Option<Gap> {
    let value = v.value?;
    if op.holds(value, threshold) {
        return None;
    }
    let delta = threshold - value;
    let (n, d) = (v.numerator, v.denominator);
    let records = match m.unit() {
        Unit::Rate => {
            // The numerator that would pass, then how far the numerator must move.
            let target = match op {
                Op::Ge => (threshold * d - EPS).ceil(),
                Op::Gt => (threshold * d + EPS).floor() + 1.0,
                Op::Le => (threshold * d + EPS).floor(),
                Op::Lt => (threshold * d - EPS).ceil() - 1.0,
            };
            // Not `clamp`: it panics when its bounds are crossed (a NaN count), and its
            // message links float formatting into the page.
            let target = target.min(d).max(0.0);
            Some((target - n).abs())
        }
        Unit::Stars => {
            // Extra 5-star (or 1-star, for an upper bound) reviews that would move the mean across.
            let best = if op.higher_is_better() { 5.0 } else { 1.0 };
            let room = best - threshold;
            if room.abs() < EPS || (op.higher_is_better() && room < 0.0) {
                None
            } else {
                let k = (threshold * d - n) / room;
                let k = if matches!(op, Op::Gt | Op::Lt) {
                    k.floor() + 1.0
                } else {
                    (k - EPS).ceil()
                };
                Some(k.max(0.0))
            }
        }
        Unit::Count => Some(match op {
            Op::Ge => (threshold - value).ceil(),
            Op::Gt => (threshold - value).floor() + 1.0,
            Op::Le => (value - threshold).ceil(),
            Op::Lt => (value - threshold).floor() + 1.0,
        }),
        Unit::Hours | Unit::Days | Unit::Amount => None,
    };
    Some(Gap {
        delta,
        unit: m.unit(),
        records,
        of: (m.unit() == Unit::Rate).then_some(d),
    })
}

pub fn evaluate_check(rb: &Rulebook, c: &CheckSpec, src: &Source) -> CheckResult {
    // A store with few orders in the check's window is judged over a longer one.
    let window_days = match c.low_volume {
        Some(lv)
            if (src.metric)(rb.window_of(c), MetricId::OrdersPaid)
                .value
                .is_some_and(|n| n < lv.below) =>
        {
            lv.window_days
        }
        _ => rb.window_of(c),
    };
    // A benchmark the seller types in, or the rule's own threshold.
    let typed = c
        .threshold_input
        .as_ref()
        .map(|i| (i, src.inputs.get(i).copied()));
    let threshold = match typed {
        Some((_, Some(t))) => t,
        _ => c.threshold,
    };
    let no_benchmark = matches!(typed, Some((_, None)));
    // A sum of money against a minimum of another currency (Etsy's US$300 for sales in BRL).
    let other_currency = match (c.metric().map(MetricId::unit), src.currency) {
        (Some(Unit::Amount), Some(cur)) => rb
            .region_in_force()
            .filter(|r| !r.currencies.is_empty())
            .filter(|r| !r.currencies.iter().any(|x| x.eq_ignore_ascii_case(cur)))
            .map(|r| (cur.to_owned(), r.currencies[0].clone())),
        _ => None,
    };
    let (value, mv, metric) = match &c.reads {
        Reads::Metric(m) => {
            let v = (src.metric)(window_days, *m);
            (v.value, Some(v), Some(*m))
        }
        Reads::Input(name) => (src.inputs.get(name).copied(), None, None),
        Reads::ServiceScore => (src.service_score, None, None),
    };
    let below_min = match (c.min_denominator, mv) {
        (Some(min), Some(v)) => v.denominator < min,
        _ => false,
    };
    let violations = match (metric, mv) {
        (Some(m), Some(v)) => bad_records(m, &v),
        _ => 0.0,
    };
    let covered_days = metric.and_then(|_| src.covered.get(&window_days).copied());
    // A minimum count or sum the files do not reach may be reached by the days they miss.
    let partial_minimum = covered_days.is_some()
        && metric.is_some_and(|m| matches!(m.unit(), Unit::Count | Unit::Amount))
        && value.is_some_and(|x| !c.op.holds(x, threshold));
    let status = match value {
        _ if c.off => Status::NotAssessed,
        Some(_) if partial_minimum => Status::NotAssessed,
        None => Status::NotAssessed,
        Some(_) if below_min || no_benchmark || other_currency.is_some() => Status::NotAssessed,
        Some(x) => {
            let allowed = c.count_allowance.is_some_and(|a| violations <= a);
            if c.op.holds(x, threshold) || allowed {
                Status::Passed
            } else {
                Status::Failed
            }
        }
    };
    let gap = match (status, metric, mv, value) {
        (Status::Failed, Some(m), Some(v), _) => gap(m, c.op, threshold, &v),
        (Status::Failed, None, _, Some(x)) => Some(Gap {
            delta: threshold - x,
            unit: Unit::Count,
            records: None,
            of: None,
        }),
        _ => None,
    };
    CheckResult {
        id: c.id.clone(),
        status,
        value,
        threshold,
        op: c.op,
        window_days,
        metric,
        numerator: mv.map_or(0.0, |v| v.numerator),
        denominator: mv.map_or(0.0, |v| v.denominator),
        covered_days,
        violations,
        gap,
        penalty_points: c.penalty_points,
        confidence: c.confidence,
        not_assessed_because: match (status, metric, typed) {
            _ if c.off => Some(NotAssessedBecause::NotInRegion),
            (Status::NotAssessed, ..) if partial_minimum => {
                Some(NotAssessedBecause::PartialWindow {
                    covered: covered_days.unwrap_or(0),
                    window: window_days,
                })
            }
            (Status::NotAssessed, ..) if other_currency.is_some() => other_currency
                .clone()
                .map(|(sales, rule)| NotAssessedBecause::OtherCurrency { sales, rule }),
            (Status::NotAssessed, Some(m), _) if src.unavailable.contains_key(&m) => src
                .unavailable
                .get(&m)
                .map(|f| NotAssessedBecause::NoColumn(*f)),
            (Status::NotAssessed, _, Some((i, None))) => {
                Some(NotAssessedBecause::NotTypedIn(i.clone()))
            }
            (Status::NotAssessed, None, None) => match &c.reads {
                Reads::Input(i) => Some(NotAssessedBecause::NotTypedIn(i.clone())),
                _ => None,
            },
            _ => None,
        },
        records: Arc::from(Vec::new()),
        records_total: 0,
    }
}

pub fn evaluate(rb: &Rulebook, src: &Source) -> RulebookResult {
    let checks: Vec<CheckResult> = rb
        .checks
        .iter()
        .map(|c| evaluate_check(rb, c, src))
        .collect();
    let count = |s: Status| checks.iter().filter(|c| c.status == s).count();
    let failed_ids: Vec<&str> = checks
        .iter()
        .filter(|c| c.status == Status::Failed)
        .map(|c| c.id.as_str())
        .collect();
    let tier = rb
        .tiers
        .iter()
        .find(|t| t.checks.iter().all(|id| !failed_ids.contains(&id.as_str())))
        .map(|t| t.id.clone());
    let has_penalties = rb.checks.iter().any(|c| c.penalty_points.is_some());
    let penalty_points = has_penalties.then(|| {
        checks
            .iter()
            .filter(|c| c.status == Status::Failed)
            .filter_map(|c| c.penalty_points)
            .fold(0.0, |a, b| a + b) // an empty f64 sum is -0.0
    });
    let penalty_tier = penalty_points.map(|p| rb.penalty_tiers.iter().filter(|t| p >= **t).count());
    RulebookResult {
        id: rb.id.clone(),
        passed: count(Status::Passed),
        failed: count(Status::Failed),
        not_assessed: count(Status::NotAssessed),
        tier,
        penalty_points,
        penalty_tier,
        checks,
    }
}
