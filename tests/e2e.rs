//! End to end in real headless Chromium: the built page (dist/) served from 127.0.0.1:0,
//! chromedriver on a free port, one session that is always closed. Every number the page shows
//! is compared with what the core computes natively for the same input.
//!
//! Needs `trunk build --release` first; `scripts/test.sh` runs it (feature `e2e`).

mod browser;

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

async fn steps(c: &Client, base: &str, server: &Server) -> Res<()> {
    // 1. The empty page: name, language switch, drop zone, sample button; a strict CSP.
    c.goto(base).await?;
    wait_js(c, "document.querySelector('[data-testid=\"try-sample\"]')").await?;
    let csp = c
        .execute("return document.querySelector('meta[http-equiv=\"Content-Security-Policy\"]')?.content;", vec![])
        .await?;
    let csp = csp.as_str().unwrap_or_default().to_owned();
    for part in [
        "default-src 'none'",
        "connect-src 'self'",
        "'wasm-unsafe-eval'",
        "'sha256-",
        "style-src 'self';",
    ] {
        assert!(csp.contains(part), "CSP lacks {part}: {csp}");
    }
    assert!(
        !csp.contains("unsafe-inline") && !csp.contains("'unsafe-eval'"),
        "{csp}"
    );
    assert_eq!(c.title().await?, "Storescore");
    assert!(text_of(c, "dropzone").await?.contains("Drop your"));
    // The browser check for WebAssembly SIMD ran (its inline script allowed by its hash) and
    // passed: no banner. The banner is still there once the app has mounted (regression: the
    // app mounted in <body>, which Yew empties, so the panic hook found no banner to show).
    let fatal = c
        .execute(
            "return [document.documentElement.dataset.wasmSimd, document.getElementById('fatal').className,
                     document.getElementById('fatal').textContent];",
            vec![],
        )
        .await?;
    assert_eq!(fatal, json!(["true", "fatal", ""]), "the SIMD check");
    screenshot(c, "empty-en").await?;
    // A drag entering the drop zone starts the worker (its wasm loads while files come).
    c.execute(
        "window.__workers = 0; const W = window.Worker;
         window.Worker = class extends W { constructor(...a) { super(...a); window.__workers++; } };
         document.querySelector('[data-testid=\"dropzone\"]').dispatchEvent(new DragEvent('dragenter', { bubbles: true }));
         return true;",
        vec![],
    )
    .await?;
    wait_js(c, "window.__workers === 1").await?;

    // 2. Sample store -> the score and level the core computes.
    let baseline = native_sample_report(&Scenario::default());
    c.find(Locator::Css("[data-testid=try-sample]"))
        .await?
        .click()
        .await?;
    wait_text(c, "overall-score", &score_text(&baseline)).await?;
    wait_text(c, "level", &level_en(&baseline)).await?;
    let late = baseline.metrics[&MetricId::LateShipmentRate]
        .value
        .unwrap_or_default();
    wait_text(
        c,
        "metric-late_shipment_rate",
        &format!("{:.1}%", late * 100.0),
    )
    .await?;
    for id in [
        "non_fulfilment",
        "nr_dispute",
        "snad_dispute",
        "dsr_item",
        "dsr_communication",
        "dsr_shipping",
    ] {
        text_of(c, &format!("indicator-{id}")).await?;
    }
    let status = wait_js(
        c,
        "document.querySelector('[data-testid=\"check-ship-before-deadline\"]')?.dataset.status",
    )
    .await?;
    let native = baseline
        .rulebook("aliexpress-service-rules")
        .and_then(|r| r.checks.iter().find(|c| c.id == "ship-before-deadline"))
        .map(|c| c.status);
    assert_eq!(status, json!("failed"), "native: {native:?}");
    // Every chart draws inside its view box: one narrower than its drawing clips it and
    // scales its text up (the daily chart's once took the other charts' width).
    let fit = c
        .execute(
            "const charts = [...document.querySelectorAll('figure.chart svg')];
             const outside = charts.filter((s) => {
               const v = s.viewBox.baseVal, b = s.getBBox();
               return b.x < v.x - 1 || b.y < v.y - 1 || b.x + b.width > v.x + v.width + 1
                 || b.y + b.height > v.y + v.height + 1;
             }).map((s) => s.getAttribute('aria-label'));
             return [charts.length, outside];",
            vec![],
        )
        .await?;
    assert!(fit[0].as_u64().unwrap_or(0) >= 9, "charts: {fit}");
    assert_eq!(fit[1], json!([]), "charts drawn outside their view box");
    // Dispute reasons are written out, each after its kind (not a kind's initials under a
    // bar with the reason in a tooltip).
    let reasons = text_of(c, "chart-reasons").await?;
    assert!(
        reasons.contains("not as described · ") && reasons.contains("not received · "),
        "{reasons}"
    );
    // A count has no numerator and denominator to show (it once read "958 / 1").
    let fractions = c
        .execute(
            "return ['orders_paid', 'late_shipment_rate'].map((id) =>
               document.querySelector(`[data-testid=\"metric-${id}\"]`).nextElementSibling.textContent);",
            vec![],
        )
        .await?;
    assert_eq!(fractions[0], json!(""), "{fractions}");
    // Each weekday's share is written over its bar: the sample's weekend turns are answered
    // within 24 h none of the time, which a bar of height 0 alone does not tell from no turns.
    let weekday = c
        .execute(
            "return [...document.querySelectorAll('[data-testid=\"chart-weekday\"] g > text:last-child')]
               .map((t) => t.textContent);",
            vec![],
        )
        .await?;
    let shares: Vec<&str> = weekday
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str())
        .collect();
    assert_eq!(shares.len(), 7, "{weekday}");
    assert!(shares.iter().all(|t| t.ends_with('%')), "{weekday}");
    assert_eq!(shares[5], "0%", "the sample's Saturday: {weekday}");
    assert!(
        fractions[1].as_str().is_some_and(|t| t.contains(" / ")),
        "{fractions}"
    );
    screenshot(c, "report-en").await?;
    assert_no_csp_violation(c).await?;

    // Another window: the worker computes it; meanwhile the report says it is busy (dimmed),
    // then shows the new numbers. Back to 30 days for the steps that follow. The observer
    // starts once no analysis is under way (else the report is busy already and never turns
    // busy), and reads each change's old value too (busy and back within one task is seen).
    wait_js(c, "document.querySelector('[data-testid=\"report-area\"]')?.getAttribute('aria-busy') === 'false'").await?;
    c.execute(
        "window.__sawBusy = false;
         new MutationObserver((records) => {
           const busy = (v) => v === 'true';
           const area = (r) => r.target.dataset?.testid === 'report-area';
           if (records.some((r) => area(r) && (busy(r.oldValue) || busy(r.target.getAttribute('aria-busy'))))) window.__sawBusy = true;
         }).observe(document.body, { attributes: true, attributeOldValue: true, subtree: true, attributeFilter: ['aria-busy'] });
         return true;",
        vec![],
    )
    .await?;
    let label_30 = text_of(c, "window-label").await?;
    set_select(c, "window", "60").await?;
    let busy_and_back = "window.__sawBusy && document.querySelector('[data-testid=\"report-area\"]')?.getAttribute('aria-busy') === 'false'";
    if let Err(e) = wait_js(c, busy_and_back).await {
        // What the page shows, to tell a missed busy state from an analysis that never came.
        let page = c
            .execute(
                "const q = (id) => document.querySelector(`[data-testid=\"${id}\"]`);
                 return [window.__sawBusy, q('report-area')?.getAttribute('aria-busy'),
                         q('window')?.value, q('window-label')?.textContent,
                         document.querySelector('[role=alert], .notice')?.textContent];",
                vec![],
            )
            .await;
        return Err(format!("{e}; the page: {page:?}").into());
    }
    assert_ne!(text_of(c, "window-label").await?, label_30);
    set_select(c, "window", "30").await?;
    wait_js(c, "document.querySelector('[data-testid=\"report-area\"]')?.getAttribute('aria-busy') === 'false'").await?;
    wait_text(c, "overall-score", &score_text(&baseline)).await?;
    assert_eq!(text_of(c, "window-label").await?, label_30);

    // The date picker: the chosen day is the window's last; the worker makes it an instant (the
    // page has no time-zone tables) and says the window's days back.
    let settings = Settings {
        last_day: chrono::NaiveDate::from_ymd_opt(2026, 10, 20),
        ..Settings::default()
    };
    let loaded = session::sample();
    let earlier = loaded.analyse(&settings, &builtin()).ok_or("no analysis")?;
    assert_eq!(earlier.dates.last_day, "2026-10-20");
    set_select(c, "as-of", "2026-10-20").await?;
    let label = format!(
        "{} – {} (Asia/Shanghai)",
        earlier.dates.first, earlier.dates.last_day
    );
    wait_text(c, "window-label", &label).await?;
    let report = engine::report(
        &earlier.baseline,
        &builtin(),
        &Default::default(),
        &Scenario::default(),
    );
    wait_text(c, "overall-score", &score_text(&report)).await?;
    wait_js(
        c,
        "document.querySelector('[data-testid=\"as-of\"]').value === '2026-10-20'",
    )
    .await?;
    set_select(c, "as-of", "").await?;
    wait_text(c, "window-label", &label_30).await?;
    wait_text(c, "overall-score", &score_text(&baseline)).await?;

    // Rulebooks: the worker writes the export and reads the import (the page has no JSON
    // parser); an invalid one is refused with the reason; Reset gives the shipped one back.
    c.execute(
        "window.__blobs = []; window.__make = URL.createObjectURL; window.__click = HTMLAnchorElement.prototype.click;
         URL.createObjectURL = b => { window.__blobs.push(b); return window.__make.call(URL, b); };
         HTMLAnchorElement.prototype.click = function () { window.__download = this.download; };
         return true;",
        vec![],
    )
    .await?;
    let ebay = "ebay-seller-levels";
    c.find(Locator::Css(&format!(
        "[data-testid=rulebook-{ebay}] summary"
    )))
    .await?
    .click()
    .await?;
    c.find(Locator::Css(&format!("[data-testid=export-{ebay}]")))
        .await?
        .click()
        .await?;
    wait_js(c, &format!("window.__download === '{ebay}.json' && window.__blobs.length === 1 && (window.__blobs[0].text().then(t => window.__exported = t), true)")).await?;
    let exported = wait_js(c, "window.__exported").await?;
    let mut rb = Rulebook::from_json(exported.as_str().unwrap_or_default())?;
    assert_eq!(rb, builtin_by_id(ebay)?);
    // A check's violating records as CSV: the core's records, written as the csv crate would.
    c.execute(
        "document.querySelector('[data-testid=\"download-ship-before-deadline\"]').click(); return true;",
        vec![],
    )
    .await?;
    wait_js(c, "window.__download === 'ship-before-deadline-records.csv' && window.__blobs.length === 2 && (window.__blobs[1].text().then(t => window.__csv = t), true)").await?;
    let csv = wait_js(c, "window.__csv").await?;
    // Every late record with the times that decide it, as the core reads them natively.
    let loaded = session::sample();
    let analysis = loaded
        .analyse(&Settings::default(), &builtin())
        .ok_or("no analysis")?;
    let records = &analysis.records[&(30, MetricId::LateShipmentRate)];
    assert!(!records.is_empty());
    let rows = storescore_core::evidence::evidence(
        &loaded.prepared,
        &analysis.params,
        MetricId::LateShipmentRate,
        records,
    );
    let want = reading::export::evidence_csv(&rows, analysis.params.tz, text::i18n::Lang::En);
    assert_eq!(csv.as_str(), Some(want.as_str()));
    assert!(
        want.lines().nth(1).is_some_and(|l| l.contains(",20")),
        "{want}"
    );
    // The page's table shows each record's order and the times that decide it, in the
    // store's zone: the first row (the latest shipment) as the core reads it natively.
    let first = engine::RecordOrder::Hours.sorted(records, true)[0];
    let times = storescore_core::evidence::RecordTimes::of(
        &storescore_core::evidence::of_violation(&loaded.prepared, first),
        analysis.params.tz,
    );
    assert!(times.times.len() >= 3, "{times:?}");
    let shown = c
        .execute(
            "const d = document.querySelector('[data-testid=\"download-ship-before-deadline\"]').closest('details'); d.open = true; return d.querySelector(':scope > table > tbody > tr').textContent;",
            vec![],
        )
        .await?;
    let shown = shown.as_str().unwrap_or_default();
    assert!(shown.starts_with(&first.record), "{shown}");
    for (_, at) in &times.times {
        assert!(shown.contains(at.as_str()), "{at} in {shown}");
    }
    // The disputes a rate left out are listed under its records, with why, as the core
    // finds them.
    let native: Vec<(u64, String)> = analysis
        .records
        .keys()
        .map(|&(w, m)| {
            storescore_core::evidence::exempted(
                &loaded.prepared,
                &analysis.params.with_window(w),
                m,
            )
        })
        .filter(|rows| !rows.is_empty())
        .map(|rows| {
            (
                rows.len().min(engine::RECORDS_LISTED) as u64,
                rows[0].record.clone(),
            )
        })
        .collect();
    assert!(!native.is_empty());
    let shown = c
        .execute(
            "const t = document.querySelector('table.exempted'); return t ? [t.querySelectorAll('tbody tr').length, t.querySelector('tbody td').textContent] : null;",
            vec![],
        )
        .await?;
    let shown = (
        shown[0].as_u64().unwrap_or_default(),
        shown[1].as_str().unwrap_or_default().to_owned(),
    );
    assert!(native.contains(&shown), "{shown:?} among {native:?}");
    // One check's records print alone (what "Print these records" does, without the print
    // dialog): 27 records with their times on a few pages, not the report's ten.
    c.execute(
        "const d = document.querySelector('[data-testid=\"download-ship-before-deadline\"]').closest('details'); d.setAttribute('data-printing', ''); document.body.setAttribute('data-print-part', ''); return true;",
        vec![],
    )
    .await?;
    let pages = print_pdf(c, "evidence-en").await?;
    c.execute(
        "document.querySelector('[data-printing]').removeAttribute('data-printing'); document.body.removeAttribute('data-print-part'); return true;",
        vec![],
    )
    .await?;
    assert!((1..=5).contains(&pages), "{pages} pages");
    // Every chart's values are in a table too: one row per indicator.
    let rows = c
        .execute(
            "return document.querySelectorAll('[data-testid=\"chart-indicators-data\"] tbody tr').length;",
            vec![],
        )
        .await?;
    let indicators = builtin_by_id("aliexpress-service-score")?
        .score
        .map_or(0, |s| s.indicators.len());
    assert!(indicators > 0);
    assert_eq!(rows, json!(indicators));
    // A fact typed in (read by the browser as a number): the check it feeds follows it.
    let status =
        "document.querySelector('[data-testid=\"check-inn-new-products\"]')?.dataset.status";
    assert_eq!(wait_js(c, status).await?, json!("not-assessed"));
    for (typed, want) in [("3", "passed"), ("0", "failed"), ("", "not-assessed")] {
        set_select(c, "input-new_products_90d", typed).await?;
        wait_js(c, &format!("{status} === '{want}'")).await?;
    }
    c.execute(
        "URL.createObjectURL = window.__make; HTMLAnchorElement.prototype.click = window.__click; return true;",
        vec![],
    )
    .await?;
    let dir = std::env::temp_dir().join(format!("storescore-e2e-rb-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let window_input = format!("[data-testid=setting-{ebay}-window_days]");
    let window_is = |v: &str| format!("document.querySelector('{window_input}')?.value === '{v}'");
    wait_js(c, &window_is("90")).await?;
    let import = c
        .find(Locator::Css("[data-testid=import-rulebook]"))
        .await?;
    rb.set("window_days", 120.0)?;
    let edited = dir.join("edited.json");
    std::fs::write(&edited, rb.to_json())?;
    import.send_keys(&edited.display().to_string()).await?;
    wait_js(c, "document.querySelector('[data-testid=\"notice\"]')?.textContent.startsWith('Rulebook imported.')").await?;
    wait_js(c, &window_is("120")).await?;
    let invalid = dir.join("invalid.json");
    std::fs::write(
        &invalid,
        rb.to_json()
            .replace("\"window_days\": 120", "\"window_days\": 0"),
    )?;
    import.send_keys(&invalid.display().to_string()).await?;
    wait_js(c, "document.querySelector('[data-testid=\"notice\"]')?.textContent.includes('window_days must be at least 1')").await?;
    wait_js(c, &window_is("120")).await?;
    c.find(Locator::Css(&format!("[data-testid=reset-{ebay}]")))
        .await?
        .click()
        .await?;
    wait_js(c, &window_is("90")).await?;
    std::fs::remove_dir_all(&dir)?;

    // 3. A slider moves the score and the level exactly as the core predicts.
    set_slider(c, "snad_dispute_rate", 0.0).await?;
    set_slider(c, "dsr_item_avg", 5.0).await?;
    let mut s = Scenario::default();
    s.set.insert(MetricId::SnadDisputeRate, 0.0);
    s.set.insert(MetricId::DsrItemAvg, 5.0);
    let moved = native_sample_report(&s);
    assert_ne!(score_text(&moved), score_text(&baseline));
    wait_text(c, "overall-score", &score_text(&moved)).await?;
    wait_text(c, "level", &level_en(&moved)).await?;
    // By keyboard: one ArrowRight on a focused slider changes the score again.
    let before_key = text_of(c, "overall-score").await?;
    let slider = c
        .find(Locator::Css("[data-testid='slider-dsr_communication_avg']"))
        .await?;
    slider.send_keys("\u{E014}").await?; // ArrowRight
    let v = wait_js(c, "parseFloat(document.querySelector('[data-testid=\"slider-dsr_communication_avg\"]').value)").await?;
    s.set.insert(
        MetricId::DsrCommunicationAvg,
        v.as_f64().unwrap_or_default(),
    );
    let keyed = native_sample_report(&s);
    wait_text(c, "overall-score", &score_text(&keyed)).await?;
    assert_ne!(before_key, score_text(&keyed));

    // 4. Copy link -> a fresh page at that URL shows the same numbers with no files.
    c.find(Locator::Css("[data-testid=copy-link]"))
        .await?
        .click()
        .await?;
    let url = wait_js(c, "location.hash.length > 10 && location.href").await?;
    let url = url.as_str().unwrap_or_default().to_owned();
    assert!(url.len() < 2000, "link of {} characters", url.len());
    reopen(c, &url).await?;
    wait_text(c, "overall-score", &score_text(&keyed)).await?;
    wait_text(c, "level", &level_en(&keyed)).await?;
    assert!(text_of(c, "source").await?.contains("Shared scenario"));

    // 5. Language switch: Chinese, remembered across a reload.
    c.find(Locator::Css("[data-testid=lang-switch]"))
        .await?
        .click()
        .await?;
    wait_js(c, "document.documentElement.lang === 'zh-CN'").await?;
    assert!(text_of(c, "source").await?.contains("分享的情景"));
    reopen(c, &format!("{base}#sample")).await?;
    wait_text(c, "overall-score", &score_text(&baseline)).await?;
    let level_zh = text_of(c, "level").await?;
    assert!(
        ["优秀", "良好", "及格", "不及格"].contains(&level_zh.as_str()),
        "{level_zh}"
    );
    let reasons = text_of(c, "chart-reasons").await?;
    assert!(reasons.contains("货不对版 · "), "{reasons}");
    // The rulebooks' notes are Chinese too (they once were English on the Chinese page).
    let ebay = text_of(c, "peer-ebay-seller-levels").await?;
    assert!(ebay.contains("近 3 个月评估"), "{ebay}");
    // Chinese punctuation in Chinese text (it read "上月等级 (2026-10): 及格").
    let monthly = text_of(c, "monthly-level").await?;
    assert!(
        monthly.starts_with("上月等级（20") && monthly.contains("）："),
        "{monthly}"
    );
    // So are the charts' tooltips (a carrier's once read "delivered, ... after the promised date").
    let tip = wait_js(
        c,
        "document.querySelector('[data-testid=\"chart-carriers\"] rect title')?.textContent",
    )
    .await?;
    assert!(tip.as_str().is_some_and(|t| t.contains("已送达")), "{tip}");
    screenshot(c, "report-zh").await?;
    c.find(Locator::Css("[data-testid=lang-switch]"))
        .await?
        .click()
        .await?;
    wait_js(c, "document.documentElement.lang === 'en'").await?;

    // 6. A bad link: a clear message and the normal page.
    for bad in ["v2.bm90IGEgbGluaw", "v1.bm90IGEgbGluaw"] {
        reopen(c, &format!("{base}#{bad}")).await?;
        let notice = text_of(c, "notice").await?;
        assert!(notice.contains("damaged or incomplete"), "{notice}");
    }
    wait_js(c, "document.querySelector('[data-testid=\"try-sample\"]')").await?;
    reopen(c, &format!("{base}#v7.whatever")).await?;
    assert!(text_of(c, "notice").await?.contains("newer version"));
    // A link made before links were postcard (JSON inside): the worker reads it.
    let v1 = include_str!("links/golden-v1.txt").trim();
    reopen(c, &format!("{base}#{v1}")).await?;
    assert!(text_of(c, "source").await?.contains("Shared scenario"));
    wait_text(c, "metric-late_shipment_rate", "3.3%").await?;

    // 7. Upload through the file input: the sample store's CSVs give the same score.
    let dir = std::env::temp_dir().join(format!("storescore-e2e-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let mut paths = Vec::new();
    for (name, text) in reading::sample::generate_csv(session::SAMPLE_ORDERS, session::SAMPLE_SEED)
    {
        let p = dir.join(name);
        std::fs::write(&p, text)?;
        paths.push(p.display().to_string());
    }
    reopen(c, base).await?;
    upload(c, &paths.join("\n")).await?;
    wait_text(c, "overall-score", &score_text(&baseline)).await?;
    assert!(text_of(c, "source").await?.contains("orders.csv"));
    assert!(text_of(c, "diagnostics")
        .await?
        .contains("orders.csv: orders"));
    // All four kinds are there: no note of a missing one.
    let note = c
        .execute(
            "return document.querySelector('[data-testid=\"missing-kinds\"]') === null;",
            vec![],
        )
        .await?;
    assert_eq!(
        note,
        json!(true),
        "a missing kind noted with all four files"
    );

    // 7b. A store with more violating records than a table shows: the page got only the
    // records its table shows first (in any order it sorts them), says how many there are,
    // and the worker writes all of them for the download.
    let bigger = dir.join("bigger");
    std::fs::create_dir_all(&bigger)?;
    let mut paths = Vec::new();
    for (name, text) in reading::sample::generate_csv(12_000, 5) {
        let p = bigger.join(name);
        std::fs::write(&p, &text)?;
        paths.push(p);
    }
    let loaded = session::load(
        paths
            .iter()
            .map(|p| {
                Ok((
                    p.file_name().unwrap().to_string_lossy().into_owned(),
                    std::fs::read(p)?,
                ))
            })
            .collect::<std::io::Result<Vec<_>>>()?
            .iter()
            .map(|(n, b)| (n.as_str(), b.as_slice())),
        &Default::default(),
    );
    let whole = loaded
        .analyse(&Settings::default(), &builtin())
        .ok_or("no analysis")?;
    let all = &whole.records[&(30, MetricId::ResponseWithin24hRate)];
    assert!(all.len() > engine::RECORDS_LISTED, "{}", all.len());
    upload(
        c,
        &paths
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join("\n"),
    )
    .await?;
    let table =
        "document.querySelector('[data-testid=\"download-response-24h\"]')?.closest('details')";
    let first = |v: &&storescore_core::metrics::Violation| v.record.clone();
    // Longest late first, as the table opens; then by record, as a click on its header sorts.
    for (click, order, desc) in [
        (None, engine::RecordOrder::Hours, true),
        (Some(0), engine::RecordOrder::Record, true),
        (Some(0), engine::RecordOrder::Record, false),
    ] {
        if let Some(col) = click {
            c.execute(
                &format!("{table}.querySelectorAll('thead button')[{col}].click(); return true;"),
                vec![],
            )
            .await?;
        }
        let want: Vec<String> = order
            .sorted(all, desc)
            .iter()
            .take(engine::RECORDS_LISTED)
            .map(first)
            .collect();
        let shown = wait_js(
            c,
            &format!(
                "(() => {{ const t = {table}; if (!t) return null; const s = t.querySelector('summary').textContent; \
                 if (!s.includes('({n})')) return null; \
                 const rows = Array.from(t.querySelectorAll('tbody tr td:first-child')).map(td => td.textContent); \
                 return rows[0] === {first:?} ? [s, rows, t.querySelector('p.muted')?.textContent] : null; }})()",
                n = all.len(),
                first = want[0],
            ),
        )
        .await?;
        assert_eq!(
            shown,
            json!([
                format!("Violating records ({})", all.len()),
                want,
                format!("… {} / {}", engine::RECORDS_LISTED, all.len())
            ]),
            "{order:?} desc {desc}"
        );
    }
    // Open, to be looked at, in both languages.
    c.execute(
        &format!("const t = {table}; t.open = true; t.scrollIntoView(); return true;"),
        vec![],
    )
    .await?;
    screenshot_view(c, "records-en").await?;
    // To Chinese for its screenshot, and back.
    for (summary, shot) in [
        ("违规记录", Some("records-zh")),
        ("Violating records", None),
    ] {
        c.find(Locator::Css("[data-testid=lang-switch]"))
            .await?
            .click()
            .await?;
        let n = all.len();
        wait_js(
            c,
            &format!("{table}.querySelector('summary').textContent === '{summary} ({n})'"),
        )
        .await?;
        if let Some(name) = shot {
            c.execute(&format!("{table}.scrollIntoView(); return true;"), vec![])
                .await?;
            screenshot_view(c, name).await?;
        }
    }
    c.execute(
        "window.__blobs = []; window.__make = URL.createObjectURL; window.__click = HTMLAnchorElement.prototype.click;
         URL.createObjectURL = b => { window.__blobs.push(b); return window.__make.call(URL, b); };
         HTMLAnchorElement.prototype.click = function () { window.__download = this.download; };
         document.querySelector('[data-testid=\"download-response-24h\"]').click(); return true;",
        vec![],
    )
    .await?;
    wait_js(c, "window.__download === 'response-24h-records.csv' && window.__blobs.length === 1 && (window.__blobs[0].text().then(t => window.__csv = t), true)").await?;
    let csv = wait_js(c, "window.__csv").await?;
    c.execute(
        "URL.createObjectURL = window.__make; HTMLAnchorElement.prototype.click = window.__click; return true;",
        vec![],
    )
    .await?;
    let mut lines = csv.as_str().unwrap_or_default().lines();
    assert!(lines
        .next()
        .is_some_and(|h| h.starts_with("record,order,counts,why,hours_over,paid_at")));
    let records: Vec<&str> = lines
        .map(|l| l.split(',').next().unwrap_or_default())
        .collect();
    let want: Vec<&str> = all.iter().map(|v| v.record.as_str()).collect();
    assert_eq!(records, want);

    // 8. A simulated drop of a file with a bad row: the rest loads, the row is named. (On a
    // fresh page: dropped files add to those loaded.)
    reopen(c, base).await?;
    c.find(Locator::Css("[data-testid=dropzone]")).await?;
    c.execute(
        "const csv = 'order_id,paid_at\\nA1,2026-07-10 10:00:00\\nA2,not a date\\nA3,2026-07-11 09:00:00\\n';
         const dt = new DataTransfer();
         dt.items.add(new File([csv], 'dropped.csv', { type: 'text/csv' }));
         dt.items.add(new File(['<b>not a table</b>'], '<img src=x onerror=\"window.__xss=1\">.csv', { type: 'text/csv' }));
         dt.items.add(new File([], 'empty.csv', { type: 'text/csv' }));
         const zone = document.querySelector('[data-testid=\"dropzone\"]');
         for (const type of ['dragenter', 'dragover', 'drop']) {
           zone.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: dt }));
         }
         return true;",
        vec![],
    )
    .await?;
    wait_js(
        c,
        "document.querySelector('[data-testid=\"source\"]')?.textContent.includes('dropped.csv')",
    )
    .await?;
    let diag = text_of(c, "diagnostics").await?;
    assert!(diag.contains("dropped.csv: orders, 2 / 3"), "{diag}");
    assert!(diag.contains("row 3") && diag.contains("paid_at"), "{diag}");
    // An empty file is named (it reaches the worker as one empty chunk), the others load.
    assert!(diag.contains("empty.csv"), "{diag}");
    wait_text(c, "metric-orders_paid", "2").await?;
    // Orders alone: the page says what the other kinds' absence does to the numbers (a 0%
    // dispute rate is not a measured one).
    let missing = text_of(c, "missing-kinds").await?;
    for part in [
        "Not among these files: messages",
        "disputes (the dispute rates count none, so they read 0%)",
        "reviews",
    ] {
        assert!(missing.contains(part), "{missing}");
    }
    assert!(!missing.contains("orders ("), "{missing}");

    // Markup in data (here a file name) is shown as text, never run or parsed as HTML.
    let xss = c
        .execute(
            "return [window.__xss === undefined, document.querySelectorAll('img').length,
                     document.querySelector('[data-testid=\"diagnostics\"]').textContent.includes('<img src=x')];",
            vec![],
        )
        .await?;
    assert_eq!(
        xss,
        json!([true, 0, true]),
        "markup from a file name was rendered"
    );

    // 9. Unrecognized columns: the mapping step, then the same file again loads by itself.
    reopen(c, base).await?;
    let odd = dir.join("export-de.csv");
    std::fs::create_dir_all(&dir)?;
    std::fs::write(
        &odd,
        "Nr,Bezahlt am,Notiz\nA1,2026-07-10 10:00:00,x\nA2,2026-07-11 10:00:00,y\n",
    )?;
    upload(c, &odd.display().to_string()).await?;
    wait_js(
        c,
        "document.querySelector('[data-testid=\"mapping-step\"]')",
    )
    .await?;
    // No column mapped, no record: the worker says so and the page does not wait for scores
    // (regression: "Computing the scores…" stayed for good when an analysis had nothing to score).
    wait_js(c, "document.querySelector('[data-testid=\"nothing-to-score\"]')?.textContent.startsWith('Nothing to score yet')").await?;
    let computing = c
        .execute(
            "return document.querySelector('[data-testid=\"analysing\"]') === null;",
            vec![],
        )
        .await?;
    assert_eq!(
        computing,
        json!(true),
        "still computing with nothing to score"
    );
    // Each column is named in words, beside the templates' header.
    let named = c
        .execute(
            "return ['order_id', 'paid_at'].map((f) => document.querySelector(`[data-testid=\"map-${f}\"]`)
               .closest('tr').firstElementChild.textContent);",
            vec![],
        )
        .await?;
    assert_eq!(named, json!(["Order ID * order_id", "Paid at paid_at"]));
    // A file of no kind yet says so in words (it read "export-de.csv: ?, 0 / 2 rows loaded").
    let diags = text_of(c, "diagnostics").await?;
    assert!(
        diags.contains("export-de.csv: kind not recognized, 0 / 2 rows loaded"),
        "{diags}"
    );
    screenshot(c, "mapping-en").await?;
    for (field, col) in [("order_id", "0"), ("paid_at", "1")] {
        set_select(c, &format!("map-{field}"), col).await?;
    }
    c.find(Locator::Css("[data-testid=map-apply]"))
        .await?
        .click()
        .await?;
    wait_text(c, "metric-orders_paid", "2").await?;
    reopen(c, base).await?;
    upload(c, &odd.display().to_string()).await?;
    wait_text(c, "metric-orders_paid", "2").await?;
    let step = c
        .execute(
            "return document.querySelector('[data-testid=\"mapping-step\"]') === null;",
            vec![],
        )
        .await?;
    assert_eq!(
        step,
        json!(true),
        "a remembered mapping needs no second step"
    );

    // 10. Reading options: a GBK file forced to UTF-8 says so; GBK reads it again.
    let gbk = dir.join("订单-gbk.csv");
    std::fs::write(
        &gbk,
        encoding_rs::GBK
            .encode("订单号,付款时间\n8100000000000001,2026-07-10 10:00:00\n")
            .0,
    )?;
    reopen(c, base).await?;
    upload(c, &gbk.display().to_string()).await?;
    wait_text(c, "metric-orders_paid", "1").await?;
    set_select(c, "encoding-订单-gbk.csv", "UTF-8").await?;
    wait_js(
        c,
        "document.querySelector('[data-testid=\"diagnostics\"]')?.textContent.includes('does not read as UTF-8')",
    )
    .await?;
    set_select(c, "encoding-订单-gbk.csv", "GBK").await?;
    wait_text(c, "metric-orders_paid", "1").await?;

    // 11. The zone of the files: timestamps are read again in it. 05:00 on 07-31 is still
    // 07-30 in UTC when read as Shanghai time (window ending 07-31), but 07-31 when read as UTC.
    // The label names the window's last day (the day the assessment-date field shows).
    let tzfile = dir.join("tz.csv");
    std::fs::write(&tzfile, "order_id,paid_at\nT1,2026-07-31 05:00:00\n")?;
    reopen(c, base).await?;
    upload(c, &tzfile.display().to_string()).await?;
    wait_js(c, "document.querySelector('[data-testid=\"window-label\"]')?.textContent.includes('2026-07-31 (Asia/Shanghai)')").await?;
    set_select(c, "tz", "UTC").await?;
    wait_js(c, "document.querySelector('[data-testid=\"window-label\"]')?.textContent.includes('2026-07-31 (UTC)')").await?;

    // 12. A large file: a progress bar with bytes, rows and rate, and Cancel. The worker stops
    // between two chunks of rows and keeps the files and records it had: the page still shows
    // tz.csv, and changing the zone reads tz.csv again (not the cancelled file).
    let big = dir.join("big.csv");
    let mut text = String::from("order_id,paid_at\n");
    for i in 0..2_000_000 {
        text.push_str(&format!("B{i},2026-07-10 10:00:00\n"));
    }
    std::fs::write(&big, text)?;
    upload(c, &big.display().to_string()).await?;
    wait_js(c, "document.querySelector('[data-testid=\"progress-figures\"]')?.textContent.includes('rows')").await?;
    let figures = text_of(c, "progress-figures").await?;
    assert!(figures.contains(" MB"), "{figures}");
    // Viewport screenshots only: a full-page one takes long enough for the reading to end.
    screenshot_view(c, "progress-en").await?;
    // The same in Chinese, then Cancel.
    c.find(Locator::Css("[data-testid=lang-switch]"))
        .await?
        .click()
        .await?;
    wait_js(
        c,
        "document.querySelector('[data-testid=\"progress-figures\"]')?.textContent.includes('行')",
    )
    .await?;
    assert_eq!(text_of(c, "cancel").await?, "取消");
    screenshot_view(c, "progress-zh").await?;
    // How much of the reading was left when Cancel was clicked (the margin of this step).
    eprintln!(
        "e2e: progress at Cancel: {}",
        text_of(c, "progress-figures").await?
    );
    c.find(Locator::Css("[data-testid=cancel]"))
        .await?
        .click()
        .await?;
    let notice = text_of(c, "notice").await?;
    assert!(notice.contains("已取消读取"), "{notice}");
    c.find(Locator::Css("[data-testid=lang-switch]"))
        .await?
        .click()
        .await?;
    wait_js(c, "document.documentElement.lang === 'en'").await?;
    wait_js(
        c,
        "document.querySelector('[data-testid=\"progress\"]') === null",
    )
    .await?;
    assert!(text_of(c, "source").await?.contains("tz.csv"));
    wait_text(c, "metric-orders_paid", "1").await?;
    c.execute(
        "window.__sawProgress = false;
         new MutationObserver(() => { if (document.querySelector('[data-testid=\"progress\"]')) window.__sawProgress = true; })
           .observe(document.body, { childList: true, subtree: true });
         return true;",
        vec![],
    )
    .await?;
    set_select(c, "tz", "Asia/Shanghai").await?;
    wait_js(
        c,
        "window.__sawProgress && document.querySelector('[data-testid=\"progress\"]') === null",
    )
    .await?;
    wait_js(c, "document.querySelector('[data-testid=\"window-label\"]')?.textContent.includes('2026-07-31 (Asia/Shanghai)')").await?;
    wait_text(c, "metric-orders_paid", "1").await?;
    let source = text_of(c, "source").await?;
    assert!(
        source.contains("tz.csv") && !source.contains("big.csv"),
        "{source}"
    );

    // Files chosen while another reading runs add to it: the reading starts again with all of
    // them (the one under way is dropped, never half kept).
    let tz2 = dir.join("tz2.csv");
    std::fs::write(&tz2, "order_id,paid_at\nT2,2026-07-31 06:00:00\n")?;
    upload(c, &big.display().to_string()).await?;
    wait_js(c, "document.querySelector('[data-testid=\"progress-figures\"]')?.textContent.includes('rows')").await?;
    upload(c, &tz2.display().to_string()).await?;
    wait_js(
        c,
        "document.querySelector('[data-testid=\"progress\"]') === null",
    )
    .await?;
    wait_text(c, "metric-orders_paid", "2000002").await?;
    let source = text_of(c, "source").await?;
    assert!(
        source.contains("tz.csv") && source.contains("big.csv") && source.contains("tz2.csv"),
        "{source}"
    );
    let notice = c
        .execute(
            "return document.querySelector('[data-testid=\"notice\"]')?.textContent ?? '';",
            vec![],
        )
        .await?;
    assert!(
        !notice.as_str().unwrap_or_default().contains("could not"),
        "{notice}"
    );

    // A file changed on disk while the worker reads it (the browser can no longer read it):
    // an error names it, none of its rows count, and the file chosen with it still loads.
    reopen(c, base).await?;
    let both = format!("{}\n{}", big.display(), tzfile.display());
    upload(c, &both).await?;
    wait_js(c, "document.querySelector('[data-testid=\"progress-figures\"]')?.textContent.includes('rows')").await?;
    std::fs::write(&big, "order_id,paid_at\nC1,2026-07-10 10:00:00\n")?;
    wait_js(
        c,
        "document.querySelector('[data-testid=\"progress\"]') === null",
    )
    .await?;
    wait_text(c, "metric-orders_paid", "1").await?;
    let diagnostics = text_of(c, "diagnostics").await?;
    assert!(
        diagnostics.contains("big.csv") && diagnostics.contains("could not read the file"),
        "{diagnostics}"
    );
    assert!(text_of(c, "source").await?.contains("big.csv"));

    // 13. The worker stops (its loader reports a trap or out of memory on a broadcast
    // channel): a clear message, no stale numbers, and the next request gets a new worker.
    c.execute(
        "new BroadcastChannel('storescore-worker').postMessage('RuntimeError: unreachable'); return true;",
        vec![],
    )
    .await?;
    wait_js(c, "document.querySelector('[data-testid=\"notice\"]')?.textContent.includes('The reader stopped')").await?;
    wait_js(
        c,
        "document.querySelector('[data-testid=\"overall-score\"]') === null",
    )
    .await?;
    c.find(Locator::Css("[data-testid=try-sample]"))
        .await?
        .click()
        .await?;
    wait_text(c, "overall-score", &score_text(&baseline)).await?;
    let _ = std::fs::remove_dir_all(&dir);

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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_page_in_headless_chromium() {
    in_browser("page", |c, base, server| async move {
        steps(&c, &base, &server).await
    })
    .await;
}

