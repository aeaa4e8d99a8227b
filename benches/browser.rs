//! The browser benchmark: a generated store uploaded through the page's file input in headless
//! Chromium; reports the time from the file input's change to the score on screen (and where it
//! went: the worker's start, its work, its waits for the browser's slices, the answer's way to
//! the page, the page's render), the longest
//! main-thread task meanwhile (Long Tasks API: tasks over 50 ms), and the WebAssembly memory
//! of the page and of the worker (their peaks). Needs a release build in dist/
//! (scripts/bench-browser.sh).
//!
//! `BENCH_SIZES=100000,1000000 cargo bench --features e2e --bench browser`

#[path = "../tests/browser/mod.rs"]
mod browser;

use std::time::Duration;

use browser::{connect, reopen, start_driver, start_server, upload, wait_js, Res};
use fantoccini::Client;
use serde_json::json;

struct Measured {
    ms: f64,
    page_memory: f64,
    worker_memory: f64,
    /// Where `ms` went (the worker's `Timing`, and when the page got the answer).
    split: Split,
    longest_task_ms: f64,
    score: String,
    /// A what-if slider moved: from its input event to the new numbers rendered.
    slider_ms: f64,
}

/// The parts of the time from the file input's change to the score on screen, in ms.
#[derive(Default)]
struct Split {
    /// Until the worker began the reading: spawning it (fetching and compiling its wasm) and
    /// the page's request.
    start: f64,
    /// The worker working (reading, preparing, analysing).
    busy: f64,
    /// The worker waiting for the browser to read a file's next slice.
    waited: f64,
    /// The rest of the worker's time: between its answers and the page's next request.
    between: f64,
    /// The analysis from the worker to the page: written, posted, read.
    answer: f64,
    /// The page from the analysis to the score on screen (rendering).
    render: f64,
}

impl Split {
    /// `t`: the page's `storescoreTiming`; `t0`, `t1`: the change and the score on screen, on
    /// the page's clock (ms since its `timeOrigin`, `origin`).
    fn of(t: &serde_json::Value, origin: f64, t0: f64, t1: f64) -> Split {
        let f = |k: &str| t[k].as_f64().unwrap_or(f64::NAN);
        let (began, sent, received) = (f("began_at"), f("sent_at"), f("received_at"));
        let (busy, waited) = (f("busy_ms"), f("waited_ms"));
        Split {
            start: began - (origin + t0),
            busy,
            waited,
            between: sent - began - busy - waited,
            answer: received - sent,
            render: origin + t1 - received,
        }
    }
}

async fn measure(c: &Client, base: &str, files: &[String]) -> Res<Measured> {
    reopen(c, base).await?;
    wait_js(
        c,
        "!!document.querySelector('[data-testid=\"file-input\"]')",
    )
    .await?;
    c.execute(
        "window.__t0 = null; window.__t1 = null; window.__long = 0;
         new PerformanceObserver((list) => {
           for (const e of list.getEntries()) { if (window.__t0 !== null && window.__t1 === null) window.__long = Math.max(window.__long, e.duration); }
         }).observe({ type: 'longtask' });
         document.querySelector('[data-testid=\"file-input\"]').addEventListener('change', () => { window.__t0 = performance.now(); }, { capture: true, once: true });
         new MutationObserver((_, obs) => {
           if (document.querySelector('[data-testid=\"overall-score\"]')) { window.__t1 = performance.now(); obs.disconnect(); }
         }).observe(document.body, { childList: true, subtree: true });
         return true;",
        vec![],
    )
    .await?;
    // The observer itself works: a 120 ms busy task before the upload must be seen.
    c.execute(
        "window.__probe = 0;
         new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__probe = Math.max(window.__probe, e.duration); }).observe({ type: 'longtask' });
         setTimeout(() => { const s = performance.now(); while (performance.now() - s < 120) {} }, 0);
         return true;",
        vec![],
    )
    .await?;
    let probe = wait_js(c, "window.__probe >= 100 && window.__probe").await?;
    if probe.as_f64().unwrap_or(0.0) < 100.0 {
        return Err("the long-task observer saw no long task".into());
    }
    upload(c, &files.join("\n")).await?;
    let deadline = std::time::Instant::now() + Duration::from_secs(600);
    loop {
        let v = c
            .execute(
                "return [window.__t0, window.__t1, document.querySelector('#fatal.shown') ? document.querySelector('#fatal').textContent : null];",
                vec![],
            )
            .await;
        match v {
            Ok(v) if !v[1].is_null() => {
                let ms = v[1].as_f64().unwrap_or(0.0) - v[0].as_f64().unwrap_or(0.0);
                let page_memory = wait_js(c, "window.wasmBindings.wasm_memory_bytes()")
                    .await?
                    .as_f64()
                    .unwrap_or(0.0);
                let worker_memory = wait_js(c, "window.storescoreWorkerMemory")
                    .await?
                    .as_f64()
                    .unwrap_or(0.0);
                let timing = c
                    .execute(
                        "return [window.storescoreTiming, performance.timeOrigin];",
                        vec![],
                    )
                    .await?;
                let split = Split::of(
                    &timing[0],
                    timing[1].as_f64().unwrap_or(f64::NAN),
                    v[0].as_f64().unwrap_or(0.0),
                    v[1].as_f64().unwrap_or(0.0),
                );
                let score = c
                    .execute("return document.querySelector('[data-testid=\"overall-score\"]').textContent;", vec![])
                    .await?;
                let longest = c.execute("return window.__long;", vec![]).await?;
                // Yew renders after the event's microtasks: a zero timeout runs after them.
                let slider = c
                    .execute_async(
                        "const done = arguments[arguments.length - 1];
                         const el = document.querySelector('[data-testid=\"slider-dsr_item_avg\"]');
                         const set = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
                         const t0 = performance.now();
                         set.call(el, el.max);
                         el.dispatchEvent(new Event('input', { bubbles: true }));
                         setTimeout(() => done(performance.now() - t0), 0);",
                        vec![],
                    )
                    .await?;

                return Ok(Measured {
                    ms,
                    page_memory,
                    worker_memory,
                    split,
                    longest_task_ms: longest.as_f64().unwrap_or(0.0),
                    slider_ms: slider.as_f64().unwrap_or(f64::NAN),
                    score: score.as_str().unwrap_or_default().to_owned(),
                });
            }
            Ok(v) if !v[2].is_null() => return Err(format!("the page stopped: {}", v[2]).into()),
            Err(e) => return Err(format!("the page did not answer (out of memory?): {e}").into()),
            _ => {}
        }
        if std::time::Instant::now() > deadline {
            return Err("no score after 600 s".into());
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let sizes: Vec<usize> = std::env::var("BENCH_SIZES")
        .unwrap_or_else(|_| "100000".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
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
        let r = measure(&client, &base, &paths).await;
        let line = match &r {
            Ok(m) => format!(
                "{n} orders ({:.0} MB of CSV): files to score {:.0} ms (the worker's start {:.0}, \
                 its work {:.0}, its waits for the browser's slices {:.0}, between its answers and \
                 the page's requests {:.0}, the analysis to the page {:.0}, the page's render {:.0}), \
                 longest main-thread task {:.0} ms, \
                 wasm memory page {:.0} MB + worker {:.0} MB ({:.1}x the files), score {}, \
                 a slider move re-rendered in {:.0} ms",
                bytes as f64 / 1e6,
                m.ms,
                m.split.start,
                m.split.busy,
                m.split.waited,
                m.split.between,
                m.split.answer,
                m.split.render,
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
