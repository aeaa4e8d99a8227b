//! The comparative browser benchmark: the page, DuckDB-wasm and PapaParse on the same
//! generated orders file (ISO 8601 timestamps with `T`, as Amazon's and TikTok Shop's exports
//! write them), each run in a fresh headless Chromium, the engines alternated round by round.
//! Reports each engine's time from the file to its figures (its own start-up apart), MB/s, and
//! peak memory: the highest resident size of the Chromium renderer that ran it (the page's
//! worker and DuckDB's are threads of it), read from /proc. Needs a release build in dist/ and
//! the other engines' npm packages (scripts/bench-browser.sh compare installs both).
//!
//! `BENCH_ROWS=1000000 BENCH_ROUNDS=3 STORESCORE_COMPARE_MODULES=.../node_modules \
//!  cargo bench --features e2e --bench compare`; `BENCH_ENGINES=page,duckdb` runs those alone;
//! `BENCH_CHOOSING_MS=2000` presses the page's file picker 2 s before its file comes.

#[path = "../tests/browser/mod.rs"]
mod browser;
#[path = "shared/forms.rs"]
#[allow(dead_code)]
mod forms;

use std::path::{Path, PathBuf};
use std::time::Duration;

use browser::{connect, measure, start_driver, start_server_with, upload, wait_js, Res, Server};
use serde_json::Value;

#[derive(Clone, Copy, Debug, PartialEq)]
enum Engine {
    Page,
    DuckDb,
    PapaParse,
}

impl Engine {
    fn name(self) -> &'static str {
        match self {
            Engine::Page => "Storescore page",
            Engine::DuckDb => "DuckDB-wasm 1.32.0 (read_csv + SQL)",
            Engine::PapaParse => "PapaParse 5.5.3 + JS",
        }
    }

    /// Its name in BENCH_ENGINES.
    fn key(self) -> &'static str {
        match self {
            Engine::Page => "page",
            Engine::DuckDb => "duckdb",
            Engine::PapaParse => "papaparse",
        }
    }
}

struct Run {
    /// The file to the figures, the engine's own start apart (the page: its worker's start;
    /// DuckDB: loading and compiling its wasm).
    ms: f64,
    start_ms: f64,
    peak_bytes: u64,
    result: String,
}

/// The highest resident size (VmHWM) of the Chromium renderers of the profile `profile`.
fn renderer_peak(profile: &Path) -> u64 {
    let key = format!("--user-data-dir={}", profile.display());
    let mut peak = 0;
    for e in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let cmdline = std::fs::read(e.path().join("cmdline")).unwrap_or_default();
        let cmdline = String::from_utf8_lossy(&cmdline);
        if !cmdline.contains(&key) || !cmdline.contains("--type=renderer") {
            continue;
        }
        let status = std::fs::read_to_string(e.path().join("status")).unwrap_or_default();
        let kb: u64 = status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or(0);
        peak = peak.max(kb * 1024);
    }
    peak
}

async fn run_other(
    c: &fantoccini::Client,
    base: &str,
    file: &str,
    f: &str,
) -> Res<(f64, f64, String)> {
    c.goto(&format!("{base}compare/compare.html")).await?;
    wait_js(c, "window.compareReady === true").await?;
    upload(c, file).await?;
    let v: Value = c
        .execute_async(
            &format!(
                "const done = arguments[arguments.length - 1];
                 window.{f}().then((r) => done(r), (e) => done({{ error: String(e) }}));"
            ),
            vec![],
        )
        .await?;
    if let Some(e) = v.get("error") {
        return Err(format!("{f}: {e}").into());
    }
    Ok((
        v["ms"].as_f64().unwrap_or(f64::NAN),
        v["start_ms"].as_f64().unwrap_or(f64::NAN),
        v["result"].to_string(),
    ))
}

