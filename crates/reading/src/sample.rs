//! A deterministic synthetic store (seeded), for the page's sample store, the tests and the
//! benchmarks. Its story: replies are slow at weekends, one carrier (YunExpress) delivers late
//! and draws not-received disputes, one product (P-07 LED strip) draws not-as-described ones.
//! The export is taken on 2026-11-01 00:00 (Asia/Shanghai): nothing later is in it.

use chrono_tz::Tz;
use storescore_core::model::{
    Dataset, Dispute, DisputeKind, Initiator, Message, Order, Outcome, Review, Sender, Sym, Ts,
    DAY, HOUR,
};
use storescore_core::time::{format_local, local_to_ts};

/// SplitMix64: tiny, seeded, reproducible on every platform.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.next_u64() % n
        }
    }
    /// Seconds in [lo, hi) hours.
    pub fn hours(&mut self, lo: f64, hi: f64) -> i64 {
        ((lo + (hi - lo) * self.unit()) * HOUR as f64) as i64
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

pub const ZONE: Tz = chrono_tz::Asia::Shanghai;

fn start() -> Ts {
    let d = chrono::NaiveDate::from_ymd_opt(2026, 8, 1).and_then(|d| d.and_hms_opt(0, 0, 0));
    d.and_then(|d| local_to_ts(ZONE, d))
        .unwrap_or(Ts::new(1_785_513_600))
}

/// The export instant: events at or after it are not in the files.
pub fn export_at() -> Ts {
    start().plus_secs(92 * DAY)
}

const CARRIERS: [&str; 3] = ["Cainiao Standard", "YunExpress", "4PX"];
const COUNTRIES: [&str; 10] = ["US", "US", "FR", "ES", "BR", "PL", "KR", "DE", "NL", "IL"];
const PRODUCTS: [&str; 10] = [
    "P-01 Phone case",
    "P-02 USB-C cable",
    "P-03 Earbuds",
    "P-04 Watch band",
    "P-05 Desk lamp",
    "P-06 Mouse pad",
    "P-07 LED strip",
    "P-08 Charger",
    "P-09 Keychain",
    "P-10 Sticker set",
];

/// Generates `n` orders with their messages, disputes and reviews.
pub fn generate(n: usize, seed: u64) -> Dataset {
    let mut r = Rng::new(seed);
    let mut ds = Dataset::default();
    let t0 = start();
    let end = export_at();
    let span = end.secs() - t0.secs() - DAY;
    let cut = |t: Ts| (t < end).then_some(t);
    // One shared text, as the reader makes a file's currency cells.
    let usd = Sym::from("USD");
    for i in 0..n {
        let id = format!(
            "81{:014}",
            30_000_000_000 + i as u64 * 7919 % 99_999_999_999
        );
        let buyer = format!("buyer{:05}", r.below((n as u64 / 2).max(1)));
        let created = Ts::new(t0.secs() + (span as f64 * (i as f64 + r.unit()) / n as f64) as i64);
        let paid = created.plus_secs(r.hours(0.02, 3.0));
        let product = *r.pick(&PRODUCTS);
        let carrier = *r.pick(&CARRIERS);
        let country = *r.pick(&COUNTRIES);
        let amount = (300.0 + r.below(6000) as f64) / 100.0;
        let free = r.chance(0.78);
        let deadline = paid.plus_secs(5 * DAY);
        let mut o = Order {
            order_id: id.clone(),
            buyer_id: Some(buyer.clone()),
            buyer_country: Some(country.into()),
            created_at: Some(created),
            paid_at: cut(paid),
            amount: Some(amount),
            currency: Some(usd.clone()),
            shipping_fee: Some(if free {
                0.0
            } else {
                (150 + r.below(400)) as f64 / 100.0
            }),
            ship_deadline: Some(deadline),
            carrier: Some(carrier.into()),
            product_id: Some(product.to_owned()),
            ..Order::default()
        };
        let fate = r.unit();
        if fate < 0.02 {
            // Buyer cancels before shipment.
            o.cancelled_at = cut(paid.plus_secs(r.hours(1.0, 30.0)));
            o.cancel_initiator = Some(Initiator::Buyer);
            o.status = Some("Cancelled".into());
            ds.orders.push(o);
            continue;
        }
        if fate < 0.03 {
            // Seller cancels (out of stock), or the system closes it after the deadline.
            let by_system = r.chance(0.4);
            o.cancelled_at = cut(if by_system {
                deadline.plus_secs(HOUR)
            } else {
                paid.plus_secs(r.hours(2.0, 60.0))
            });
            o.cancel_initiator = Some(if by_system {
                Initiator::System
            } else {
                Initiator::Seller
            });
            o.status = Some("Closed".into());
            ds.orders.push(o);
            continue;
        }
        let late = r.chance(0.035);
        let shipped = if late {
            deadline.plus_secs(r.hours(2.0, 72.0))
        } else {
            paid.plus_secs(r.hours(3.0, 100.0))
        };
        o.shipped_at = cut(shipped);
        o.tracking_number = Some(if r.chance(0.015) {
            "0000000000".into()
        } else {
            format!(
                "{}{:09}CN",
                if carrier == "4PX" { "LX" } else { "YT" },
                r.below(1_000_000_000)
            )
        });
        let scan =
            shipped.plus_secs(r.hours(6.0, if carrier == "YunExpress" { 150.0 } else { 60.0 }));
        o.first_carrier_scan_at = cut(scan);
        o.promised_delivery_by = Some(shipped.plus_secs(20 * DAY));
        let transit_days = match carrier {
            "YunExpress" => 12.0 + 14.0 * r.unit(),
            "4PX" => 8.0 + 9.0 * r.unit(),
            _ => 9.0 + 10.0 * r.unit(),
        };
        let lost = r.chance(if carrier == "YunExpress" { 0.03 } else { 0.006 });
        let delivered = shipped.plus_secs((transit_days * DAY as f64) as i64);
        if !lost {
            o.delivered_at = cut(delivered);
            let confirmed = delivered.plus_secs(r.hours(2.0, 120.0));
            o.buyer_confirmed_at = cut(confirmed);
            o.completed_at = cut(confirmed);
        }
        o.status = Some(
            if o.completed_at.is_some() {
                "Finished"
            } else {
                "Shipped"
            }
            .into(),
        );
        // Disputes.
        let snad = product.starts_with("P-07") && r.chance(0.16) || r.chance(0.004);
        let nr = lost || (carrier == "YunExpress" && r.chance(0.01));
        for (kind, yes) in [
            (DisputeKind::NotReceived, nr),
            (DisputeKind::NotAsDescribed, snad),
        ] {
            if !yes {
                continue;
            }
            let opened = match kind {
                DisputeKind::NotReceived => shipped.plus_secs(r.hours(25.0 * 24.0, 40.0 * 24.0)),
                _ => delivered.plus_secs(r.hours(10.0, 96.0)),
            };
            let Some(opened_at) = cut(opened) else {
                continue;
            };
            let slow = r.chance(0.1);
            let response = opened.plus_secs(r.hours(2.0, if slow { 160.0 } else { 90.0 }));
            let closed = opened.plus_secs(r.hours(24.0, 14.0 * 24.0));
            let escalated = r
                .chance(0.2)
                .then(|| opened.plus_secs(r.hours(4.0 * 24.0, 9.0 * 24.0)));
            let against = escalated.is_some() && r.chance(0.5);
            let closed_at = cut(closed);
            ds.disputes.push(Dispute {
                dispute_id: Some(format!("D{}", ds.disputes.len() + 1001)),
                order_id: id.clone(),
                kind,
                reason: Some(
                    match kind {
                        DisputeKind::NotReceived if lost => "Package lost in transit",
                        DisputeKind::NotReceived => "Tracking shows no movement",
                        _ if product.starts_with("P-07") => "LEDs do not light / colour differs",
                        _ => "Item differs from the photos",
                    }
                    .into(),
                ),
                opened_at: Some(opened_at),
                seller_first_response_at: cut(response),
                escalated_at: escalated.and_then(cut),
                closed_at,
                outcome: Some(match (closed_at, against) {
                    (None, _) => Outcome::Open,
                    (Some(_), true) => Outcome::RuledForBuyer,
                    (Some(_), false) if escalated.is_some() => Outcome::RuledForSeller,
                    _ => *r.pick(&[Outcome::Refunded, Outcome::Agreed, Outcome::BuyerCancelled]),
                }),
                seller_at_fault: against,
                exempted: kind == DisputeKind::NotReceived && r.chance(0.15),
                refund_amount: against.then_some(amount),
            });
        }
        // A review for some completed orders.
        if let Some(done) = o.buyer_confirmed_at {
            if r.chance(0.45) {
                let base: f64 = if snad {
                    1.8
                } else if nr {
                    2.5
                } else {
                    4.75
                };
                let late_carrier = carrier == "YunExpress" && transit_days > 20.0;
                let star = |r: &mut Rng, bias: f64| -> u8 {
                    let x = base + bias + (r.unit() - 0.5) * 1.4;
                    x.round().clamp(1.0, 5.0) as u8
                };
                let tardy = r.chance(0.08);
                let created_at =
                    done.plus_secs(r.hours(1.0, if tardy { 30.0 * 24.0 } else { 12.0 * 24.0 }));
                if let Some(created_at) = cut(created_at) {
                    let stars = star(&mut r, 0.0);
                    ds.reviews.push(Review {
                        review_id: Some(format!("R{}", ds.reviews.len() + 5001)),
                        order_id: Some(id.clone()),
                        buyer_id: Some(buyer.clone()),
                        created_at: Some(created_at),
                        stars: Some(stars),
                        dsr_item: r
                            .chance(0.9)
                            .then(|| star(&mut r, if snad { -0.5 } else { 0.0 })),
                        dsr_communication: r.chance(0.9).then(|| star(&mut r, 0.05)),
                        dsr_shipping: r
                            .chance(0.9)
                            .then(|| star(&mut r, if late_carrier { -1.0 } else { 0.0 })),
                        text: None,
                    });
                }
            }
        }
        // A conversation for some orders; weekend messages wait for Monday.
        if r.chance(0.35) {
            let mut t = paid.plus_secs(r.hours(1.0, 10.0 * 24.0));
            let turns = 1 + r.below(3);
            let (thread, order, buyer_sym) = (
                Sym::from(format!("T{id}")),
                Sym::from(id.as_str()),
                Sym::from(buyer.as_str()),
            );
            for _ in 0..turns {
                let msg = |sender, at: Ts, auto| Message {
                    thread_id: Some(thread.clone()),
                    order_id: Some(order.clone()),
                    buyer_id: Some(buyer_sym.clone()),
                    sender: Some(sender),
                    sent_at: Some(at),
                    is_auto_reply: auto,
                };
                if t >= end {
                    break;
                }
                ds.messages.push(msg(Sender::Buyer, t, false));
                if r.chance(0.3) {
                    ds.messages
                        .push(msg(Sender::Buyer, t.plus_secs(r.hours(0.05, 2.0)), false));
                }
                ds.messages.push(msg(Sender::Seller, t.plus_secs(60), true));
                let weekend = is_weekend(t);
                let wait = if weekend {
                    r.hours(26.0, 62.0)
                } else if r.chance(0.06) {
                    r.hours(24.0, 80.0)
                } else {
                    r.hours(0.2, 14.0)
                };
                let reply = t.plus_secs(wait);
                if reply < end && !r.chance(0.02) {
                    ds.messages.push(msg(Sender::Seller, reply, false));
                }
                t = reply.plus_secs(r.hours(2.0, 72.0));
            }
        }
        ds.orders.push(o);
    }
    ds
}

fn is_weekend(t: Ts) -> bool {
    use chrono::Datelike;
    storescore_core::time::local_date(ZONE, t)
        .is_some_and(|d| matches!(d.weekday(), chrono::Weekday::Sat | chrono::Weekday::Sun))
}

fn opt_ts(t: Option<Ts>) -> String {
    t.map(|t| format_local(ZONE, t)).unwrap_or_default()
}

fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map(T::to_string).unwrap_or_default()
}