/// Real exports as sellers download them (tests/exports/): the page names the export each
/// file was read as, and a check whose column the export lacks reads "not assessed", with why.
async fn real_exports(c: &Client, base: &str) -> Res<()> {
    let dir = root().join("tests").join("exports");
    let at = |p: &str| dir.join(p).display().to_string();
    reopen(c, base).await?;
    // AliExpress's own order export (.xls): valid tracking is read (carrier:number cells), and
    // "online within 7 days" is not assessed (no first-scan column), never a false 0%.
    upload(c, &at("aliexpress/orders-zh.xls")).await?;
    wait_js(
        c,
        "document.querySelector('[data-testid=\"file-orders-zh.xls\"]')?.dataset.format === 'aliexpress-orders-zh'",
    )
    .await?;
    wait_js(
        c,
        "document.querySelector('[data-testid=\"check-valid-tracking\"]')?.dataset.status === 'passed'",
    )
    .await?;
    let online = wait_js(
        c,
        "(() => { const r = document.querySelector('[data-testid=\"check-online-7d\"]'); return r && r.dataset.status + '|' + r.textContent; })()",
    )
    .await?;
    let online = online.as_str().unwrap_or_default();
    assert!(
        online.starts_with("not-assessed|") && online.contains("no first carrier scan"),
        "{online}"
    );
    assert!(text_of(c, "diagnostics").await?.contains("AliExpress"));
    screenshot(c, "real-export-aliexpress").await?;
    // Five exports of five marketplaces at once: each is named as what it is.
    let files = [
        (
            "aliexpress/orders-zh.xls",
            "orders-zh.xls",
            "aliexpress-orders-zh",
        ),
        (
            "mercado-libre/Ventas_AR.xlsx",
            "Ventas_AR.xlsx",
            "mercadolibre-ventas-es",
        ),
        (
            "tiktok-shop/orders.xlsx",
            "orders.xlsx",
            "tiktok-shop-orders",
        ),
        ("ebay/orders-report.csv", "orders-report.csv", "ebay-orders"),
        (
            "amazon/all-orders.txt",
            "all-orders.txt",
            "amazon-all-orders",
        ),
    ];
    // A seller downloads the files one at a time and adds them one at a time: each adds to
    // those loaded (the sample store's four files give its score), the same file again is
    // said, and a file taken out is gone.
    reopen(c, base).await?;
    let dir4 =
        std::env::temp_dir().join(format!("storescore-e2e-one-by-one-{}", std::process::id()));
    std::fs::create_dir_all(&dir4)?;
    let mut four = Vec::new();
    for (name, text) in reading::sample::generate_csv(session::SAMPLE_ORDERS, session::SAMPLE_SEED)
    {
        let p = dir4.join(&name);
        std::fs::write(&p, text)?;
        four.push((name, p.display().to_string()));
    }
    for (name, path) in &four {
        upload(c, path).await?;
        wait_js(
            c,
            &format!("!!document.querySelector('[data-testid=\"file-{name}\"]')"),
        )
        .await?;
        // Only the file added was read: the others' records were kept.
        assert_eq!(
            c.execute(
                "return document.querySelector('[data-testid=\"file-list\"]').dataset.filesRead;",
                vec![]
            )
            .await?,
            json!("1"),
            "{name} added"
        );
    }
    for (name, _) in &four {
        assert!(
            c.execute(
                &format!("return !!document.querySelector('[data-testid=\"file-{name}\"]');"),
                vec![]
            )
            .await?
            .as_bool()
            .unwrap_or(false),
            "{name} kept"
        );
    }
    wait_text(
        c,
        "overall-score",
        &score_text(&native_sample_report(&Scenario::default())),
    )
    .await?;
    upload(c, &four[0].1).await?;
    wait_js(c, "document.body.textContent.includes('already loaded')").await?;
    c.find(Locator::Css("[data-testid=\"remove-reviews.csv\"]"))
        .await?
        .click()
        .await?;
    wait_js(c, "!document.querySelector('[data-testid=\"file-reviews.csv\"]') && !!document.querySelector('[data-testid=\"file-orders.csv\"]')").await?;
    // Taking one out reads none of the others again.
    assert_eq!(
        c.execute(
            "return document.querySelector('[data-testid=\"file-list\"]').dataset.filesRead;",
            vec![]
        )
        .await?,
        json!("0")
    );
    let _ = std::fs::remove_dir_all(&dir4);

    reopen(c, base).await?;
    let paths: Vec<String> = files.iter().map(|(p, _, _)| at(p)).collect();
    upload(c, &paths.join("\n")).await?;
    for (_, name, format) in files {
        wait_js(
            c,
            &format!("document.querySelector('[data-testid=\"file-{name}\"]')?.dataset.format === '{format}'"),
        )
        .await?;
    }
    // Every order of the five files, each counted once (item rows joined, package and footer
    // rows not read): 5 + 4 + 3 + 3 + 3.
    wait_text(c, "metric-orders_paid", "18").await?;
    c.execute(
        "document.querySelector('[data-testid=\"diagnostics\"]').open = true; document.querySelector('[data-testid=\"saved-formats\"]').open = true;",
        vec![],
    )
    .await?;
    screenshot(c, "real-exports-five").await?;
    // In Chinese at a phone's width: the file list and the saved formats fit the screen.
    c.find(Locator::Css("[data-testid=lang-switch]"))
        .await?
        .click()
        .await?;
    wait_js(c, "document.querySelector('[data-testid=\"file-orders-zh.xls\"]')?.textContent.includes('速卖通')").await?;
    screenshot(c, "real-exports-zh").await?;
    c.set_window_size(360, 1800).await?;
    let fits = wait_js(
        c,
        "(() => { const s = document.querySelector('.intake'); return s.scrollWidth <= s.clientWidth ? 'fits' : s.scrollWidth + ' > ' + s.clientWidth; })()",
    )
    .await?;
    assert_eq!(fits, json!("fits"), "the intake at 360 px");
    screenshot_view(c, "real-exports-zh-360").await?;
    // And in English at the same width.
    c.find(Locator::Css("[data-testid=lang-switch]"))
        .await?
        .click()
        .await?;
    wait_js(c, "document.documentElement.lang === 'en'").await?;
    let fits = wait_js(
        c,
        "(() => { const s = document.querySelector('.intake'); return s.scrollWidth <= s.clientWidth ? 'fits' : s.scrollWidth + ' > ' + s.clientWidth; })()",
    )
    .await?;
    assert_eq!(fits, json!("fits"), "the intake at 360 px in English");
    screenshot_view(c, "real-exports-en-360").await?;
    c.set_window_size(1280, 1800).await?;
    Ok(())
}

