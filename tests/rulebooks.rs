//! Each rulebook on a hand-computed example, through one check helper over aggregates.

use std::collections::BTreeMap;

use storescore_core::checks::{Inputs, NotAssessedBecause, Status};
use storescore_core::engine::{self, Report};
use storescore_core::metrics::{MetricId, MetricValue};
use storescore_core::rulebook::{
    builtin, builtin_by_id, choose_regions, Reads, RegionFrom, SERVICE_SCORE,
};
use storescore_core::whatif::{Baseline, Scenario};

mod common;

use MetricId::*;

/// A baseline whose every window holds the given (metric, numerator, denominator).
fn baseline(values: &[(MetricId, f64, f64)]) -> Baseline {
    let m: BTreeMap<MetricId, MetricValue> = values
        .iter()
        .map(|&(id, n, d)| {
            let v = if id == OrdersPaid {
                MetricValue {
                    value: Some(n),
                    numerator: n,
                    denominator: 1.0,
                }
            } else if matches!(
                id,
                FirstResponseHoursP50 | FirstResponseHoursP90 | DisputeResolutionDaysP50
            ) {
                MetricValue {
                    value: Some(n),
                    numerator: d,
                    denominator: d,
                }
            } else {
                MetricValue::ratio(n, d)
            };
            (id, v)
        })
        .collect();
    let mut b = Baseline {
        main_window: 30,
        ..Default::default()
    };
    for w in [7, 14, 30, 60, 90, 365] {
        b.windows.insert(w, m.clone());
    }
    b
}

fn report(values: &[(MetricId, f64, f64)], inputs: &Inputs) -> Report {
    engine::report(&baseline(values), &builtin(), inputs, &Scenario::default())
}

/// Asserts a check's status and, when given, the records of its gap to pass.
fn check(r: &Report, rulebook: &str, id: &str, status: Status, gap_records: Option<f64>) {
    let rb = r
        .rulebook(rulebook)
        .unwrap_or_else(|| panic!("no rulebook {rulebook}"));
    let c = rb
        .checks
        .iter()
        .find(|c| c.id == id)
        .unwrap_or_else(|| panic!("no check {id}"));
    assert_eq!(c.status, status, "{rulebook}/{id}: {c:?}");
    if let Some(want) = gap_records {
        let got = c.gap.as_ref().and_then(|g| g.records);
        assert_eq!(got, Some(want), "{rulebook}/{id} gap: {:?}", c.gap);
    }
}

#[test]
fn service_score_by_hand() {
    // non-fulfilment 1 % -> 8; NR 2 % -> 12 - 7 * 0.5 = 8.5; SNAD 0 -> 15; DSR item 4.7 -> 26;
    // DSR communication 4.0 -> 4; DSR shipping missing -> estimated from average 4.6 -> 12.
    let r = report(
        &[
            (OrdersPaid, 100.0, 1.0),
            (NonFulfilmentRate, 1.0, 100.0),
            (NrDisputeRate, 2.0, 100.0),
            (SnadDisputeRate, 0.0, 100.0),
            (DsrItemAvg, 47.0, 10.0),
            (DsrCommunicationAvg, 40.0, 10.0),
            (DsrShippingAvg, 0.0, 0.0),
            (AverageRating, 46.0, 10.0),
        ],
        &Inputs::new(),
    );
    let s = r.score.as_ref().unwrap();
    let points: Vec<f64> = s
        .indicators
        .iter()
        .map(|i| (i.points * 1e9).round() / 1e9)
        .collect();
    assert_eq!(points, [8.0, 8.5, 15.0, 26.0, 4.0, 12.0]);
    assert!((s.total - 73.5).abs() < 1e-9);
    assert_eq!(s.level.as_deref(), Some("pass"));
    assert_eq!(s.indicators[5].estimated_from, Some(AverageRating));
    assert!(s.assessed);
}

#[test]
fn level_bands_include_their_lower_bound() {
    let rb = builtin_by_id(SERVICE_SCORE).unwrap();
    let spec = rb.score.unwrap();
    let level = |x| storescore_core::score::level_of(&spec, x).map(|l| l.id.as_str());
    assert_eq!(level(100.0), Some("excellent"));
    assert_eq!(level(90.0), Some("excellent"));
    assert_eq!(level(89.99), Some("good"));
    assert_eq!(level(80.0), Some("good"));
    assert_eq!(level(79.99), Some("pass"));
    assert_eq!(level(60.0), Some("pass"));
    assert_eq!(level(59.99), Some("fail"));
    assert_eq!(level(-40.0), Some("fail"));
}

#[test]
fn below_the_minimum_order_count_the_store_is_not_assessed() {
    let r = report(&[(OrdersPaid, 5.0, 1.0)], &Inputs::new());
    let s = r.score.unwrap();
    assert!(!s.assessed);
    assert_eq!(s.level, None);
}

