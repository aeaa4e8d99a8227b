//! The pipeline: `analyse` reads the prepared records once into a [`Baseline`] of aggregates
//! (plus the violating records and the daily series); `report` is a pure, cheap function of a
//! baseline, the rulebooks, the user's inputs and a what-if scenario. The page and the CLI both
//! call these two and nothing else.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use chrono::NaiveDate;
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::checks::{self, Inputs, RulebookResult, Source, Status};
use crate::distributions::{self, Distributions};
use crate::fork::{Fork, InTurn};
use crate::metrics::{self, MetricId, MetricValue, Params, Violation};
use crate::model::{Ts, DAY as DAY_SECS};
use crate::prepared::Prepared;
use crate::rulebook::{Rulebook, SERVICE_SCORE};
use crate::score::{self, Forecast, ScoreResult};
use crate::time;
use crate::whatif::{self, Baseline, ResponseHist, Scenario};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    /// None: the start of the day after `last_day`, else after the latest event (METRICS.md).
    pub as_of: Option<Ts>,
    /// The last day the window includes, in `tz` (the page's date picker: the page carries no
    /// time-zone tables, so the worker turns the day into an instant).
    pub last_day: Option<NaiveDate>,
    pub window_days: u32,
    pub evaluation_window_days: u32,
    pub tz: Tz,
    pub usd_rates: BTreeMap<String, f64>,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            as_of: None,
            last_day: None,
            window_days: 30,
            evaluation_window_days: 15,
            tz: time::DEFAULT_ZONE,
            usd_rates: BTreeMap::new(),
        }
    }
}

impl Settings {
    /// The as-of instant: the one set, else the default from the data.
    pub fn resolve_as_of(&self, latest_event: Option<Ts>) -> Option<Ts> {
        let after_last_day = || {
            self.last_day
                .and_then(|d| d.succ_opt())
                .and_then(|d| time::start_of_date(self.tz, d))
        };
        self.as_of
            .or_else(after_last_day)
            .or_else(|| latest_event.and_then(|t| time::start_of_next_day(self.tz, t)))
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RecordCounts {
    pub orders: usize,
    pub order_units: usize,
    pub messages: usize,
    pub buyer_turns: usize,
    pub disputes: usize,
    pub reviews: usize,
    /// The orders' currencies and how many orders each, most first: what a rulebook's region
    /// is found by.
    #[serde(default)]
    pub currencies: Vec<(String, u64)>,
}

impl RecordCounts {
    /// No record of any kind was read.
    pub fn is_empty(&self) -> bool {
        self.orders + self.messages + self.disputes + self.reviews == 0
    }
}

/// Crosses from the page's worker to the page (postcard), never written as JSON.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    pub params: Params,
    pub baseline: Baseline,
    /// Main-window metrics and left-out counts. Their violating records are in `records`, their
    /// per-turn response times summarized in `baseline.response` (neither kept twice).
    pub main: metrics::Metrics,
    /// Violating records per (window, metric) the rulebooks read (shared with the reports):
    /// all of them, or only those the page lists (see [`Analysis::list_records`]).
    pub records: BTreeMap<(u32, MetricId), Arc<[Violation]>>,
    /// How many records there are per (window, metric) where `records` lists only some.
    pub records_cut: BTreeMap<(u32, MetricId), usize>,
    /// The times that decide each record of `records`, list by list in the same order: filled
    /// by the page's worker for the records the page lists ([`Analysis::add_evidence`]).
    #[serde(default)]
    pub evidence: BTreeMap<(u32, MetricId), Arc<[crate::evidence::RecordTimes]>>,
    /// The records each list's metric left out (exempted disputes), with why and their times
    /// (the first [`RECORDS_LISTED`]; the worker fills it with `evidence`).
    #[serde(default)]
    pub exempted: BTreeMap<(u32, MetricId), Arc<[crate::evidence::ExemptedRecord]>>,
    pub counts: RecordCounts,
    /// What the charts draw (from the files only; a scenario link does not carry it).
    pub distributions: Distributions,
    /// The window's days as the page shows them (it carries no time-zone tables).
    pub dates: WindowDates,
}

/// The window in its zone, `YYYY-MM-DD`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct WindowDates {
    /// The window's first day and the as-of instant's day (the window ends at its start).
    pub first: String,
    pub end: String,
    /// The last day the window includes (the day before `end`).
    pub last_day: String,
}