/// A rulebook's region, each check's window, the typed-in inputs and the sources, as a seller
/// of Brazil meets them: the region follows the export's currency and says so, a region
/// chosen changes the limits, an input out of range is refused next to its field, and what
/// was typed and chosen survives a reload.
async fn regions_inputs_and_sources(c: &Client, base: &str) -> Res<()> {
    let br = root().join("tests/exports/mercado-libre/Vendas_BR.xlsx");
    let br = br.display().to_string();
    reopen(c, base).await?;
    c.execute("localStorage.clear(); return true;", vec![])
        .await?;
    reopen(c, base).await?;
    upload(c, &br).await?;
    wait_js(
        c,
        "document.querySelector('[data-testid=\"region-mercado-libre\"]')?.value === 'BR'",
    )
    .await?;
    let why = text_of(c, "region-why-mercado-libre").await?;
    assert_eq!(
        why,
        "Region: Brazil (from the files: most orders are in BRL)"
    );
    // Each check with its own limit and window.
    let claims = text_of(c, "check-meli-claims").await?;
    // Two sales in 60 days: judged over 365 days, of which the file covers part.
    assert!(
        claims.contains("<= 2.0%") && claims.contains("365 days (the files cover"),
        "{claims}"
    );
    let odr = text_of(c, "check-amazon-order-defect-rate").await?;
    assert!(odr.contains("60 days"), "{odr}");
    let cancel = text_of(c, "check-amazon-cancel-rate").await?;
    assert!(cancel.contains("7 days"), "{cancel}");
    // The sources: links with the date they were checked, no internal file name.
    let peer = text_of(c, "peer-mercado-libre").await?;
    assert!(peer.contains("Rules checked 2026-12-06"), "{peer}");
    assert!(!c
        .execute(
            "return document.body.textContent.includes('DOMAIN.md');",
            vec![]
        )
        .await?
        .as_bool()
        .unwrap_or(true));
    let link = wait_js(
        c,
        "document.querySelector('[data-testid=\"peer-mercado-libre\"] .sources a')?.href",
    )
    .await?;
    assert!(
        link.as_str()
            .unwrap_or_default()
            .starts_with("https://global-selling.mercadolibre.com/"),
        "{link}"
    );
    // Another region, chosen: its limits, and it says it was chosen.
    set_select(c, "region-mercado-libre", "CL-CO").await?;
    wait_js(c, "document.querySelector('[data-testid=\"check-meli-claims\"]')?.textContent.includes('<= 3.5%')").await?;
    assert_eq!(
        text_of(c, "region-why-mercado-libre").await?,
        "Region: Chile and Colombia (chosen)"
    );
    // A benchmark not typed in is said, not judged.
    let inr = text_of(c, "check-ebay-inr-vs-peers").await?;
    assert!(
        inr.contains("your benchmark") && inr.contains("type in"),
        "{inr}"
    );
    // The Account Health Rating, typed in: out of range is refused next to the field.
    let ahr = "document.querySelector('[data-testid=\"check-amazon-account-health-rating\"]')?.dataset.status";
    assert_eq!(wait_js(c, ahr).await?, json!("not-assessed"));
    set_select(c, "input-amazon_account_health_rating", "1200").await?;
    wait_js(
        c,
        "!!document.querySelector('#input-amazon_account_health_rating-error')",
    )
    .await?;
    assert_eq!(wait_js(c, ahr).await?, json!("not-assessed"));
    set_select(c, "input-amazon_account_health_rating", "150").await?;
    wait_js(c, &format!("{ahr} === 'failed'")).await?;
    wait_js(
        c,
        "!document.querySelector('#input-amazon_account_health_rating-error')",
    )
    .await?;
    // The rulebook editor takes a rate as a percent, refuses what it cannot take next to the
    // field, and names the setting in words.
    let odr = "setting-amazon-account-health-check-amazon-order-defect-rate-threshold";
    assert_eq!(
        wait_js(
            c,
            &format!("document.querySelector('[data-testid=\"{odr}\"]')?.value")
        )
        .await?,
        json!("1")
    );
    let label = wait_js(
        c,
        &format!("document.querySelector('label[for=\"{odr}\"]')?.textContent"),
    )
    .await?;
    assert_eq!(label, json!("Order defect rate: limit (<) %"));
    set_select(c, odr, "150").await?;
    wait_js(c, &format!("!!document.querySelector('#{odr}-error')")).await?;
    set_select(c, odr, "2").await?;
    wait_js(c, "document.querySelector('[data-testid=\"check-amazon-order-defect-rate\"]')?.textContent.includes('< 2.0%')").await?;
    wait_js(c, &format!("!document.querySelector('#{odr}-error')")).await?;
    set_select(c, odr, "1").await?;
    // A category value typed in moves the curve (a percent for a rate).
    set_select(c, "anchor-indicator-nr_dispute-category-value", "2").await?;
    wait_js(c, "document.querySelector('[data-testid=\"anchor-indicator-nr_dispute-category-value\"]')?.value === '2'").await?;
    screenshot(c, "regions-en").await?;
    c.set_window_size(360, 1800).await?;
    let fits = wait_js(
        c,
        "(() => { const s = document.querySelector('.peers'); return s.scrollWidth <= s.clientWidth ? 'fits' : s.scrollWidth + ' > ' + s.clientWidth; })()",
    )
    .await?;
    assert_eq!(fits, json!("fits"), "the peer cards at 360 px");
    c.execute("document.querySelector('[data-testid=\"peer-mercado-libre\"]').scrollIntoView(); return true;", vec![]).await?;
    screenshot_view(c, "regions-en-360").await?;
    c.find(Locator::Css("[data-testid=lang-switch]"))
        .await?
        .click()
        .await?;
    wait_js(c, "document.documentElement.lang === 'zh-CN'").await?;
    assert_eq!(
        text_of(c, "region-why-mercado-libre").await?,
        "地区：智利与哥伦比亚（已手动选择）"
    );
    c.execute("document.querySelector('[data-testid=\"peer-mercado-libre\"]').scrollIntoView(); return true;", vec![]).await?;
    screenshot_view(c, "regions-zh-360").await?;
    c.set_window_size(1280, 1800).await?;
    screenshot(c, "regions-zh").await?;
    c.find(Locator::Css("[data-testid=lang-switch]"))
        .await?
        .click()
        .await?;
    // A reload keeps what was typed and chosen (the files are read again by the seller).
    reopen(c, base).await?;
    upload(c, &br).await?;
    wait_js(
        c,
        "document.querySelector('[data-testid=\"region-mercado-libre\"]')?.value === 'CL-CO'",
    )
    .await?;
    wait_js(c, &format!("{ahr} === 'failed'")).await?;
    let kept = wait_js(
        c,
        "document.querySelector('[data-testid=\"input-amazon_account_health_rating\"]')?.value",
    )
    .await?;
    assert_eq!(kept, json!("150"));
    let anchor = wait_js(c, "document.querySelector('[data-testid=\"anchor-indicator-nr_dispute-category-value\"]')?.value").await?;
    assert_eq!(anchor, json!("2"));
    c.execute("localStorage.clear(); return true;", vec![])
        .await?;
    Ok(())
}

