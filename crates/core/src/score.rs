//! The AliExpress-style service score: indicators mapped from metric values to points by
//! piecewise-linear curves (rulebook data), the total, the level, the daily series and the forecast.

use serde::Serialize;

use std::collections::BTreeMap;

use crate::metrics::{self, MetricId, MetricValue, Params};
use crate::model::Ts;
use crate::prepared::Prepared;
use crate::rulebook::{LevelSpec, ScoreSpec};
use crate::series_index::SeriesIndex;
use crate::time;

/// Points of a piecewise-linear curve at `x` (anchors ascending in x; flat outside them).
pub fn curve_points(curve: &[[f64; 2]], x: f64) -> f64 {
    let (Some(first), Some(last)) = (curve.first(), curve.last()) else {
        return 0.0;
    };
    if x <= first[0] {
        return first[1];
    }
    if x >= last[0] {
        return last[1];
    }
    for w in curve.windows(2) {
        let ([x0, y0], [x1, y1]) = (w[0], w[1]);
        if x <= x1 {
            return y0 + (y1 - y0) * (x - x0) / (x1 - x0);
        }
    }
    last[1]
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct IndicatorResult {
    pub id: String,
    pub metric: MetricId,
    pub value: Option<f64>,
    /// Set when the value was estimated from another metric (DSR from overall stars).
    pub estimated_from: Option<MetricId>,
    pub points: f64,
    pub max_points: f64,
    #[serde(serialize_with = "crate::json::number")]
    pub numerator: f64,
    #[serde(serialize_with = "crate::json::number")]
    pub denominator: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ScoreResult {
    /// Sum of the indicator points.
    pub total: f64,
    pub max_points: f64,
    /// False below the minimum order count: the store is not assessed and has no level.
    pub assessed: bool,
    pub orders_paid: f64,
    pub min_orders: f64,
    /// The level the score earns (the monthly level if it held all month).
    pub level: Option<String>,
    pub indicators: Vec<IndicatorResult>,
}

pub fn level_of(spec: &ScoreSpec, score: f64) -> Option<&LevelSpec> {
    spec.levels.iter().find(|l| score >= l.min)
}

/// Scores metric values (read through `value_of`) with the rulebook's indicators.
pub fn score(spec: &ScoreSpec, value_of: &dyn Fn(MetricId) -> MetricValue) -> ScoreResult {
    let indicators: Vec<IndicatorResult> = spec
        .indicators
        .iter()
        .map(|ind| {
            let own = value_of(ind.metric);
            let (used, estimated_from) = match (own.value, ind.fallback_metric) {
                (None, Some(fb)) if value_of(fb).value.is_some() => (value_of(fb), Some(fb)),
                _ => (own, None),
            };
            let points = match used.value {
                Some(v) => curve_points(&ind.curve, v),
                None => ind.undefined_points,
            };
            IndicatorResult {
                id: ind.id.clone(),
                metric: ind.metric,
                value: used.value,
                estimated_from,
                points,
                max_points: ind.max_points,
                numerator: used.numerator,
                denominator: used.denominator,
            }
        })
        .collect();
    let total = indicators.iter().map(|i| i.points).sum::<f64>();
    let orders_paid = value_of(MetricId::OrdersPaid).value.unwrap_or(0.0);
    let assessed = orders_paid >= spec.min_orders;
    ScoreResult {
        total,
        max_points: spec.indicators.iter().map(|i| i.max_points).sum(),
        assessed,
        orders_paid,
        min_orders: spec.min_orders,
        level: assessed
            .then(|| level_of(spec, total).map(|l| l.id.clone()))
            .flatten(),
        indicators,
    }
}

/// The lowest and highest totals the curves allow.
pub fn bounds(spec: &ScoreSpec) -> (f64, f64) {
    let mut lo = 0.0;
    let mut hi = 0.0;
    for ind in &spec.indicators {
        let ys = ind.curve.iter().map(|a| a[1]).chain([ind.undefined_points]);
        lo += ys.clone().fold(f64::INFINITY, f64::min);
        hi += ys.fold(f64::NEG_INFINITY, f64::max);
    }
    (lo, hi)
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, serde::Deserialize)]
pub struct DayScore {
    /// Local date `YYYY-MM-DD` of the day scored (as of the end of that day).
    pub date: String,
    /// None when the store was not assessed that day.
    pub score: Option<f64>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, serde::Deserialize)]
pub struct Series {
    pub days: Vec<DayScore>,
    /// The last complete calendar month before as_of, `YYYY-MM`.
    pub month: Option<String>,
    /// Mean of that month's assessed daily scores.
    pub monthly_mean: Option<f64>,
    pub monthly_level: Option<String>,
    /// Least-squares slope of the last 30 daily scores, points per day.
    pub trend_per_day: Option<f64>,
}

/// Scores every day from the first day of the last complete month up to the day before as_of,
/// each as of the end of that day (METRICS.md conventions), and derives the monthly level.
/// The metrics come from a [`SeriesIndex`]; a metric it does not cover is computed per day.
pub fn daily_series(p: &Prepared, params: &Params, spec: &ScoreSpec) -> Series {
    let index = SeriesIndex::new(p);
    let mut lookup = index.lookup(p);
    series_with(params, spec, &mut |ids, day_params| {
        lookup.values(ids, day_params)
    })
}

