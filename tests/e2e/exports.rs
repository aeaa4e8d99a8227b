//! Real exports as sellers download them, and what the files allow first.

use super::*;

/// Real exports as sellers download them (tests/exports/): the page names the export each
/// file was read as, and a check whose column the export lacks reads "not assessed", with why.
pub(crate) async fn real_exports(c: &Client, base: &str) -> Res<()> {
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

/// What the files allow comes first: a score computed without disputes and reviews says it is
/// provisional where the number is, and an Amazon export opens on Amazon's rules, the
/// AliExpress score after it, for comparison.
pub(crate) async fn coverage_first(c: &Client, base: &str) -> Res<()> {
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
