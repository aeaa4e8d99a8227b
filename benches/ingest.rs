//! Ingest speed: canonical CSV and an AliExpress-style export, bytes to records, natively.
//! `cargo bench --bench ingest`; BENCH_ORDERS sets the store size (default 100,000).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use ingest::{load_file, Options};
use reading::held::{Held, ReadRequest, Summary};
use std::hint::black_box;

#[path = "shared/forms.rs"]
mod forms;
use forms::stamps;

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
    // The orders file with the timestamps of other exports: ISO 8601 with `T` (Amazon, TikTok
    // Shop), and with an offset too. Every form is meant to read about as fast as the canonical
    // one (`YYYY-MM-DD HH:MM:SS`, `orders.csv` above).
    let orders_csv = &files[0].1;
    let with_t = stamps(orders_csv, |d, t| format!("{d}T{t}"));
    let with_offset = stamps(orders_csv, |d, t| format!("{d}T{t}+08:00"));
    // And the US form (Walmart, eBay's CSV dates), month first, year last.
    let us = stamps(orders_csv, |d, t| {
        format!("{}/{}/{} {t}", &d[5..7], &d[8..10], &d[..4])
    });
    // The forms with words and signs real exports use (see formats/ and docs/DOMAIN.md):
    // eBay's month name, two-digit year and zone word, a US month name with a 12-hour clock,
    // Mercado Libre's Spanish words, the Chinese year-month-day characters, and Etsy's
    // two-digit-year dates.
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    const MESES: [&str; 12] = [
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ];
    let month = |d: &str| d[5..7].parse::<usize>().expect("a month") - 1;
    let ebay = stamps(orders_csv, |d, t| {
        format!("{}-{}-{} {t} PDT", MONTHS[month(d)], &d[8..10], &d[2..4])
    });
    let us_words = stamps(orders_csv, |d, t| {
        let h: u32 = t[..2].parse().expect("an hour");
        let (h12, m) = (
            if h.is_multiple_of(12) { 12 } else { h % 12 },
            if h < 12 { "AM" } else { "PM" },
        );
        // Quoted: the comma is the file's delimiter.
        format!(
            "\"{} {}, {} {h12}:{} {m}\"",
            MONTHS[month(d)],
            &d[8..10],
            &d[..4],
            &t[3..]
        )
    });
    let spanish = stamps(orders_csv, |d, t| {
        format!(
            "{} de {} de {} {} hs.",
            &d[8..10],
            MESES[month(d)],
            &d[..4],
            &t[..5]
        )
    });
    let chinese = stamps(orders_csv, |d, t| {
        let (mo, day): (u32, u32) = (d[5..7].parse().expect("m"), d[8..10].parse().expect("d"));
        format!("{}年{mo}月{day}日 {t}", &d[..4])
    });
    let short_year = stamps(orders_csv, |d, _| {
        format!("{}/{}/{}", &d[5..7], &d[8..10], &d[2..4])
    });
    for (name, text) in [
        ("orders_iso_t.csv", &with_t),
        ("orders_iso_t_offset.csv", &with_offset),
        ("orders_us_dates.csv", &us),
        ("orders_ebay_dates.csv", &ebay),
        ("orders_us_month_names.csv", &us_words),
        ("orders_spanish_dates.csv", &spanish),
        ("orders_chinese_dates.csv", &chinese),
        ("orders_two_digit_years.csv", &short_year),
    ] {
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function(name, |b| {
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
}

/// What the worker's reactor does with the slices of each file, without the browser.
fn worker_reading(files: &[(&str, &[u8])]) -> Summary {
    let mut held = Held::default();
    held.begin(ReadRequest {
        id: 1,
        tz: storescore_core::time::DEFAULT_ZONE,
        options: Vec::new(),
        mappings: Vec::new(),
        formats: Vec::new(),
        files: files.len(),
        bytes_total: files.iter().map(|(_, b)| b.len() as u64).sum(),
        again: false,
        modified: Vec::new(),
    });
    for (name, bytes) in files {
        held.read_file(name, bytes.len() as u64, *bytes);
    }
    held.finish().expect("a reading")
}

criterion_group!(benches, bench);
criterion_main!(benches);