#[test]
fn good_seller_gaps_in_the_metrics_own_units() {
    let mut inputs = Inputs::new();
    inputs.insert("compliance_documents".into(), 1.0);
    let r = report(
        &[
            (OrdersPaid, 18.0, 1.0),
            (ResponseWithin24hRate, 200.0, 240.0),
            (LateShipmentRate, 20.0, 240.0),
            (DsrItemAvg, 430.0, 100.0),
            (FreeShippingShare, 90.0, 100.0),
            (DisputeResolutionDaysP50, 8.1, 7.0),
        ],
        &inputs,
    );
    let gs = "aliexpress-good-seller";
    // 216 of 240 answered within 24 h would pass: 16 more.
    check(&r, gs, "cs-response-24h", Status::Failed, Some(16.0));
    // At most 12 of 240 late: 8 fewer late shipments.
    check(&r, gs, "sh-on-time", Status::Failed, Some(8.0));
    // (430 + 5k) / (100 + k) >= 4.5 needs k = 40 more 5-star reviews.
    check(&r, gs, "pq-dsr-item", Status::Failed, Some(40.0));
    check(&r, gs, "rep-activity", Status::Failed, Some(12.0));
    check(&r, gs, "sh-free-shipping", Status::Passed, None);
    check(&r, gs, "pq-compliance", Status::Passed, None);
    check(&r, gs, "inn-new-products", Status::NotAssessed, None);
    check(&r, gs, "cs-positive-feedback", Status::NotAssessed, None);
    let rb = r.rulebook(gs).unwrap();
    let median = rb
        .checks
        .iter()
        .find(|c| c.id == "cs-dispute-days")
        .unwrap();
    assert_eq!(median.status, Status::Failed);
    assert!((median.gap.as_ref().unwrap().delta - (5.0 - 8.1)).abs() < 1e-9);
}

#[test]
fn ebay_count_floor_passes_a_small_seller_over_the_rate() {
    // 3 defects in 100 is 3 % (over 0.5 %), but at most 3 defects are allowed.
    let r = report(
        &[
            (OrdersPaid, 150.0, 1.0),
            (TransactionDefectRate, 3.0, 100.0),
            (CasesClosedAgainstSellerRate, 0.0, 100.0),
            (LateShipmentRate, 2.0, 100.0),
            (ValidTrackingRate, 99.0, 100.0),
        ],
        &Inputs::new(),
    );
    check(
        &r,
        "ebay-seller-levels",
        "ebay-defect-top-rated",
        Status::Passed,
        None,
    );
    assert_eq!(
        r.rulebook("ebay-seller-levels").unwrap().tier.as_deref(),
        Some("top_rated")
    );
    let r = report(
        &[
            (OrdersPaid, 150.0, 1.0),
            (TransactionDefectRate, 5.0, 100.0),
            (CasesClosedAgainstSellerRate, 0.0, 100.0),
            (ValidTrackingRate, 99.0, 100.0),
        ],
        &Inputs::new(),
    );
    // 5 % and 5 defects: over both floors of Above Standard (2 %, 4): Below Standard.
    check(
        &r,
        "ebay-seller-levels",
        "ebay-defect-above-standard",
        Status::Failed,
        Some(3.0),
    );
    assert_eq!(
        r.rulebook("ebay-seller-levels").unwrap().tier.as_deref(),
        Some("below_standard")
    );
}

#[test]
fn shopee_penalty_points_add_up_per_failed_check() {
    let r = report(
        &[
            (NonFulfilmentRate, 12.0, 100.0),
            (LateShipmentRate, 25.0, 100.0),
        ],
        &Inputs::new(),
    );
    let rb = r.rulebook("shopee-penalty-points").unwrap();
    assert_eq!(
        (rb.failed, rb.penalty_points, rb.penalty_tier),
        (2, Some(2.0), Some(0))
    );
    // Strictly below 10 % is required: 10 of 100 fails and the gap is one cancellation.
    let r = report(&[(NonFulfilmentRate, 10.0, 100.0)], &Inputs::new());
    check(
        &r,
        "shopee-penalty-points",
        "shopee-non-fulfilment",
        Status::Failed,
        Some(1.0),
    );
}

#[test]
fn amazon_etsy_tiktok_and_mercado_libre_by_hand() {
    let r = report(
        &[
            (OrdersPaid, 40.0, 1.0),
            (OrdersDelivered, 35.0, 1.0),
            (OrderDefectRate, 1.0, 200.0),
            (NonFulfilmentRate, 1.0, 100.0),
            (LateShipmentRate, 3.0, 100.0),
            (ValidTrackingRate, 96.0, 100.0),
            (OnTimeDeliveryRate, 95.0, 100.0),
            (ResponseWithin24hRate, 95.0, 100.0),
            (AverageRating, 490.0, 100.0),
            (NrDisputeRate, 3.0, 100.0),
            (SnadDisputeRate, 1.0, 100.0),
            (ClaimsRate, 4.0, 100.0),
        ],
        &Inputs::new(),
    );
    check(
        &r,
        "amazon-account-health",
        "amazon-order-defect-rate",
        Status::Passed,
        None,
    );
    // Amazon requires 90 % on-time delivery (US, since 2024-09-25); 97 % was an old
    // recommendation that failed this store's 95 %.
    check(
        &r,
        "amazon-account-health",
        "amazon-on-time-delivery",
        Status::Passed,
        None,
    );
    assert_eq!(
        r.rulebook("amazon-account-health").unwrap().tier.as_deref(),
        Some("healthy")
    );
    assert_eq!(
        r.rulebook("etsy-star-seller").unwrap().tier.as_deref(),
        Some("star_seller")
    );
    check(&r, "tiktok-shop", "tiktok-min-orders", Status::Passed, None);
    // Mercado Libre has one claims rate (4 %, over 1.5 %: 3 claims too many); split by kind,
    // the old rulebook failed only the not-received part.
    check(
        &r,
        "mercado-libre",
        "meli-claims",
        Status::Failed,
        Some(3.0),
    );
    assert_eq!(
        r.rulebook("mercado-libre").unwrap().tier.as_deref(),
        Some("not_green")
    );
}