/// The same series with every metric computed per day over all records: the definition the
/// fast series is held to.
pub fn daily_series_reference(p: &Prepared, params: &Params, spec: &ScoreSpec) -> Series {
    series_with(params, spec, &mut |ids, day_params| {
        metrics::compute_all(p, day_params, ids).values
    })
}

type DayMetrics<'a> = dyn FnMut(&[MetricId], &Params) -> BTreeMap<MetricId, MetricValue> + 'a;

fn series_with(params: &Params, spec: &ScoreSpec, metrics_at: &mut DayMetrics) -> Series {
    let mut ids = vec![MetricId::OrdersPaid];
    for ind in &spec.indicators {
        ids.push(ind.metric);
        ids.extend(ind.fallback_metric);
    }
    ids.sort();
    ids.dedup();
    let tz = params.tz;
    let Some(last_day) = time::local_date(tz, Ts::new(params.as_of.secs() - 1)) else {
        return Series::default();
    };
    use chrono::Datelike;
    // Last complete month: the month of last_day if last_day ends it, else the one before.
    let month_end = match last_day.succ_opt() {
        Some(next) if next.day() == 1 => last_day,
        _ => last_day
            .with_day(1)
            .and_then(|d| d.pred_opt())
            .unwrap_or(last_day),
    };
    let Some(month_start) = month_end.with_day(1) else {
        return Series::default();
    };
    let mut days = Vec::new();
    let mut d = month_start;
    while d <= last_day {
        let Some(as_of) = d.succ_opt().and_then(|n| time::start_of_date(tz, n)) else {
            break;
        };
        let day_params = Params {
            as_of,
            ..params.clone()
        };
        let m = metrics_at(&ids, &day_params);
        let s = score(spec, &|id| {
            m.get(&id).copied().unwrap_or(MetricValue::undefined())
        });
        days.push(DayScore {
            date: d.format("%Y-%m-%d").to_string(),
            // Hundredths: the chart shows tenths, and links stay short.
            score: s.assessed.then_some((s.total * 100.0).round() / 100.0),
        });
        match d.succ_opt() {
            Some(n) => d = n,
            None => break,
        }
    }
    summarize(days, spec, &month_start.format("%Y-%m").to_string())
}

/// Monthly mean and level, and trend, of a day series (`month` is `YYYY-MM`).
pub fn summarize(days: Vec<DayScore>, spec: &ScoreSpec, month: &str) -> Series {
    let in_month: Vec<f64> = days
        .iter()
        .filter(|d| d.date.starts_with(month))
        .filter_map(|d| d.score)
        .collect();
    let monthly_mean =
        (!in_month.is_empty()).then(|| in_month.iter().sum::<f64>() / in_month.len() as f64);
    let recent: Vec<(f64, f64)> = days
        .iter()
        .rev()
        .take(30)
        .enumerate()
        .filter_map(|(i, d)| d.score.map(|s| (-(i as f64), s)))
        .collect();
    Series {
        monthly_level: monthly_mean.and_then(|m| level_of(spec, m).map(|l| l.id.clone())),
        monthly_mean,
        month: Some(month.to_owned()),
        trend_per_day: slope(&recent),
        days,
    }
}

fn slope(points: &[(f64, f64)]) -> Option<f64> {
    if points.len() < 2 {
        return None;
    }
    let n = points.len() as f64;
    let mx = points.iter().map(|p| p.0).sum::<f64>() / n;
    let my = points.iter().map(|p| p.1).sum::<f64>() / n;
    let sxx: f64 = points.iter().map(|p| (p.0 - mx).powi(2)).sum();
    let sxy: f64 = points.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
    (sxx > 0.0).then(|| sxy / sxx)
}

/// Next month's level if today's rates hold: the 30-day window then holds next month's orders at
/// today's rates, so each daily score equals today's. The trend is reported beside it, not mixed in.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Forecast {
    pub score: Option<f64>,
    pub level: Option<String>,
    pub trend_per_day: Option<f64>,
}

pub fn forecast(current: &ScoreResult, series: &Series) -> Forecast {
    Forecast {
        score: current.assessed.then_some(current.total),
        level: current.level.clone(),
        trend_per_day: series.trend_per_day,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn curve_interpolates_and_clamps() {
        let c = [[0.0, 10.0], [0.01, 8.0], [0.03, 3.0]];
        assert_eq!(curve_points(&c, -1.0), 10.0);
        assert_eq!(curve_points(&c, 0.0), 10.0);
        assert!((curve_points(&c, 0.005) - 9.0).abs() < 1e-12);
        assert!((curve_points(&c, 0.02) - 5.5).abs() < 1e-12);
        assert_eq!(curve_points(&c, 0.5), 3.0);
        assert_eq!(curve_points(&[], 0.5), 0.0);
    }

    #[test]
    fn slope_of_a_rising_line() {
        let s = slope(&[(0.0, 1.0), (1.0, 3.0), (2.0, 5.0)]).unwrap();
        assert!((s - 2.0).abs() < 1e-12);
        assert_eq!(slope(&[(0.0, 1.0)]), None);
    }
}
