//! Shared test helpers: fixtures written as canonical CSV sections, and the repository's files.
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

/// The repository's root.
pub fn root() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every `.rs` file below `dir`.
pub fn rust_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                todo.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}
