//! What comes next and what came before: the recovery calendar, targets, changes, and the
//! stores kept with their visits.

use super::*;

/// The sample store's recovery calendar, targets and changes, as the core computes them
/// natively: each failing check's day, the first target applied to the sliders reaches its
/// level, and the score's change since the previous window.
pub(crate) async fn recovery_targets_and_changes(c: &Client, base: &str) -> Res<()> {
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
    c.wait()
        .for_element(Locator::Css("[data-testid=try-sample]"))
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

/// A seller keeps a store's numbers in the browser: the next visit opens on what changed since
/// the last one and on what the projection crosses in the next 14 days, and the stores kept sit
/// side by side, each opening its own numbers. The last visit is set as a month ago.
pub(crate) async fn visits_and_stores(c: &Client, base: &str) -> Res<()> {
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
