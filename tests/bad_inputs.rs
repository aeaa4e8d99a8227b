//! The bad-input corpus (tests/bad-inputs): every file, its expected records and diagnostics.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use text::diag::DiagnosticText;

use ingest::{load_file, FileReport, Options};
use sources::diag::{Code, Severity};
use text::i18n::Lang;

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

/// The corpus's files (not its scripts and notes, nor files with the extensions left out).
fn corpus_files(left_out: &[&str]) -> Vec<(String, Vec<u8>)> {
    std::fs::read_dir(dir())
        .expect("bad-inputs")
        .map(|e| e.expect("entry").path())
        .filter(|p| {
            let ext = p.extension().and_then(|e| e.to_str()).unwrap_or("");
            !["py", "tsv", "md"].contains(&ext) && !left_out.contains(&ext)
        })
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect()
}

/// Streaming a file a row at a time (as the page's worker does, in bigger steps) gives the same
/// records and the same report, diagnostics in the same order, as reading it whole.
#[test]
fn streamed_reading_matches_whole_reading() {
    let mut texts = corpus_files(&[]);
    // A generated store: every kind of file, messages with quoted multi-line text.
    for (name, text) in reading::sample::generate_csv(300, 3) {
        texts.push((name, text.into_bytes()));
    }
    for (name, bytes) in &texts {
        let whole = load_file(name, bytes, &Options::default());
        for rows in [1, 2, 7] {
            let mut l = ingest::Loader::new(name, bytes, &Options::default());
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

/// Reads `bytes` as the page's worker does when a file arrives in pieces: the first `head`
/// bytes, then `piece` bytes at a time, `rows` rows per step after each. None when the file
/// must be read whole (see `Loader::streaming`).
fn read_as_it_arrives(
    name: &str,
    bytes: &[u8],
    head: usize,
    piece: usize,
    rows: usize,
) -> Option<(storescore_core::model::Dataset, sources::FileReport)> {
    let head = head.min(bytes.len());
    let mut l = ingest::Loader::streaming(
        name,
        bytes[..head].to_vec(),
        bytes.len(),
        &Options::default(),
    )
    .ok()?;
    let mut last = l.progress();
    for p in bytes[head..].chunks(piece) {
        l.feed(p);
        while l.step(rows) {
            let now = l.progress();
            assert!(now.bytes_done >= last.bytes_done && now.rows >= last.rows);
            assert!(
                now.bytes_done <= now.bytes_total,
                "{name}: progress past the end"
            );
            last = now;
        }
    }
    l.end_input();
    Some(l.finish())
}

/// The head holds the first rows whole: up to the end of the 40th line.
fn head_of(bytes: &[u8]) -> usize {
    bytes
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .nth(149)
        .map_or(bytes.len(), |(i, _)| i + 1)
}

/// A file read as its pieces arrive (never held whole) gives the records and report of the
/// file read whole: the corpus and a generated store, in pieces of every size down to a byte,
/// so that rows, quoted fields and characters are cut everywhere.
#[test]
fn read_as_it_arrives_matches_whole_reading() {
    let mut texts = corpus_files(&["xlsx", "xls"]);
    for (name, text) in reading::sample::generate_csv(300, 3) {
        texts.push((name, text.into_bytes()));
    }
    let mut streamed = 0;
    for (name, bytes) in &texts {
        let whole = load_file(name, bytes, &Options::default());
        for (piece, rows) in [(1, 1), (3, 7), (17, 2), (4096, 16384)] {
            if let Some(r) = read_as_it_arrives(name, bytes, head_of(bytes), piece, rows) {
                assert_eq!(r, whole, "{name} in pieces of {piece} byte(s)");
                streamed += 1;
            }
        }
    }
    // Most of them are text files that can be read as they arrive.
    // The files with their first rows in the head: the generated ones (the corpus's are short).
    assert!(streamed >= 3 * 4, "only {streamed} readings were streamed");
}

/// Bad rows of every kind in a file read as it arrives: the same diagnostics, in the same
/// order and on the same lines, as read whole.
#[test]
fn read_as_it_arrives_reports_bad_rows_as_whole_reading() {
    let files = reading::sample::generate_csv(400, 9);
    let orders = &files.iter().find(|(n, _)| n == "orders.csv").unwrap().1;
    let mut text = String::new();
    for (i, line) in orders.lines().enumerate() {
        let bad = match i % 23 {
            5 => line.replacen("2026-", "2026-13-", 1),
            7 => format!(",{}", line.split_once(',').unwrap().1),
            9 => line.replacen(",US,", ",=HYPERLINK(\"x\"),", 1),
            11 => line.replacen(",USD,", ",U\u{1}SD,", 1),
            13 => format!("{line},extra,cells"),
            15 => line.split(',').take(4).collect::<Vec<_>>().join(","),
            17 => format!("\n\n{line}"),
            19 => line.replacen("810", "8.1E+", 1),
            _ => line.to_owned(),
        };
        text.push_str(&bad);
        text.push_str(if i % 2 == 0 { "\r\n" } else { "\n" });
    }
    let bytes = text.as_bytes();
    let whole = load_file("orders.csv", bytes, &Options::default());
    assert!(
        whole.1.diagnostics.len() > 50,
        "{}",
        whole.1.diagnostics.len()
    );
    for piece in [1, 7, 1000] {
        let r =
            read_as_it_arrives("orders.csv", bytes, head_of(bytes), piece, 5).expect("streamed");
        assert_eq!(r, whole, "in pieces of {piece}");
    }
}

/// Quoting as the csv crate reads it, cut at every byte: a quote inside an unquoted field is
/// text, a doubled quote inside a quoted one is a quote, a newline inside one is not a row end.
#[test]
fn read_as_it_arrives_finds_row_ends_as_the_csv_reader_does() {
    let mut text = String::from("order_id,buyer_country,created_at,amount,tracking_number\r\n");
    for i in 0..30 {
        text.push_str(&format!(
            "{},\"U\"\"S\",2026-08-0{} 10:00:00,\"1\n2\",ab\"c{i}\r\n",
            8100 + i,
            1 + i % 9
        ));
        text.push_str(&format!(
            "{},US,2026-08-01 11:00:00,3,\"x\"\"\n\"\"y\"\n",
            9100 + i
        ));
        // A lone carriage return ends a row too: the quote after it opens a field.
        text.push_str(&format!(
            "{},US,2026-08-01 12:00:00,4,x\r\"{}\n\",US,2026-08-01 12:00:00,5,\"p\nq\"\n",
            7100 + i,
            6100 + i
        ));
    }
    let bytes = text.as_bytes();
    let whole = load_file("orders.csv", bytes, &Options::default());
    // The ids with a line break in them are refused (and said).
    assert_eq!(whole.0.orders.len(), 90, "{:?}", whole.1.diagnostics);
    let head = head_of(bytes);
    for piece in [1, 2, 5, 64] {
        let r = read_as_it_arrives("orders.csv", bytes, head, piece, 3).expect("streamed");
        assert_eq!(r, whole, "in pieces of {piece}");
    }
}

/// A large file read as it arrives keeps only a window of its text: the records are those of
/// the whole reading (the window is dropped and the line numbers still count from the top).
#[test]
fn read_as_it_arrives_drops_the_text_behind_it() {
    let files = reading::sample::generate_csv(12_000, 5);
    for (name, text) in &files {
        let bytes = text.as_bytes();
        let whole = load_file(name, bytes, &Options::default());
        let r = read_as_it_arrives(name, bytes, 1 << 16, 300_007, 4096).expect("streamed");
        assert_eq!(r, whole, "{name}");
    }
}

/// Found by the ingest_bytes fuzz target: a header looked for among more rows than a file's
/// first piece held made the reading as it arrives take another row for the header than the
/// whole reading did. Both now look at the same first rows (or the file is read whole).
#[test]
fn a_file_read_as_it_arrives_finds_the_header_the_whole_reading_finds() {
    use base64::Engine;
    let data = base64::engine::general_purpose::STANDARD
        .decode("ZGlzcCwKCgoKCgoOCgoKLQoKCgoKCgoKCgoKCgoKCgo1dCwKc319fX11CgoKCgoKCgoKCgoKCg4KCgotCgoKCgoKCgoKCgoKCgoKCjJ0LApzZXN9fX11ZGUKCgpyLAoKCgoKCgoKCgoOXwoKKgoKCgoKMnQsCnN9fX19dQoKCgoKCgoKCgoKCgoOCgoKLQoKCgoKCgoKCjJ0LApzfX19fXVkZQoKCnIsCgoKCgoKCgoKCg5fCgoKLQphCg==")
        .expect("base64");
    let whole = load_file("fuzz.csv", &data, &Options::default());
    let head = usize::from(data[0]) * 13 % (data.len() + 1);
    let piece = usize::from(data[1] % 31) + 1;
    if let Some(streamed) = read_as_it_arrives("fuzz.csv", &data, head, piece, 3) {
        assert_eq!(streamed, whole);
    }
}

/// Reads `bytes` in two lanes, as the CLI reads a large file when its other lane has nothing
/// left: one loader the rows before byte `s` (a row's start), another the rows from there
/// (`Loader::rest_from`, opened on the same head), joined (`Loader::join_rest`); where the
/// join is refused, the first loader reads on. Also says whether the rest was joined. With
/// `cross`, the rest crosses between workers first, as the browser's second lane sends it
/// (`reading::lane::encode_rest`, `decode`).
fn read_in_two_lanes(
    name: &str,
    bytes: &[u8],
    head: usize,
    s: usize,
    piece: usize,
    cross: bool,
) -> Option<((storescore_core::model::Dataset, sources::FileReport), bool)> {
    let opts = Options::default();
    let open = || ingest::Loader::streaming(name, bytes[..head].to_vec(), bytes.len(), &opts);
    let mut a = open().ok()?;
    let mut b = open().ok()?.rest_from(s)?;
    for p in bytes[head..s].chunks(piece) {
        a.feed(p);
        while a.step(7) {}
    }
    for p in bytes[s..].chunks(piece) {
        b.feed(p);
        while b.step(7) {}
    }
    b.end_input();
    let mut rest = b.into_rest()?;
    if cross {
        // As the browser's second lane sends it to the page's worker.
        let sent = reading::lane::encode_rest(0, bytes.len() as u64, rest).expect("written");
        let read = reading::lane::decode(&sent).expect("read back");
        rest = read.into_rest().expect("a rest");
    }
    let joined = a.join_rest(rest);
    if !joined {
        for p in bytes[s..].chunks(piece) {
            a.feed(p);
            while a.step(7) {}
        }
    }
    a.end_input();
    Some((a.finish(), joined))
}

/// The header and the lines above it, then the rest of the lines `times` times over: a real
/// export's layout (item rows, footers, blank lines) long enough to be read as it arrives.
fn repeated_export(bytes: &[u8], times: usize) -> Vec<u8> {
    let (_, rep) = load_file("x", bytes, &Options::default());
    let header = rep.header_row.expect("a header");
    let text = String::from_utf8_lossy(bytes).into_owned();
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut out = lines[..header].concat();
    let body = lines[header..].concat();
    let body = if body.ends_with('\n') {
        body
    } else {
        body + "\n"
    };
    for _ in 0..times {
        out.push_str(&body);
    }
    out.into_bytes()
}

/// A file read in two lanes, the second from any row's start on, gives the records and report
/// of the file read whole: rows numbered on, an order's item rows joined across the cut, bad
/// rows said on their lines, a byte order mark. Where the cut falls inside a quoted field
/// (which only reading from the start can tell), the join is refused and the first lane
/// reads on: never a wrong row.
#[test]
fn read_in_two_lanes_matches_whole_reading() {
    let mut texts: Vec<(String, Vec<u8>)> = Vec::new();
    for (name, text) in reading::sample::generate_csv(400, 5) {
        texts.push((name, text.into_bytes()));
    }
    // Real layouts with a row per item (eBay's blank lines and footer, Amazon's tabs).
    let exports = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/exports");
    for f in [
        "ebay/orders-report.csv",
        "etsy/EtsySoldOrderItems2026-11.csv",
        "temu/orders.csv",
        "tiktok-shop/orders.csv",
        "walmart/PO_Data.csv",
        "amazon/all-orders.txt",
    ] {
        let bytes = std::fs::read(exports.join(f)).expect(f);
        texts.push((f.to_owned(), repeated_export(&bytes, 120)));
    }
    // Quoted fields with line breaks (cuts inside them are refused), bad rows, a BOM.
    let orders = texts[0].1.clone();
    let quoted = String::from_utf8(orders.clone())
        .unwrap()
        .replace(",Finished,", ",\"Fini\nshed, \"\"done\"\"\",");
    texts.push(("quoted.csv".into(), quoted.into_bytes()));
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(&orders);
    texts.push(("bom.csv".into(), bom));
    let (mut joined, mut refused, mut files) = (0, 0, 0);
    for (name, bytes) in &texts {
        let whole = load_file(name, bytes, &Options::default());
        let head = head_of(bytes);
        let starts: Vec<usize> = bytes
            .iter()
            .enumerate()
            .filter(|&(i, b)| *b == b'\n' && i + 1 > head && i + 1 < bytes.len())
            .map(|(i, _)| i + 1)
            .collect();
        // Files too short to be read in two (the generated disputes).
        if starts.len() < 20 {
            continue;
        }
        files += 1;
        // Cuts at about 16 rows' starts over the file, and the pieces of two sizes.
        let step = (starts.len() / 16).max(1);
        for (k, &s) in starts.iter().step_by(step).enumerate() {
            let piece = if k % 2 == 0 { 4096 } else { 61 };
            // Every other cut's rest crosses between workers as in the browser.
            let (got, j) = read_in_two_lanes(name, bytes, head, s, piece, k % 4 >= 2)
                .unwrap_or_else(|| panic!("{name}: not read as it arrives"));
            assert_eq!(got, whole, "{name} cut at byte {s}");
            match j {
                true => joined += 1,
                false => refused += 1,
            }
            if !bytes.contains(&b'"') {
                assert!(j, "{name}: the rest from byte {s} was not joined");
            }
        }
    }
    assert!(files >= 10, "{files} files read in two lanes");
    eprintln!("{joined} joined, {refused} refused");
    assert!(joined > 120, "{joined} joined");
    assert!(refused > 3, "{refused} refused (the cuts in quoted fields)");
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]
    /// Any bytes after a file's head (quotes, line breaks, carriage returns, delimiters,
    /// characters cut anywhere, bytes that are not UTF-8) read in two lanes cut at any row's
    /// start: never a panic, and the records and report of the file read in one lane as it
    /// arrives (a file read whole may be read in another encoding: its head is not all of it).
    #[test]
    fn any_file_read_in_two_lanes_is_the_file_read_in_one(
        junk in proptest::collection::vec(
            (0usize..100_000, proptest::collection::vec(proptest::sample::select(vec![
                b'"', b'\n', b'\r', b',', b'a', b'1', b'-', b':', b' ', 0xC3, 0xA9, 0xFF,
            ]), 1..12)),
            0..24,
        ),
        m in 0usize..100_000,
        piece in proptest::sample::select(vec![7usize, 64, 4096]),
    ) {
        let orders = reading::sample::generate_csv(400, 5).swap_remove(0).1.into_bytes();
        let head = head_of(&orders);
        let mut bytes = orders.clone();
        for (at, b) in junk {
            let at = head + at % (bytes.len() - head);
            bytes.splice(at..at, b);
        }
        let one = read_as_it_arrives("orders.csv", &bytes, head, piece, 7);
        let m = head + m % (bytes.len() - head);
        if let Some(k) = bytes[m..].iter().position(|b| *b == b'\n') {
            let s = m + k + 1;
            if s < bytes.len() {
                let two = read_in_two_lanes("orders.csv", &bytes, head, s, piece, piece == 64);
                proptest::prop_assert_eq!(two.map(|(got, _)| got), one);
            }
        }
    }
}