#[test]
fn service_rules_flag_every_late_shipment() {
    let r = report(
        &[
            (LateShipmentRate, 1.0, 300.0),
            (ResponseWithin72hRate, 50.0, 50.0),
        ],
        &Inputs::new(),
    );
    check(
        &r,
        "aliexpress-service-rules",
        "ship-before-deadline",
        Status::Failed,
        Some(1.0),
    );
    check(
        &r,
        "aliexpress-service-rules",
        "reply-72h",
        Status::Passed,
        None,
    );
    check(
        &r,
        "aliexpress-service-rules",
        "online-7d",
        Status::NotAssessed,
        None,
    );
}

#[test]
fn the_biggest_lever_ranks_by_points_gained() {
    let b = baseline(&[
        (OrdersPaid, 100.0, 1.0),
        (NonFulfilmentRate, 0.0, 100.0),
        (NrDisputeRate, 0.0, 100.0),
        (SnadDisputeRate, 4.0, 100.0),
        (DsrItemAvg, 48.0, 10.0),
        (DsrCommunicationAvg, 48.0, 10.0),
        (DsrShippingAvg, 48.0, 10.0),
    ]);
    let levers = engine::levers(&b, &builtin(), &Inputs::new());
    // SNAD 4 % -> 3.5 % on the 3 %..5 % segment (5 points over 2 %) gains 1.25 points;
    // DSR item 4.8 -> 4.9 on the last segment (2 points over 0.2) gains 1.0.
    assert_eq!(levers[0].metric, SnadDisputeRate);
    assert!((levers[0].points - 1.25).abs() < 1e-9, "{levers:?}");
    assert_eq!(levers[1].metric, DsrItemAvg);
    assert!((levers[1].points - 1.0).abs() < 1e-9, "{levers:?}");
    // Non-fulfilment is already 0: the step stays at 0 and gains nothing.
    let nf = levers
        .iter()
        .find(|l| l.metric == NonFulfilmentRate)
        .unwrap();
    assert_eq!((nf.to, nf.points), (0.0, 0.0));
}

/// A store of `paid` orders paid in November 2026, `cancelled` of them cancelled by the
/// seller, with `one_star` one-star reviews and `lost` cases closed for the buyer with the
/// seller at fault, through the whole pipeline (ingest, metrics, report).
fn ebay_store(paid: usize, cancelled: usize, one_star: usize, lost: usize) -> Report {
    let mut orders =
        String::from("[orders]\norder_id,paid_at,cancelled_at,cancel_initiator,shipped_at\n");
    for i in 0..paid {
        let day = 1 + i % 28;
        if i < cancelled {
            orders.push_str(&format!(
                "O{i},2026-11-{day:02} 10:00:00,2026-11-{day:02} 12:00:00,seller,\n"
            ));
        } else {
            orders.push_str(&format!(
                "O{i},2026-11-{day:02} 10:00:00,,,2026-11-{day:02} 18:00:00\n"
            ));
        }
    }
    let mut reviews = String::from("[reviews]\norder_id,created_at,stars\n");
    for i in 0..one_star {
        reviews.push_str(&format!("O{},2026-11-28 10:00:00,1\n", paid - 1 - i));
    }
    let mut disputes =
        String::from("[disputes]\norder_id,kind,opened_at,closed_at,outcome,seller_at_fault\n");
    for i in 0..lost {
        disputes.push_str(&format!(
            "O{},not_received,2026-11-20 10:00:00,2026-11-27 10:00:00,ruled_for_buyer,true\n",
            paid - 1 - one_star - i
        ));
    }
    // A kind with no row is left out (a file of headers only is said as an error).
    let mut fixture = orders;
    if one_star > 0 {
        fixture.push_str(&reviews);
    }
    if lost > 0 {
        fixture.push_str(&disputes);
    }
    let ds = common::dataset(&fixture);
    let p = storescore_core::prepared::Prepared::new(ds);
    let settings = engine::Settings {
        as_of: Some(common::at("2026-12-01 00:00:00")),
        ..engine::Settings::default()
    };
    let rbs = builtin();
    let a = engine::analyse(&p, None, Default::default(), &settings, &rbs).expect("analysis");
    engine::report(&a.baseline, &rbs, &Inputs::new(), &Scenario::default())
}

/// eBay (seller standards since 2016-02-20): feedback is not a defect. The old rule read
/// one-star reviews as defects and failed this store.
#[test]
fn ebay_one_star_reviews_are_not_transaction_defects() {
    let r = ebay_store(200, 0, 10, 0);
    check(
        &r,
        "ebay-seller-levels",
        "ebay-defect-top-rated",
        Status::Passed,
        None,
    );
    check(
        &r,
        "ebay-seller-levels",
        "ebay-defect-above-standard",
        Status::Passed,
        None,
    );
}