/// The sample store's recovery calendar, targets and changes, as the core computes them
/// natively: each failing check's day, the first target applied to the sliders reaches its
/// level, and the score's change since the previous window.
async fn recovery_targets_and_changes(c: &Client, base: &str) -> Res<()> {
    let loaded = session::sample();
    let rbs = builtin();
    let a = loaded
        .analyse(&Settings::default(), &rbs)
        .expect("analysis");
    let today = engine::report(&a.baseline, &rbs, &Default::default(), &Scenario::default());
    let rec = storescore_core::recovery::recovery(
        &loaded.prepared,
        &a.params,
        &a.baseline,
        &rbs,
        &Default::default(),
        &today,
        storescore_core::recovery::DAYS,
    );
    let targets = storescore_core::targets::targets(&a.baseline, &rbs, &Default::default());
    reopen(c, base).await?;
    c.find(Locator::Css("[data-testid=try-sample]"))
        .await?
        .click()
        .await?;
    wait_js(c, "!!document.querySelector('[data-testid=\"recovery\"]')").await?;
    for check in rec.checks.iter().filter(|c| c.passes_on.is_some()).take(3) {
        let got = wait_js(
            c,
            &format!(
                "document.querySelector('[data-testid=\"recovery-check-{}\"]')?.dataset.passesOn",
                check.id
            ),
        )
        .await?;
        assert_eq!(got.as_str(), check.passes_on.as_deref(), "{}", check.id);
    }
    for l in &rec.levels {
        let text = text_of(c, &format!("recovery-level-{}", l.level)).await?;
        assert!(text.contains(&l.date), "{text}");
    }
    assert!(text_of(c, "recovery-assumption")
        .await?
        .contains("every new order"));
    // The first option of the level target, applied: the score the core says it reaches.
    let level = targets
        .iter()
        .find(|t| t.goal.starts_with("level:"))
        .expect("a level target");
    let first = &level.options[0];
    c.find(Locator::Css(&format!(
        "[data-testid=\"target-apply-{}-0\"]",
        level.goal
    )))
    .await?
    .click()
    .await?;
    let reached = engine::report(&a.baseline, &rbs, &Default::default(), &first.scenario);
    wait_text(c, "overall-score", &score_text(&reached)).await?;
    // The what-if's bar says it, and stays in view while the sliders are scrolled through.
    wait_text(c, "whatif-bar-after", &score_text(&reached)).await?;
    c.set_window_size(1280, 700).await?;
    let top = c
        .execute(
            "const card = document.querySelector('.whatif');
             window.scrollBy(0, card.getBoundingClientRect().top + 300);
             return Math.round(document.querySelector('[data-testid=\"whatif-bar\"]').getBoundingClientRect().top);",
            vec![],
        )
        .await?;
    c.set_window_size(1280, 1800).await?;
    assert_eq!(
        top,
        json!(0),
        "the what-if bar sticks to the top of the view"
    );
    // Answering 12 h faster moves the 24 h reply slider to the rate it gives (it stayed put).
    set_slider(c, "reply_shift", 12.0).await?;
    let mut faster = first.scenario.clone();
    faster.reply_shift_hours = -12.0;
    let want = engine::report(&a.baseline, &rbs, &Default::default(), &faster).metrics
        [&MetricId::ResponseWithin24hRate]
        .value
        .ok_or("no 24 h rate")?;
    let got = wait_js(
        c,
        &format!("(() => {{ const v = parseFloat(document.querySelector('[data-testid=\"slider-response_within_24h_rate\"]').value); return Math.abs(v - {want}) <= 0.0026 ? v : null; }})()"),
    )
    .await?;
    assert!(
        got.as_f64().is_some_and(|v| (v - want).abs() <= 0.0026),
        "{got} vs {want}"
    );
    let score = text_of(c, "changes-score").await?;
    assert!(score.contains("→"), "{score}");
    screenshot(c, "outlook-en").await?;
    c.set_window_size(360, 1800).await?;
    c.execute(
        "document.querySelector('[data-testid=\"recovery\"]').scrollIntoView(); return true;",
        vec![],
    )
    .await?;
    let fits = wait_js(
        c,
        "(() => { const s = document.querySelector('[data-testid=\"recovery\"]'); return s.scrollWidth <= s.clientWidth ? 'fits' : s.scrollWidth + ' > ' + s.clientWidth; })()",
    )
    .await?;
    assert_eq!(fits, json!("fits"), "the recovery card at 360 px");
    screenshot_view(c, "outlook-en-360").await?;
    c.find(Locator::Css("[data-testid=lang-switch]"))
        .await?
        .click()
        .await?;
    wait_js(c, "document.documentElement.lang === 'zh-CN'").await?;
    assert!(text_of(c, "recovery-assumption").await?.contains("假设"));
    screenshot_view(c, "outlook-zh-360").await?;
    c.set_window_size(1280, 1800).await?;
    screenshot(c, "outlook-zh").await?;
    assert!(print_pdf(c, "report-zh").await? > 5);
    c.find(Locator::Css("[data-testid=lang-switch]"))
        .await?
        .click()
        .await?;
    wait_js(c, "document.documentElement.lang === 'en'").await?;
    assert!(print_pdf(c, "report-en").await? > 5);
    Ok(())
}