/// BENCH_CHOOSING_MS: the page's file picker pressed that long before the file comes, as a
/// seller does (the page's worker warms up meanwhile; see benches/browser.rs); 0, the
/// default: the file comes with the page's first request.
fn choosing() -> Duration {
    Duration::from_millis(
        std::env::var("BENCH_CHOOSING_MS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(0),
    )
}

async fn run(engine: Engine, server: &Server, file: &str, round: usize) -> Res<Run> {
    let driver = start_driver();
    let profile = std::env::temp_dir().join(format!(
        "storescore-compare-{engine:?}-{round}-{}",
        std::process::id()
    ));
    let c = connect(&driver, &profile).await?;
    c.update_timeouts(fantoccini::wd::TimeoutConfiguration::new(
        Some(Duration::from_secs(600)),
        Some(Duration::from_secs(600)),
        Some(Duration::from_secs(0)),
    ))
    .await?;
    let base = format!("http://127.0.0.1:{}/", server.port);
    let out = match engine {
        Engine::Page => measure(&c, &base, &[file.to_owned()], choosing()).await.map(|m| Run {
            ms: m.ms - m.split.start,
            start_ms: m.split.start,
            peak_bytes: 0,
            result: format!(
                "score {}; worker {:.0} ms (waited {:.0}), second lane read {:.0} ms, wrote {:.0} ms, waited for {:.0} ms, taken {:.0} ms; reading's end {:.0} ms, analysis {:.0} ms; worker memory {:.0} MB",
                m.score,
                m.split.busy,
                m.split.waited,
                m.split.lane_read,
                m.split.lane_written,
                m.split.lane_waited,
                m.split.lane_taken,
                m.split.finish,
                m.split.analyse,
                m.worker_memory / 1e6
            ),
        }),
        Engine::DuckDb | Engine::PapaParse => {
            let f = if engine == Engine::DuckDb {
                "runDuck"
            } else {
                "runPapa"
            };
            run_other(&c, &base, file, f)
                .await
                .map(|(ms, start_ms, result)| Run {
                    ms,
                    start_ms,
                    peak_bytes: 0,
                    result,
                })
        }
    };
    let peak = renderer_peak(&profile);
    let _ = c.close().await;
    drop(driver);
    let _ = std::fs::remove_dir_all(&profile);
    out.map(|r| Run {
        peak_bytes: peak,
        ..r
    })
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let rows: usize = std::env::var("BENCH_ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let rounds: usize = std::env::var("BENCH_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3);
    let modules = PathBuf::from(
        std::env::var("STORESCORE_COMPARE_MODULES")
            .expect("STORESCORE_COMPARE_MODULES: scripts/bench-browser.sh compare sets it"),
    );
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("benches/compare");
    let server = start_server_with(vec![
        ("compare/".into(), here),
        ("compare/node_modules/".into(), modules),
    ]);
    let dir = std::env::temp_dir().join(format!("storescore-compare-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let orders = &reading::sample::generate_csv(rows, 7)[0].1;
    let text = forms::stamps(orders, |d, t| format!("{d}T{t}"));
    let path = dir.join("orders.csv");
    std::fs::write(&path, &text).expect("write");
    let bytes = text.len() as f64;
    drop(text);
    let file = path.display().to_string();
    println!(
        "{rows} orders, {:.0} MB of CSV with ISO 8601 `T` timestamps, {rounds} rounds",
        bytes / 1e6
    );
    // BENCH_ENGINES=page,duckdb runs those alone (default: all three).
    let chosen = std::env::var("BENCH_ENGINES").unwrap_or_default();
    let engines: Vec<Engine> = [Engine::Page, Engine::DuckDb, Engine::PapaParse]
        .into_iter()
        .filter(|e| chosen.is_empty() || chosen.split(',').any(|c| c.trim() == e.key()))
        .collect();
    let mut runs: Vec<(Engine, Run)> = Vec::new();
    for round in 0..rounds {
        // Each round in another order, so that no engine always comes first (a cold file cache).
        for k in 0..engines.len() {
            let engine = engines[(k + round) % engines.len()];
            match run(engine, &server, &file, round).await {
                Ok(r) => {
                    println!(
                        "round {round}: {}: {:.0} ms (+{:.0} ms start), peak {:.0} MB; {}",
                        engine.name(),
                        r.ms,
                        r.start_ms,
                        r.peak_bytes as f64 / 1e6,
                        r.result
                    );
                    runs.push((engine, r));
                }
                Err(e) => println!("round {round}: {}: {e}", engine.name()),
            }
        }
    }
    let medians: Vec<(Engine, f64, f64, f64)> = engines
        .iter()
        .map(|e| {
            let of = |f: &dyn Fn(&Run) -> f64| {
                median(
                    runs.iter()
                        .filter(|(x, _)| x == e)
                        .map(|(_, r)| f(r))
                        .collect(),
                )
            };
            (
                *e,
                of(&|r| r.ms),
                of(&|r| r.start_ms),
                of(&|r| r.peak_bytes as f64),
            )
        })
        .collect();
    println!("\n| engine | file to figures (median) | start (apart) | MB/s | peak memory | x the page's time |");
    println!("|---|---|---|---|---|---|");
    // The first engine run: the page, unless BENCH_ENGINES left it out.
    let page = medians[0].1;
    for (e, ms, start, peak) in &medians {
        println!(
            "| {} | {:.2} s | {:.2} s | {:.0} | {:.0} MB ({:.1}x the file) | {:.2} |",
            e.name(),
            ms / 1e3,
            start / 1e3,
            bytes / 1e6 / (ms / 1e3),
            peak / 1e6,
            peak / bytes,
            ms / page
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