/// eBay: a seller cancellation is a transaction defect. The old rule did not count it and
/// passed a store that cancels 3 % of its orders.
#[test]
fn ebay_seller_cancellations_are_transaction_defects() {
    let r = ebay_store(200, 6, 0, 0);
    check(
        &r,
        "ebay-seller-levels",
        "ebay-defect-top-rated",
        Status::Failed,
        Some(5.0),
    );
    check(
        &r,
        "ebay-seller-levels",
        "ebay-defect-above-standard",
        Status::Failed,
        Some(2.0),
    );
    assert_eq!(
        r.rulebook("ebay-seller-levels").unwrap().tier.as_deref(),
        Some("below_standard")
    );
}

/// eBay: cases closed without seller resolution, at most 0.3 % unless 2 or fewer.
#[test]
fn ebay_cases_closed_without_seller_resolution() {
    let r = ebay_store(200, 0, 0, 2);
    check(
        &r,
        "ebay-seller-levels",
        "ebay-cases-top-rated",
        Status::Passed,
        None,
    );
    let r = ebay_store(200, 0, 0, 3);
    check(
        &r,
        "ebay-seller-levels",
        "ebay-cases-top-rated",
        Status::Failed,
        Some(3.0),
    );
    check(
        &r,
        "ebay-seller-levels",
        "ebay-cases-above-standard",
        Status::Failed,
        Some(3.0),
    );
}

/// Amazon: on-time delivery below the 90 % it requires fails (over 14 days).
#[test]
fn amazon_on_time_delivery_below_90_percent_fails() {
    let r = report(&[(OnTimeDeliveryRate, 89.0, 100.0)], &Inputs::new());
    check(
        &r,
        "amazon-account-health",
        "amazon-on-time-delivery",
        Status::Failed,
        Some(1.0),
    );
    let c = r.rulebook("amazon-account-health").unwrap();
    let otd = c
        .checks
        .iter()
        .find(|c| c.id == "amazon-on-time-delivery")
        .unwrap();
    assert_eq!(otd.window_days, 14);
}

/// Mercado Libre: delayed handling green is 10 %, not the old table's 15 %.
#[test]
fn mercado_libre_delayed_handling_green_is_10_percent() {
    let r = report(&[(LateShipmentRate, 12.0, 100.0)], &Inputs::new());
    check(
        &r,
        "mercado-libre",
        "meli-delayed-handling",
        Status::Failed,
        Some(2.0),
    );
}

/// TikTok Shop: late dispatch is enforced above 10 % since March 2026; the old rule (4 %)
/// failed a store at 6 %.
#[test]
fn tiktok_late_dispatch_is_enforced_above_10_percent() {
    let r = report(&[(LateShipmentRate, 6.0, 100.0)], &Inputs::new());
    check(
        &r,
        "tiktok-shop",
        "tiktok-late-dispatch",
        Status::Passed,
        None,
    );
    let r = report(&[(LateShipmentRate, 11.0, 100.0)], &Inputs::new());
    check(
        &r,
        "tiktok-shop",
        "tiktok-late-dispatch",
        Status::Failed,
        Some(1.0),
    );
}

/// TikTok Shop: on-time delivery of at least 80 % is required (the old rulebook had no such
/// check), and the score needs 30 delivered orders, not 30 paid ones.
#[test]
fn tiktok_on_time_delivery_and_delivered_orders() {
    let r = report(
        &[
            (OrdersPaid, 40.0, 1.0),
            (OrdersDelivered, 20.0, 1.0),
            (OnTimeDeliveryRate, 75.0, 100.0),
        ],
        &Inputs::new(),
    );
    check(
        &r,
        "tiktok-shop",
        "tiktok-on-time-delivery",
        Status::Failed,
        Some(5.0),
    );
    check(
        &r,
        "tiktok-shop",
        "tiktok-min-orders",
        Status::Failed,
        Some(10.0),
    );
}

/// Shopee: a non-fulfilment rate over 60 % costs 2 points more than one over 10 %.
#[test]
fn shopee_non_fulfilment_over_60_percent_costs_3_points() {
    let r = report(&[(NonFulfilmentRate, 65.0, 100.0)], &Inputs::new());
    let rb = r.rulebook("shopee-penalty-points").unwrap();
    assert_eq!(rb.penalty_points, Some(3.0));
    let r = report(&[(NonFulfilmentRate, 20.0, 100.0)], &Inputs::new());
    assert_eq!(
        r.rulebook("shopee-penalty-points").unwrap().penalty_points,
        Some(1.0)
    );
}

/// AliExpress: the platform steps into a dispute after 7 days of negotiation (15 before): a
/// median of 10 days now fails.
#[test]
fn aliexpress_disputes_are_taken_up_after_7_days() {
    let r = report(&[(DisputeResolutionDaysP50, 10.0, 4.0)], &Inputs::new());
    check(
        &r,
        "aliexpress-service-rules",
        "dispute-resolution",
        Status::Failed,
        None,
    );
}

/// A check's name says what its value counts: a rate of late orders is named as late.
#[test]
fn check_names_read_with_their_values() {
    for rb in builtin() {
        for c in &rb.checks {
            let reads_late = matches!(
                c.reads,
                storescore_core::rulebook::Reads::Metric(LateShipmentRate)
            );
            let name = c.name.en.to_lowercase();
            if reads_late {
                assert!(
                    !name.contains("on time") && !name.contains("before the"),
                    "{}/{}: {name}",
                    rb.id,
                    c.id
                );
            }
        }
    }
}

