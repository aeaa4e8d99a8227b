//! Links that are not today's: damaged, newer, and of the earlier JSON version.

use super::*;

pub(crate) async fn bad_and_earlier_links(c: &Client, base: &str) -> Res<()> {
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
    let v1 = include_str!("../links/golden-v1.txt").trim();
    reopen(c, &format!("{base}#{v1}")).await?;
    assert!(text_of(c, "source").await?.contains("Shared scenario"));
    wait_text(c, "metric-late_shipment_rate", "3.3%").await?;

    Ok(())
}
