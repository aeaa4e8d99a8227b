//! Properties of scoring and what-if over random aggregates.

use std::collections::BTreeMap;

use proptest::prelude::*;
use storescore_core::checks::Inputs;
use storescore_core::engine;
use storescore_core::metrics::{MetricId, MetricValue, Unit};
use storescore_core::rulebook::{builtin, builtin_by_id, SERVICE_SCORE};
use storescore_core::score::{bounds, score};
use storescore_core::whatif::{apply, Baseline, Scenario};

fn spec() -> storescore_core::rulebook::ScoreSpec {
    builtin_by_id(SERVICE_SCORE).unwrap().score.unwrap()
}

/// A metric value in its range, sometimes undefined.
fn value_for(id: MetricId) -> BoxedStrategy<MetricValue> {
    let den = 0u32..500;
    match id.unit() {
        Unit::Stars => (den, 1.0f64..=5.0)
            .prop_map(|(d, avg)| MetricValue::ratio(avg * f64::from(d), f64::from(d)))
            .boxed(),
        Unit::Count => (0u32..1000)
            .prop_map(|n| MetricValue {
                value: Some(f64::from(n)),
                numerator: f64::from(n),
                denominator: 1.0,
            })
            .boxed(),
        Unit::Amount => (0.0f64..100_000.0)
            .prop_map(|x| MetricValue {
                value: Some(x),
                numerator: x,
                denominator: 1.0,
            })
            .boxed(),
        Unit::Hours | Unit::Days => (0u32..50, 0.0f64..500.0)
            .prop_map(|(n, v)| MetricValue {
                value: (n > 0).then_some(v),
                numerator: f64::from(n),
                denominator: f64::from(n),
            })
            .boxed(),
        Unit::Rate => (den, 0.0f64..=1.0)
            .prop_map(|(d, r)| MetricValue::ratio((r * f64::from(d)).round(), f64::from(d)))
            .boxed(),
    }
}

fn metrics() -> impl Strategy<Value = BTreeMap<MetricId, MetricValue>> {
    let per_metric: Vec<BoxedStrategy<(MetricId, MetricValue)>> = MetricId::ALL
        .iter()
        .map(|&id| value_for(id).prop_map(move |v| (id, v)).boxed())
        .collect();
    per_metric.prop_map(|pairs| pairs.into_iter().collect())
}

fn baseline_of(m: BTreeMap<MetricId, MetricValue>) -> Baseline {
    let mut b = Baseline {
        main_window: 30,
        ..Default::default()
    };
    for w in [7, 30, 60, 90, 365] {
        b.windows.insert(w, m.clone());
    }
    b
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn the_score_stays_within_its_bounds(m in metrics()) {
        let spec = spec();
        let (lo, hi) = bounds(&spec);
        let s = score(&spec, &|id| m.get(&id).copied().unwrap_or(MetricValue::undefined()));
        prop_assert!(s.total >= lo - 1e-9 && s.total <= hi + 1e-9, "{} not in [{lo}, {hi}]", s.total);
        prop_assert!(hi <= 100.0 + 1e-9);
    }

    #[test]
    fn improving_any_one_metric_never_lowers_the_score(
        m in metrics(), which in 0usize..6, a in 0.0f64..=1.0, b in 0.0f64..=1.0,
    ) {
        let spec = spec();
        let ind = &spec.indicators[which];
        // Two values on the indicator's axis; "better" is the one the curve rewards more.
        let (lo, hi) = (ind.curve[0][0], ind.curve[ind.curve.len() - 1][0]);
        let x1 = lo + (hi - lo) * a.min(b);
        let x2 = lo + (hi - lo) * a.max(b);
        let rising = ind.curve[0][1] <= ind.curve[ind.curve.len() - 1][1];
        let (worse, better) = if rising { (x1, x2) } else { (x2, x1) };
        let at = |x: f64| {
            let mut m = m.clone();
            m.insert(ind.metric, MetricValue::ratio(x * 10.0, 10.0));
            score(&spec, &|id| m.get(&id).copied().unwrap_or(MetricValue::undefined())).total
        };
        prop_assert!(at(better) >= at(worse) - 1e-9, "{}: {} -> {}", ind.id, worse, better);
    }

    #[test]
    fn a_scenario_with_no_adjustment_reproduces_the_baseline_exactly(m in metrics()) {
        let b = baseline_of(m);
        let rbs = builtin();
        let none = Scenario {
            reply_shift_hours: 0.0,
            set: BTreeMap::new(),
            remove_disputes: BTreeMap::new(),
            volume_factor: 1.0,
        };
        prop_assert_eq!(apply(&b, &none), b.windows.clone());
        let r1 = engine::report(&b, &rbs, &Inputs::new(), &none);
        let r2 = engine::report(&b, &rbs, &Inputs::new(), &Scenario::default());
        prop_assert_eq!(r1, r2);
    }

    #[test]
    fn setting_a_rate_never_leaves_its_range(m in metrics(), x in -2.0f64..3.0) {
        let b = baseline_of(m);
        let mut s = Scenario::default();
        s.set.insert(MetricId::LateShipmentRate, x);
        s.set.insert(MetricId::DsrItemAvg, x * 3.0);
        for w in apply(&b, &s).values() {
            if let Some(v) = w[&MetricId::LateShipmentRate].value {
                prop_assert!((0.0..=1.0).contains(&v));
            }
            if let Some(v) = w[&MetricId::DsrItemAvg].value {
                prop_assert!((1.0..=5.0).contains(&v));
            }
        }
    }
}