/// A check's result in a report.
fn result<'a>(r: &'a Report, rulebook: &str, id: &str) -> &'a storescore_core::checks::CheckResult {
    r.rulebook(rulebook)
        .and_then(|rb| rb.checks.iter().find(|c| c.id == id))
        .unwrap_or_else(|| panic!("no check {rulebook}/{id}"))
}

/// The shipped rulebooks judged in the regions named (rulebook id, region id).
fn report_in(values: &[(MetricId, f64, f64)], inputs: &Inputs, regions: &[(&str, &str)]) -> Report {
    let mut rbs = builtin();
    let chosen: BTreeMap<String, String> = regions
        .iter()
        .map(|(rb, r)| (rb.to_string(), r.to_string()))
        .collect();
    choose_regions(&mut rbs, &[], &chosen).unwrap();
    engine::report(&baseline(values), &rbs, inputs, &Scenario::default())
}

fn tier(r: &Report, rulebook: &str) -> Option<String> {
    r.rulebook(rulebook).unwrap().tier.clone()
}

/// Every region of every rulebook applies and validates, and the values the files hold are
/// their first region's (a shipped rulebook is in its first region until one is chosen).
#[test]
fn every_region_applies_and_the_shipped_values_are_the_first_regions() {
    for rb in builtin() {
        if rb.regions.is_empty() {
            continue;
        }
        assert_eq!(
            rb.region_in_force().map(|r| r.id.as_str()),
            Some(rb.regions[0].id.as_str()),
            "{}",
            rb.id
        );
        for region in &rb.regions {
            let there = rb.in_region(&region.id).unwrap();
            assert_eq!(there.region_in_force().unwrap().id, region.id, "{}", rb.id);
        }
    }
}

/// The region comes from the currency most orders are in; a choice wins over it; with no
/// currency of a region the first region stays and says so; an unknown region is refused.
#[test]
fn the_region_comes_from_the_orders_currency_and_a_choice_wins() {
    let currencies = vec![("BRL".to_string(), 40), ("USD".to_string(), 3)];
    let mut rbs = builtin();
    let uses = choose_regions(&mut rbs, &currencies, &BTreeMap::new()).unwrap();
    let meli = uses.iter().find(|u| u.rulebook == "mercado-libre").unwrap();
    assert_eq!(meli.region, "BR");
    assert_eq!(meli.from, RegionFrom::Files("BRL".into()));
    let ebay = uses
        .iter()
        .find(|u| u.rulebook == "ebay-seller-levels")
        .unwrap();
    assert_eq!(
        (ebay.region.as_str(), &ebay.from),
        ("US-UK", &RegionFrom::Files("USD".into()))
    );
    let shopee = uses
        .iter()
        .find(|u| u.rulebook == "shopee-penalty-points")
        .unwrap();
    assert_eq!(
        (shopee.region.as_str(), &shopee.from),
        ("CB", &RegionFrom::Default)
    );
    let meli_rb = rbs.iter().find(|r| r.id == "mercado-libre").unwrap();
    assert_eq!(meli_rb.region_in_force().unwrap().id, "BR");

    let mut rbs = builtin();
    let chosen = BTreeMap::from([("mercado-libre".to_string(), "CL-CO".to_string())]);
    let uses = choose_regions(&mut rbs, &currencies, &chosen).unwrap();
    let meli = uses.iter().find(|u| u.rulebook == "mercado-libre").unwrap();
    assert_eq!(
        (meli.region.as_str(), &meli.from),
        ("CL-CO", &RegionFrom::Chosen)
    );

    let bad = BTreeMap::from([("*".to_string(), "XX".to_string())]);
    assert!(choose_regions(&mut builtin(), &currencies, &bad).is_err());
}

/// Mercado Libre: green claims are 1.5 % in Mexico and 2 % in Brazil.
#[test]
fn mercado_libre_claims_green_limit_is_by_country() {
    let v = [(ClaimsRate, 18.0, 1000.0)];
    let mx = report_in(&v, &Inputs::new(), &[("mercado-libre", "MX-AR")]);
    check(
        &mx,
        "mercado-libre",
        "meli-claims",
        Status::Failed,
        Some(3.0),
    );
    let br = report_in(&v, &Inputs::new(), &[("mercado-libre", "BR")]);
    check(&br, "mercado-libre", "meli-claims", Status::Passed, None);
    let cl = report_in(
        &[(LateShipmentRate, 11.0, 100.0)],
        &Inputs::new(),
        &[("mercado-libre", "CL-CO")],
    );
    check(
        &cl,
        "mercado-libre",
        "meli-delayed-handling",
        Status::Passed,
        None,
    );
}

/// MercadoLíder: green is not enough; delays must be at most 8 % (Brazil 6 %).
#[test]
fn mercado_libre_leader_needs_the_leader_limits() {
    let v = [
        (ClaimsRate, 5.0, 1000.0),
        (LateShipmentRate, 7.0, 100.0),
        (NonFulfilmentRate, 4.0, 1000.0),
    ];
    let mx = report_in(&v, &Inputs::new(), &[("mercado-libre", "MX-AR")]);
    assert_eq!(tier(&mx, "mercado-libre").as_deref(), Some("leader"));
    let br = report_in(&v, &Inputs::new(), &[("mercado-libre", "BR")]);
    assert_eq!(tier(&br, "mercado-libre").as_deref(), Some("green"));
}

