//! Files in: uploads, drops, a bad row, an empty file, markup in a name, the mapping step.

use super::*;

pub(crate) async fn uploads(c: &Client, base: &str) -> Res<()> {
    // 7. Upload through the file input: the sample store's CSVs give the same score.
    let baseline = native_sample_report(&Scenario::default());
    let dir = std::env::temp_dir().join(format!("storescore-e2e-uploads-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let mut paths = Vec::new();
    for (name, text) in reading::sample::generate_csv(session::SAMPLE_ORDERS, session::SAMPLE_SEED)
    {
        let p = dir.join(name);
        std::fs::write(&p, text)?;
        paths.push(p.display().to_string());
    }
    reopen(c, base).await?;
    // The file picker pressed first: the worker starts and warms up on a store of its own
    // (`reading::warm`) while the seller chooses, to its end since nothing else is asked;
    // none of that store's records joins the seller's (the same score).
    c.execute(
        "window.__warmed = null;
         const ch = new BroadcastChannel('storescore-lane');
         ch.onmessage = (e) => { if ('warmed' in e.data) window.__warmed = String(e.data.warmed); };
         document.querySelector('[data-testid=\"dropzone\"]').dispatchEvent(new PointerEvent('pointerdown', { bubbles: true }));
         return true;",
        vec![],
    )
    .await?;
    let warmed = wait_js(c, "window.__warmed").await?;
    assert_eq!(warmed, json!("1"), "the warm-up ran to its end");
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
    let mut whole = loaded
        .analyse(&Settings::default(), &builtin())
        .ok_or("no analysis")?;
    // Named as the page and the downloads name them.
    whole.name_records(&loaded.prepared);
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
    // Its rows are made when it is opened (once the analysis of this store is shown).
    wait_js(
        c,
        &format!(
            "{table}?.querySelector('summary').textContent.includes('({})')",
            all.len()
        ),
    )
    .await?;
    c.execute(
        &format!("const t = {table}; t.open = true; return true;"),
        vec![],
    )
    .await?;
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
    let csv = response_records_csv(c).await?;
    let mut lines = csv.lines();
    assert!(lines
        .next()
        .is_some_and(|h| h.starts_with("record,order,counts,why,hours_over,paid_at")));
    let records: Vec<&str> = lines
        .map(|l| l.split(',').next().unwrap_or_default())
        .collect();
    let want: Vec<&str> = all.iter().map(|v| v.record.as_str()).collect();
    assert_eq!(records, want);

    // 7c. A store large enough for a second lane (its messages over `lane::LANE_MIN_BYTES`):
    // on two cores the worker has a second worker read them while it reads the orders; the
    // score and the messages' records (the download of all of them) are the native reading's.
    let large = dir.join("lanes");
    std::fs::create_dir_all(&large)?;
    let mut files = Vec::new();
    for (name, text) in reading::sample::generate_csv(250_000, 9) {
        files.push((name, text.into_bytes()));
    }
    let messages = files
        .iter()
        .find(|(n, _)| n.starts_with("messages"))
        .ok_or("a messages file")?;
    assert!(messages.1.len() as u64 > reading::lane::LANE_MIN_BYTES);
    let loaded = session::load(
        files.iter().map(|(n, b)| (n.as_str(), b.as_slice())),
        &Default::default(),
    );
    let mut whole = loaded
        .analyse(&Settings::default(), &builtin())
        .ok_or("no analysis")?;
    // Named as the page and the downloads name them.
    whole.name_records(&loaded.prepared);
    let report = engine::report(
        &whole.baseline,
        &builtin(),
        &Default::default(),
        &Default::default(),
    );
    let all = &whole.records[&(30, MetricId::ResponseWithin24hRate)];
    let mut paths = Vec::new();
    for (name, bytes) in &files {
        let p = large.join(name);
        std::fs::write(&p, bytes)?;
        paths.push(p.display().to_string());
    }
    reopen(c, base).await?;
    // The worker says a second lane's figures on this channel (for the browser benchmark),
    // with those of its own reading and analysis. The picker pressed first, as a seller
    // does: the worker starts its second lane then, which has loaded (said "ready") by the
    // time the warm-up ends, and reads the files it is given as one started with them.
    c.execute(
        "window.__lane = null; window.__laneChannel = new BroadcastChannel('storescore-lane');
         window.__laneChannel.onmessage = (e) => { window.__lane = Object.assign(window.__lane || {}, e.data); };
         document.querySelector('[data-testid=\"dropzone\"]').dispatchEvent(new PointerEvent('pointerdown', { bubbles: true }));
         return true;",
        vec![],
    )
    .await?;
    wait_js(c, "window.__lane && ('warmed' in window.__lane)").await?;
    c.execute("window.__lane = null; return true;", vec![])
        .await?;
    upload(c, &paths.join("\n")).await?;
    wait_text(c, "overall-score", &score_text(&report)).await?;
    let cores = c
        .execute("return navigator.hardwareConcurrency;", vec![])
        .await?
        .as_f64()
        .unwrap_or(1.0);
    if cores >= 2.0 {
        let lane = wait_js(c, "window.__lane && window.__lane.started_ms").await?;
        assert!(
            lane.as_f64().is_some_and(|ms| ms > 0.0),
            "a second lane: {lane}"
        );
    } else {
        let lane = c
            .execute("return window.__lane && window.__lane.started_ms;", vec![])
            .await?;
        assert!(lane.is_null(), "no second lane on one core: {lane}");
    }
    let csv = response_records_csv(c).await?;
    let records: Vec<&str> = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap_or_default())
        .collect();
    let want: Vec<&str> = all.iter().map(|v| v.record.as_str()).collect();
    assert!(want.len() > engine::RECORDS_LISTED, "{}", want.len());
    assert_eq!(records, want);

    // 7d. One large file read alone (a big orders report, the store's orders twice, added in
    // place of the orders file: the other files are kept from the reading before, not read
    // again): on two cores the worker reads it up to a cut and a second lane the rest
    // (`lane::cut_plan`, large enough to be cut whether or not the second lane has loaded);
    // the rows join, and the score is the native reading's.
    let (_, orders) = files
        .iter()
        .find(|(n, _)| n.starts_with("orders"))
        .ok_or("an orders file")?;
    let body = orders
        .iter()
        .position(|&b| b == b'\n')
        .map_or(&orders[..0], |i| &orders[i + 1..]);
    let twice = [&orders[..], body].concat();
    let loaded = session::load(
        files.iter().map(|(n, b)| match n.starts_with("orders") {
            true => (n.as_str(), twice.as_slice()),
            false => (n.as_str(), b.as_slice()),
        }),
        &Default::default(),
    );
    let alone = loaded
        .analyse(&Settings::default(), &builtin())
        .ok_or("no analysis")?;
    let report = engine::report(
        &alone.baseline,
        &builtin(),
        &Default::default(),
        &Default::default(),
    );
    let path = large.join("orders.csv");
    std::fs::write(&path, &twice)?;
    drop(twice);
    c.execute("window.__lane = null; return true;", vec![])
        .await?;
    upload(c, &path.display().to_string()).await?;
    wait_text(c, "overall-score", &score_text(&report)).await?;
    if cores >= 2.0 {
        let joined = wait_js(
            c,
            "window.__lane && ('cut_joined' in window.__lane) && String(window.__lane.cut_joined)",
        )
        .await?;
        assert_eq!(joined, json!("1"), "the second lane's rows joined");
    }

    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

/// The download of all the 24-hour response check's violating records, as the worker writes it
/// (the page's download caught before it reaches the disk).
async fn response_records_csv(c: &Client) -> Res<String> {
    c.execute(
        "window.__blobs = []; window.__make = URL.createObjectURL; window.__click = HTMLAnchorElement.prototype.click;
         URL.createObjectURL = b => { window.__blobs.push(b); return window.__make.call(URL, b); };
         HTMLAnchorElement.prototype.click = function () { window.__download = this.download; };
         window.__csv = undefined;
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
    Ok(csv.as_str().unwrap_or_default().to_owned())
}

pub(crate) async fn drops_and_mapping(c: &Client, base: &str) -> Res<()> {
    let dir = std::env::temp_dir().join(format!("storescore-e2e-drops-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    // 8. A simulated drop of a file with a bad row: the rest loads, the row is named. (On a
    // fresh page: dropped files add to those loaded.)
    reopen(c, base).await?;
    // Once the app has mounted (a find right after navigating raced it in one CI run).
    c.wait()
        .for_element(Locator::Css("[data-testid=dropzone]"))
        .await?;
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

    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}