/// The page printed to PDF (target/screenshots/NAME.pdf), to be looked at.
/// Prints the page to target/screenshots/`name`.pdf; says how many pages it has.
async fn print_pdf(c: &Client, name: &str) -> Res<usize> {
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
async fn axe_violations(c: &Client) -> Res<Vec<String>> {
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

/// axe-core finds no violation on the empty page, the sample report (every details opened:
/// the rulebook editor, the diagnostics), the mapping step and the Chinese report.
async fn accessibility(c: &Client, base: &str) -> Res<()> {
    reopen(c, base).await?;
    wait_js(
        c,
        "!!document.querySelector('[data-testid=\"try-sample\"]')",
    )
    .await?;
    let empty = axe_violations(c).await?;
    assert!(empty.is_empty(), "the empty page: {empty:#?}");
    c.find(Locator::Css("[data-testid=try-sample]"))
        .await?
        .click()
        .await?;
    wait_js(c, "!!document.querySelector('[data-testid=\"recovery\"]')").await?;
    c.execute(
        "document.querySelectorAll('details').forEach(d => d.open = true); return true;",
        vec![],
    )
    .await?;
    let report = axe_violations(c).await?;
    assert!(report.is_empty(), "the sample report: {report:#?}");
    // At a phone's width, in both languages, nothing is wider than the screen.
    c.set_window_size(360, 1800).await?;
    for _ in 0..2 {
        let wide = wait_js(
            c,
            "(() => { const w = document.documentElement.clientWidth; const out = [];
               for (const el of document.querySelectorAll('body *')) {
                 const r = el.getBoundingClientRect();
                 if (r.right > w + 1 && el.closest('svg') === null) out.push(el.tagName + '.' + el.className + ' in ' + el.closest('[data-testid]')?.dataset.testid + ' ' + Math.round(r.right));
               }
               const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
               for (let n = walk.nextNode(); n; n = walk.nextNode()) {
                 const range = document.createRange(); range.selectNodeContents(n);
                 const r = range.getBoundingClientRect();
                 if (r.right > w + 1 && n.parentElement.closest('svg') === null) out.push('text ' + JSON.stringify(n.textContent.slice(0, 30)) + ' in ' + n.parentElement.tagName + ' ' + Math.round(r.right));
               }
               const d = document.documentElement; return (d.scrollWidth <= d.clientWidth ? 'fits' : d.scrollWidth + ' > ' + d.clientWidth) + ' ' + out.slice(0, 12).join(' | '); })()",
        )
        .await?;
        let wide = wide.as_str().unwrap_or_default().to_owned();
        assert_eq!(wide.trim_end(), "fits", "at 360 px");
        // To be looked at: a check's records with their times, and a chart's values as a
        // table, on a phone.
        let lang = c
            .execute("return document.documentElement.lang;", vec![])
            .await?;
        let lang = lang.as_str().unwrap_or_default().to_owned();
        for (at, name) in [
            ("download-ship-before-deadline", "records"),
            ("chart-indicators-data", "chart-data"),
        ] {
            c.execute(
                &format!("document.querySelector('[data-testid=\"{at}\"]').scrollIntoView(); return true;"),
                vec![],
            )
            .await?;
            screenshot_view(c, &format!("{name}-360-{lang}")).await?;
        }
        c.find(Locator::Css("[data-testid=lang-switch]"))
            .await?
            .click()
            .await?;
    }
    c.set_window_size(1280, 1800).await?;
    c.find(Locator::Css("[data-testid=lang-switch]"))
        .await?
        .click()
        .await?;
    wait_js(c, "document.documentElement.lang === 'zh-CN'").await?;
    let zh = axe_violations(c).await?;
    assert!(zh.is_empty(), "the Chinese report: {zh:#?}");
    c.find(Locator::Css("[data-testid=lang-switch]"))
        .await?
        .click()
        .await?;
    reopen(c, base).await?;
    let dir = std::env::temp_dir().join(format!("storescore-e2e-axe-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let odd = dir.join("export-de.csv");
    std::fs::write(&odd, "Nr,Bezahlt am,Notiz\nA1,2026-07-10 10:00:00,x\n")?;
    upload(c, &odd.display().to_string()).await?;
    wait_js(
        c,
        "!!document.querySelector('[data-testid=\"mapping-step\"]')",
    )
    .await?;
    let mapping = axe_violations(c).await?;
    assert!(mapping.is_empty(), "the mapping step: {mapping:#?}");
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

/// What the files allow comes first: a score computed without disputes and reviews says it is
/// provisional where the number is, and an Amazon export opens on Amazon's rules, the
/// AliExpress score after it, for comparison.
async fn coverage_first(c: &Client, base: &str) -> Res<()> {
    let dir = std::env::temp_dir().join(format!("storescore-e2e-coverage-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let (_, orders) = reading::sample::generate_csv(session::SAMPLE_ORDERS, session::SAMPLE_SEED)
        .into_iter()
        .find(|(n, _)| n == "orders.csv")
        .ok_or("no orders.csv")?;
    let path = dir.join("orders.csv");
    std::fs::write(&path, orders)?;
    reopen(c, base).await?;
    upload(c, &path.display().to_string()).await?;
    wait_js(
        c,
        "!!document.querySelector('[data-testid=\"provisional\"]')",
    )
    .await?;
    let why = text_of(c, "provisional-why").await?;
    assert!(
        why.contains("disputes") && why.contains("reviews") && !why.contains("messages"),
        "{why}"
    );
    assert!(!c
        .execute(
            "return !!document.querySelector('[data-testid=\"lead-marketplace\"]');",
            vec![]
        )
        .await?
        .as_bool()
        .unwrap_or(true));
    screenshot(c, "provisional-en").await?;
    // An Amazon orders report alone: Amazon's rules lead.
    reopen(c, base).await?;
    let amazon = root().join("tests/exports/amazon/all-orders.txt");
    upload(c, &amazon.display().to_string()).await?;
    wait_js(c, "!!document.querySelector('[data-testid=\"lead-marketplace\"] [data-testid=\"peer-amazon-account-health\"]')").await?;
    let first = wait_js(
        c,
        "(() => { const lead = document.querySelector('[data-testid=\"lead-marketplace\"]'); const score = document.querySelector('.score-card'); return !!(lead.compareDocumentPosition(score) & Node.DOCUMENT_POSITION_FOLLOWING); })()",
    )
    .await?;
    assert_eq!(
        first,
        json!(true),
        "Amazon's card comes before the AliExpress score"
    );
    assert!(text_of(c, "score-for-comparison")
        .await?
        .contains("for comparison"));
    let others = text_of(c, "other-marketplaces").await?;
    assert!(!others.contains("Amazon Account Health"), "{others}");
    screenshot(c, "amazon-leads-en").await?;
    // A reload keeps the last session's numbers (not its records), said so; "forget
    // everything" clears it.
    let amazon_score = text_of(c, "overall-score").await?;
    reopen(c, base).await?;
    wait_js(c, "document.querySelector('[data-testid=\"source\"]')?.textContent.startsWith('Your last session')").await?;
    assert!(text_of(c, "source").await?.contains("all-orders.txt"));
    wait_text(c, "overall-score", &amazon_score).await?;
    c.find(Locator::Css("[data-testid=forget-everything]"))
        .await?
        .click()
        .await?;
    wait_js(
        c,
        "!document.querySelector('[data-testid=\"overall-score\"]')",
    )
    .await?;
    reopen(c, base).await?;
    wait_js(
        c,
        "!!document.querySelector('[data-testid=\"try-sample\"]')",
    )
    .await?;
    assert!(!c
        .execute(
            "return !!document.querySelector('[data-testid=\"overall-score\"]');",
            vec![]
        )
        .await?
        .as_bool()
        .unwrap_or(true));
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn coverage_first_in_headless_chromium() {
    in_browser("coverage", |c, base, _| async move {
        coverage_first(&c, &base).await
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn accessibility_in_headless_chromium() {
    in_browser(
        "axe",
        |c, base, _| async move { accessibility(&c, &base).await },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn recovery_targets_and_changes_in_headless_chromium() {
    in_browser("outlook", |c, base, _| async move {
        recovery_targets_and_changes(&c, &base).await
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn regions_inputs_and_sources_in_headless_chromium() {
    in_browser("regions", |c, base, _| async move {
        regions_inputs_and_sources(&c, &base).await
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn real_exports_in_headless_chromium() {
    in_browser("exports", |c, base, _| async move {
        real_exports(&c, &base).await
    })
    .await;
}

/// A seller keeps a store's numbers in the browser: the next visit opens on what changed since
/// the last one and on what the projection crosses in the next 14 days, and the stores kept sit
/// side by side, each opening its own numbers. The last visit is set as a month ago.
async fn visits_and_stores(c: &Client, base: &str) -> Res<()> {
    use link::{self, LinkPayload, Visit};
    use text::decimal::Dec;
    let rbs = builtin();
    let loaded = session::sample();
    let settings = Settings {
        last_day: chrono::NaiveDate::from_ymd_opt(2026, 10, 20),
        ..Settings::default()
    };
    let earlier = loaded.analyse(&settings, &rbs).ok_or("no analysis")?;
    let fragment = link::encode(&LinkPayload {
        baseline: earlier.baseline.clone(),
        scenario: Scenario::default(),
        overrides: Vec::new(),
        inputs: Default::default(),
        window_label: "2026-09-21 – 2026-10-20".into(),
    });
    let kept = |store: &str, recovery: Option<&str>| Visit {
        store: store.into(),
        day: "2026-11-06".into(),
        fragment: fragment.clone(),
        recovery: recovery.map(|d| ("good".to_owned(), d.to_owned())),
        earlier: None,
    };
    let visits = vec![kept("Shop A", None), kept("Shop B", Some("2026-12-24"))];
    reopen(c, base).await?;
    c.execute(
        "localStorage.setItem('storescore.visits.v1', arguments[0]); localStorage.setItem('storescore.remember.v1', 'Shop A'); return true;",
        vec![json!(link::encode_visits(&visits))],
    )
    .await?;
    reopen(c, base).await?;
    let dir = std::env::temp_dir().join(format!("storescore-e2e-visits-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let mut paths = Vec::new();
    for (name, text) in reading::sample::generate_csv(session::SAMPLE_ORDERS, session::SAMPLE_SEED)
    {
        let p = dir.join(&name);
        std::fs::write(&p, text)?;
        paths.push(p.display().to_string());
    }
    upload(c, &paths.join("\n")).await?;
    wait_js(
        c,
        "!!document.querySelector('[data-testid=\"since-last-visit\"]')",
    )
    .await?;
    // What changed since: the kept day's score to today's, as the core computes them.
    let today = native_sample_report(&Scenario::default());
    let before = engine::report(
        &earlier.baseline,
        &rbs,
        &Default::default(),
        &Default::default(),
    );
    let (b, a) = (
        before.total().ok_or("no score")?,
        today.total().ok_or("no score")?,
    );
    let want = format!("{:.1} → {:.1}", Dec(b), Dec(a));
    let since = text_of(c, "since-score").await?;
    assert!(since.contains(&want), "{since} has {want}");
    assert!(text_of(c, "since-last-visit").await?.contains("2026-11-06"));
    // Today's numbers are kept now: Shop A's row has today's score, Shop B its own, with the
    // day its level comes back.
    wait_js(
        c,
        &format!("document.querySelector('[data-testid=\"store-Shop A\"]')?.textContent.includes('{}') && !document.querySelector('[data-testid=\"store-Shop A\"]').textContent.includes('2026-11-06')", score_text(&today)),
    )
    .await?;
    let b_row = text_of(c, "store-Shop B").await?;
    assert!(
        b_row.contains(&score_text(&before))
            && b_row.contains("2026-12-24")
            && b_row.contains("2026-11-06"),
        "{b_row}"
    );
    c.execute(
        "document.querySelector('[data-testid=\"visits\"]').scrollIntoView(); return true;",
        vec![],
    )
    .await?;
    screenshot_view(c, "visits-en").await?;
    for lang in ["zh", "en"] {
        c.set_window_size(360, 1800).await?;
        c.execute(
            "document.querySelector('[data-testid=\"visits\"]').scrollIntoView(); return true;",
            vec![],
        )
        .await?;
        let fits = wait_js(
            c,
            "(() => { const s = document.querySelector('[data-testid=\"visits\"]'); return s.scrollWidth <= s.clientWidth ? 'fits' : s.scrollWidth + ' > ' + s.clientWidth; })()",
        )
        .await?;
        let shown = c
            .execute("return document.documentElement.lang;", vec![])
            .await?;
        assert_eq!(fits, json!("fits"), "the stores at 360 px ({shown})");
        screenshot_view(
            c,
            &format!("visits-{}-360", shown.as_str().unwrap_or_default()),
        )
        .await?;
        c.set_window_size(1280, 1800).await?;
        c.find(Locator::Css("[data-testid=lang-switch]"))
            .await?
            .click()
            .await?;
        if lang == "zh" {
            wait_js(c, "document.documentElement.lang === 'zh-CN'").await?;
            screenshot_view(c, "visits-zh").await?;
        }
    }
    // Another store opens on its own numbers.
    c.find(Locator::Css("[data-testid=\"open-store-Shop B\"]"))
        .await?
        .click()
        .await?;
    wait_text(c, "overall-score", &score_text(&before)).await?;
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn visits_and_stores_in_headless_chromium() {
    in_browser("visits", |c, base, _| async move {
        visits_and_stores(&c, &base).await
    })
    .await;
}