/// eBay: the Above Standard late-shipment limit (7 %, 7 late) is a Global programme rule; in
/// the US a store at 9 % late is Above Standard.
#[test]
fn ebay_above_standard_late_shipment_is_a_global_programme_rule() {
    let v = [(LateShipmentRate, 9.0, 100.0), (OrdersPaid, 100.0, 1.0)];
    let us = report_in(&v, &Inputs::new(), &[("ebay-seller-levels", "US-UK")]);
    assert_eq!(
        tier(&us, "ebay-seller-levels").as_deref(),
        Some("above_standard")
    );
    let late = result(&us, "ebay-seller-levels", "ebay-late-above-standard");
    assert_eq!(
        late.not_assessed_because,
        Some(NotAssessedBecause::NotInRegion)
    );
    let global = report_in(&v, &Inputs::new(), &[("ebay-seller-levels", "GLOBAL")]);
    check(
        &global,
        "ebay-seller-levels",
        "ebay-late-above-standard",
        Status::Failed,
        Some(2.0),
    );
    assert_eq!(
        tier(&global, "ebay-seller-levels").as_deref(),
        Some("below_standard")
    );
}

/// eBay Germany allows 6 late shipments for Top Rated where the US allows 5.
#[test]
fn ebay_germany_allows_6_late_shipments_for_top_rated() {
    let v = [(LateShipmentRate, 6.0, 150.0)];
    let us = report_in(&v, &Inputs::new(), &[("ebay-seller-levels", "US-UK")]);
    check(
        &us,
        "ebay-seller-levels",
        "ebay-late-top-rated",
        Status::Failed,
        None,
    );
    let de = report_in(&v, &Inputs::new(), &[("ebay-seller-levels", "DE")]);
    check(
        &de,
        "ebay-seller-levels",
        "ebay-late-top-rated",
        Status::Passed,
        None,
    );
}

/// eBay's service metrics compare with a peer benchmark only Seller Hub shows: not assessed
/// until typed in, then judged against it.
#[test]
fn ebay_service_metrics_wait_for_the_peer_benchmark() {
    let v = [(NrDisputeRate, 3.0, 100.0)];
    let r = report(&v, &Inputs::new());
    let inr = result(&r, "ebay-seller-levels", "ebay-inr-vs-peers");
    assert_eq!(inr.status, Status::NotAssessed);
    assert_eq!(
        inr.not_assessed_because,
        Some(NotAssessedBecause::NotTypedIn("ebay_inr_peer_rate".into()))
    );
    let inputs = Inputs::from([("ebay_inr_peer_rate".to_string(), 0.02)]);
    let r = report(&v, &inputs);
    check(
        &r,
        "ebay-seller-levels",
        "ebay-inr-vs-peers",
        Status::Failed,
        Some(1.0),
    );
    assert_eq!(
        result(&r, "ebay-seller-levels", "ebay-inr-vs-peers").threshold,
        0.02
    );
}

/// Amazon's Account Health Rating is typed in: below 200 the account is not Healthy.
#[test]
fn amazon_account_health_rating_below_200_is_not_healthy() {
    let r = report(&[(OrderDefectRate, 0.0, 100.0)], &Inputs::new());
    check(
        &r,
        "amazon-account-health",
        "amazon-account-health-rating",
        Status::NotAssessed,
        None,
    );
    assert_eq!(
        tier(&r, "amazon-account-health").as_deref(),
        Some("healthy")
    );
    let inputs = Inputs::from([("amazon_account_health_rating".to_string(), 150.0)]);
    let r = report(&[(OrderDefectRate, 0.0, 100.0)], &inputs);
    check(
        &r,
        "amazon-account-health",
        "amazon-account-health-rating",
        Status::Failed,
        None,
    );
    assert_eq!(
        tier(&r, "amazon-account-health").as_deref(),
        Some("at_risk")
    );
}

/// Amazon UK judges on-time delivery only from 20 units in the 14 days; the US always.
#[test]
fn amazon_uk_on_time_delivery_needs_20_units() {
    let v = [(OnTimeDeliveryRate, 8.0, 10.0)];
    let us = report_in(&v, &Inputs::new(), &[("amazon-account-health", "US")]);
    check(
        &us,
        "amazon-account-health",
        "amazon-on-time-delivery",
        Status::Failed,
        Some(1.0),
    );
    let uk = report_in(&v, &Inputs::new(), &[("amazon-account-health", "UK")]);
    check(
        &uk,
        "amazon-account-health",
        "amazon-on-time-delivery",
        Status::NotAssessed,
        None,
    );
}

/// Etsy's sales minimum is by currency: 250 in 3 months is short of US$300 but meets EUR 250.
#[test]
fn etsy_sales_minimum_is_by_currency() {
    let v = [(SalesAmount, 250.0, 1.0)];
    let usd = report_in(&v, &Inputs::new(), &[("etsy-star-seller", "USD")]);
    check(
        &usd,
        "etsy-star-seller",
        "etsy-min-sales",
        Status::Failed,
        None,
    );
    let eur = report_in(&v, &Inputs::new(), &[("etsy-star-seller", "EUR")]);
    check(
        &eur,
        "etsy-star-seller",
        "etsy-min-sales",
        Status::Passed,
        None,
    );
}

