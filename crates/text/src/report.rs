//! The CLI's readable report, in either language (the page draws the same numbers itself).

use storescore_core::checks::Status;
use storescore_core::engine;
use storescore_core::metrics::{MetricId, Unit};
use storescore_core::rulebook::{RegionUse, Rulebook};
use storescore_core::time;

use crate::diag::summarize;
use crate::i18n::*;

/// A metric value as the CLI's table writes it.
fn fmt_value(m: Option<MetricId>, v: Option<f64>) -> String {
    match (m.map(|m| m.unit()), v) {
        (_, None) => "n/a".into(),
        (Some(Unit::Rate), Some(x)) => format!("{:.2}%", x * 100.0),
        (Some(Unit::Hours), Some(x)) => format!("{x:.1} h"),
        (Some(Unit::Days), Some(x)) => format!("{x:.1} d"),
        (Some(Unit::Stars), Some(x)) => format!("{x:.2}"),
        (_, Some(x)) => format!("{x:.0}"),
    }
}

/// The CLI's readable report: the window, the records, the score and level, every rulebook's
/// checks with value, threshold and gap, and the diagnostics summed up.
pub fn readable(
    a: &engine::Analysis,
    r: &engine::Report,
    rulebooks: &[Rulebook],
    regions: &[RegionUse],
    diags: &[sources::diag::Diagnostic],
    files: &[sources::FileReport],
    lang: Lang,
) -> String {
    use std::fmt::Write;
    let mut o = String::new();
    let tz = a.params.tz;
    let (start, end) = (
        time::format_local(tz, a.params.window_start()),
        time::format_local(tz, a.params.as_of),
    );
    let (days, zone) = (a.params.window_days, tz.name());
    let _ = writeln!(
        o,
        "{}",
        match lang {
            Lang::En => format!("Window: {start} to {end} ({days} days, {zone})"),
            Lang::Zh => format!("考核期：{start} 至 {end}（{days} 天，{zone}）"),
        }
    );
    let c = &a.counts;
    let _ = writeln!(
        o,
        "{}",
        match lang {
            Lang::En => format!(
                "Records: {} orders ({} order units), {} messages ({} buyer turns), {} disputes, {} reviews",
                c.orders, c.order_units, c.messages, c.buyer_turns, c.disputes, c.reviews
            ),
            Lang::Zh => format!(
                "记录：订单 {}（订单单元 {}），消息 {}（买家会话 {}），纠纷 {}，评价 {}",
                c.orders, c.order_units, c.messages, c.buyer_turns, c.disputes, c.reviews
            ),
        }
    );
    let missing: Vec<String> = sources::kinds_not_given(files)
        .into_iter()
        .map(|k| kind_missing_text(k, lang))
        .collect();
    if !missing.is_empty() {
        let _ = writeln!(
            o,
            "{}",
            labelled(
                T::NotAmongFiles,
                &missing.join(crate::i18n::list_sep(lang)),
                lang
            )
        );
    }
    let colon = colon(lang);
    let score_spec = rulebooks.iter().find_map(|rb| rb.score.as_ref());
    if let (Some(s), Some(spec)) = (&r.score, score_spec) {
        let _ = writeln!(o);
        let title = tr(T::ServiceScore, lang);
        if s.assessed {
            let _ = writeln!(
                o,
                "{title}{colon}{:.1} / {:.0}  {}{colon}{}",
                s.total,
                s.max_points,
                tr(T::Level, lang),
                level_name(spec, s.level.as_deref(), lang)
            );
        } else {
            let _ = writeln!(
                o,
                "{title}{colon}{}",
                match lang {
                    Lang::En => format!(
                        "not assessed ({} paid orders, minimum {})",
                        s.orders_paid, s.min_orders
                    ),
                    Lang::Zh => format!(
                        "不考核（支付订单 {}，至少需 {}）",
                        s.orders_paid, s.min_orders
                    ),
                }
            );
        }
        let series = &a.baseline.series;
        if let (Some(m), Some(mean)) = (&series.month, series.monthly_mean) {
            let level = level_name(spec, series.monthly_level.as_deref(), lang);
            let mean = match lang {
                Lang::En => format!("mean of daily scores {mean:.1}"),
                Lang::Zh => format!("每日得分平均 {mean:.1}"),
            };
            let _ = writeln!(
                o,
                "{}{}{colon}{level}{}",
                tr(T::MonthlyLevel, lang),
                bracketed(m, lang),
                bracketed(&mean, lang)
            );
        }
        for i in &s.indicators {
            let est = match (i.estimated_from, lang) {
                (Some(m), Lang::En) => format!(" (estimated from {})", metric_name(m, lang)),
                (Some(m), Lang::Zh) => format!("（由{}估算）", metric_name(m, lang)),
                (None, _) => String::new(),
            };
            let _ = writeln!(
                o,
                "  {} {:>9}  {:>6.2} / {:<4}{est}",
                pad(metric_name(i.metric, lang), 34),
                fmt_value(Some(i.metric), i.value),
                i.points,
                i.max_points
            );
        }
    }
    for rb in &r.rulebooks {
        let Some(spec) = rulebooks.iter().find(|x| x.id == rb.id) else {
            continue;
        };
        let _ = writeln!(o);
        let tier = rb
            .tier
            .as_deref()
            .map(|t| format!("  -> {}", tier_name(spec, t, lang).unwrap_or(t)))
            .unwrap_or_default();
        let pts = rb
            .penalty_points
            .map(|p| format!("  {}{colon}{p}", tr(T::PenaltyPoints, lang)))
            .unwrap_or_default();
        let (passed, failed, na) = (rb.passed, rb.failed, rb.not_assessed);
        let counts = match lang {
            Lang::En => format!(" ({passed} passed, {failed} failed, {na} not assessed)"),
            Lang::Zh => format!("（通过 {passed}，未通过 {failed}，不考核 {na}）"),
        };
        let _ = writeln!(o, "{}{counts}{tier}{pts}", spec.name.text(lang),);
        if let Some(u) = regions.iter().find(|u| u.rulebook == rb.id) {
            let _ = writeln!(o, "  {}", region_line(spec, u, lang));
        }
        if !spec.checked.is_empty() {
            let _ = writeln!(o, "  {}", sources_line(spec, lang));
        }
        for (c, cs) in rb.checks.iter().zip(&spec.checks) {
            let mark = match c.status {
                Status::Passed => "PASS",
                Status::Failed => "FAIL",
                Status::NotAssessed => " -- ",
            };
            let thr = match c.metric {
                Some(m) => fmt_value(Some(m), Some(c.threshold)),
                None => format!("{}", c.threshold),
            };
            let mut line = format!(
                "  [{mark}] {} {:>9} {} {thr} [{:?}]",
                pad(cs.name.text(lang), 44),
                fmt_value(c.metric, c.value),
                c.op.symbol(),
                c.confidence
            );
            if let Some(covered) = c.covered_days {
                let _ = write!(
                    line,
                    "  {}",
                    crate::i18n::window_text(c.window_days, Some(covered), lang)
                );
            }
            if let Some(why) = &c.not_assessed_because {
                let _ = write!(line, "  {}", not_assessed_because(why, spec, lang));
            }
            if let Some(g) = &c.gap {
                // The page's words for what it takes to pass (one definition).
                let _ = write!(
                    line,
                    "  {}{colon}{}",
                    tr(T::Gap, lang),
                    fmt_gap(c.metric, g, lang)
                );
            }
            let _ = writeln!(o, "{line}");
        }
    }
    if !diags.is_empty() {
        let _ = writeln!(
            o,
            "\n{}{}",
            tr(T::Diagnostics, lang),
            crate::i18n::colon_tight(lang)
        );
        for line in summarize(diags, lang) {
            let _ = writeln!(o, "  {line}");
        }
    }
    o
}