fn enum_text<T: serde::Serialize>(v: &Option<T>) -> String {
    v.as_ref()
        .and_then(|v| serde_json::to_value(v).ok())
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// The canonical CSV kinds a store is written as, in order.
pub const CSV_KINDS: [sources::schema::Kind; 4] = [
    sources::schema::Kind::Orders,
    sources::schema::Kind::Messages,
    sources::schema::Kind::Disputes,
    sources::schema::Kind::Reviews,
];

/// The dataset as the four canonical CSV files (METRICS.md templates), times in Asia/Shanghai.
pub fn to_csv(ds: &Dataset) -> Vec<(String, String)> {
    CSV_KINDS.iter().map(|k| to_csv_of(ds, *k)).collect()
}

/// The dataset's records of one kind as its canonical CSV file (name, text).
pub fn to_csv_of(ds: &Dataset, kind: sources::schema::Kind) -> (String, String) {
    use sources::schema::{template, Kind};
    let rows: Vec<Vec<String>> = match kind {
        Kind::Orders => ds
            .orders
            .iter()
            .map(|o| {
                vec![
                    o.order_id.clone(),
                    opt(&o.parent_order_id),
                    opt(&o.buyer_id),
                    opt(&o.buyer_country),
                    opt_ts(o.created_at),
                    opt_ts(o.paid_at),
                    opt(&o.amount),
                    opt(&o.currency),
                    opt(&o.shipping_fee),
                    opt(&o.status),
                    opt_ts(o.cancelled_at),
                    enum_text(&o.cancel_initiator),
                    opt_ts(o.ship_deadline),
                    opt_ts(o.promised_delivery_by),
                    opt(&o.carrier),
                    opt(&o.tracking_number),
                    opt_ts(o.shipped_at),
                    opt_ts(o.first_carrier_scan_at),
                    opt_ts(o.delivered_at),
                    opt_ts(o.buyer_confirmed_at),
                    opt_ts(o.completed_at),
                ]
            })
            .collect(),
        Kind::Messages => ds
            .messages
            .iter()
            .map(|m| {
                vec![
                    String::new(),
                    opt(&m.thread_id),
                    opt(&m.order_id),
                    opt(&m.buyer_id),
                    enum_text(&m.sender),
                    opt_ts(m.sent_at),
                    m.is_auto_reply.to_string(),
                ]
            })
            .collect(),
        Kind::Disputes => ds
            .disputes
            .iter()
            .map(|d| {
                vec![
                    opt(&d.dispute_id),
                    d.order_id.clone(),
                    enum_text(&Some(d.kind)),
                    opt(&d.reason),
                    opt_ts(d.opened_at),
                    opt_ts(d.seller_first_response_at),
                    opt_ts(d.escalated_at),
                    opt_ts(d.closed_at),
                    enum_text(&d.outcome),
                    d.seller_at_fault.to_string(),
                    d.exempted.to_string(),
                    opt(&d.refund_amount),
                ]
            })
            .collect(),
        Kind::Reviews => ds
            .reviews
            .iter()
            .map(|v| {
                vec![
                    opt(&v.review_id),
                    opt(&v.order_id),
                    opt(&v.buyer_id),
                    opt_ts(v.created_at),
                    opt(&v.stars),
                    opt(&v.dsr_item),
                    opt(&v.dsr_communication),
                    opt(&v.dsr_shipping),
                    opt(&v.text),
                ]
            })
            .collect(),
    };
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(template(kind).trim().split(','));
    for row in rows {
        let _ = w.write_record(&row);
    }
    let text = w
        .into_inner()
        .map(|b| {
            String::from_utf8(b)
                .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
        })
        .unwrap_or_default();
    (format!("{}.csv", kind.as_str()), text)
}

pub fn generate_csv(orders: usize, seed: u64) -> Vec<(String, String)> {
    to_csv(&generate(orders, seed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_store() {
        assert_eq!(generate(200, 3), generate(200, 3));
        assert_ne!(generate(200, 3), generate(200, 4));
    }

    #[test]
    fn nothing_happens_after_the_export() {
        let ds = generate(2000, 7);
        assert!(ds.latest_event().is_some_and(|t| t < export_at()));
    }

    #[test]
    fn csv_round_trip_through_ingest_keeps_every_record() {
        let ds = generate(300, 11);
        let files = to_csv(&ds);
        let (back, reports) = ingest::load_all(
            files.iter().map(|(n, t)| (n.as_str(), t.as_bytes())),
            &sources::Options::default(),
        );
        for r in &reports {
            assert!(
                r.diagnostics
                    .iter()
                    .all(|d| d.severity != sources::diag::Severity::Error),
                "{:?}",
                r.diagnostics
            );
        }
        assert_eq!(back.orders.len(), ds.orders.len());
        // A message's buyer is kept only where it names the conversation.
        let read_as: Vec<Message> = ds
            .messages
            .iter()
            .map(|m| Message {
                buyer_id: m
                    .buyer_id
                    .clone()
                    .filter(|_| m.thread_id.is_none() && m.order_id.is_none()),
                ..m.clone()
            })
            .collect();
        assert!(back.messages == read_as, "messages differ");
        for (got, want) in back.disputes.iter().zip(&ds.disputes) {
            assert_eq!(got, want);
        }
        assert!(back.reviews == ds.reviews, "reviews differ");
        // product_id is not in the canonical template.
        let strip = |o: &Order| Order {
            product_id: None,
            ..o.clone()
        };
        for (got, want) in back.orders.iter().zip(ds.orders.iter().map(strip)) {
            assert_eq!(*got, want);
        }
    }

    /// The sample's distributions show what it was made to show.
    #[test]
    fn the_sample_store_tells_its_story() {
        let loaded = crate::session::sample();
        let as_of = export_at();
        let d = storescore_core::distributions::compute(
            &loaded.prepared,
            &storescore_core::metrics::Params::new(as_of),
        );
        // Weekend turns are answered within 24 h far less often than weekday ones.
        let rate = |(n, k): (u64, u64)| k as f64 / n.max(1) as f64;
        let weekday = rate(d.turns_by_weekday[1]);
        let weekend = rate(d.turns_by_weekday[5]);
        assert!(
            weekend + 0.3 < weekday,
            "weekday {weekday} weekend {weekend}"
        );
        // YunExpress delivers late more often than the others.
        let late = |name: &str| {
            let c = d
                .delivery_by_carrier
                .iter()
                .find(|c| c.carrier == name)
                .unwrap();
            c.late as f64 / c.delivered as f64
        };
        assert!(
            late("YunExpress") > late("4PX") + 0.02,
            "{:?}",
            d.delivery_by_carrier
        );
        // The LED strip leads the not-as-described reasons.
        let top_snad = d
            .dispute_reasons
            .iter()
            .find(|r| r.0 == storescore_core::model::DisputeKind::NotAsDescribed)
            .unwrap();
        assert!(top_snad.1.contains("LED"), "{:?}", d.dispute_reasons);
    }
}
