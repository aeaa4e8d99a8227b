//! The docs the code and the seller read are in the repository and say what the data says:
//! docs/DOMAIN.md's tables of the rules in force and the export formats read are made from
//! `rulebooks/` and `formats/` (a stale table is rewritten and the test fails, so the change is
//! seen and committed), and every `*.md` the code cites exists.

use std::fmt::Write;

mod common;
use common::{root, rust_files};

use sources::formats;
use storescore_core::metrics::Unit;
use storescore_core::rulebook::builtin;

/// `threshold` as the page shows it (`fmt_value` in the metric's unit), a typed-in one as it is.
fn amount(unit: Option<Unit>, x: f64) -> String {
    match unit {
        Some(u) => text::i18n::fmt_value(u, Some(x), text::i18n::Lang::En),
        None => text::decimal::trimmed(x, 2),
    }
}

/// A table cell: one line, no pipe.
fn cell(s: &str) -> String {
    s.replace('|', "/").replace('\n', " ")
}

fn rules_section() -> String {
    let mut out = String::new();
    for rb in builtin() {
        let _ = writeln!(
            out,
            "\n### {} (`{}`, checked {})\n\n{}\n",
            rb.name.en,
            rb.id,
            rb.checked,
            cell(&rb.source.en)
        );
        if let Some(score) = &rb.score {
            out.push_str("| indicator | points | where it comes from |\n|---|---|---|\n");
            for i in &score.indicators {
                let _ = writeln!(
                    out,
                    "| {} (`{}`) | {} | {} |",
                    cell(&i.name.en),
                    i.id,
                    text::decimal::trimmed(i.max_points, 1),
                    cell(&i.source.en)
                );
            }
            let levels: Vec<String> = score
                .levels
                .iter()
                .map(|l| format!("{} from {}", l.name.en, text::decimal::trimmed(l.min, 1)))
                .collect();
            let _ = writeln!(
                out,
                "\nLevels: {}. Not assessed under {} orders ({:?}).",
                levels.join(", "),
                text::decimal::trimmed(score.min_orders, 0),
                score.min_orders_confidence
            );
        }
        if !rb.checks.is_empty() {
            out.push_str("| check | rule | window | confidence | where it comes from |\n");
            out.push_str("|---|---|---|---|---|\n");
            for c in &rb.checks {
                let unit = c.metric().map(|m| m.unit());
                let rule = match &c.threshold_input {
                    Some(input) => format!("{} the value you type (`{input}`)", c.op.symbol()),
                    None => format!("{} {}", c.op.symbol(), amount(unit, c.threshold)),
                };
                let _ = writeln!(
                    out,
                    "| {} (`{}`) | {} | {} days | {:?} | {} |",
                    cell(&c.name.en),
                    c.id,
                    rule,
                    c.window_days.unwrap_or(rb.window_days),
                    c.confidence,
                    cell(&c.source.en)
                );
            }
        }
        if !rb.sources.is_empty() {
            out.push_str("\nSources:\n");
            for s in &rb.sources {
                let _ = writeln!(
                    out,
                    "- [{}]({}), read {} ({:?})",
                    cell(&s.title.en),
                    s.url,
                    s.checked,
                    s.confidence
                );
            }
        }
    }
    out
}

fn formats_section() -> String {
    let mut out = String::from(
        "\n| platform | report (id) | headers | records | where to download it | layout source (checked, confidence) |\n|---|---|---|---|---|---|\n",
    );
    for f in formats::builtin() {
        let _ = writeln!(
            out,
            "| {:?} | {} (`{}`) | {} | {:?} | {} | <{}> ({}, {}){} |",
            f.platform,
            cell(&f.report),
            f.id,
            f.locale,
            f.kind,
            cell(&f.download),
            f.source.url,
            f.source.checked,
            f.source.confidence,
            if f.source.note.is_empty() {
                String::new()
            } else {
                format!(": {}", cell(&f.source.note))
            }
        );
    }
    out
}

/// Replaces what lies between `<!-- begin NAME -->` and `<!-- end NAME -->` with `body`.
fn replace_section(doc: &str, name: &str, body: &str) -> String {
    let (begin, end) = (
        format!("<!-- begin {name} -->"),
        format!("<!-- end {name} -->"),
    );
    let a = doc
        .find(&begin)
        .unwrap_or_else(|| panic!("{begin} missing"))
        + begin.len();
    let b = doc.find(&end).unwrap_or_else(|| panic!("{end} missing"));
    format!("{}\n{}\n{}", &doc[..a], body.trim_matches('\n'), &doc[b..])
}

#[test]
fn domain_md_lists_the_rules_and_formats_in_force() {
    let path = root().join("docs/DOMAIN.md");
    let doc = std::fs::read_to_string(&path).unwrap();
    let made = replace_section(&doc, "rules", &rules_section());
    let made = replace_section(&made, "formats", &formats_section());
    if made != doc {
        std::fs::write(&path, &made).unwrap();
        panic!(
            "{} was stale and is rewritten: run the tests again",
            path.display()
        );
    }
    // Every rule in force and every format read is there, with a dated source.
    for rb in builtin() {
        assert!(doc.contains(&format!("`{}`", rb.id)), "{}", rb.id);
        for c in &rb.checks {
            assert!(doc.contains(&format!("(`{}`)", c.id)), "{}", c.id);
        }
        assert!(!rb.checked.is_empty(), "{}", rb.id);
    }
    for f in formats::builtin() {
        assert!(doc.contains(&format!("(`{}`)", f.id)), "{}", f.id);
    }
}

/// A newcomer can open every document the code names: the code once cited METRICS.md and
/// DOMAIN.md 22 times while neither was in the repository.
#[test]
fn every_doc_the_code_cites_is_in_the_repository() {
    let mut files = Vec::new();
    for dir in ["crates", "src", "tests", "benches"] {
        files.extend(rust_files(&root().join(dir)));
    }
    let mut cited = std::collections::BTreeSet::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        for (i, _) in text.match_indices(".md") {
            let name: String = text[..i]
                .chars()
                .rev()
                .take_while(|c| c.is_ascii_uppercase() || *c == '-' || *c == '_')
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            if name.len() >= 3 {
                cited.insert(format!("{name}.md"));
            }
        }
    }
    assert!(cited.contains("METRICS.md"), "{cited:?}");
    for name in &cited {
        let found = [root().join(name), root().join("docs").join(name)]
            .iter()
            .any(|p| p.exists());
        assert!(
            found,
            "the code cites {name}, which is not in the repository"
        );
    }
}
