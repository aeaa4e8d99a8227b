//! Scenario links on the sample store: size, privacy, and the same numbers without the files.

use storescore::core::checks::Inputs;
use storescore::core::engine::{self, Settings};
use storescore::core::metrics::MetricId;
use storescore::core::rulebook::builtin;
use storescore::core::whatif::Scenario;
use storescore::link::{self, LinkPayload};
use storescore::session;

fn sample_payload() -> (LinkPayload, engine::Analysis) {
    let loaded = session::sample();
    let rbs = builtin();
    let a = engine::analyse(
        &loaded.prepared,
        loaded.latest_event,
        loaded.counts.clone(),
        &Settings::default(),
        &rbs,
    )
    .unwrap();
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
fn a_typical_link_stays_under_1500_characters() {
    let (p, _) = sample_payload();
    let link = link::encode(&p);
    println!("sample-store link: {} characters", link.len());
    println!("{link}");
    assert!(link.len() < 1500, "link is {} characters", link.len());
}

#[test]
fn a_link_reproduces_the_report_without_the_files() {
    let (p, a) = sample_payload();
    let rbs = link::apply_overrides(&p.overrides);
    let here = engine::report(&a.baseline, &rbs, &p.inputs, &p.scenario);
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
    let (p, _) = sample_payload();
    let json = serde_json::to_string(&p).unwrap();
    let loaded = session::sample();
    for o in loaded.prepared.units.iter().take(500) {
        assert!(
            !json.contains(&o.order_id),
            "order id {} in the link",
            o.order_id
        );
        if let Some(b) = &o.buyer_id {
            assert!(
                !json.contains(&format!("\"{b}\"")),
                "buyer id {b} in the link"
            );
        }
    }
}
