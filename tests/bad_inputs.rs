//! The bad-input corpus (tests/bad-inputs): every file, its expected records and diagnostics.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use storescore::i18n::Lang;
use storescore::ingest::diag::{Code, Severity};
use storescore::ingest::{load_file, FileReport, Options};

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("bad-inputs")
}

type Key = (String, String, String, String);

struct Expected {
    loaded: usize,
    diags: BTreeMap<Key, String>,
}

fn expected() -> BTreeMap<String, Expected> {
    let text = std::fs::read_to_string(dir().join("expected.tsv")).expect("expected.tsv");
    let mut out: BTreeMap<String, Expected> = BTreeMap::new();
    for line in text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let f: Vec<&str> = line.split('\t').collect();
        assert_eq!(f.len(), 7, "expected.tsv line: {line:?}");
        let e = out.entry(f[0].to_owned()).or_insert(Expected {
            loaded: f[1].parse().expect("loaded"),
            diags: BTreeMap::new(),
        });
        if f[2] != "-" {
            let key = (
                f[2].to_owned(),
                f[3].to_owned(),
                f[4].to_owned(),
                f[5].to_owned(),
            );
            e.diags.insert(key, f[6].to_owned());
        }
    }
    out
}

fn name<T: serde::Serialize>(v: T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

fn actual(r: &FileReport) -> BTreeMap<Key, String> {
    r.diagnostics
        .iter()
        .map(|d| {
            let key = (
                name(d.severity),
                name(d.code),
                d.row.map_or("-".into(), |r| r.to_string()),
                d.column.clone().unwrap_or_else(|| "-".into()),
            );
            (key, d.message(Lang::En))
        })
        .collect()
}

#[test]
fn every_bad_input_gives_its_message_and_the_rest_still_loads() {
    let expected = expected();
    let mut files = BTreeSet::new();
    for entry in std::fs::read_dir(dir()).expect("bad-inputs") {
        let path = entry.expect("entry").path();
        let file = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_owned();
        if file.ends_with(".py") || file.ends_with(".tsv") || file.ends_with(".md") {
            continue;
        }
        files.insert(file.clone());
        let e = expected
            .get(&file)
            .unwrap_or_else(|| panic!("{file} has no line in expected.tsv"));
        let bytes = std::fs::read(&path).expect("read");
        let (ds, r) = load_file(&file, &bytes, &Options::default());
        let loaded = ds.orders.len() + ds.messages.len() + ds.disputes.len() + ds.reviews.len();
        assert_eq!(loaded, e.loaded, "{file}: records loaded");
        let got = actual(&r);
        let got_keys: BTreeSet<&Key> = got.keys().collect();
        let want_keys: BTreeSet<&Key> = e.diags.keys().collect();
        assert_eq!(got_keys, want_keys, "{file}: diagnostics");
        for (key, text) in &e.diags {
            let msg = &got[key];
            assert!(msg.starts_with(&file), "{file}: {msg}");
            assert!(
                msg.contains(text.as_str()),
                "{file}: {msg:?} lacks {text:?}"
            );
            // And it can be told in Chinese too.
            assert!(r
                .diagnostics
                .iter()
                .all(|d| !d.message(Lang::Zh).is_empty()));
        }
    }
    assert!(files.len() >= 40, "the corpus has {} files", files.len());
    let stale: Vec<&String> = expected.keys().filter(|k| !files.contains(*k)).collect();
    assert!(
        stale.is_empty(),
        "expected.tsv names missing files: {stale:?}"
    );
}

#[test]
fn a_10_mb_single_line_is_one_unrecognized_header() {
    let line = "x".repeat(10 << 20);
    let (ds, r) = load_file("one-line.csv", line.as_bytes(), &Options::default());
    assert!(ds.is_empty());
    let codes: Vec<Code> = r
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.code)
        .collect();
    assert_eq!(codes, [Code::UnknownKind]);
    // The message quotes the header, shortened.
    assert!(r.diagnostics[0].message(Lang::En).len() < 300);
}

#[test]
fn a_zip_bomb_disguised_as_xlsx_is_refused_before_it_is_unpacked() {
    use std::io::Write;
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    w.start_file("xl/worksheets/sheet1.xml", opts)
        .expect("entry");
    let zeros = vec![0u8; 1 << 20];
    for _ in 0..600 {
        w.write_all(&zeros).expect("write");
    }
    let bytes = w.finish().expect("zip").into_inner();
    assert!(
        bytes.len() < 4 << 20,
        "the bomb is small: {} bytes",
        bytes.len()
    );
    let (ds, r) = load_file("bomb.xlsx", &bytes, &Options::default());
    assert!(ds.is_empty());
    assert_eq!(r.diagnostics.len(), 1);
    assert_eq!(r.diagnostics[0].code, Code::TooLarge, "{:?}", r.diagnostics);
}

/// Streaming a file a row at a time (as the page's worker does, in bigger steps) gives the same
/// records and the same report, diagnostics in the same order, as reading it whole.
#[test]
fn streamed_reading_matches_whole_reading() {
    let mut texts: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir())
        .expect("bad-inputs")
        .map(|e| e.expect("entry").path())
        .filter(|p| {
            !matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("py" | "tsv" | "md")
            )
        })
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect();
    // A generated store: every kind of file, messages with quoted multi-line text.
    for (name, text) in storescore::sample::generate_csv(300, 3) {
        texts.push((name, text.into_bytes()));
    }
    for (name, bytes) in &texts {
        let whole = load_file(name, bytes, &Options::default());
        for rows in [1, 2, 7] {
            let mut l = storescore::ingest::Loader::new(name, bytes, &Options::default());
            let mut last = l.progress();
            while l.step(rows) {
                let p = l.progress();
                assert!(
                    p.bytes_done >= last.bytes_done && p.rows >= last.rows,
                    "{name}: progress"
                );
                assert!(
                    p.bytes_done <= p.bytes_total,
                    "{name}: progress past the end"
                );
                last = p;
            }
            assert_eq!(l.finish(), whole, "{name} read {rows} row(s) at a time");
        }
    }
}
