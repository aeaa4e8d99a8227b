//! Targets: the cheapest ways, in records a seller can act on, to reach the next level of the
//! service score or to pass a failing check, found by a small search over the levers through
//! [`report`] (never a formula of the curves): for each lever the fewest records that reach
//! the goal (a binary search: improving a metric never lowers a score or fails a check), then
//! pairs of levers, each with part of its own way and the fewest records of the other.
//!
//! A record changed is: one bad record of a rate made good (a message answered within 24 h, an
//! order shipped before its deadline, a dispute avoided), one more 5-star review for an
//! average, one more for a count.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::checks::{numerator_counts_good, Inputs, Status};
use crate::engine::{report, Report};
use crate::metrics::{MetricId, MetricValue, Unit};
use crate::rulebook::{Rulebook, SERVICE_SCORE};
use crate::whatif::{Baseline, Scenario};

/// Options kept per goal.
pub const OPTIONS: usize = 5;
/// The most records a lever of an average or a count may add.
const MAX_ADDED: f64 = 100_000.0;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Target {
    /// `level:<id>` or `check:<rulebook>/<id>`.
    pub goal: String,
    /// Cheapest first (fewest records changed).
    pub options: Vec<TargetOption>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TargetOption {
    pub changes: Vec<Change>,
    pub score_after: Option<f64>,
    pub reaches: bool,
    /// The scenario that applies it (the page's sliders take it as it is).
    pub scenario: Scenario,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Change {
    pub metric: MetricId,
    /// Records to change: bad ones made good (rates), 5-star reviews added (averages).
    #[serde(serialize_with = "crate::json::number")]
    pub records: f64,
    /// Out of how many (the metric's denominator).
    #[serde(serialize_with = "crate::json::number")]
    pub of: f64,
}

/// A lever: a metric of the main window and how far its records can move.
#[derive(Clone, Copy)]
struct Lever {
    metric: MetricId,
    value: MetricValue,
    /// The most records that can change (every bad one of a rate).
    max: f64,
}

impl Lever {
    /// The lever of `metric` over `window` days (the records a check of that window counts).
    fn of(b: &Baseline, window: u32, metric: MetricId) -> Option<Lever> {
        let value = b.metric(window, metric);
        value.value?;
        let max = match metric.unit() {
            Unit::Rate if value.denominator > 0.0 => {
                if numerator_counts_good(metric) {
                    value.denominator - value.numerator
                } else {
                    value.numerator
                }
            }
            Unit::Stars | Unit::Count | Unit::Amount => MAX_ADDED,
            _ => 0.0,
        };
        (max >= 1.0).then_some(Lever { metric, value, max })
    }

    /// The metric's value after `k` records changed.
    fn value_after(&self, k: f64) -> f64 {
        let (n, d) = (self.value.numerator, self.value.denominator);
        match self.metric.unit() {
            Unit::Rate if numerator_counts_good(self.metric) => (n + k) / d,
            Unit::Rate => (n - k) / d,
            Unit::Stars => (n + 5.0 * k) / (d + k),
            _ => self.value.value.unwrap_or(0.0) + k,
        }
    }
}

fn scenario_of(levers: &[(Lever, f64)]) -> Scenario {
    let mut s = Scenario::default();
    for (l, k) in levers {
        if *k > 0.0 {
            s.set.insert(l.metric, l.value_after(*k));
        }
    }
    s
}

/// What a goal is, judged on a report.
enum Goal {
    Level { id: String, min: f64 },
    Check { rulebook: String, id: String },
}

impl Goal {
    fn name(&self) -> String {
        match self {
            Goal::Level { id, .. } => format!("level:{id}"),
            Goal::Check { rulebook, id } => format!("check:{rulebook}/{id}"),
        }
    }
    fn reached(&self, r: &Report) -> bool {
        match self {
            Goal::Level { min, .. } => r.total().is_some_and(|t| t >= *min),
            Goal::Check { rulebook, id } => r
                .rulebook(rulebook)
                .and_then(|rb| rb.checks.iter().find(|c| &c.id == id))
                .is_some_and(|c| c.status == Status::Passed),
        }
    }
}

/// The fewest records of `lever` (on top of `fixed`) that reach the goal, if any do.
fn fewest(
    b: &Baseline,
    rulebooks: &[Rulebook],
    inputs: &Inputs,
    goal: &Goal,
    fixed: &[(Lever, f64)],
    lever: Lever,
) -> Option<f64> {
    let reaches = |k: f64| {
        let mut all = fixed.to_vec();
        all.push((lever, k));
        goal.reached(&report(b, rulebooks, inputs, &scenario_of(&all)))
    };
    if !reaches(lever.max) {
        return None;
    }
    let (mut lo, mut hi) = (0.0_f64, lever.max.floor().max(1.0));
    if !reaches(hi) {
        hi = lever.max;
    }
    // Invariant: `lo` does not reach, `hi` does.
    if reaches(lo) {
        return Some(0.0);
    }
    while hi - lo > 1.0 {
        let mid = ((lo + hi) / 2.0).floor();
        if reaches(mid) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    Some(hi)
}

fn option(
    b: &Baseline,
    rulebooks: &[Rulebook],
    inputs: &Inputs,
    levers: &[(Lever, f64)],
) -> TargetOption {
    let scenario = scenario_of(levers);
    let r = report(b, rulebooks, inputs, &scenario);
    TargetOption {
        changes: levers
            .iter()
            .filter(|(_, k)| *k > 0.0)
            .map(|(l, k)| Change {
                metric: l.metric,
                records: *k,
                of: l.value.denominator,
            })
            .collect(),
        score_after: r.total(),
        reaches: true,
        scenario,
    }
}

/// The search for one goal over the given lever metrics.
fn search(
    b: &Baseline,
    rulebooks: &[Rulebook],
    inputs: &Inputs,
    goal: &Goal,
    window: u32,
    metrics: &[MetricId],
) -> Vec<TargetOption> {
    let levers: Vec<Lever> = metrics
        .iter()
        .filter_map(|m| Lever::of(b, window, *m))
        .collect();
    let mut found: Vec<Vec<(Lever, f64)>> = Vec::new();
    let mut single: Vec<Option<f64>> = Vec::new();
    for l in &levers {
        let k = fewest(b, rulebooks, inputs, goal, &[], *l);
        single.push(k);
        if let Some(k) = k.filter(|k| *k > 0.0) {
            found.push(vec![(*l, k)]);
        }
    }
    // Pairs: part of one lever's way (a quarter, a half, three quarters of what it alone needs,
    // or of all it can move), the rest by the other.
    for (i, a) in levers.iter().enumerate() {
        let reach = single[i].unwrap_or(a.max);
        for part in [0.25, 0.5, 0.75] {
            let ka = (reach * part).round();
            if ka < 1.0 {
                continue;
            }
            for (j, other) in levers.iter().enumerate() {
                if i == j {
                    continue;
                }
                if let Some(kb) =
                    fewest(b, rulebooks, inputs, goal, &[(*a, ka)], *other).filter(|k| *k > 0.0)
                {
                    found.push(vec![(*a, ka), (*other, kb)]);
                }
            }
        }
    }
    let total = |o: &Vec<(Lever, f64)>| o.iter().map(|(_, k)| k).sum::<f64>();
    found.sort_by(|x, y| total(x).total_cmp(&total(y)).then(x.len().cmp(&y.len())));
    // One option per set of records changed (a pair found from either side is one option).
    let mut seen = BTreeSet::new();
    found
        .into_iter()
        .filter(|o| {
            let mut key: Vec<(MetricId, u64)> =
                o.iter().map(|(l, k)| (l.metric, k.to_bits())).collect();
            key.sort();
            seen.insert(key)
        })
        .take(OPTIONS)
        .map(|o| option(b, rulebooks, inputs, &o))
        .collect()
}

/// Targets for the next level of the service score and for each failing check.
pub fn targets(b: &Baseline, rulebooks: &[Rulebook], inputs: &Inputs) -> Vec<Target> {
    let today = report(b, rulebooks, inputs, &Scenario::default());
    let mut out = Vec::new();
    if let (Some(rb), Some(s)) = (
        rulebooks.iter().find(|r| r.id == SERVICE_SCORE),
        today.score.as_ref().filter(|s| s.assessed),
    ) {
        if let Some(spec) = &rb.score {
            // The lowest level above today's score: the next one up.
            if let Some(next) = spec.levels.iter().rev().find(|l| l.min > s.total) {
                let goal = Goal::Level {
                    id: next.id.clone(),
                    min: next.min,
                };
                // Each indicator's own metric, or the one it is estimated from.
                let metrics: Vec<MetricId> = spec
                    .indicators
                    .iter()
                    .map(
                        |i| match (b.metric(b.main_window, i.metric).value, i.fallback_metric) {
                            (None, Some(fb)) => fb,
                            _ => i.metric,
                        },
                    )
                    .collect::<BTreeSet<_>>()
                    .into_iter()
                    .collect();
                out.push(Target {
                    goal: goal.name(),
                    options: search(b, rulebooks, inputs, &goal, b.main_window, &metrics),
                });
            }
        }
    }
    for res in &today.rulebooks {
        for c in res.checks.iter().filter(|c| c.status == Status::Failed) {
            let Some(m) = c
                .metric
                .filter(|m| !matches!(m.unit(), Unit::Hours | Unit::Days))
            else {
                continue;
            };
            // Its records are those of its own window (a scenario sets the metric's value in
            // every window).
            let goal = Goal::Check {
                rulebook: res.id.clone(),
                id: c.id.clone(),
            };
            out.push(Target {
                goal: goal.name(),
                options: search(b, rulebooks, inputs, &goal, c.window_days, &[m]),
            });
        }
    }
    out
}