impl WindowDates {
    pub fn of(params: &Params) -> WindowDates {
        let tz = params.tz;
        WindowDates {
            first: time::format_date(tz, params.window_start()),
            end: time::format_date(tz, params.as_of),
            last_day: time::format_date(tz, Ts::new(params.as_of.secs() - 1)),
        }
    }
}

/// Reads the records once. `latest_event` is the dataset's latest event (for the default as-of).
pub fn analyse(
    p: &Prepared,
    latest_event: Option<Ts>,
    counts: RecordCounts,
    settings: &Settings,
    rulebooks: &[Rulebook],
) -> Option<Analysis> {
    analyse_with(p, latest_event, counts, settings, rulebooks, &InTurn)
}

/// The same, with the windows' passes, the daily series and the distributions run in two
/// lanes through `fork` (side by side natively).
pub fn analyse_with(
    p: &Prepared,
    latest_event: Option<Ts>,
    counts: RecordCounts,
    settings: &Settings,
    rulebooks: &[Rulebook],
    fork: &impl Fork,
) -> Option<Analysis> {
    let as_of = settings.resolve_as_of(latest_event)?;
    let params = Params {
        as_of,
        window_days: settings.window_days.max(1),
        evaluation_window_days: settings.evaluation_window_days,
        tz: settings.tz,
        usd_rates: settings.usd_rates.clone(),
    };
    let main_window = params.window_days;
    // The main window's metrics, and in other windows only those some rulebook reads there.
    let mut needs: BTreeMap<u32, BTreeSet<MetricId>> = BTreeMap::new();
    for rb in rulebooks {
        for (w, m) in rb.needs(main_window) {
            if w != main_window {
                needs.entry(w).or_default().insert(m);
            }
        }
    }
    let mut jobs: Vec<(u32, Vec<MetricId>)> = vec![(main_window, MetricId::ALL.to_vec())];
    jobs.extend(
        needs
            .into_iter()
            .map(|(w, ids)| (w, ids.into_iter().collect())),
    );
    // Two lanes of about equal work for `fork`: a window's pass costs about its metrics times
    // the days of records it covers; the largest first, each to the lighter lane, the daily
    // series and the distributions last.
    // The first record's time, found once (a pass over every record).
    let first = p.first_record();
    let span = first.map_or(u64::MAX, |f| {
        (params.as_of.secs() - f.secs()).max(0) as u64 / DAY_SECS as u64 + 1
    });
    let cost = |(w, ids): &(u32, Vec<MetricId>)| ids.len() as u64 * u64::from(*w).min(span);
    crate::small::sort_by(&mut jobs, |a, b| cost(b).cmp(&cost(a)));
    let (mut lanes, mut load) = ([Vec::new(), Vec::new()], [0u64; 2]);
    for job in jobs {
        let lane = usize::from(load[1] < load[0]);
        load[lane] += cost(&job);
        lanes[lane].push(job);
    }
    let last = usize::from(load[1] < load[0]);
    let run = |lane: Vec<(u32, Vec<MetricId>)>, last: bool| {
        let computed: Vec<(u32, metrics::Metrics)> = lane
            .into_iter()
            .map(|(w, ids)| {
                let at = params.with_window(w);
                let m = match w == main_window {
                    true => metrics::compute_with_turns(p, &at, &ids),
                    false => metrics::compute_all(p, &at, &ids),
                };
                (w, m)
            })
            .collect();
        let rest = last.then(|| {
            let series = rulebooks
                .iter()
                .find(|r| r.id == SERVICE_SCORE)
                .and_then(|r| r.score.as_ref())
                .map(|spec| score::daily_series(p, &params, spec))
                .unwrap_or_default();
            (series, distributions::compute(p, &params))
        });
        (computed, rest)
    };
    let [a, b] = lanes;
    let ((a, rest_a), (b, rest_b)) = fork.join(|| run(a, last == 0), || run(b, last == 1));
    let (series, distributions) = rest_a.or(rest_b).unwrap_or_default();

    let mut windows = BTreeMap::new();
    let mut records = BTreeMap::new();
    let mut main = metrics::Metrics::default();
    for (w, mut m) in a.into_iter().chain(b) {
        // Moved, not copied: on 1M orders the lists are tens of MB, and they cross to the page.
        for (id, v) in std::mem::take(&mut m.violations) {
            records.insert((w, id), Arc::from(v));
        }
        if w == main_window {
            windows.insert(w, m.values.clone());
            main = m;
        } else {
            windows.insert(w, m.values);
        }
    }
    let baseline = Baseline {
        main_window,
        windows,
        response: ResponseHist::from_turns(&std::mem::take(&mut main.turns)),
        series,
        unavailable: main.unavailable.clone(),
        currency: counts.currencies.first().map(|(c, _)| c.clone()),
        covered: BTreeMap::new(),
    };
    let mut baseline = baseline;
    // Windows that start before the first record: how many of their days the files cover.
    if let Some(first) = first {
        for w in baseline.windows.keys() {
            let start = params.as_of.minus_days(*w);
            if first > start && first < params.as_of {
                let days = (params.as_of.secs() - first.secs() + DAY_SECS - 1) / DAY_SECS;
                baseline
                    .covered
                    .insert(*w, u32::try_from(days).unwrap_or(u32::MAX));
            }
        }
    }
    Some(Analysis {
        distributions,
        dates: WindowDates::of(&params),
        params,
        baseline,
        main,
        records,
        records_cut: BTreeMap::new(),
        evidence: BTreeMap::new(),
        exempted: BTreeMap::new(),
        counts,
    })
}

