//! What-if recompute on the summary statistics of 1M orders (target: under 1 ms), and the
//! full analysis pass it replaces. `cargo bench --bench whatif`; figures go in README.md.

use criterion::{criterion_group, criterion_main, Criterion};
use reading::session::Loaded;
use std::hint::black_box;
use storescore_core::checks::Inputs;
use storescore_core::engine::{self, Settings};
use storescore_core::metrics::MetricId;
use storescore_core::rulebook::builtin;
use storescore_core::whatif::Scenario;

fn bench(c: &mut Criterion) {
    let orders: usize = std::env::var("BENCH_ORDERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let dataset = reading::sample::generate(orders, 7);
    let loaded = Loaded::from_dataset(dataset.clone(), Vec::new());
    let rbs = builtin();
    let a = loaded
        .analyse(&Settings::default(), &rbs)
        .expect("analysis");
    let inputs = Inputs::new();
    let mut s = Scenario {
        reply_shift_hours: -6.0,
        ..Default::default()
    };
    s.set.insert(MetricId::LateShipmentRate, 0.02);
    s.set.insert(MetricId::DsrItemAvg, 4.8);
    s.remove_disputes.insert(MetricId::SnadDisputeRate, 10.0);
    let mut g = c.benchmark_group(format!("{orders}_orders"));
    g.bench_function("whatif_report", |b| {
        b.iter(|| engine::report(black_box(&a.baseline), &rbs, &inputs, black_box(&s)))
    });
    g.bench_function("biggest_levers", |b| {
        b.iter(|| engine::levers(black_box(&a.baseline), &rbs, &inputs))
    });
    g.sample_size(10);
    let params = a.params.clone();
    let spec = rbs[0].score.clone().expect("service score");
    g.bench_function("metrics_main_window", |b| {
        b.iter(|| {
            storescore_core::metrics::compute_all(
                &loaded.prepared,
                &params,
                storescore_core::metrics::MetricId::ALL,
            )
        })
    });
    g.bench_function("daily_series", |b| {
        b.iter(|| storescore_core::score::daily_series(&loaded.prepared, &params, &spec))
    });
    g.bench_function("distributions", |b| {
        b.iter(|| storescore_core::distributions::compute(&loaded.prepared, &params))
    });
    g.bench_function("prepare", |b| {
        b.iter(|| reading::session::Loaded::from_dataset(black_box(dataset.clone()), Vec::new()))
    });
    g.bench_function("analyse_records", |b| {
        b.iter(|| loaded.analyse(&Settings::default(), &rbs))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