/// AliExpress: the non-fulfilment points stop at 0 (only DSR communication goes negative).
#[test]
fn aliexpress_non_fulfilment_points_do_not_go_below_zero() {
    let r = report(
        &[(OrdersPaid, 100.0, 1.0), (NonFulfilmentRate, 20.0, 100.0)],
        &Inputs::new(),
    );
    let s = r.score.as_ref().unwrap();
    let nf = s
        .indicators
        .iter()
        .find(|i| i.id == "non_fulfilment")
        .unwrap();
    assert_eq!(nf.points, 0.0);
}

/// AliExpress: the category value and points the seller centre shows anchor the curve.
#[test]
fn aliexpress_category_values_anchor_the_curve() {
    let mut rb = builtin_by_id(SERVICE_SCORE).unwrap();
    rb.set("indicator.nr_dispute.category.value", 0.02).unwrap();
    rb.set("indicator.nr_dispute.category.points", 10.0)
        .unwrap();
    let spec = rb.score.as_ref().unwrap();
    let nr = spec
        .indicators
        .iter()
        .find(|i| i.id == "nr_dispute")
        .unwrap();
    assert_eq!(
        nr.curve,
        vec![[0.0, 15.0], [0.02, 10.0], [0.06, 5.0], [0.1, 0.0]]
    );
    // A star curve moves between its fixed ends.
    rb.set("indicator.dsr_item.category.value", 4.7).unwrap();
    let spec = rb.score.as_ref().unwrap();
    let item = spec.indicators.iter().find(|i| i.id == "dsr_item").unwrap();
    assert_eq!(item.curve[0], [1.0, 0.0]);
    assert_eq!(item.curve[2], [4.7, 24.0]);
    assert_eq!(item.curve[4], [5.0, 30.0]);
    // Points that would bend the curve the wrong way are refused.
    assert!(rb
        .set("indicator.nr_dispute.category.points", 16.0)
        .is_err());
}

/// AliExpress: the buyers' 15-day evaluation window is not a seller check.
#[test]
fn aliexpress_evaluation_window_is_not_a_seller_check() {
    let rb = builtin_by_id("aliexpress-service-rules").unwrap();
    assert!(rb
        .checks
        .iter()
        .all(|c| c.reads != Reads::Metric(ReviewInWindowRate)));
}

/// Every rulebook says when it was checked, and every source is a link with a date.
#[test]
fn every_rulebook_is_dated_and_its_sources_are_links() {
    for rb in builtin() {
        assert!(
            storescore_core::time::parse_ymd(&rb.checked).is_some(),
            "{}",
            rb.id
        );
        for s in &rb.sources {
            assert!(s.url.starts_with("https://"), "{}: {}", rb.id, s.url);
            assert!(
                storescore_core::time::parse_ymd(&s.checked).is_some(),
                "{}",
                rb.id
            );
        }
        for c in &rb.checks {
            assert!(!rb.source.en.contains("DOMAIN.md"), "{}", rb.id);
            assert!(!c.source.en.contains("DOMAIN.md"), "{}/{}", rb.id, c.id);
        }
    }
}

/// A sales minimum is not judged against sales in another currency: a store selling in BRL is
/// not short of Etsy's US$300 (it was judged "failed" at 250 BRL).
#[test]
fn etsy_sales_in_another_currency_are_not_judged_against_the_usd_minimum() {
    let mut b = baseline(&[(SalesAmount, 250.0, 1.0)]);
    b.currency = Some("BRL".into());
    let r = engine::report(&b, &builtin(), &Inputs::new(), &Scenario::default());
    let sales = result(&r, "etsy-star-seller", "etsy-min-sales");
    assert_eq!(sales.status, Status::NotAssessed);
    assert_eq!(
        sales.not_assessed_because,
        Some(NotAssessedBecause::OtherCurrency {
            sales: "BRL".into(),
            rule: "USD".into()
        })
    );
    b.currency = Some("USD".into());
    let r = engine::report(&b, &builtin(), &Inputs::new(), &Scenario::default());
    check(
        &r,
        "etsy-star-seller",
        "etsy-min-sales",
        Status::Failed,
        None,
    );
}

