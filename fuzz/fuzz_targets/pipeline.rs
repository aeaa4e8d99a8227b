//! Bytes to report: ingest, prepare, analyse (all windows, daily series), score, checks.
#![no_main]
use libfuzzer_sys::fuzz_target;
use storescore_core::engine::{self, Settings};
use storescore_core::rulebook::builtin;
use sources::Options;

fuzz_target!(|data: &[u8]| {
    // Split the input into up to four files at 0xFF bytes.
    let files: Vec<(String, &[u8])> =
        data.split(|b| *b == 0xFF).take(4).enumerate().map(|(i, f)| (format!("f{i}.csv"), f)).collect();
    let loaded = reading::session::load(files.iter().map(|(n, b)| (n.as_str(), *b)), &Options::default());
    let rbs = builtin();
    if let Some(a) = engine::analyse(&loaded.prepared, loaded.latest_event, loaded.counts.clone(), &Settings::default(), &rbs) {
        let r = engine::report(&a.baseline, &rbs, &Default::default(), &Default::default());
        if let Some(s) = &r.score {
            assert!(s.total.is_finite());
        }
        for rb in &r.rulebooks {
            for c in &rb.checks {
                assert!(c.value.is_none_or(f64::is_finite), "{}: {:?}", c.id, c.value);
            }
        }
    }
});
