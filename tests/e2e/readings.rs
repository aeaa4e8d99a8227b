//! A reading of files: its options, the files' zone, a large file's progress and Cancel, a
//! file lost while read, and a worker that stops.

use super::*;

/// Steps 10 to 13: a file's encoding, the files' zone, a large file's progress and Cancel
/// (the file read before is kept), a file lost while read, a worker that stops.
pub(crate) async fn options_zone_large_file_and_lost_worker(c: &Client, base: &str) -> Res<()> {
    let dir = std::env::temp_dir().join(format!("storescore-e2e-options-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
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

    let baseline = native_sample_report(&Scenario::default());
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

    Ok(())
}
