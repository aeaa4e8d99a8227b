//! End to end in real headless Chromium: the built page (dist/) served from 127.0.0.1:0,
//! chromedriver on a free port, one session that is always closed. Every number the page shows
//! is compared with what the core computes natively for the same input.
//!
//! Each test is a topic of its own (a module here) in its own browser session, so that one
//! failure hides nothing of the others. Needs `trunk build --release` first; `scripts/test.sh`
//! runs it (feature `e2e`).

#[path = "../browser/mod.rs"]
mod browser;
mod exports;
mod intake;
mod links;
mod outlook;
mod phone;
mod readings;
mod report;
mod rulebooks;

use std::path::PathBuf;

use browser::{
    connect, reopen, start_driver, start_server, text_of, upload, wait_js, wait_text, Res, Server,
};
use fantoccini::{Client, Locator};
use reading::json::RulebookJson;
use reading::session;
use serde_json::json;
use storescore_core::engine::{self, Report, Settings};
use storescore_core::metrics::MetricId;
use storescore_core::rulebook::{builtin, builtin_by_id, Rulebook};
use storescore_core::whatif::Scenario;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

async fn screenshot(c: &Client, name: &str) -> Res<()> {
    // Full-page: grow the window to the document height first.
    let h = c
        .execute("return document.documentElement.scrollHeight;", vec![])
        .await?;
    let h = h.as_u64().unwrap_or(1800).min(12_000) as u32;
    c.set_window_size(1280, h).await?;
    let png = c.screenshot().await?;
    let dir = root().join("target").join("screenshots");
    std::fs::create_dir_all(&dir)?;
    std::fs::write(dir.join(format!("{name}.png")), png)?;
    c.set_window_size(1280, 1800).await?;
    Ok(())
}

/// The window as it is (no resize): fast, for a state that lasts a second or two.
async fn screenshot_view(c: &Client, name: &str) -> Res<()> {
    let png = c.screenshot().await?;
    let dir = root().join("target").join("screenshots");
    std::fs::create_dir_all(&dir)?;
    std::fs::write(dir.join(format!("{name}.png")), png)?;
    Ok(())
}

/// The sample store's report as the core computes it natively.
fn native_sample_report(scenario: &Scenario) -> Report {
    let loaded = session::sample();
    let rbs = builtin();
    let a = loaded
        .analyse(&Settings::default(), &rbs)
        .expect("analysis");
    engine::report(&a.baseline, &rbs, &Default::default(), scenario)
}

fn score_text(r: &Report) -> String {
    format!(
        "{:.1}",
        r.score.as_ref().map(|s| s.total).unwrap_or(f64::NAN)
    )
}

fn level_en(r: &Report) -> String {
    let id = r
        .score
        .as_ref()
        .and_then(|s| s.level.clone())
        .unwrap_or_default();
    let mut c = id.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

async fn set_slider(c: &Client, id: &str, value: f64) -> Res<()> {
    c.execute(
        "const el = document.querySelector(`[data-testid=\"slider-${arguments[0]}\"]`);
         const set = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
         set.call(el, String(arguments[1]));
         el.dispatchEvent(new Event('input', { bubbles: true }));
         return true;",
        vec![json!(id), json!(value)],
    )
    .await?;
    Ok(())
}

async fn set_select(c: &Client, testid: &str, value: &str) -> Res<()> {
    c.execute(
        "const el = document.querySelector(`[data-testid=\"${arguments[0]}\"]`);
         el.value = arguments[1];
         el.dispatchEvent(new Event('change', { bubbles: true }));
         return true;",
        vec![json!(testid), json!(value)],
    )
    .await?;
    Ok(())
}

async fn assert_no_csp_violation(c: &Client) -> Res<()> {
    let v = c
        .execute(
            "return [document.documentElement.dataset.cspViolations, document.documentElement.dataset.cspLast || ''];",
            vec![],
        )
        .await?;
    assert_eq!(v[0], json!("0"), "CSP violations: {v}");
    Ok(())
}

/// The page printed to PDF (target/screenshots/NAME.pdf), to be looked at.
/// Prints the page to target/screenshots/`name`.pdf; says how many pages it has.
pub(crate) async fn print_pdf(c: &Client, name: &str) -> Res<usize> {
    let pdf = c
        .print(fantoccini::wd::PrintConfiguration::default())
        .await?;
    assert!(pdf.starts_with(b"%PDF"), "not a PDF");
    // Chromium writes each page's dictionary uncompressed: `/Type /Page` (not `/Pages`).
    let pages = pdf
        .windows(11)
        .enumerate()
        .filter(|(i, w)| *w == b"/Type /Page" && pdf.get(i + 11) != Some(&b's'))
        .count();
    let dir = root().join("target").join("screenshots");
    std::fs::create_dir_all(&dir)?;
    std::fs::write(dir.join(format!("{name}.pdf")), pdf)?;
    Ok(pages)
}

/// axe-core's violations on the page as it is now: "rule xN: first targets".
pub(crate) async fn axe_violations(c: &Client) -> Res<Vec<String>> {
    let path = std::env::var("STORESCORE_AXE")
        .map_err(|_| "STORESCORE_AXE is not set: source scripts/env.sh")?;
    let source = std::fs::read_to_string(&path)
        .map_err(|e| format!("{path}: {e} (run scripts/setup.sh)"))?;
    let loaded = c
        .execute("return typeof window.axe === 'object';", vec![])
        .await?;
    if loaded != json!(true) {
        c.execute(
            &format!("{source}\n;window.axe = axe; return true;"),
            vec![],
        )
        .await?;
    }
    let v = c
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, { resultTypes: ['violations'] }).then(r => done(r.violations.map(v =>
               v.id + ' x' + v.nodes.length + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))));",
            vec![],
        )
        .await?;
    Ok(serde_json::from_value(v)?)
}