/// An order of a check's violating records: the page's table sorts by any of these, either
/// way; ties keep the records' own order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RecordOrder {
    Record,
    What,
    Hours,
}

impl RecordOrder {
    pub const ALL: [RecordOrder; 3] = [RecordOrder::Record, RecordOrder::What, RecordOrder::Hours];

    /// Compares two named violations (as the page has them).
    pub fn compare(self, a: &Violation, b: &Violation) -> std::cmp::Ordering {
        match self {
            RecordOrder::Record => a.record.cmp(&b.record),
            RecordOrder::What => (a.what as u8).cmp(&(b.what as u8)),
            RecordOrder::Hours => a.hours.unwrap_or(0.0).total_cmp(&b.hours.unwrap_or(0.0)),
        }
    }

    /// `records` sorted by this order (descending when `desc`), stably.
    pub fn sorted(self, records: &[Violation], desc: bool) -> Vec<&Violation> {
        let mut rows: Vec<&Violation> = records.iter().collect();
        crate::small::sort_by(&mut rows, |a, b| {
            let o = self.compare(a, b);
            if desc {
                o.reverse()
            } else {
                o
            }
        });
        rows
    }
}

/// Violating records the page lists per check (the first ones in the order the user picks).
pub const RECORDS_LISTED: usize = 200;

impl Analysis {
    /// How many violating records there are for (window, metric).
    pub fn records_total(&self, key: &(u32, MetricId)) -> usize {
        match self.records_cut.get(key) {
            Some(n) => *n,
            None => self.records.get(key).map_or(0, |r| r.len()),
        }
    }

    /// Reads, for every record of `records`, the times that decide it from the records
    /// `p` it was found in (into `evidence`, in the lists' order).
    pub fn add_evidence(&mut self, p: &Prepared) {
        let tz = self.params.tz;
        self.evidence = self
            .records
            .iter()
            .map(|(k, list)| {
                let rows: Arc<[crate::evidence::RecordTimes]> = list
                    .iter()
                    .map(|v| {
                        let e = crate::evidence::of_violation(p, v);
                        crate::evidence::RecordTimes::of(&e, tz)
                    })
                    .collect();
                (*k, rows)
            })
            .collect();
        self.exempted = self
            .records
            .keys()
            .filter_map(|&(w, metric)| {
                let rows = crate::evidence::exempted(p, &self.params.with_window(w), metric);
                (!rows.is_empty()).then(|| {
                    let listed: Arc<[crate::evidence::ExemptedRecord]> = rows
                        .iter()
                        .take(RECORDS_LISTED)
                        .map(|e| crate::evidence::ExemptedRecord::of(e, tz))
                        .collect();
                    ((w, metric), listed)
                })
            })
            .collect();
    }

    /// Names every violating record from `p`, the records they were found in (what a report
    /// that writes them all wants: the CLI's JSON).
    pub fn name_records(&mut self, p: &Prepared) {
        for records in self.records.values_mut() {
            *records = records.iter().map(|v| v.named(p)).collect();
        }
    }

