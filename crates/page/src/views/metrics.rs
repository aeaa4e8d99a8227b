//! The table of every metric of the main window, with what each is of.

use yew::prelude::*;

use storescore_core::metrics::{MetricId, MetricValue, Unit};
use text::decimal::count;
use text::i18n::{fmt_value, metric_definition, metric_name, Lang, Over};

/// "27 / 808" for a rate, "420 reviews" for an average of stars, "623 replies" for a median.
fn of_what(id: MetricId, v: &MetricValue, lang: Lang) -> String {
    let n = count(v.denominator);
    match id.unit() {
        Unit::Rate => format!("{} / {n}", count(v.numerator)),
        Unit::Stars => text::i18n::over_how_many(&n, Over::Reviews, lang),
        Unit::Hours | Unit::Days => match id {
            MetricId::FirstResponseHoursP50 | MetricId::FirstResponseHoursP90 => {
                text::i18n::over_how_many(&n, Over::Replies, lang)
            }
            _ => text::i18n::over_how_many(&n, Over::Disputes, lang),
        },
        Unit::Count | Unit::Amount => String::new(),
    }
}

#[derive(Properties, PartialEq)]
pub struct MetricsTableProps {
    pub lang: Lang,
    pub metrics: std::collections::BTreeMap<MetricId, MetricValue>,
}

/// Every metric of the main window, with its numerator and denominator.
#[component]
pub fn MetricsTable(p: &MetricsTableProps) -> Html {
    let lang = p.lang;
    let rows = MetricId::ALL.iter().map(|id| {
        let v = p.metrics.get(id).copied().unwrap_or(MetricValue::undefined());
        html! {
            <tr title={metric_definition(*id, lang)}>
                <td>{ metric_name(*id, lang) }</td>
                <td class="num" data-testid={format!("metric-{}", id.as_str())}>{ fmt_value(id.unit(), v.value, lang) }</td>
                // What the value is of: a rate's records over its records, an average's or a
                // median's number of records; a count or a sum is its own.
                <td class="num muted">{ of_what(*id, &v, lang) }</td>
            </tr>
        }
    });
    html! {
        <table class="metrics">
            <tbody>{ for rows }</tbody>
        </table>
    }
}
