//! Evidence for an appeal: every record a check counts against the store, with the times that
//! decide it and why it counts, and the records its metric exempted, with why. Read from the
//! prepared records the violations point at ([`crate::metrics::At`]), never computed again.

use serde::{Deserialize, Serialize};

use crate::metrics::{At, MetricId, Params, Violation, ViolationKind};
use crate::model::Ts;
use crate::prepared::Prepared;

/// A time that decides whether a record counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Time {
    PaidAt,
    ShipDeadline,
    ShippedAt,
    FirstCarrierScanAt,
    PromisedDeliveryBy,
    DeliveredAt,
    CancelledAt,
    CompletedAt,
    MessageAt,
    RepliedAt,
    DisputeOpenedAt,
    DisputeRespondedAt,
    DisputeClosedAt,
    ReviewAt,
}

impl Time {
    pub const ALL: [Time; 14] = [
        Time::PaidAt,
        Time::ShipDeadline,
        Time::ShippedAt,
        Time::FirstCarrierScanAt,
        Time::PromisedDeliveryBy,
        Time::DeliveredAt,
        Time::CancelledAt,
        Time::CompletedAt,
        Time::MessageAt,
        Time::RepliedAt,
        Time::DisputeOpenedAt,
        Time::DisputeRespondedAt,
        Time::DisputeClosedAt,
        Time::ReviewAt,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Time::PaidAt => "paid_at",
            Time::ShipDeadline => "ship_deadline",
            Time::ShippedAt => "shipped_at",
            Time::FirstCarrierScanAt => "first_carrier_scan_at",
            Time::PromisedDeliveryBy => "promised_delivery_by",
            Time::DeliveredAt => "delivered_at",
            Time::CancelledAt => "cancelled_at",
            Time::CompletedAt => "completed_at",
            Time::MessageAt => "message_at",
            Time::RepliedAt => "replied_at",
            Time::DisputeOpenedAt => "dispute_opened_at",
            Time::DisputeRespondedAt => "dispute_responded_at",
            Time::DisputeClosedAt => "dispute_closed_at",
            Time::ReviewAt => "review_at",
        }
    }
}

/// Why a record is listed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Counts {
    /// It counts against the store: what happened.
    Against(ViolationKind),
    /// The metric left it out: the dispute was exempted (its reason, when the file says one).
    Exempted { reason: Option<String> },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    pub record: String,
    /// The order it is about, when it is not the order itself.
    pub order: Option<String>,
    pub counts: Counts,
    /// By how much a time limit was missed, in hours.
    pub hours: Option<f64>,
    pub times: Vec<(Time, Ts)>,
    /// Stars of a review.
    pub stars: Option<u8>,
}

/// A listed record's order and the times that decide it, written in the analysis's zone (the
/// page carries only a few zones' tables, the worker all of them).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RecordTimes {
    /// The order it is about, when it is not the order itself.
    pub order: Option<String>,
    /// On the zone's clocks (the page shows them `YYYY-MM-DD HH:MM`).
    pub times: Vec<(Time, crate::time::WallMinute)>,
}

impl RecordTimes {
    pub fn of(e: &Evidence, tz: chrono_tz::Tz) -> RecordTimes {
        RecordTimes {
            order: e.order.clone().filter(|o| *o != e.record),
            times: e
                .times
                .iter()
                .map(|(k, at)| (*k, crate::time::WallMinute::of(tz, *at)))
                .collect(),
        }
    }
}

fn unit_times(p: &Prepared, u: usize) -> Vec<(Time, Ts)> {
    let Some(o) = p.units.get(u) else {
        return Vec::new();
    };
    [
        (Time::PaidAt, o.paid_at),
        (Time::ShipDeadline, o.ship_deadline),
        (Time::ShippedAt, o.shipped_at),
        (Time::FirstCarrierScanAt, o.first_carrier_scan_at),
        (Time::PromisedDeliveryBy, o.promised_delivery_by),
        (Time::DeliveredAt, o.delivered_at),
        (Time::CancelledAt, o.cancelled_at),
        (Time::CompletedAt, o.buyer_confirmed_at.or(o.completed_at)),
    ]
    .into_iter()
    .filter_map(|(k, t)| Some((k, t?)))
    .collect()
}

