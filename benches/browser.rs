//! The browser benchmark: a generated store uploaded through the page's file input in headless
//! Chromium; reports the time from the file input's change to the score on screen (and where it
//! went: the worker's start, its work, its waits for the browser's slices, the answer's way to
//! the page, the page's render) and to the score painted (Element Timing), the longest
//! main-thread task meanwhile (Long Tasks API: tasks over 50 ms), and the WebAssembly memory
//! of the page and of the worker (their peaks). Needs a release build in dist/
//! (scripts/bench-browser.sh).
//!
//! `BENCH_SIZES=100000,1000000 cargo bench --features e2e --bench browser`; `BENCH_CHOOSING_MS=2000`
//! presses the file picker 2 s before the files come (the worker warms up meanwhile).

#[path = "../tests/browser/mod.rs"]
mod browser;

use browser::{connect, measure, start_driver, start_server};
use serde_json::json;

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let sizes: Vec<usize> = std::env::var("BENCH_SIZES")
        .unwrap_or_else(|_| "100000".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    // The seller's time to choose the files after pressing the file picker (the worker
    // warms up meanwhile); 0: the files come with the page's first request.
    let choosing = std::time::Duration::from_millis(
        std::env::var("BENCH_CHOOSING_MS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(0),
    );
    let server = start_server();
    let driver = start_driver();
    let profile = std::env::temp_dir().join(format!("storescore-bench-{}", std::process::id()));
    let client = connect(&driver, &profile).await.expect("webdriver session");
    let base = format!("http://127.0.0.1:{}/", server.port);
    let mut results = Vec::new();
    for n in sizes {
        let dir = std::env::temp_dir().join(format!("storescore-bench-{n}"));
        std::fs::create_dir_all(&dir).expect("dir");
        let mut paths = Vec::new();
        let mut bytes = 0usize;
        for (name, text) in reading::sample::generate_csv(n, 7) {
            let p = dir.join(name);
            bytes += text.len();
            std::fs::write(&p, text).expect("write");
            paths.push(p.display().to_string());
        }
        let r = measure(&client, &base, &paths, choosing).await;
        let line = match &r {
            Ok(m) => format!(
                "{n} orders ({:.0} MB of CSV): files to score {:.0} ms (painted {:.0}) \
                 (chosen {:.0} ms after the picker was pressed, the worker warmed up for \
                 {:.0} ms{}, its longest step {:.0} ms; the worker's start {:.0}, \
                 its work {:.0} (the reading's end {:.0}, the analysis {:.0}), its waits for the \
                 browser's slices {:.0}, between its answers and \
                 the page's requests {:.0}, the analysis to the page {:.0}, the page's render {:.0}; \
                 a second lane: started in {:.0}, reading {:.0}, writing its records {:.0}, \
                 waited for {:.0}, its records taken in {:.0}), \
                 longest main-thread task {:.0} ms, \
                 wasm memory page {:.0} MB + worker {:.0} MB ({:.1}x the files), score {}, \
                 a slider move re-rendered in {:.0} ms",
                bytes as f64 / 1e6,
                m.ms,
                m.painted_ms,
                choosing.as_secs_f64() * 1e3,
                m.split.warmed,
                if m.split.warmed_whole { "" } else { ", stopped by the files" },
                m.split.warm_step,
                m.split.start,
                m.split.busy,
                m.split.finish,
                m.split.analyse,
                m.split.waited,
                m.split.between,
                m.split.answer,
                m.split.render,
                m.split.lane_started,
                m.split.lane_read,
                m.split.lane_written,
                m.split.lane_waited,
                m.split.lane_taken,
                m.longest_task_ms,
                m.page_memory / 1e6,
                m.worker_memory / 1e6,
                (m.page_memory + m.worker_memory) / bytes as f64,
                m.score,
                m.slider_ms
            ),
            Err(e) => format!("{n} orders ({:.0} MB of CSV): {e}", bytes as f64 / 1e6),
        };
        println!("{line}");
        results.push(json!({ "orders": n, "line": line }));
        let _ = std::fs::remove_dir_all(&dir);
        if r.is_err() {
            break;
        }
    }
    let _ = client.close().await;
    drop(driver);
    let _ = std::fs::remove_dir_all(&profile);
}