mod series {
    use proptest::prelude::*;
    use storescore_core::metrics::Params;
    use storescore_core::model::{
        Dataset, Dispute, DisputeKind, Initiator, Order, Review, Ts, DAY,
    };
    use storescore_core::prepared::Prepared;
    use storescore_core::rulebook::{builtin_by_id, SERVICE_SCORE};
    use storescore_core::score::{daily_series, daily_series_reference};

    const T0: i64 = 1_782_864_000; // 2026-07-01 00:00 UTC

    fn t(x: u32) -> Option<Ts> {
        Some(Ts::new(T0 + i64::from(x) * 3600))
    }

    /// Random small stores over ~70 days, with the awkward cases the index must get right:
    /// missing payments, payments after shipment or review, unknown orders, exempted disputes.
    fn store() -> impl Strategy<Value = Dataset> {
        let order = (
            0u32..1700,
            prop::option::of(0u32..1700),
            prop::option::of(0u32..1700),
            prop::option::of(0u32..1700),
            0u8..4,
        );
        let dispute = (0usize..40, 0u32..1700, any::<bool>(), any::<bool>());
        let review = (
            0usize..40,
            0u32..1700,
            prop::option::of(1u8..=5),
            prop::option::of(1u8..=5),
        );
        (
            prop::collection::vec(order, 1..30),
            prop::collection::vec(dispute, 0..12),
            prop::collection::vec(review, 0..25),
        )
            .prop_map(|(orders, disputes, reviews)| {
                let mut ds = Dataset::default();
                for (i, (_created, paid, shipped, cancel, who)) in orders.iter().enumerate() {
                    ds.orders.push(Order {
                        order_id: format!("o{i}"),
                        paid_at: paid.and_then(t),
                        shipped_at: shipped.and_then(t),
                        cancelled_at: cancel.and_then(t),
                        cancel_initiator: [
                            None,
                            Some(Initiator::Buyer),
                            Some(Initiator::Seller),
                            Some(Initiator::System),
                        ][*who as usize],
                        ..Order::default()
                    });
                }
                for (o, opened, nr, exempted) in disputes {
                    ds.disputes.push(Dispute {
                        dispute_id: None,
                        order_id: format!("o{o}"),
                        kind: if nr {
                            DisputeKind::NotReceived
                        } else {
                            DisputeKind::NotAsDescribed
                        },
                        reason: None,
                        opened_at: t(opened),
                        seller_first_response_at: None,
                        escalated_at: None,
                        closed_at: None,
                        outcome: None,
                        seller_at_fault: false,
                        exempted,
                        refund_amount: None,
                    });
                }
                for (o, created, stars, dsr) in reviews {
                    ds.reviews.push(Review {
                        order_id: Some(format!("o{o}")),
                        created_at: t(created),
                        stars,
                        dsr_item: dsr,
                        dsr_communication: stars,
                        dsr_shipping: dsr,
                        ..Review::default()
                    });
                }
                ds
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(120))]

        #[test]
        fn the_indexed_daily_series_equals_the_per_day_reference(ds in store(), min_orders in 0.0f64..3.0) {
            let mut rb = builtin_by_id(SERVICE_SCORE).unwrap();
            rb.set("min_orders", min_orders.floor()).unwrap();
            let spec = rb.score.unwrap();
            let p = Prepared::new(ds);
            let params = Params::new(Ts::new(T0 + 70 * DAY));
            prop_assert_eq!(daily_series(&p, &params, &spec), daily_series_reference(&p, &params, &spec));
        }
    }

