//! Regions, each check's window, typed-in inputs and the sources.

use super::*;

/// A rulebook's region, each check's window, the typed-in inputs and the sources, as a seller
/// of Brazil meets them: the region follows the export's currency and says so, a region
/// chosen changes the limits, an input out of range is refused next to its field, and what
/// was typed and chosen survives a reload.
pub(crate) async fn regions_inputs_and_sources(c: &Client, base: &str) -> Res<()> {
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