/// Targets: every option reaches its goal when applied as a scenario, a single-lever option
/// needs all its records (one fewer does not reach), and options come cheapest first.
#[test]
fn a_target_option_applied_as_a_scenario_reaches_its_goal() {
    use storescore_core::targets;
    let b = baseline(&[
        (OrdersPaid, 400.0, 1.0),
        (NonFulfilmentRate, 8.0, 400.0),
        (NrDisputeRate, 12.0, 400.0),
        (SnadDisputeRate, 10.0, 400.0),
        (DsrItemAvg, 4.5 * 200.0, 200.0),
        (DsrCommunicationAvg, 4.6 * 200.0, 200.0),
        (DsrShippingAvg, 4.6 * 200.0, 200.0),
        (ResponseWithin24hRate, 150.0, 200.0),
    ]);
    let rbs = builtin();
    let inputs = Inputs::new();
    let today = engine::report(&b, &rbs, &inputs, &Scenario::default());
    let total = today.total().unwrap();
    assert!(total < 80.0, "{total}");
    let all = targets::targets(&b, &rbs, &inputs);
    let level = all.iter().find(|t| t.goal.starts_with("level:")).unwrap();
    assert_eq!(
        level.goal,
        if total < 60.0 {
            "level:pass"
        } else {
            "level:good"
        }
    );
    assert!(!level.options.is_empty());
    let records = |o: &targets::TargetOption| o.changes.iter().map(|c| c.records).sum::<f64>();
    assert!(level
        .options
        .windows(2)
        .all(|w| records(&w[0]) <= records(&w[1])));
    for t in &all {
        for o in &t.options {
            let r = engine::report(&b, &rbs, &inputs, &o.scenario);
            assert_eq!(r.total(), o.score_after, "{}", t.goal);
            if let Some(l) = t.goal.strip_prefix("level:") {
                assert_eq!(
                    r.score.as_ref().unwrap().level.as_deref(),
                    Some(l),
                    "{}",
                    t.goal
                );
            }
        }
    }
    // One fewer record of the lever searched last (the second of a pair) does not reach the
    // level: the search finds the fewest.
    let after = |metric: storescore_core::metrics::MetricId, k: f64| {
        let v = b.metric(30, metric);
        if metric.unit() == storescore_core::metrics::Unit::Rate {
            (v.numerator - k) / v.denominator
        } else {
            (v.numerator + 5.0 * k) / (v.denominator + k)
        }
    };
    let min = if total < 60.0 { 60.0 } else { 80.0 };
    for o in &level.options {
        let mut s = Scenario::default();
        let last = o.changes.len() - 1;
        for (i, c) in o.changes.iter().enumerate() {
            let k = if i == last {
                c.records - 1.0
            } else {
                c.records
            };
            s.set.insert(c.metric, after(c.metric, k));
        }
        let r = engine::report(&b, &rbs, &inputs, &s);
        assert!(r.total().unwrap() < min, "{:?}", o.changes);
    }
    // The 24 h reply check: 150 of 200 answered in time, 90 % needs 30 more.
    let reply = all
        .iter()
        .find(|t| t.goal == "check:aliexpress-service-rules/response-24h")
        .unwrap();
    assert_eq!(reply.options[0].changes[0].records, 30.0);
    assert_eq!(reply.options[0].changes[0].of, 200.0);
}

/// eBay judges a store with fewer than 400 transactions in 3 months over 12 months; Mercado
/// Libre one with fewer than 10 sales in 60 days over 365 days.
#[test]
fn a_store_with_few_orders_is_judged_over_the_longer_window() {
    let window = |r: &Report, rb: &str, id: &str| result(r, rb, id).window_days;
    let few = report(
        &[
            (OrdersPaid, 120.0, 1.0),
            (TransactionDefectRate, 1.0, 120.0),
        ],
        &Inputs::new(),
    );
    assert_eq!(
        window(&few, "ebay-seller-levels", "ebay-defect-top-rated"),
        365
    );
    let many = report(
        &[
            (OrdersPaid, 500.0, 1.0),
            (TransactionDefectRate, 1.0, 500.0),
        ],
        &Inputs::new(),
    );
    assert_eq!(
        window(&many, "ebay-seller-levels", "ebay-defect-top-rated"),
        90
    );
    let few = report(
        &[(OrdersPaid, 8.0, 1.0), (ClaimsRate, 0.0, 8.0)],
        &Inputs::new(),
    );
    assert_eq!(window(&few, "mercado-libre", "meli-claims"), 365);
    let many = report(
        &[(OrdersPaid, 40.0, 1.0), (ClaimsRate, 0.0, 40.0)],
        &Inputs::new(),
    );
    assert_eq!(window(&many, "mercado-libre", "meli-claims"), 60);
}

/// A minimum over a window the files do not cover whole is not failed: eBay's 100
/// transactions in 12 months, from files of one month with 40 orders, may be met by the
/// months they miss (it read "failed"); a rate over the part they cover says how much.
#[test]
fn a_minimum_over_more_days_than_the_files_cover_is_not_failed() {
    let mut b = baseline(&[(OrdersPaid, 40.0, 1.0), (LateShipmentRate, 1.0, 40.0)]);
    b.covered = BTreeMap::from([(365, 31), (90, 31)]);
    let r = engine::report(&b, &builtin(), &Inputs::new(), &Scenario::default());
    let volume = result(&r, "ebay-seller-levels", "ebay-volume-top-rated");
    assert_eq!(volume.status, Status::NotAssessed);
    assert_eq!(
        volume.not_assessed_because,
        Some(NotAssessedBecause::PartialWindow {
            covered: 31,
            window: 365
        })
    );
    let late = result(&r, "ebay-seller-levels", "ebay-late-top-rated");
    assert_eq!(late.covered_days, Some(31));
    // Reached from the part covered: passed.
    let mut b = baseline(&[(OrdersPaid, 150.0, 1.0)]);
    b.covered = BTreeMap::from([(365, 31)]);
    let r = engine::report(&b, &builtin(), &Inputs::new(), &Scenario::default());
    check(
        &r,
        "ebay-seller-levels",
        "ebay-volume-top-rated",
        Status::Passed,
        None,
    );
}