/// Runs `steps` on the built page in a fresh headless Chromium session, which is closed
/// whatever happens: the steps run in their own task, so that a failed assertion (a panic)
/// too comes back here, the session is closed (else Chromium outlives the test), then it is
/// reported.
async fn in_browser<F, Fut>(tag: &str, steps: F)
where
    F: FnOnce(Client, String, Server) -> Fut,
    Fut: std::future::Future<Output = Res<()>> + Send + 'static,
{
    // One browser at a time: six Chromiums and chromedrivers starting at once on two cores
    // refused connections (a session failed to start).
    static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());
    let _turn = ONE_AT_A_TIME.lock().await;
    let server = start_server();
    let driver = start_driver();
    let profile =
        std::env::temp_dir().join(format!("storescore-chromium-{tag}-{}", std::process::id()));
    let client = connect(&driver, &profile).await.expect("webdriver session");
    let base = format!("http://127.0.0.1:{}/", server.port);
    let run = tokio::spawn(steps(client.clone(), base, server.clone()));
    let result = run.await;
    let _ = client.close().await;
    drop(driver);
    let _ = std::fs::remove_dir_all(&profile);
    match result {
        Ok(Ok(())) => {}
        Ok(Err(e)) => panic!("{e}"),
        Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
        Err(e) => panic!("{e}"),
    }
}

/// Ends every session: no CSP violation anywhere, and every resource came from the page's own
/// origin (each a static file of the page).
async fn nothing_left_the_page(c: &Client, server: &Server) -> Res<()> {
    // No CSP violation anywhere, and every resource came from the page's own origin.
    assert_no_csp_violation(c).await?;
    let foreign = c
        .execute(
            "return performance.getEntriesByType('resource').map(e => e.name).filter(n => !n.startsWith(location.origin));",
            vec![],
        )
        .await?;
    assert_eq!(foreign, json!([]), "requests beyond the page's own files");
    let reqs = server
        .requests
        .lock()
        .map(|r| r.clone())
        .unwrap_or_default();
    assert!(!reqs.is_empty());
    let dist = root().join("dist");
    for r in &reqs {
        let path = r
            .split(['?', '#'])
            .next()
            .unwrap_or("/")
            .trim_start_matches('/');
        assert!(
            path.is_empty() || dist.join(path).is_file(),
            "request for {r} is not a static file of the page"
        );
    }
    // The detector itself works: an injected inline style is refused and counted.
    c.execute(
        "const d = document.createElement('div'); d.setAttribute('style', 'color:red'); document.body.append(d); return true;",
        vec![],
    )
    .await?;
    wait_js(c, "document.documentElement.dataset.cspViolations === '1'").await?;
    Ok(())
}

/// The sample store: score, level, charts, records, rulebooks, sliders, a link, Chinese.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sample_store_report_in_headless_chromium() {
    in_browser("report", |c, base, server| async move {
        report::sample_store(&c, &base).await?;
        nothing_left_the_page(&c, &server).await
    })
    .await;
}

/// Damaged, newer and earlier links.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn links_not_of_today_in_headless_chromium() {
    in_browser("links", |c, base, server| async move {
        links::bad_and_earlier_links(&c, &base).await?;
        nothing_left_the_page(&c, &server).await
    })
    .await;
}

/// The sample's CSVs uploaded, and a store with more records than a table shows.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn uploads_in_headless_chromium() {
    in_browser("uploads", |c, base, server| async move {
        intake::uploads(&c, &base).await?;
        nothing_left_the_page(&c, &server).await
    })
    .await;
}

/// Dropped files with a bad row, an empty one, markup in a name; the mapping step.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn drops_and_mapping_in_headless_chromium() {
    in_browser("drops", |c, base, server| async move {
        intake::drops_and_mapping(&c, &base).await?;
        nothing_left_the_page(&c, &server).await
    })
    .await;
}

/// A file's encoding and the files' zone, a large file's progress and Cancel, a file lost
/// while read, a worker that stops.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reading_options_zone_large_file_and_lost_worker_in_headless_chromium() {
    in_browser("reading", |c, base, server| async move {
        readings::options_zone_large_file_and_lost_worker(&c, &base).await?;
        nothing_left_the_page(&c, &server).await
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn coverage_first_in_headless_chromium() {
    in_browser("coverage", |c, base, _| async move {
        exports::coverage_first(&c, &base).await
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn accessibility_in_headless_chromium() {
    in_browser("axe", |c, base, _| async move {
        phone::accessibility(&c, &base).await
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn recovery_targets_and_changes_in_headless_chromium() {
    in_browser("outlook", |c, base, _| async move {
        outlook::recovery_targets_and_changes(&c, &base).await
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn regions_inputs_and_sources_in_headless_chromium() {
    in_browser("regions", |c, base, _| async move {
        rulebooks::regions_inputs_and_sources(&c, &base).await
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn real_exports_in_headless_chromium() {
    in_browser("exports", |c, base, _| async move {
        exports::real_exports(&c, &base).await
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn visits_and_stores_in_headless_chromium() {
    in_browser("visits", |c, base, _| async move {
        outlook::visits_and_stores(&c, &base).await
    })
    .await;
}
