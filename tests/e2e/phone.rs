//! Accessibility (axe-core) and the page at phone width, in both languages.

use super::*;

/// axe-core finds no violation on the empty page, the sample report (every details opened:
/// the rulebook editor, the diagnostics), the mapping step and the Chinese report.
pub(crate) async fn accessibility(c: &Client, base: &str) -> Res<()> {
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
    // A records table makes its rows once opened: wait for every one's.
    wait_js(
        c,
        "Array.from(document.querySelectorAll('details.records')).every(d => d.querySelector(':scope > table > tbody > tr'))",
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