    #[test]
    fn the_indexed_daily_series_equals_the_reference_on_the_sample_store() {
        let loaded = reading::session::sample();
        let spec = builtin_by_id(SERVICE_SCORE).unwrap().score.unwrap();
        let params = Params::new(reading::sample::export_at());
        let fast = daily_series(&loaded.prepared, &params, &spec);
        assert!(fast.days.len() >= 28);
        assert_eq!(
            fast,
            daily_series_reference(&loaded.prepared, &params, &spec)
        );
    }
}

/// The tracking-number check, read without allocating, against METRICS.md's wording: without
/// spaces and `-`, at least 8 ASCII letters or digits and nothing else, not all one character.
mod tracking {
    use proptest::prelude::*;
    use storescore_core::metrics::plausible_tracking;

    fn reference(raw: &str) -> bool {
        let chars: Vec<char> = raw.chars().filter(|c| *c != ' ' && *c != '-').collect();
        chars.len() >= 8
            && chars.iter().all(char::is_ascii_alphanumeric)
            && chars.iter().any(|c| *c != chars[0])
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn plausible_tracking_matches_its_definition(raw in "[A-Za-z0-9 \\-#é号]{0,14}|[L1 -]{6,12}") {
            prop_assert_eq!(plausible_tracking(&raw), reference(&raw), "{:?}", raw);
        }
    }
}

/// The page gets, of a long list of violating records, only those its table can show first:
/// sorted by any column either way, they give the first rows of the whole list.
mod listing {
    use proptest::prelude::*;
    use reading::session::Loaded;
    use std::collections::BTreeMap;
    use std::sync::Arc;
    use storescore_core::engine::{Analysis, RecordOrder};
    use storescore_core::metrics::{At, MetricId, Violation, ViolationKind};

    fn violation() -> impl Strategy<Value = Violation> {
        // Few distinct values: ties everywhere. A record is named already (as the page has
        // it), or is one of the sample's first orders, named from them when listed.
        (
            // Names that differ past their first 16 bytes, or only by a zero byte, too.
            "[ab]{1,2}|aaaaaaaaaaaaaaa[ab]{1,3}|a\\x00?b?",
            prop::option::of(0u32..3),
            prop::sample::select(vec![
                ViolationKind::ShippedLate,
                ViolationKind::NotShipped,
                ViolationKind::InvalidTracking,
            ]),
            prop::option::of(prop::sample::select(vec![0.5, 1.0, 24.0, -0.0])),
        )
            .prop_map(|(record, unit, what, hours)| match unit {
                Some(u) => Violation {
                    record: String::new(),
                    what,
                    hours,
                    at: At::Unit(u),
                },
                None => Violation {
                    record,
                    what,
                    hours,
                    at: At::Unknown,
                },
            })
    }

    fn analysis(loaded: &Loaded, records: Vec<Violation>) -> Analysis {
        let mut a = loaded
            .analyse(&Default::default(), &storescore_core::rulebook::builtin())
            .expect("the sample's analysis");
        a.records = BTreeMap::from([((30, MetricId::LateShipmentRate), Arc::from(records))]);
        a.records_cut.clear();
        a
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        #[test]
        fn listed_records_sort_to_the_first_rows_of_the_whole_list(
            records in prop::collection::vec(violation(), 0..60),
            n in 0usize..12,
        ) {
            let key = (30, MetricId::LateShipmentRate);
            let loaded = reading::session::sample();
            let p = &loaded.prepared;
            let mut a = analysis(&loaded, records.clone());
            let whole = a.list_records(n, p);
            let listed = a.records[&key].clone();
            // The page sorts the records it gets by their names; the whole list's are read
            // from the records they point at.
            let named: Vec<Violation> = records.iter().map(|v| v.named(p)).collect();
            prop_assert!(listed.iter().all(|v| v.record == v.name(p)));
            prop_assert_eq!(a.records_total(&key), records.len());
            if records.len() > n {
                prop_assert_eq!(&*whole[&key], &records[..]);
                prop_assert!(listed.len() <= 6 * n);
            } else {
                prop_assert!(whole.is_empty());
                prop_assert_eq!(&*listed, &named[..]);
            }
            for order in RecordOrder::ALL {
                for desc in [false, true] {
                    let all = order.sorted(&named, desc);
                    let shown = order.sorted(&listed, desc);
                    let k = n.min(records.len());
                    prop_assert_eq!(&shown[..k], &all[..k], "{:?} desc {}", order, desc);
                }
            }
        }
    }
}
