//! Where the bytes go: live and peak heap, natively, at each stage from files to analysis.
//! `cargo bench --bench memory` (BENCH_ORDERS sets the store size, default 100,000). The page's
//! worker is wasm32, where pointers and `String`s are half the size, so its figures are lower;
//! the split between stages is what this shows.

use ingest::{load_file, Options};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use storescore_core::model::Dataset;

struct Counting;
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(l) };
        if !p.is_null() {
            let now = LIVE.fetch_add(l.size(), Relaxed) + l.size();
            PEAK.fetch_max(now, Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        unsafe { System.dealloc(p, l) };
        LIVE.fetch_sub(l.size(), Relaxed);
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
        let q = unsafe { System.realloc(p, l, new) };
        if !q.is_null() {
            // A moved block is briefly held twice; one grown or shrunk in place is not.
            let (old, moved) = (l.size(), q != p);
            if moved || new > old {
                let add = if moved { new } else { new - old };
                let now = LIVE.fetch_add(add, Relaxed) + add;
                PEAK.fetch_max(now, Relaxed);
            }
            LIVE.fetch_sub(if moved { old } else { old - new.min(old) }, Relaxed);
        }
        q
    }
}

#[global_allocator]
static A: Counting = Counting;

fn mb(b: usize) -> String {
    format!("{:.1} MB", b as f64 / 1e6)
}

/// The records of one kind: how many, and the bytes of their row structs.
fn rows<T>(what: &str, v: &[T]) {
    let each = std::mem::size_of::<T>();
    println!(
        "  {what:<26} {:>9} x {each:>3} B = {}",
        v.len(),
        mb(std::mem::size_of_val(v))
    );
}

fn stage(name: &str, base: usize) {
    let live = LIVE.load(Relaxed).saturating_sub(base);
    let peak = PEAK.swap(LIVE.load(Relaxed), Relaxed).saturating_sub(base);
    println!(
        "{name:<28} live {:>10}   peak during {:>10}",
        mb(live),
        mb(peak)
    );
}

fn main() {
    let orders: usize = std::env::var("BENCH_ORDERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let files = reading::sample::generate_csv(orders, 7);
    let total: usize = files.iter().map(|(_, t)| t.len()).sum();
    println!("{orders} orders, {} of CSV", mb(total));
    let base = LIVE.load(Relaxed);
    PEAK.store(base, Relaxed);
    let mut ds = Dataset::default();
    let mut reports = Vec::new();
    for (name, text) in &files {
        let (d, r) = load_file(name, text.as_bytes(), &Options::default());
        ds.extend(d);
        reports.push(r);
        stage(&format!("read {name}"), base);
    }
    rows("orders (row structs)", &ds.orders);
    rows("messages", &ds.messages);
    rows("disputes", &ds.disputes);
    rows("reviews", &ds.reviews);
    let loaded = reading::session::Loaded::from_dataset(ds, reports);
    stage("prepared", base);
    let settings = storescore_core::engine::Settings::default();
    let books = storescore_core::rulebook::builtin();
    let analysis = loaded.analyse(&settings, &books);
    stage("analysed", base);
    drop(analysis);
    drop(loaded);
    stage("dropped", base);
}