fn dispute_evidence(
    p: &Prepared,
    i: usize,
    counts: Counts,
    hours: Option<f64>,
) -> Option<Evidence> {
    let (u, d) = p.disputes.get(i)?;
    let mut times: Vec<(Time, Ts)> = [
        (Time::DisputeOpenedAt, d.opened_at),
        (Time::DisputeRespondedAt, d.seller_first_response_at),
        (Time::DisputeClosedAt, d.closed_at),
    ]
    .into_iter()
    .filter_map(|(k, t)| Some((k, t?)))
    .collect();
    times.extend(u.map(|u| unit_times(p, u)).unwrap_or_default());
    Some(Evidence {
        record: d.dispute_id.clone().unwrap_or_else(|| d.order_id.clone()),
        order: Some(d.order_id.clone()),
        counts,
        hours,
        times,
        stars: None,
    })
}

/// One violating record with its times.
pub fn of_violation(p: &Prepared, v: &Violation) -> Evidence {
    let counts = Counts::Against(v.what);
    let found = match v.at {
        At::Unit(u) => Some(Evidence {
            record: v.name(p).to_owned(),
            order: None,
            counts: counts.clone(),
            hours: v.hours,
            times: unit_times(p, u as usize),
            stars: None,
        }),
        At::Turn(t) => p.turns.get(t as usize).map(|t| Evidence {
            record: v.name(p).to_owned(),
            order: t.order.as_deref().map(str::to_owned),
            counts: counts.clone(),
            hours: v.hours,
            times: [
                (Time::MessageAt, Some(t.start)),
                (Time::RepliedAt, t.answer),
            ]
            .into_iter()
            .filter_map(|(k, t)| Some((k, t?)))
            .collect(),
            stars: None,
        }),
        At::Dispute(i) => dispute_evidence(p, i as usize, counts.clone(), v.hours),
        At::Review(i) => p.reviews.get(i as usize).map(|(u, r)| {
            let mut times: Vec<(Time, Ts)> = r
                .created_at
                .map(|t| (Time::ReviewAt, t))
                .into_iter()
                .collect();
            times.extend(u.map(|u| unit_times(p, u)).unwrap_or_default());
            Evidence {
                record: r.review_id.clone().unwrap_or_else(|| v.name(p).to_owned()),
                order: r.order_id.clone(),
                counts: counts.clone(),
                hours: v.hours,
                times,
                stars: r.stars,
            }
        }),
        At::Unknown => None,
    };
    found.unwrap_or(Evidence {
        record: v.name(p).to_owned(),
        order: None,
        counts,
        hours: v.hours,
        times: Vec::new(),
        stars: None,
    })
}

/// Every record counted against a check's metric (its violations), then the records the metric
/// exempted in the same window (exempted disputes of the dispute metrics).
pub fn evidence(
    p: &Prepared,
    params: &Params,
    metric: MetricId,
    violations: &[Violation],
) -> Vec<Evidence> {
    let mut out: Vec<Evidence> = violations.iter().map(|v| of_violation(p, v)).collect();
    out.extend(exempted(p, params, metric));
    out
}

/// The records `metric` left out in the window of `params`, with why: the exempted disputes
/// of the dispute metrics (none for the others).
pub fn exempted(p: &Prepared, params: &Params, metric: MetricId) -> Vec<Evidence> {
    let disputes = matches!(
        metric,
        MetricId::NrDisputeRate
            | MetricId::SnadDisputeRate
            | MetricId::ClaimsRate
            | MetricId::OrderDefectRate
    );
    if !disputes {
        return Vec::new();
    }
    p.disputes
        .iter()
        .enumerate()
        .filter(|(_, (_, d))| d.exempted && params.in_window(d.opened_at))
        .filter_map(|(i, (_, d))| {
            let reason = d.reason.clone();
            dispute_evidence(p, i, Counts::Exempted { reason }, None)
        })
        .collect()
}

/// A record a metric left out, as the page lists it: which, why, and its times.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExemptedRecord {
    pub record: String,
    pub reason: Option<String>,
    pub times: RecordTimes,
}

impl ExemptedRecord {
    pub fn of(e: &Evidence, tz: chrono_tz::Tz) -> ExemptedRecord {
        ExemptedRecord {
            record: e.record.clone(),
            reason: match &e.counts {
                Counts::Exempted { reason } => reason.clone(),
                Counts::Against(_) => None,
            },
            times: RecordTimes::of(e, tz),
        }
    }
}
