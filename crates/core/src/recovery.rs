//! When a store recovers: the day each counted bad record leaves its window, and each check's
//! value and verdict and the service score for each of the next days, if every new record from
//! tomorrow is good, at the window's average daily volume (the assumption, said with the
//! answer).
//!
//! The records that still count `k` days from now are those of the last `window - k` days of
//! today's window, evaluated as today knows them: the metric over a window `k` days shorter at
//! the same as-of. So the projection reads each metric through its one definition
//! (`metrics::compute_all`), never a second one. New records add `volume × k` good ones, where
//! `volume` is today's denominator over the window's days; after `window` days no old record
//! is left. Percentiles (response hours, dispute days) have no good value to add: they are not
//! projected.

use crate::fork::{Fork, InTurn};
use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::checks::{self, Inputs, Source, Status};
use crate::engine::Report;
use crate::metrics::{MetricId, MetricValue, Params, Unit};
use crate::prepared::Prepared;
use crate::rulebook::{Rulebook, SERVICE_SCORE};
use crate::score;
use crate::series_index::SeriesIndex;
use crate::time;
use crate::whatif::Baseline;

/// How many days ahead the projection goes.
pub const DAYS: u32 = 60;

/// What the projection assumes, as the CLI's JSON says it.
pub const ASSUMPTION: &str = "every new record from tomorrow is good, at the window's average daily volume; records leave the window on the day it no longer covers them";

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Recovery {
    pub assumption: String,
    /// Every failing check (and every check a failing tier needs).
    pub checks: Vec<CheckRecovery>,
    /// The service score day by day (empty without a score rulebook).
    pub score: Vec<ScoreDay>,
    /// The first day the projected score reaches each level better than today's.
    pub levels: Vec<LevelOn>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CheckRecovery {
    pub rulebook: String,
    pub id: String,
    /// Today's verdict.
    pub status: Status,
    /// False for a percentile (response hours, dispute days): no good value to add.
    pub projected: bool,
    /// The first day it passes, `YYYY-MM-DD` (the last day its window covers then).
    pub passes_on: Option<String>,
    /// The bad records that stop counting, by the day they no longer do.
    pub leaving: Vec<Leaving>,
    /// Its value and verdict on each day ahead.
    pub days: Vec<CheckDay>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Leaving {
    pub date: String,
    #[serde(serialize_with = "crate::json::number")]
    pub records: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CheckDay {
    pub date: String,
    pub value: Option<f64>,
    pub status: Status,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScoreDay {
    pub date: String,
    /// None when the store would not be assessed that day.
    pub score: Option<f64>,
    pub level: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LevelOn {
    pub level: String,
    pub date: String,
}

/// Today's values of each (window, metric), as the window shortens day by day: `old[j]` holds
/// the records of the last `j` days of the window (j = 0 ..= window).
struct Shrinking {
    window: u32,
    old: Vec<MetricValue>,
}

impl Shrinking {
    /// The metric `k` days from now under the assumption.
    fn at(&self, m: MetricId, k: u32) -> MetricValue {
        let w = self.window;
        let full = self.old[w as usize];
        let old = self.old[w.saturating_sub(k) as usize];
        let days_new = f64::from(k.min(w));
        let per_day = |x: f64| x / f64::from(w.max(1));
        match m.unit() {
            Unit::Rate => {
                let add = per_day(full.denominator) * days_new;
                let good = if checks::numerator_counts_good(m) {
                    add
                } else {
                    0.0
                };
                MetricValue::ratio(old.numerator + good, old.denominator + add)
            }
            // New reviews are 5-star ones.
            Unit::Stars => {
                let add = per_day(full.denominator) * days_new;
                MetricValue::ratio(old.numerator + 5.0 * add, old.denominator + add)
            }
            Unit::Count | Unit::Amount => {
                let x = old.value.unwrap_or(0.0) + per_day(full.value.unwrap_or(0.0)) * days_new;
                MetricValue {
                    value: Some(x),
                    numerator: x,
                    denominator: 1.0,
                }
            }
            Unit::Hours | Unit::Days => MetricValue::undefined(),
        }
    }

    /// The bad records of a rate that no longer count on day `k` (and did on day `k - 1`).
    fn leaving(&self, m: MetricId, k: u32) -> f64 {
        let w = self.window;
        if k > w || m.unit() != Unit::Rate {
            return 0.0;
        }
        let bad = |j: u32| checks::bad_records(m, &self.old[j as usize]);
        (bad(w - k + 1) - bad(w - k)).max(0.0)
    }
}

/// The label of day `k` ahead: the last day its window covers.
fn day_label(params: &Params, k: u32) -> String {
    let end = params.as_of.plus_secs(i64::from(k) * crate::model::DAY - 1);
    time::format_date(params.tz, end)
}

/// The projection for the checks `today` fails and for the service score. `params` are
/// today's (as-of and main window), `b` today's baseline (its currency and unavailable metrics).
pub fn recovery(
    p: &Prepared,
    params: &Params,
    b: &Baseline,
    rulebooks: &[Rulebook],
    inputs: &Inputs,
    today: &Report,
    days: u32,
) -> Recovery {
    recovery_with(p, params, b, rulebooks, inputs, today, days, &InTurn)
}

/// The same, with the shortened windows' passes in two lanes through `fork`.
#[allow(clippy::too_many_arguments)]
pub fn recovery_with(
    p: &Prepared,
    params: &Params,
    b: &Baseline,
    rulebooks: &[Rulebook],
    inputs: &Inputs,
    today: &Report,
    days: u32,
    fork: &impl Fork,
) -> Recovery {
    let main = params.window_days;
    let score_spec = rulebooks
        .iter()
        .find(|r| r.id == SERVICE_SCORE)
        .and_then(|r| r.score.as_ref());
    // Which checks: the failed ones.
    let failing: Vec<(&Rulebook, &crate::rulebook::CheckSpec, Status)> = today
        .rulebooks
        .iter()
        .filter_map(|res| Some((res, rulebooks.iter().find(|r| r.id == res.id)?)))
        .flat_map(|(res, rb)| {
            res.checks
                .iter()
                .filter(|c| c.status == Status::Failed)
                .filter_map(move |c| Some((rb, rb.checks.iter().find(|s| s.id == c.id)?, c.status)))
        })
        .collect();
    // Which (window, metric) they and the score read.
    let mut needs: BTreeMap<u32, BTreeSet<MetricId>> = BTreeMap::new();
    for (rb, c, _) in &failing {
        if let Some(m) = c.metric() {
            needs.entry(rb.window_of(c)).or_default().insert(m);
        }
    }
    if let Some(spec) = score_spec {
        let e = needs.entry(main).or_default();
        e.insert(MetricId::OrdersPaid);
        for i in &spec.indicators {
            e.insert(i.metric);
            e.extend(i.fallback_metric);
        }
    }
    // Today's values over windows shortened by 0 ..= min(days, window) days: one pass per
    // window and day, every other pass in the other lane of `fork`.
    let needs: Vec<(u32, Vec<MetricId>)> = needs
        .into_iter()
        .map(|(w, ids)| {
            let ids = ids
                .into_iter()
                .filter(|m| !b.unavailable.contains_key(m))
                .collect();
            (w, ids)
        })
        .collect();
    let passes: Vec<(usize, u32)> = needs
        .iter()
        .enumerate()
        .flat_map(|(n, (w, _))| (w.saturating_sub(days)..=*w).map(move |j| (n, j)))
        .collect();
    // The metrics the daily series' index answers for any window (sorted times and prefix
    // sums, held to the metrics' definitions by its test) are read from it; the others are
    // computed per pass.
    let index = SeriesIndex::new(p);
    let run = |lane: usize| -> Vec<(usize, u32, BTreeMap<MetricId, MetricValue>)> {
        let mut lookup = index.lookup(p);
        passes
            .iter()
            .skip(lane)
            .step_by(2)
            .map(|&(n, j)| (n, j, lookup.values(&needs[n].1, &params.with_window(j))))
            .collect()
    };
    let (a, c) = fork.join(|| run(0), || run(1));
    // Every window has a pass (its own length), so every (window, metric) gets its list.
    let mut shrinking: BTreeMap<(u32, MetricId), Shrinking> = BTreeMap::new();
    for (n, j, m) in a.into_iter().chain(c) {
        let (w, ids) = &needs[n];
        for id in ids {
            let s = shrinking.entry((*w, *id)).or_insert_with(|| Shrinking {
                window: *w,
                old: vec![MetricValue::undefined(); *w as usize + 1],
            });
            if let Some(v) = s.old.get_mut(j as usize) {
                *v = m.get(id).copied().unwrap_or(MetricValue::undefined());
            }
        }
    }
    let value_at = |w: u32, m: MetricId, k: u32| {
        shrinking
            .get(&(w, m))
            .map_or(MetricValue::undefined(), |s| s.at(m, k))
    };
    // The score day by day.
    let mut score_days = Vec::new();
    let mut scores: Vec<Option<f64>> = Vec::new();
    if let Some(spec) = score_spec {
        for k in 1..=days {
            let s = score::score(spec, &|id| value_at(main, id, k));
            let total = s.assessed.then_some(s.total);
            scores.push(total);
            score_days.push(ScoreDay {
                date: day_label(params, k),
                score: total,
                level: s.level,
            });
        }
    }
    let mut levels = Vec::new();
    if let Some(spec) = score_spec {
        let now = today.score.as_ref().filter(|s| s.assessed).map(|s| s.total);
        for l in spec.levels.iter().filter(|l| now.is_none_or(|t| t < l.min)) {
            if let Some(day) = score_days
                .iter()
                .find(|d| d.score.is_some_and(|s| s >= l.min))
            {
                levels.push(LevelOn {
                    level: l.id.clone(),
                    date: day.date.clone(),
                });
            }
        }
    }
    let unavailable = BTreeMap::new();
    let checks = failing
        .into_iter()
        .map(|(rb, spec, status)| {
            let window = rb.window_of(spec);
            let mut days_out = Vec::new();
            for k in 1..=days {
                let metric = |w: u32, m: MetricId| value_at(w, m, k);
                let src = Source {
                    metric: &metric,
                    inputs,
                    service_score: scores.get(k as usize - 1).copied().flatten(),
                    unavailable: &unavailable,
                    currency: b.currency.as_deref(),
                    covered: &b.covered,
                };
                let r = checks::evaluate_check(rb, spec, &src);
                days_out.push(CheckDay {
                    date: day_label(params, k),
                    value: r.value,
                    status: r.status,
                });
            }
            let leaving = spec
                .metric()
                .and_then(|m| shrinking.get(&(window, m)).map(|s| (m, s)))
                .map(|(m, s)| {
                    (1..=days.min(window))
                        .map(|k| (k, s.leaving(m, k)))
                        .filter(|(_, n)| *n > 0.0)
                        .map(|(k, n)| Leaving {
                            date: day_label(params, k),
                            records: n,
                        })
                        .collect()
                })
                .unwrap_or_default();
            let projected = spec
                .metric()
                .is_none_or(|m| !matches!(m.unit(), Unit::Hours | Unit::Days));
            CheckRecovery {
                rulebook: rb.id.clone(),
                id: spec.id.clone(),
                status,
                projected,
                passes_on: days_out
                    .iter()
                    .find(|d| d.status == Status::Passed)
                    .map(|d| d.date.clone()),
                leaving,
                days: days_out,
            }
        })
        .collect();
    Recovery {
        assumption: ASSUMPTION.to_owned(),
        checks,
        score: score_days,
        levels,
    }
}
