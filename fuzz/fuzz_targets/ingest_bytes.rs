//! Any bytes as a file: sniffing, decoding, CSV/TSV, recognition, rows to records.
#![no_main]
use libfuzzer_sys::fuzz_target;
use storescore::ingest::{load_file, Options};

fuzz_target!(|data: &[u8]| {
    let (ds, rep) = load_file("fuzz.csv", data, &Options::default());
    // Every diagnostic can be told in both languages.
    for d in &rep.diagnostics {
        let _ = d.message(storescore::i18n::Lang::En);
        let _ = d.message(storescore::i18n::Lang::Zh);
    }
    assert_eq!(rep.loaded, ds.orders.len() + ds.messages.len() + ds.disputes.len() + ds.reviews.len());
});