    /// Keeps, of each list of violating records longer than `n`, the records that are among
    /// the first `n` in some [`RecordOrder`], ascending or descending, in their own order:
    /// sorted the same way, those give the same first `n` as the whole list (the sort is
    /// stable, and a record the whole list puts before one of them is one of them). Returns
    /// the whole lists that were cut, as they were. On 1M orders the lists are 670k records,
    /// 17 MB on their way to the page, which shows 200 of each.
    ///
    /// The records kept are named from `p`, the records they were found in: only those are
    /// shown (the others are named if a download or the JSON report asks for them).
    pub fn list_records(
        &mut self,
        n: usize,
        p: &Prepared,
    ) -> BTreeMap<(u32, MetricId), Arc<[Violation]>> {
        let mut whole = BTreeMap::new();
        for (key, records) in self.records.iter_mut() {
            if records.len() <= n {
                *records = records.iter().map(|v| v.named(p)).collect();
                continue;
            }
            let mut keep = vec![false; records.len()];
            let mut idx: Vec<usize> = (0..records.len()).collect();
            // Each record's name found once, in the records' order, and its first bytes as a
            // number, which orders names as their text does where they differ (found at each
            // comparison, two records out of the prepared ones for each of them made the
            // page's analysis of 1M orders twice as long; the text, behind a pointer, half
            // as long again).
            let names: Vec<&str> = records.iter().map(|v| v.name(p)).collect();
            let heads: Vec<u128> = names.iter().map(|n| name_head(n)).collect();
            for order in RecordOrder::ALL {
                for desc in [false, true] {
                    // The first n, found without sorting the rest: ties in the records' own
                    // order, both ways (as a stable sort), make the order total.
                    idx.select_nth_unstable_by(n, |&a, &b| {
                        let o = match order {
                            // `compare`'s order of names, told by their heads where they can.
                            RecordOrder::Record => {
                                heads[a].cmp(&heads[b]).then_with(|| names[a].cmp(names[b]))
                            }
                            _ => order.compare(&records[a], &records[b]),
                        };
                        let o = if desc { o.reverse() } else { o };
                        o.then(a.cmp(&b))
                    });
                    for &i in &idx[..n] {
                        keep[i] = true;
                    }
                }
            }
            let listed: Arc<[Violation]> = records
                .iter()
                .zip(&keep)
                .filter(|(_, k)| **k)
                .map(|(v, _)| v.named(p))
                .collect();
            self.records_cut.insert(*key, records.len());
            whole.insert(*key, std::mem::replace(records, listed));
        }
        whole
    }
}

/// A name's first 16 bytes as a number, zeros after its end: two names whose numbers differ
/// are in the order of their numbers (where they first differ, a byte of each, or the end of
/// the shorter, whose zero is below any byte the other has there but a zero byte); equal
/// numbers say nothing.
fn name_head(name: &str) -> u128 {
    let mut head = [0u8; 16];
    let n = name.len().min(16);
    head[..n].copy_from_slice(&name.as_bytes()[..n]);
    u128::from_be_bytes(head)
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    pub score: Option<ScoreResult>,
    pub forecast: Option<Forecast>,
    pub rulebooks: Vec<RulebookResult>,
    /// Main-window metric values after the scenario.
    pub metrics: BTreeMap<MetricId, MetricValue>,
}

impl Report {
    pub fn rulebook(&self, id: &str) -> Option<&RulebookResult> {
        self.rulebooks.iter().find(|r| r.id == id)
    }
    pub fn total(&self) -> Option<f64> {
        self.score.as_ref().filter(|s| s.assessed).map(|s| s.total)
    }
}

/// Scores and checks from aggregates only: the same numbers with or without the files.
pub fn report(
    b: &Baseline,
    rulebooks: &[Rulebook],
    inputs: &Inputs,
    scenario: &Scenario,
) -> Report {
    let windows = whatif::apply(b, scenario);
    let get = |w: u32, id: MetricId| {
        windows
            .get(&w)
            .and_then(|m| m.get(&id))
            .copied()
            .unwrap_or(MetricValue::undefined())
    };
    let main = b.main_window;
    let score = rulebooks
        .iter()
        .find(|r| r.id == SERVICE_SCORE)
        .and_then(|r| r.score.as_ref())
        .map(|spec| score::score(spec, &|id| get(main, id)));
    let forecast = score.as_ref().map(|s| score::forecast(s, &b.series));
    let service_score = score.as_ref().filter(|s| s.assessed).map(|s| s.total);
    let src = Source {
        metric: &get,
        inputs,
        service_score,
        unavailable: &b.unavailable,
        currency: b.currency.as_deref(),
        covered: &b.covered,
    };
    let results = rulebooks
        .iter()
        .filter(|r| !r.checks.is_empty())
        .map(|r| checks::evaluate(r, &src))
        .collect();
    Report {
        score,
        forecast,
        rulebooks: results,
        metrics: windows.get(&main).cloned().unwrap_or_default(),
    }
}

