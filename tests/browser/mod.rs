//! Shared by the end-to-end test and the browser benchmark: the built page (dist/) served
//! from 127.0.0.1:0, chromedriver on a free port, helpers to wait on the page.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder};
use serde_json::{json, Value};

pub type Res<T> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A static file server for dist/ on a free loopback port; logs every requested path.
#[derive(Clone)]
pub struct Server {
    pub port: u16,
    pub requests: Arc<Mutex<Vec<String>>>,
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js" | "mjs") => "text/javascript",
        Some("wasm") => "application/wasm",
        Some("css") => "text/css",
        Some("svg") => "image/svg+xml",
        Some("json") => "application/json",
        _ => "application/octet-stream",
    }
}

fn serve_one(mut s: TcpStream, mounts: &[(String, PathBuf)], log: &Mutex<Vec<String>>) {
    let mut reader = BufReader::new(match s.try_clone() {
        Ok(c) => c,
        Err(_) => return,
    });
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return;
    }
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).map_or(true, |n| n == 0) || h == "\r\n" {
            break;
        }
    }
    let path = line.split_whitespace().nth(1).unwrap_or("/").to_owned();
    if let Ok(mut l) = log.lock() {
        l.push(path.clone());
    }
    let rel = path
        .split(['?', '#'])
        .next()
        .unwrap_or("/")
        .trim_start_matches('/');
    let rel = if rel.is_empty() { "index.html" } else { rel };
    // The longest mount whose prefix the path starts with serves it.
    let (prefix, dir) = mounts
        .iter()
        .filter(|(p, _)| rel.starts_with(p.as_str()))
        .max_by_key(|(p, _)| p.len())
        .map_or(("", root().join("dist")), |(p, d)| (p.as_str(), d.clone()));
    let rel = &rel[prefix.len()..];
    let file = dir.join(rel);
    let ok = !rel.contains("..") && file.is_file();
    let (status, body, ctype) = if ok {
        (
            "200 OK",
            std::fs::read(&file).unwrap_or_default(),
            content_type(&file),
        )
    } else {
        ("404 Not Found", b"not found".to_vec(), "text/plain")
    };
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = s.write_all(head.as_bytes());
    let _ = s.write_all(&body);
}

pub fn start_server() -> Server {
    start_server_with(Vec::new())
}

/// The same, serving also each (path prefix, folder) of `mounts` (the comparison's pages).
pub fn start_server_with(mut mounts: Vec<(String, PathBuf)>) -> Server {
    let dist = root().join("dist");
    assert!(
        dist.join("index.html").is_file(),
        "dist/ is missing: run `trunk build --release` first (scripts/test.sh does)"
    );
    mounts.push((String::new(), dist));
    let mounts = Arc::new(mounts);
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let requests = Arc::new(Mutex::new(Vec::new()));
    let log = requests.clone();
    std::thread::spawn(move || {
        for s in listener.incoming().flatten() {
            let (mounts, log) = (mounts.clone(), log.clone());
            std::thread::spawn(move || serve_one(s, &mounts, &log));
        }
    });
    Server { port, requests }
}

/// chromedriver on a free port, killed when dropped (only this process: we started it).
pub struct Driver {
    child: Child,
    port: u16,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn start_driver() -> Driver {
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port();
    let child = Command::new(
        std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into()),
    )
    .arg(format!("--port={port}"))
    .stdout(Stdio::null())
    .stderr(Stdio::null())
    .spawn()
    .expect("chromedriver (scripts/setup.sh installs it)");
    let deadline = Instant::now() + Duration::from_secs(20);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "chromedriver did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    Driver { child, port }
}

pub async fn connect(driver: &Driver, profile: &Path) -> Res<Client> {
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into()),
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1280,1800",
                format!("--user-data-dir={}", profile.display()),
            ]
        }),
    );
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    Ok(ClientBuilder::new(connector)
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{}", driver.port))
        .await?)
}

