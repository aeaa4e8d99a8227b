//! Ingest speed: canonical CSV and an AliExpress-style export, bytes to records, natively.
//! `cargo bench --bench ingest`; BENCH_ORDERS sets the store size (default 100,000).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use ingest::{load_file, Options};
use reading::held::{Held, ReadRequest, Summary};
use std::hint::black_box;

#[path = "shared/forms.rs"]
mod forms;
use forms::{other_forms, stamps};

fn bench(c: &mut Criterion) {
    let orders: usize = std::env::var("BENCH_ORDERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let files = reading::sample::generate_csv(orders, 7);
    let mut g = c.benchmark_group(format!("ingest_{orders}_orders"));
    g.sample_size(10);
    for (name, text) in &files {
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function(name.as_str(), |b| {
            b.iter(|| load_file(name, black_box(text.as_bytes()), &Options::default()))
        });
    }
    // The orders file with the timestamps of other exports. Every form is meant to read
    // about as fast as the canonical one (`YYYY-MM-DD HH:MM:SS`, `orders.csv` above).
    let orders_csv = &files[0].1;
    let other: Vec<(&str, String)> = other_forms()
        .into_iter()
        .map(|(name, form)| (name, stamps(orders_csv, form)))
        .collect();
    for (name, text) in &other {
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function(*name, |b| {
            b.iter(|| load_file(name, black_box(text.as_bytes()), &Options::default()))
        });
    }
    let all: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_bytes()))
        .collect();
    g.throughput(Throughput::Bytes(
        files.iter().map(|(_, t)| t.len() as u64).sum(),
    ));
    g.bench_function("all_files_to_prepared", |b| {
        b.iter(|| reading::session::load(all.iter().copied(), &Options::default()))
    });
    // The worker's way: each file in 4 MiB pieces as the browser hands them over, its rows
    // read as they arrive (the window, its record-end scan, the cursor resuming).
    g.bench_function("all_files_in_4_mib_pieces_to_prepared", |b| {
        b.iter(|| worker_reading(&all))
    });
    g.finish();
    dates(c, orders_csv);
    lane(c, &files);
}

/// A second lane's records crossing to the page's worker (`reading::lane`): each file of the
/// store written by the lane and read back by the worker, against reading it.
fn lane(c: &mut Criterion, files: &[(String, String)]) {
    let mut g = c.benchmark_group(format!("lane_{}_files", files.len()));
    g.sample_size(10);
    for (name, text) in files {
        let mut held = Held::default();
        held.begin(request(&[(name.as_str(), text.as_bytes())]));
        held.read_file(name, text.len() as u64, text.as_bytes());
        let sent = held.lane_files(&[0]).expect("written");
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function(format!("{name}/written"), |b| {
            b.iter(|| held.lane_files(black_box(&[0])).expect("written"))
        });
        g.bench_function(format!("{name}/read_back"), |b| {
            b.iter(|| reading::lane::decode(black_box(&sent[0])).expect("read back"))
        });
    }
    g.finish();
}

/// The date reader alone, a column's cells through one plan: each form's cells (those of the
/// canonical orders file, rewritten) against the canonical form's, per byte and per cell.
fn dates(c: &mut Criterion, orders_csv: &str) {
    use ingest::values::{parse_ts_planned, DayOrder, Plan};
    use storescore_core::time::Zone;
    let canonical: Vec<(&str, &str)> = {
        let b = orders_csv.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i + 19 <= b.len() && out.len() < 200_000 {
            let s = &b[i..i + 19];
            if s[4] == b'-'
                && s[10] == b' '
                && s[13] == b':'
                && s[..4].iter().all(u8::is_ascii_digit)
            {
                out.push((&orders_csv[i..i + 10], &orders_csv[i + 11..i + 19]));
                i += 19;
            } else {
                i += 1;
            }
        }
        out
    };
    let mut g = c.benchmark_group(format!("dates_{}_cells", canonical.len()));
    g.sample_size(20);
    let canonical_form: forms::Form = |d, t| format!("{d} {t}");
    for (name, form) in std::iter::once(("orders.csv", canonical_form)).chain(other_forms()) {
        let cells: Vec<String> = canonical
            .iter()
            .map(|(d, t)| form(d, t).trim_matches('"').to_owned())
            .collect();
        g.throughput(Throughput::Bytes(
            cells.iter().map(|c| c.len() as u64).sum(),
        ));
        g.bench_function(
            name.strip_prefix("orders_")
                .unwrap_or("canonical")
                .trim_end_matches(".csv"),
            |b| {
                b.iter(|| {
                    let (mut zone, mut plan) =
                        (Zone::new(chrono_tz::Asia::Shanghai), Plan::default());
                    let mut read = 0;
                    for c in &cells {
                        let t = parse_ts_planned(
                            black_box(c),
                            &mut zone,
                            DayOrder::Conventional,
                            &mut plan,
                        );
                        read += usize::from(matches!(t, Ok(Some(_))));
                    }
                    assert_eq!(read, cells.len(), "{name}: every cell is a date");
                })
            },
        );
    }
    g.finish();
}

/// What the worker's reactor does with the slices of each file, without the browser.
fn worker_reading(files: &[(&str, &[u8])]) -> Summary {
    let mut held = Held::default();
    held.begin(request(files));
    for (name, bytes) in files {
        held.read_file(name, bytes.len() as u64, *bytes);
    }
    held.finish().expect("a reading")
}

/// A reading of `files`, as the page asks for one.
fn request(files: &[(&str, &[u8])]) -> ReadRequest {
    let sizes: Vec<u64> = files.iter().map(|(_, b)| b.len() as u64).collect();
    ReadRequest::plain(1, storescore_core::time::DEFAULT_ZONE, &sizes)
}

criterion_group!(benches, bench);
criterion_main!(benches);
