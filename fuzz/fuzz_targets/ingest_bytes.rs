//! Any bytes as a file: sniffing, decoding, CSV/TSV, recognition, rows to records; and the same
//! bytes read as they arrive (the page's worker), in pieces cut where the input says.
#![no_main]
use text::diag::DiagnosticText;
use libfuzzer_sys::fuzz_target;
use ingest::{load_file, Loader, Options};

fuzz_target!(|data: &[u8]| {
    let whole = load_file("fuzz.csv", data, &Options::default());
    let (ds, rep) = &whole;
    // Every diagnostic can be told in both languages.
    for d in &rep.diagnostics {
        let _ = d.message(text::i18n::Lang::En);
        let _ = d.message(text::i18n::Lang::Zh);
    }
    assert_eq!(rep.loaded, ds.orders.len() + ds.messages.len() + ds.disputes.len() + ds.reviews.len());

    // Read as it arrives: the head, then pieces. When it can be (a UTF-8 text whose head holds
    // its first rows), it gives what the whole reading gives, unless bytes that are not UTF-8
    // come after the head (replaced there; the whole reading guesses another encoding).
    let head = data.first().map_or(0, |b| usize::from(*b) * 13 % (data.len() + 1));
    let piece = data.get(1).map_or(1, |b| usize::from(*b % 31) + 1);
    let Ok(mut l) = Loader::streaming("fuzz.csv", data[..head].to_vec(), data.len(), &Options::default()) else {
        return;
    };
    for p in data[head..].chunks(piece) {
        l.feed(p);
        while l.step(3) {}
    }
    l.end_input();
    let streamed = l.finish();
    if std::str::from_utf8(data).is_ok() {
        assert_eq!(streamed, whole);
    }
});
