//! Scenario links on the sample store: size, privacy, and the same numbers without the files.

use link::{self, LinkPayload};
use reading::session;
use storescore_core::checks::Inputs;
use storescore_core::engine::{self, Settings};
use storescore_core::metrics::MetricId;
use storescore_core::rulebook::builtin;
use storescore_core::whatif::Scenario;

fn sample_payload() -> (LinkPayload, engine::Analysis) {
    let loaded = session::sample();
    let rbs = builtin();
    let a = loaded.analyse(&Settings::default(), &rbs).unwrap();
    let mut scenario = Scenario {
        reply_shift_hours: -12.0,
        ..Default::default()
    };
    scenario.set.insert(MetricId::SnadDisputeRate, 0.01);
    scenario.set.insert(MetricId::DsrItemAvg, 4.7);
    let p = LinkPayload {
        baseline: a.baseline.clone(),
        scenario,
        overrides: vec![(
            "aliexpress-good-seller".into(),
            "check.sh-on-time.threshold".into(),
            0.03,
        )],
        inputs: Inputs::new(),
        window_label: "2026-10-02 – 2026-11-01 (Asia/Shanghai)".into(),
    };
    (p, a)
}

#[test]
fn a_typical_link_stays_under_1700_characters() {
    let (p, _) = sample_payload();
    let link = link::encode(&p);
    println!("sample-store link: {} characters", link.len());
    println!("{link}");
    assert!(link.len() < 1700, "link is {} characters", link.len());
}

#[test]
fn a_link_reproduces_the_report_without_the_files() {
    let (p, a) = sample_payload();
    let rbs = link::apply_overrides(&p.overrides);
    // What a link does not carry: how much of a window the files cover (the sample's 92 days
    // of a 365-day window), the main currency, the columns the files lack.
    let carried = storescore_core::whatif::Baseline {
        covered: Default::default(),
        currency: None,
        unavailable: Default::default(),
        ..a.baseline.clone()
    };
    assert!(!a.baseline.covered.is_empty());
    let here = engine::report(&carried, &rbs, &p.inputs, &p.scenario);
    let decoded = link::decode(&link::encode(&p)).unwrap().unwrap();
    let there = engine::report(
        &decoded.baseline,
        &link::apply_overrides(&decoded.overrides),
        &decoded.inputs,
        &decoded.scenario,
    );
    assert_eq!(here, there);
}

#[test]
fn a_link_carries_no_order_or_buyer_id() {
    use base64::Engine;
    let (p, _) = sample_payload();
    let link = link::encode(&p);
    let packed = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(link.strip_prefix(link::VERSION_PREFIX).unwrap())
        .unwrap();
    let wire = miniz_oxide::inflate::decompress_to_vec(&packed).unwrap();
    let has = |id: &str| wire.windows(id.len()).any(|w| w == id.as_bytes());
    let loaded = session::sample();
    let mut looked = 0;
    for o in loaded.prepared.units.iter().take(500) {
        assert!(!has(&o.order_id), "order id {} in the link", o.order_id);
        if let Some(b) = o.buyer_id.as_deref().filter(|b| b.len() >= 6) {
            assert!(!has(b), "buyer id {b} in the link");
            looked += 1;
        }
    }
    assert!(looked > 100, "only {looked} buyer ids looked for");
    // The check can fail: the label, which is in the link, is found.
    assert!(has("Asia/Shanghai"));
}

mod codec {
    use link::{self, LinkPayload};
    use proptest::prelude::*;
    use storescore_core::metrics::{MetricId, MetricValue};
    use storescore_core::whatif::{Baseline, Scenario};

    fn payload() -> impl Strategy<Value = LinkPayload> {
        let metric = (0usize..MetricId::ALL.len(), 0u32..5000, 0u32..5000);
        (
            prop::collection::vec(metric, 0..30),
            -48.0f64..48.0,
            0.1f64..10.0,
            "[a-z0-9 .:-]{0,40}",
        )
            .prop_map(|(ms, shift, vol, label)| {
                let mut b = Baseline {
                    main_window: 30,
                    ..Default::default()
                };
                let w = b.windows.entry(30).or_default();
                for (i, n, d) in ms {
                    w.insert(
                        MetricId::ALL[i],
                        MetricValue::ratio(f64::from(n.min(d)), f64::from(d)),
                    );
                }
                let scenario = Scenario {
                    reply_shift_hours: shift.round(),
                    volume_factor: vol,
                    ..Default::default()
                };
                LinkPayload {
                    baseline: b,
                    scenario,
                    overrides: vec![],
                    inputs: Default::default(),
                    window_label: label,
                }
            })
    }

    proptest! {
        #[test]
        fn any_payload_round_trips(p in payload()) {
            prop_assert_eq!(link::decode(&link::encode(&p)), Ok(Some(p)));
        }

        #[test]
        fn any_fragment_decodes_or_says_why_without_panicking(s in ".{0,300}") {
            let _ = link::decode(&s);
            let _ = link::decode(&format!("v2.{s}"));
            let _ = link::decode_earlier(&format!("v1.{s}"));
        }

        #[test]
        fn a_cut_link_never_decodes_to_something_else(p in payload(), cut in 1usize..200) {
            let full = link::encode(&p);
            let cut = full.len().saturating_sub(cut).max(3);
            if let Ok(Some(q)) = link::decode(&full[..cut]) {
                prop_assert_eq!(q, p);
            }
        }
    }
}
