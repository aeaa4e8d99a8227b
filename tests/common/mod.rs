//! Shared test helpers: fixtures written as canonical CSV sections.
#![allow(dead_code)]

use ingest::{load_file, Options};
use sources::diag::Severity;
use storescore_core::model::{Dataset, Ts};
use storescore_core::time::{local_to_ts, DEFAULT_ZONE};
use text::diag::DiagnosticText;

/// A fixture: `[orders]`, `[messages]`, `[disputes]`, `[reviews]` sections of canonical CSV.
/// Every section must load without an error diagnostic.
pub fn dataset(fixture: &str) -> Dataset {
    let mut ds = Dataset::default();
    for section in fixture.split('[').skip(1) {
        let (name, body) = section.split_once(']').expect("section header");
        let body: String = body
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(|l| format!("{l}\n"))
            .collect();
        let file = format!("{name}.csv");
        let (d, rep) = load_file(&file, body.as_bytes(), &Options::default());
        let errors: Vec<String> = rep
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| d.message(text::i18n::Lang::En))
            .collect();
        assert!(errors.is_empty(), "fixture {file} did not load: {errors:?}");
        ds.extend(d);
    }
    ds
}

/// `YYYY-MM-DD HH:MM:SS` in Asia/Shanghai.
pub fn at(s: &str) -> Ts {
    let n = chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").expect("time");
    local_to_ts(DEFAULT_ZONE, n).expect("zone")
}
