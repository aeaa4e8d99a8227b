//! Scenario links from anyone, of either version: decode, then, when one decodes, score it.
#![no_main]
use libfuzzer_sys::fuzz_target;
use storescore_core::engine;
use link;

fuzz_target!(|s: &str| {
    if let Ok(Some(p)) = link::decode_earlier(s) {
        let rbs = link::apply_overrides(&p.overrides);
        let r = engine::report(&p.baseline, &rbs, &p.inputs, &p.scenario);
        let _ = engine::levers(&p.baseline, &rbs, &p.inputs);
        // A decoded link encodes back to one that decodes to the same payload.
        assert_eq!(link::decode(&link::encode(&p)), Ok(Some(p)));
        let _ = r;
    }
});