/// Polls a JS expression until it returns something other than null/false.
/// Opens `url` afresh: through about:blank, so that a change of fragment alone reloads the page.
pub async fn reopen(c: &Client, url: &str) -> Res<()> {
    c.goto("about:blank").await?;
    c.goto(url).await?;
    Ok(())
}

/// Chooses files (paths joined by newlines) in the page's file input, once it is there.
pub async fn upload(c: &Client, paths: &str) -> Res<()> {
    let input = c
        .wait()
        .for_element(fantoccini::Locator::Css("[data-testid=file-input]"))
        .await?;
    input.send_keys(paths).await?;
    Ok(())
}

pub async fn wait_js(c: &Client, expr: &str) -> Res<Value> {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let v = c.execute(&format!("return ({expr});"), vec![]).await?;
        if !(v.is_null() || v == Value::Bool(false)) {
            return Ok(v);
        }
        if Instant::now() > deadline {
            return Err(format!("timed out waiting for {expr}").into());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

pub async fn text_of(c: &Client, testid: &str) -> Res<String> {
    let v = wait_js(
        c,
        &format!("document.querySelector('[data-testid=\"{testid}\"]')?.textContent"),
    )
    .await?;
    Ok(v.as_str().unwrap_or_default().trim().to_owned())
}

pub async fn wait_text(c: &Client, testid: &str, want: &str) -> Res<()> {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let got = text_of(c, testid).await.unwrap_or_default();
        if got == want {
            return Ok(());
        }
        if Instant::now() > deadline {
            return Err(format!("{testid}: got {got:?}, want {want:?}").into());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// What the browser benchmarks measure of the page: files to score, and where the time went.
pub struct Measured {
    pub ms: f64,
    /// From the file input's change to the score painted (Element Timing: after the style,
    /// layout and paint that `ms`, the score in the document, leaves out).
    pub painted_ms: f64,
    pub page_memory: f64,
    pub worker_memory: f64,
    /// Where `ms` went (the worker's `Timing`, and when the page got the answer).
    pub split: Split,
    pub longest_task_ms: f64,
    pub score: String,
    /// A what-if slider moved: from its input event to the new numbers rendered.
    pub slider_ms: f64,
}

/// The parts of the time from the file input's change to the score on screen, in ms.
#[derive(Default)]
pub struct Split {
    /// Until the worker began the reading: spawning it (fetching and compiling its wasm) and
    /// the page's request.
    pub start: f64,
    /// The worker working (reading, preparing, analysing).
    pub busy: f64,
    /// The worker waiting for the browser to read a file's next slice.
    pub waited: f64,
    /// The rest of the worker's time: between its answers and the page's next request.
    pub between: f64,
    /// The analysis from the worker to the page: written, posted, read.
    pub answer: f64,
    /// A second lane of the reading (0 when there was none): from starting its worker to its
    /// first word, the worker's wait for it after its own files (part of `waited`), and
    /// taking its records (part of `busy`).
    pub lane_started: f64,
    pub lane_waited: f64,
    pub lane_taken: f64,
    /// The second lane reading its files, and writing their records for the worker.
    pub lane_read: f64,
    pub lane_written: f64,
    /// The worker's end of the reading (the records taken together and prepared) and its
    /// analysis, within `busy`.
    pub finish: f64,
    pub analyse: f64,
    /// The page from the analysis to the score on screen (rendering).
    pub render: f64,
    /// The worker's warm-up before the files came (`reading::warm`), and whether it ran to
    /// its end (else a request stopped it).
    pub warmed: f64,
    pub warmed_whole: bool,
    /// The warm-up's longest step (what a request may have waited for).
    pub warm_step: f64,
}

impl Split {
    /// `t`: the page's `storescoreTiming`; `t0`, `t1`: the change and the score on screen, on
    /// the page's clock (ms since its `timeOrigin`, `origin`); `lane`: what the worker said
    /// of a second lane on the `storescore-lane` channel (null: there was none).
    fn of(t: &serde_json::Value, origin: f64, t0: f64, t1: f64, lane: &serde_json::Value) -> Split {
        let f = |k: &str| t[k].as_f64().unwrap_or(f64::NAN);
        let lane = |k: &str| lane[k].as_f64().unwrap_or(0.0);
        let (began, sent, received) = (f("began_at"), f("sent_at"), f("received_at"));
        let (busy, waited) = (f("busy_ms"), f("waited_ms"));
        Split {
            start: began - (origin + t0),
            busy,
            waited,
            between: sent - began - busy - waited,
            answer: received - sent,
            render: origin + t1 - received,
            lane_started: lane("started_ms"),
            lane_waited: lane("waited_ms"),
            lane_taken: lane("taken_ms"),
            finish: lane("finish_ms"),
            analyse: lane("analyse_ms"),
            lane_read: lane("read_ms"),
            lane_written: lane("written_ms"),
            warmed: lane("warmed_ms"),
            warmed_whole: lane("warmed") > 0.0,
            warm_step: lane("warm_step_ms"),
        }
    }
}

/// Uploads `files` through the page's file input and waits for the score; then moves a
/// slider once.
///
/// `choosing`: the time the seller takes to choose the files after pressing the file picker
/// (zero: the files come as the page shows, the worker started with them). The page starts
/// its worker when the picker is pressed, and the worker warms up meanwhile.
pub async fn measure(
    c: &Client,
    base: &str,
    files: &[String],
    choosing: Duration,
) -> Res<Measured> {
    // A fresh page: the last session kept in this browser (an earlier size's) would put a
    // score on screen before the files are read.
    reopen(c, base).await?;
    c.execute("localStorage.clear(); return true;", vec![])
        .await?;
    reopen(c, base).await?;
    wait_js(
        c,
        "!!document.querySelector('[data-testid=\"file-input\"]')",
    )
    .await?;
    c.execute(
        "window.__t0 = null; window.__t1 = null; window.__p1 = null; window.__longs = [];
         new PerformanceObserver((list) => {
           for (const e of list.getEntries()) { if (e.identifier === 'score' && window.__t0 !== null && window.__p1 === null) window.__p1 = e.renderTime || e.loadTime; }
         }).observe({ type: 'element', buffered: false });
         window.__lane = null; window.__laneChannel = new BroadcastChannel('storescore-lane');
         window.__laneChannel.onmessage = (e) => { window.__lane = Object.assign(window.__lane || {}, e.data); };
         new PerformanceObserver((list) => {
           for (const e of list.getEntries()) window.__longs.push([e.startTime, e.duration]);
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
    if !choosing.is_zero() {
        c.execute(
            "document.querySelector('[data-testid=\"dropzone\"]').dispatchEvent(new PointerEvent('pointerdown', { bubbles: true })); return true;",
            vec![],
        )
        .await?;
        tokio::time::sleep(choosing).await;
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
                        "return [window.storescoreTiming, performance.timeOrigin, window.__lane];",
                        vec![],
                    )
                    .await?;
                let split = Split::of(
                    &timing[0],
                    timing[1].as_f64().unwrap_or(f64::NAN),
                    v[0].as_f64().unwrap_or(0.0),
                    v[1].as_f64().unwrap_or(0.0),
                    &timing[2],
                );
                let score = c
                    .execute("return document.querySelector('[data-testid=\"overall-score\"]').textContent;", vec![])
                    .await?;
                // The score painted (Element Timing: its text's first paint; a build without
                // the attribute has none).
                let p1 = wait_js(
                    c,
                    "window.__p1 || (!document.querySelector('[elementtiming]') && 'none')",
                )
                .await?
                .as_f64()
                .unwrap_or(f64::NAN);
                let painted = p1 - v[0].as_f64().unwrap_or(0.0);
                // The tasks that began between the change and the score painted (by their
                // start: the observer hears of a task after it ends).
                let longest = c
                    .execute(
                        "const [t0, end] = arguments; return Math.max(0, ...window.__longs.filter(([s]) => s >= t0 && s < end).map(([, d]) => d));",
                        vec![v[0].clone(), json!(if p1.is_nan() { v[1].as_f64().unwrap_or(0.0) } else { p1 })],
                    )
                    .await?;
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
                    painted_ms: painted,
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