/// Fills each failed or passed metric check with its violating records (baseline reports only).
pub fn attach_records(report: &mut Report, a: &Analysis) {
    for rb in &mut report.rulebooks {
        for c in &mut rb.checks {
            if let Some(m) = c.metric {
                let key = (c.window_days, m);
                if let Some(v) = a.records.get(&key) {
                    c.records = v.clone();
                    c.records_total = a.records_total(&key);
                }
            }
        }
    }
}

/// One what-if lever and what a step of it is worth.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Lever {
    pub metric: MetricId,
    pub from: Option<f64>,
    pub to: f64,
    /// Score points gained by the step.
    pub points: f64,
    /// Points gained per unit of the metric.
    pub points_per_unit: f64,
    /// Failed checks (any rulebook) that the step makes pass.
    pub checks_fixed: usize,
}

/// The "biggest lever" ranking: each lever of the score rulebook moved by one step.
pub fn levers(b: &Baseline, rulebooks: &[Rulebook], inputs: &Inputs) -> Vec<Lever> {
    let Some(rb) = rulebooks.iter().find(|r| r.id == SERVICE_SCORE) else {
        return Vec::new();
    };
    let base = report(b, rulebooks, inputs, &Scenario::default());
    let failed = |r: &Report| -> BTreeSet<(String, String)> {
        crate::small::set(r.rulebooks.iter().flat_map(|rb| {
            rb.checks
                .iter()
                .filter(|c| c.status == Status::Failed)
                .map(|c| (rb.id.clone(), c.id.clone()))
        }))
    };
    let failed_before = failed(&base);
    let base_total = base.score.as_ref().map_or(0.0, |s| s.total);
    let mut out: Vec<Lever> = rb
        .levers
        .iter()
        .filter_map(|l| {
            let from = b.metric(b.main_window, l.metric).value;
            let current = from.or_else(|| {
                // An undefined metric: step from the score's own reading (e.g. estimated DSR).
                base.score.as_ref().and_then(|s| {
                    s.indicators
                        .iter()
                        .find(|i| i.metric == l.metric)
                        .and_then(|i| i.value)
                })
            })?;
            let to = whatif::clamp_to_range(l.metric, current + l.step);
            let mut s = Scenario::default();
            s.set.insert(l.metric, to);
            let after = report(b, rulebooks, inputs, &s);
            let points = after.score.as_ref().map_or(0.0, |s| s.total) - base_total;
            let fixed = failed_before.difference(&failed(&after)).count();
            Some(Lever {
                metric: l.metric,
                from,
                to,
                points,
                points_per_unit: if l.step != 0.0 {
                    points / l.step.abs()
                } else {
                    0.0
                },
                checks_fixed: fixed,
            })
        })
        .collect();
    crate::small::sort_by(&mut out, |a, b| {
        b.points
            .total_cmp(&a.points)
            .then(b.checks_fixed.cmp(&a.checks_fixed))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The page's date picker names the window's last day; the worker makes the instant.
    #[test]
    fn a_last_day_is_the_window_end_in_its_zone() {
        let la = time::parse_zone("America/Los_Angeles").unwrap();
        let day = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
        for tz in [time::DEFAULT_ZONE, la] {
            let s = Settings {
                last_day: Some(day),
                tz,
                ..Settings::default()
            };
            let latest = Some(Ts::new(1_900_000_000));
            let as_of = s.resolve_as_of(latest).unwrap();
            assert_eq!(
                Some(as_of),
                time::start_of_date(tz, day.succ_opt().unwrap())
            );
            // An instant set wins; without either, the day after the latest event.
            let set = Settings {
                as_of: Some(Ts::new(5)),
                ..s.clone()
            };
            assert_eq!(set.resolve_as_of(latest), Some(Ts::new(5)));
            let none = Settings {
                last_day: None,
                ..s.clone()
            };
            assert_eq!(
                none.resolve_as_of(latest),
                time::start_of_next_day(tz, Ts::new(1_900_000_000))
            );
            let params = Params {
                as_of,
                window_days: 30,
                evaluation_window_days: 15,
                tz,
                usd_rates: BTreeMap::new(),
            };
            let d = WindowDates::of(&params);
            assert_eq!(
                (d.first.as_str(), d.end.as_str(), d.last_day.as_str()),
                ("2026-10-03", "2026-11-02", "2026-11-01")
            );
        }
    }
}
