//! Format files of the user's own (any bytes as JSON), and any CSV read with the one that
//! parses: recognition, value maps, rows that are not data, item rows. Never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::sync::Arc;
use ingest::{formats, load_file, Options};

fuzz_target!(|data: &[u8]| {
    // The first line is the format file, the rest a file read with it.
    let cut = data.iter().position(|b| *b == 0).unwrap_or(data.len());
    let (json, rest) = data.split_at(cut);
    let Ok(text) = std::str::from_utf8(json) else {
        return;
    };
    let Ok(f) = formats::parse(text) else {
        return;
    };
    // It writes back to a file that reads as the same format.
    let again = formats::parse(&formats::to_json(&f)).expect("a written format reads back");
    assert_eq!(again, f);
    let _ = formats::to_user_mapping(&f);
    let opts = Options {
        formats: vec![Arc::new(f)],
        ..Options::default()
    };
    let (ds, rep) = load_file("fuzz.csv", rest.get(1..).unwrap_or_default(), &opts);
    assert_eq!(rep.loaded, ds.orders.len() + ds.messages.len() + ds.disputes.len() + ds.reviews.len());
});
