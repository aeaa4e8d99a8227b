//! The native CLI: exit codes and the METRICS.md output contract.

use std::path::PathBuf;
use std::process::Command;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_storescore"))
}

fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("storescore-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn sample_files(dir: &std::path::Path) -> Vec<PathBuf> {
    reading::sample::generate_csv(400, 5)
        .into_iter()
        .map(|(name, text)| {
            let p = dir.join(name);
            std::fs::write(&p, text).unwrap();
            p
        })
        .collect()
}

/// `report --json --as-of 2026-10-15 --window-days 30` of the sample files written in `dir`.
fn sample_json(dir: &std::path::Path) -> serde_json::Value {
    let files = sample_files(dir);
    let out = bin()
        .args([
            "report",
            "--json",
            "--as-of",
            "2026-10-15",
            "--window-days",
            "30",
        ])
        .args(&files)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn json_report_follows_the_output_contract() {
    let dir = temp_dir("json");
    let v = sample_json(&dir);
    assert_eq!(v["window"]["as_of"], "2026-10-15 00:00:00");
    assert_eq!(v["window"]["start"], "2026-09-15 00:00:00");
    for id in storescore_core::metrics::MetricId::ALL {
        let m = &v["metrics"][id.as_str()];
        assert!(
            m.get("value").is_some() && m["numerator"].is_number() && m["denominator"].is_number(),
            "{id}: {m}"
        );
    }
    // When the failing checks pass again if every new record is good (the assumption said).
    assert!(v["recovery"]["assumption"]
        .as_str()
        .unwrap()
        .contains("every new record"));
    let rec = v["recovery"]["checks"].as_array().unwrap();
    assert!(rec
        .iter()
        .all(|c| c["status"] == "failed" && c.get("passes_on").is_some()));
    assert_eq!(v["recovery"]["score"].as_array().unwrap().len(), 60);
    // The cheapest ways to pass, in records, each option reaching its goal.
    let targets = v["targets"].as_array().unwrap();
    assert!(!targets.is_empty());
    for t in targets {
        let goal = t["goal"].as_str().unwrap();
        assert!(
            goal.starts_with("level:") || goal.starts_with("check:"),
            "{goal}"
        );
        for o in t["options"].as_array().unwrap() {
            assert_eq!(o["reaches"], true);
            assert!(o["changes"]
                .as_array()
                .unwrap()
                .iter()
                .all(|c| c["records"].as_f64().unwrap() >= 1.0));
        }
    }
    let indicators = v["score"]["indicators"].as_array().unwrap();
    assert_eq!(indicators.len(), 6);
    assert!(v["checks"].as_array().unwrap().iter().all(|c| {
        ["passed", "failed", "not_assessed"].contains(&c["status"].as_str().unwrap_or(""))
            && c["threshold"].is_number()
            && c["violations"].is_number()
    }));
    assert_eq!(v["counts"]["orders"], 400);
}

#[test]
fn a_bad_row_still_produces_a_report_with_its_diagnostic() {
    let dir = temp_dir("badrow");
    let p = dir.join("orders.csv");
    std::fs::write(
        &p,
        "order_id,paid_at\nA,2026-07-10 10:00:00\nB,not a date\n",
    )
    .unwrap();
    let out = bin().args(["report", "--json"]).arg(&p).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let d = &v["diagnostics"][0];
    assert_eq!(
        (d["row"].as_u64(), d["column"].as_str(), d["code"].as_str()),
        (Some(3), Some("paid_at"), Some("bad_date"))
    );
    assert_eq!(v["metrics"]["orders_paid"]["value"], 1.0);
}

#[test]
fn exit_codes() {
    let dir = temp_dir("codes");
    let junk = dir.join("junk.bin");
    std::fs::write(&junk, [0u8, 159, 146, 150, 1, 2, 3, 0, 0, 7]).unwrap();
    assert_eq!(
        bin()
            .arg("report")
            .arg(&junk)
            .output()
            .unwrap()
            .status
            .code(),
        Some(3)
    );
    // A directory and a missing path: named on stderr, no records, exit 3.
    let out = bin()
        .arg("report")
        .arg(&dir)
        .arg(dir.join("missing.csv"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("cannot read {}: not a file", dir.display()))
            && err.contains("missing.csv: "),
        "{err}"
    );
    assert_eq!(
        bin()
            .args(["report", "--window-days", "zero", "x.csv"])
            .output()
            .unwrap()
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        bin()
            .args(["report", "--tz", "Mars/Base", "x.csv"])
            .output()
            .unwrap()
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        bin()
            .args(["report", "--rulebook", "nope", "x.csv"])
            .output()
            .unwrap()
            .status
            .code(),
        Some(2)
    );
    // Dates as the page reads them: YYYY-MM-DD, padded (chrono's reader took 2026-1-5).
    for date in ["2026-1-5", "2026-02-30", "15.10.2026"] {
        let out = bin()
            .args(["report", "--as-of", date, "x.csv"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{date}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("--as-of takes YYYY-MM-DD"), "{date}: {err}");
    }
    assert_eq!(
        bin()
            .args(["template", "orders"])
            .output()
            .unwrap()
            .status
            .code(),
        Some(0)
    );
}

#[test]
fn an_edited_rulebook_file_changes_the_verdict() {
    let dir = temp_dir("rulebook");
    let files = sample_files(&dir);
    let out = bin()
        .args(["rulebook", "etsy-star-seller"])
        .output()
        .unwrap();
    let mut rb: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for c in rb["checks"].as_array_mut().unwrap() {
        c["threshold"] = if c["op"] == ">=" {
            0.0.into()
        } else {
            1e9.into()
        };
    }
    let rb_path = dir.join("etsy.json");
    std::fs::write(&rb_path, rb.to_string()).unwrap();
    let out = bin()
        .args([
            "report",
            "--json",
            "--rulebook",
            "etsy-star-seller",
            "--rulebook-file",
        ])
        .arg(&rb_path)
        .args(&files)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v["rulebooks"][0]["tier"], "star_seller",
        "{}",
        v["rulebooks"][0]
    );
}

/// With an orders file alone the report says which kinds are missing and what that does (a 0%
/// dispute rate is not a measured one); with all four files it says nothing.
#[test]
fn the_text_report_names_the_kinds_no_file_was_given_for() {
    let dir = temp_dir("missing");
    let files = sample_files(&dir);
    let orders: Vec<&PathBuf> = files.iter().filter(|p| p.ends_with("orders.csv")).collect();
    assert_eq!(orders.len(), 1);
    let text = |args: &[&PathBuf]| {
        let out = bin().arg("report").args(args).output().unwrap();
        assert!(out.status.success(), "{out:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    let alone = text(&orders);
    let line = alone
        .lines()
        .find(|l| l.starts_with("Not among these files:"))
        .unwrap_or_else(|| panic!("{alone}"));
    assert!(
        line.contains("messages") && line.contains("reviews"),
        "{line}"
    );
    assert!(
        line.contains("disputes (the dispute rates count none, so they read 0%)"),
        "{line}"
    );
    assert!(!line.contains("orders"), "{line}");
    let all = text(&files.iter().collect::<Vec<_>>());
    assert!(!all.contains("Not among these files"), "{all}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// `--lang zh` writes the whole readable report in Chinese, and its columns line up though a
/// Chinese character takes two columns (the report's frame was English, its columns ragged).
#[test]
fn the_chinese_text_report_is_chinese_and_its_columns_line_up() {
    let dir = temp_dir("zh");
    let files = sample_files(&dir);
    let out = bin()
        .args(["report", "--lang", "zh"])
        .args(&files)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8(out.stdout).unwrap();
    for want in [
        "考核期：",
        "记录：订单 ",
        "服务分：",
        "等级：",
        "（通过 ",
        "达标差距：",
    ] {
        assert!(text.contains(want), "{want} in {text}");
    }
    for english in ["Window:", "Records:", "passed,", "gap:", "level:"] {
        assert!(!text.contains(english), "{english} in {text}");
    }
    // Where each check's comparison starts, in columns (a CJK character takes two).
    let width = |s: &str| -> usize { s.chars().map(|c| if c >= '\u{2E80}' { 2 } else { 1 }).sum() };
    let columns: Vec<usize> = text
        .lines()
        .filter(|l| l.starts_with("  [PASS]") || l.starts_with("  [FAIL]"))
        .filter_map(|l| {
            let at = [" >= ", " <= ", " > ", " < "]
                .iter()
                .filter_map(|op| l.find(op))
                .min()?;
            Some(width(&l[..at]))
        })
        .collect();
    assert!(columns.len() > 20, "{text}");
    assert!(
        columns.iter().all(|c| *c == columns[0]),
        "{columns:?}\n{text}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// A Brazilian sales export (`Total (BRL)`) is judged by Mercado Libre's Brazilian limits, and
/// says so; `--region` chooses another; an unknown region is a usage error.
#[test]
fn the_region_follows_the_orders_currency_and_region_chooses() {
    let file = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/exports/mercado-libre/Vendas_BR.xlsx"
    );
    let run = |extra: &[&str]| {
        let out = bin()
            .args(["report", "--json"])
            .args(extra)
            .arg(file)
            .output()
            .unwrap();
        (
            out.status.code(),
            out.stdout,
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let region_of = |stdout: &[u8]| {
        let v: serde_json::Value = serde_json::from_slice(stdout).unwrap();
        let u = v["regions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["rulebook"] == "mercado-libre")
            .cloned()
            .unwrap();
        let claims = v["rulebooks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == "mercado-libre")
            .unwrap()["checks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == "meli-claims")
            .unwrap()["threshold"]
            .as_f64()
            .unwrap();
        (u, claims)
    };
    let (code, stdout, err) = run(&[]);
    assert_eq!(code, Some(0), "{err}");
    let (u, claims) = region_of(&stdout);
    assert_eq!(u["region"], "BR");
    assert_eq!(
        u["from"],
        serde_json::json!({"by": "files", "currency": "BRL"})
    );
    assert_eq!(claims, 0.02);

    let (code, stdout, err) = run(&["--region", "mercado-libre=CL-CO"]);
    assert_eq!(code, Some(0), "{err}");
    let (u, claims) = region_of(&stdout);
    assert_eq!(
        (u["region"].as_str(), u["from"]["by"].as_str()),
        (Some("CL-CO"), Some("chosen"))
    );
    assert_eq!(claims, 0.035);

    let (code, _, err) = run(&["--region", "XX"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("XX"), "{err}");

    let out = bin().args(["report", file]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("Region: Brazil (from the files: most orders are in BRL)"),
        "{text}"
    );
    assert!(
        text.contains("Rules checked 2026-12-06 against: Mercado Libre Global Selling help"),
        "{text}"
    );
}

/// `previous` is the whole report of the window that ends where today's starts, and `changes`
/// splits the score's change by indicator: the indicators' changes add up to it.
#[test]
fn previous_window_and_changes_by_indicator() {
    let dir = temp_dir("changes");
    let v = sample_json(&dir);
    assert_eq!(v["previous"]["window"]["as_of"], v["window"]["start"]);
    assert_eq!(v["previous"]["window"]["start"], "2026-08-16 00:00:00");
    let c = &v["changes"];
    let before = v["previous"]["score"]["total"].as_f64().unwrap();
    let after = v["score"]["total"].as_f64().unwrap();
    assert_eq!(c["score_before"].as_f64(), Some(before));
    assert_eq!(c["score_after"].as_f64(), Some(after));
    let sum: f64 = c["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["points"].as_f64().unwrap())
        .sum();
    assert!(
        (sum - (after - before)).abs() < 1e-9,
        "{sum} vs {}",
        after - before
    );
    // Every check before and after, the changed ones marked.
    let checks = c["checks"].as_array().unwrap();
    assert_eq!(checks.len(), v["checks"].as_array().unwrap().len());
    assert!(checks
        .iter()
        .all(|x| x["changed"] == (x["before"] != x["after"])));
    let _ = std::fs::remove_dir_all(&dir);
}

/// `stores --jsonl`: one line per folder, in the order given, each the `report --json`
/// contract plus "store"; a folder with nothing to read is a line with an error, and the
/// others still come.
#[test]
fn stores_prints_one_report_line_per_folder() {
    let dir = temp_dir("stores");
    let (a, b, empty) = (dir.join("shop-a"), dir.join("shop-b"), dir.join("empty"));
    for d in [&a, &b, &empty] {
        std::fs::create_dir_all(d).unwrap();
    }
    for (name, text) in reading::sample::generate_csv(300, 3) {
        std::fs::write(a.join(name), text).unwrap();
    }
    std::fs::copy(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/exports/mercado-libre/Vendas_BR.xlsx"
        ),
        b.join("Vendas_BR.xlsx"),
    )
    .unwrap();
    let out = bin()
        .args(["stores", "--jsonl", "--window-days", "30"])
        .args([&a, &empty, &b])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let stores: Vec<&str> = lines.iter().map(|l| l["store"].as_str().unwrap()).collect();
    assert_eq!(stores, ["shop-a", "empty", "shop-b"]);
    assert_eq!(lines[1]["error"], "no files");
    // Each line is the store's own report: the same as `report --json` on its files.
    let alone = bin()
        .args(["report", "--json", "--window-days", "30"])
        .arg(b.join("Vendas_BR.xlsx"))
        .output()
        .unwrap();
    let mut alone: serde_json::Value = serde_json::from_slice(&alone.stdout).unwrap();
    alone["store"] = "shop-b".into();
    assert_eq!(lines[2]["metrics"], alone["metrics"]);
    assert_eq!(lines[2]["regions"], alone["regions"]);
    assert!(lines[0]["score"]["total"].is_number() && lines[0]["recovery"].is_object());
    let _ = std::fs::remove_dir_all(&dir);
}

/// `records --check`: every record the check counts with the times that decide it, then the
/// records its metric exempted, with the file's reason.
#[test]
fn records_lists_a_checks_evidence_with_its_times_and_exemptions() {
    let dir = temp_dir("records");
    let orders = dir.join("orders.csv");
    std::fs::write(
        &orders,
        "order_id,paid_at,ship_deadline,shipped_at,tracking_number\n\
         A,2026-10-01 10:00:00,2026-10-04 10:00:00,2026-10-05 12:00:00,LP0000000001\n\
         B,2026-10-02 10:00:00,2026-10-05 10:00:00,2026-10-03 12:00:00,LP0000000002\n\
         C,2026-10-03 10:00:00,2026-10-06 10:00:00,2026-10-04 12:00:00,LP0000000003\n",
    )
    .unwrap();
    let disputes = dir.join("disputes.csv");
    std::fs::write(
        &disputes,
        "dispute_id,order_id,kind,opened_at,exempted,reason\n\
         D1,B,not_as_described,2026-10-10 10:00:00,false,wrong colour\n\
         D2,C,not_as_described,2026-10-11 10:00:00,true,carrier damage\n",
    )
    .unwrap();
    let run = |check: &str| {
        let out = bin()
            .args(["records", "--check", check, "--as-of", "2026-10-20"])
            .args([&orders, &disputes])
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let late = run("aliexpress-service-rules/ship-before-deadline");
    let lines: Vec<&str> = late.lines().collect();
    assert!(
        lines[0].starts_with("record,order,counts,why,hours_over,paid_at,ship_deadline,shipped_at")
    );
    assert_eq!(lines.len(), 2, "{late}");
    assert!(
        lines[1].starts_with("A,,yes,shipped after the deadline,26.00,2026-10-01 10:00:00,2026-10-04 10:00:00,2026-10-05 12:00:00"),
        "{}",
        lines[1]
    );
    let snad = run("amazon-account-health/amazon-order-defect-rate");
    assert!(snad.contains("\nB,,yes,order defect,"), "{snad}");
    assert!(snad.contains("\nD2,C,exempted,carrier damage,"), "{snad}");
    let out = bin()
        .args(["records", "--check", "nope"])
        .arg(&orders)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let _ = std::fs::remove_dir_all(&dir);
}
