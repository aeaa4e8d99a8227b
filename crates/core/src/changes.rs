//! What changed: today's report beside the report of the window that ends where today's
//! starts, every metric, indicator and check before and after, and the change in score split
//! by indicator (the indicators' points add up to the score, so their changes add up to its
//! change).

use serde::Serialize;

use crate::checks::Status;
use crate::engine::Report;
use crate::metrics::MetricId;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Changes {
    pub score_before: Option<f64>,
    pub score_after: Option<f64>,
    /// The score's change, when both are assessed.
    pub points: Option<f64>,
    /// Largest change first.
    pub indicators: Vec<IndicatorChange>,
    pub metrics: Vec<MetricChange>,
    pub checks: Vec<CheckChange>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct IndicatorChange {
    pub id: String,
    pub metric: MetricId,
    pub before: Option<f64>,
    pub after: Option<f64>,
    pub points_before: f64,
    pub points_after: f64,
    pub points: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MetricChange {
    pub metric: MetricId,
    pub before: Option<f64>,
    pub after: Option<f64>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CheckChange {
    pub rulebook: String,
    pub id: String,
    pub before: Status,
    pub after: Status,
    pub changed: bool,
}

/// `before`: the previous window's report; `after`: today's.
pub fn changes(before: &Report, after: &Report) -> Changes {
    let (sb, sa) = (before.total(), after.total());
    let mut indicators: Vec<IndicatorChange> = match (&before.score, &after.score) {
        (Some(b), Some(a)) => a
            .indicators
            .iter()
            .filter_map(|ia| {
                let ib = b.indicators.iter().find(|i| i.id == ia.id)?;
                Some(IndicatorChange {
                    id: ia.id.clone(),
                    metric: ia.metric,
                    before: ib.value,
                    after: ia.value,
                    points_before: ib.points,
                    points_after: ia.points,
                    points: ia.points - ib.points,
                })
            })
            .collect(),
        _ => Vec::new(),
    };
    crate::small::sort_by(&mut indicators, |x, y| {
        y.points.abs().total_cmp(&x.points.abs())
    });
    let metrics = MetricId::ALL
        .iter()
        .map(|m| MetricChange {
            metric: *m,
            before: before.metrics.get(m).and_then(|v| v.value),
            after: after.metrics.get(m).and_then(|v| v.value),
        })
        .collect();
    let checks = after
        .rulebooks
        .iter()
        .flat_map(|ra| {
            let rb = before.rulebook(&ra.id);
            ra.checks.iter().filter_map(move |ca| {
                let cb = rb?.checks.iter().find(|c| c.id == ca.id)?;
                Some(CheckChange {
                    rulebook: ra.id.clone(),
                    id: ca.id.clone(),
                    before: cb.status,
                    after: ca.status,
                    changed: cb.status != ca.status,
                })
            })
        })
        .collect();
    Changes {
        score_before: sb,
        score_after: sa,
        points: sb.zip(sa).map(|(b, a)| a - b),
        indicators,
        metrics,
        checks,
    }
}
