//! Charts as small SVG components: each has a caption, axis labels, a tooltip per mark (`<title>`)
//! and a text alternative (`<desc>`), and prints in plain strokes.

use text::decimal::{fixed, nice_scale, signed, trimmed, Dec};
use text::i18n::Localized;
use yew::prelude::*;

use crate::shared::Shared;
use storescore_core::distributions::Histogram;
use storescore_core::engine::{Analysis, Report};
use storescore_core::rulebook::ScoreSpec;
use storescore_core::whatif::Baseline;
use text::i18n::{clip, dispute_kind_text, tr, Lang, T};

#[derive(Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: f64,
    /// A second value drawn inside the bar (e.g. problems among orders), or none.
    pub part: Option<f64>,
    pub tooltip: String,
    /// Written above the bar (a share, where a bar of 0 would show nothing), or nothing.
    pub above: Option<String>,
}

#[derive(Properties, PartialEq)]
pub struct BarsProps {
    pub title: String,
    pub desc: String,
    pub bars: Vec<Bar>,
    /// Vertical marks: (position in bar units from the left, label).
    #[prop_or_default]
    pub marks: Vec<(f64, String)>,
    pub x_label: String,
    pub y_label: String,
    /// The top of the scale (100 for shares); the tallest bar otherwise.
    #[prop_or_default]
    pub y_max: Option<f64>,
    /// Label every n-th bar.
    #[prop_or(1)]
    pub label_every: usize,
    /// The inner part is good (points earned: green), not a problem (late, disputed: red).
    #[prop_or(false)]
    pub part_good: bool,
    #[prop_or_default]
    pub testid: String,
    pub lang: Lang,
    /// What `part` counts (the data table's third column).
    #[prop_or_default]
    pub part_label: String,
    /// What `value` is, in the data table, where the axis label does not say it.
    #[prop_or_default]
    pub value_label: Option<String>,
}

const W: f64 = 560.0;
const H: f64 = 220.0;
const LEFT: f64 = 44.0;
const BOTTOM: f64 = 40.0;
const TOP: f64 = 12.0;

/// `0 0 w h` (the daily chart is wider than the others).
fn view_box(w: f64, h: f64) -> String {
    format!("0 0 {} {}", at(w), at(h))
}

/// The frame every chart draws in: a captioned figure, an SVG `w` by `h` named by the caption,
/// its text alternative, its marks, then its data as a table (folded; a screen reader and a
/// keyboard reach every value there, not only the summary in `desc`).
fn frame(
    testid: &str,
    wide: bool,
    (title, desc): (&str, &str),
    (w, h): (f64, f64),
    marks: Html,
    data: DataTable,
) -> Html {
    html! {
        <figure class={classes!("chart", wide.then_some("wide"))} data-testid={testid.to_owned()}>
            <figcaption>{ title }</figcaption>
            <svg viewBox={view_box(w, h)} role="img" aria-label={title.to_owned()}>
                <desc>{ desc }</desc>
                { marks }
            </svg>
            { data.view(testid) }
        </figure>
    }
}

/// A chart's values as rows under column heads.
struct DataTable {
    summary: &'static str,
    heads: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl DataTable {
    fn view(self, testid: &str) -> Html {
        if self.rows.is_empty() {
            return html! {};
        }
        html! {
            <details class="chart-data no-print" data-testid={format!("{testid}-data")}>
                <summary>{ self.summary }</summary>
                <table>
                    <thead><tr>{ for self.heads.iter().map(|h| html! { <th scope="col">{ h }</th> }) }</tr></thead>
                    <tbody>{ for self.rows.iter().map(|r| html! {
                        <tr>{ for r.iter().enumerate().map(|(i, c)| if i == 0 {
                            html! { <th scope="row">{ c }</th> }
                        } else {
                            html! { <td class="num">{ c }</td> }
                        }) }</tr>
                    }) }</tbody>
                </table>
            </details>
        }
    }
}

/// A coordinate in an SVG attribute: a tenth of a unit is finer than a pixel here.
fn at(v: f64) -> String {
    trimmed(v, 1)
}

/// Vertical bars.
#[component]
pub fn Bars(p: &BarsProps) -> Html {
    let n = p.bars.len().max(1) as f64;
    let (max, step) = nice_scale(
        p.y_max
            .unwrap_or_else(|| p.bars.iter().map(|b| b.value).fold(0.0, f64::max)),
    );
    let plot_w = W - LEFT - 8.0;
    let plot_h = H - TOP - BOTTOM;
    let bw = plot_w / n;
    let y = |v: f64| TOP + plot_h - v / max * plot_h;
    let bars = p.bars.iter().enumerate().map(|(i, b)| {
        let x = LEFT + i as f64 * bw;
        let label = (i % p.label_every.max(1) == 0).then(|| html! {
            <text class="tick" x={at(x + bw / 2.0)} y={at(H - BOTTOM + 14.0)} text-anchor="middle">{ &b.label }</text>
        });
        let above = b.above.as_ref().map(|t| html! {
            <text class="tick" x={at(x + bw / 2.0)} y={at(y(b.value) - 4.0)} text-anchor="middle">{ t }</text>
        });
        let part = b.part.map(|v| html! {
            <rect class={classes!("bar-part", p.part_good.then_some("good"))} x={at(x + 1.0)} y={at(y(v))} width={at((bw - 2.0).max(0.5))} height={at((TOP + plot_h - y(v)).max(0.0))} />
        });
        html! {
            <g>
                <rect class="bar" x={at(x + 1.0)} y={at(y(b.value))} width={at((bw - 2.0).max(0.5))} height={at((TOP + plot_h - y(b.value)).max(0.0))}>
                    <title>{ &b.tooltip }</title>
                </rect>
                { for part }
                { for label }
                { for above }
            </g>
        }
    });
    let marks = p.marks.iter().map(|(pos, label)| {
        let x = LEFT + pos * bw;
        html! {
            <g class="mark">
                <line x1={at(x)} x2={at(x)} y1={at(TOP)} y2={at(TOP + plot_h)} />
                <text x={at(x + 3.0)} y={at(TOP + 10.0)}>{ label }</text>
            </g>
        }
    });
    let ticks = (0..=(max / step).round() as usize).map(|k| {
        let v = k as f64 * step;
        html! { <text class="tick" x={at(LEFT - 4.0)} y={at(y(v) + 4.0)} text-anchor="end">{ short(v) }</text> }
    });
    let marks = html! {
        <>
            <line class="axis" x1={at(LEFT)} x2={at(W - 8.0)} y1={at(TOP + plot_h)} y2={at(TOP + plot_h)} />
            { for ticks }
            { for bars }
            { for marks }
            <text class="axis-label" x={at(LEFT + plot_w / 2.0)} y={at(H - 4.0)} text-anchor="middle">{ &p.x_label }</text>
            <text class="axis-label" transform={format!("translate(12 {}) rotate(-90)", at(TOP + plot_h / 2.0))} text-anchor="middle">{ &p.y_label }</text>
        </>
    };
    let has_part = p.bars.iter().any(|b| b.part.is_some());
    let data = DataTable {
        summary: tr(T::ChartData, p.lang),
        heads: [
            p.x_label.clone(),
            p.value_label.clone().unwrap_or_else(|| p.y_label.clone()),
        ]
        .into_iter()
        .chain(has_part.then(|| p.part_label.clone()))
        .collect(),
        rows: p
            .bars
            .iter()
            .map(|b| {
                let value = b
                    .above
                    .clone()
                    .filter(|_| p.y_max.is_some())
                    .unwrap_or_else(|| short(b.value));
                [b.label.clone(), value]
                    .into_iter()
                    .chain(has_part.then(|| b.part.map(short).unwrap_or_default()))
                    .collect()
            })
            .collect(),
    };
    frame(&p.testid, false, (&p.title, &p.desc), (W, H), marks, data)
}

/// A row of [`HBars`]: its label written out (a dispute's reason), and its value.
#[derive(Clone, PartialEq)]
pub struct HBar {
    pub label: String,
    pub value: f64,
}

#[derive(Properties, PartialEq)]
pub struct HBarsProps {
    pub title: String,
    pub desc: String,
    pub rows: Vec<HBar>,
    /// What the values count (after each bar's value, and in its tooltip).
    pub unit: String,
    #[prop_or_default]
    pub testid: String,
    pub lang: Lang,
}

/// Room for a label, in half-widths (`i18n::clip`): about 5.5 units each at the chart's
/// font, so a label stays inside the chart's width.
const LABEL_ROOM: usize = 92;

/// Horizontal bars, each under its label written out (labels too long for a vertical bar's
/// foot); the full label and value in each bar's tooltip.
#[component]
pub fn HBars(p: &HBarsProps) -> Html {
    const ROW: f64 = 34.0;
    const END: f64 = 48.0;
    let max = p.rows.iter().map(|b| b.value).fold(0.0, f64::max).max(1e-9);
    let h = TOP + ROW * p.rows.len().max(1) as f64;
    let rows = p.rows.iter().enumerate().map(|(i, b)| {
        let y = TOP + i as f64 * ROW;
        let w = ((W - END) * b.value / max).max(0.5);
        html! {
            <g>
                <text class="tick" x="0" y={at(y + 10.0)}>{ clip(&b.label, LABEL_ROOM) }</text>
                <rect class="bar" x="0" y={at(y + 14.0)} width={at(w)} height="12">
                    <title>{ format!("{}: {} {}", b.label, short(b.value), p.unit) }</title>
                </rect>
                <text class="tick" x={at(w + 4.0)} y={at(y + 24.0)}>{ short(b.value) }</text>
            </g>
        }
    });
    let marks = html! {
        <>
            if p.rows.is_empty() {
                <text class="tick" x="0" y={at(TOP + 14.0)}>{ "—" }</text>
            }
            { for rows }
        </>
    };
    let data = DataTable {
        summary: tr(T::ChartData, p.lang),
        heads: vec![p.title.clone(), p.unit.clone()],
        rows: p
            .rows
            .iter()
            .map(|b| vec![b.label.clone(), short(b.value)])
            .collect(),
    };
    frame(&p.testid, false, (&p.title, &p.desc), (W, h), marks, data)
}

fn short(v: f64) -> String {
    if v >= 1000.0 {
        format!("{:.1}k", Dec(v / 1000.0))
    } else if v.fract() == 0.0 || v >= 10.0 {
        fixed(v, 0)
    } else {
        fixed(v, 1)
    }
}

fn hist_bars(h: &Histogram, unit: &str, label_fmt: impl Fn(f64) -> String) -> Vec<Bar> {
    h.counts
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let lo = h.start + i as f64 * h.step;
            Bar {
                label: label_fmt(lo),
                value: *c as f64,
                part: None,
                tooltip: format!("{:.0}–{:.0} {unit}: {c}", Dec(lo), Dec(lo + h.step)),
                above: None,
            }
        })
        .collect()
}

#[derive(Properties, PartialEq)]
pub struct TrendProps {
    pub lang: Lang,
    pub days: Shared<Vec<storescore_core::score::DayScore>>,
    pub spec: Shared<ScoreSpec>,
    pub testid: AttrValue,
    pub title: AttrValue,
}

/// A daily score (the past days', or the projected ones) with the level bands.
#[component]
pub fn Trend(p: &TrendProps) -> Html {
    let lang = p.lang;
    let days = &p.days;
    if days.is_empty() {
        return html! {};
    }
    const W: f64 = 1100.0;
    let n = days.len().max(2) as f64 - 1.0;
    let plot_w = W - LEFT - 8.0;
    let plot_h = H - TOP - BOTTOM;
    let x = |i: usize| LEFT + i as f64 / n * plot_w;
    let y = |v: f64| TOP + plot_h - v.clamp(0.0, 100.0) / 100.0 * plot_h;
    let mut upper = 100.0;
    let bands = p.spec.levels.iter().map(|l| {
        let lo = l.min.max(0.0);
        let r = html! {
            <g>
                <rect class={classes!("band", l.id.clone())} x={at(LEFT)} y={at(y(upper))} width={at(plot_w)} height={at(y(lo) - y(upper))} />
                <text class="tick" x={at(LEFT - 4.0)} y={at(y(lo) + 4.0)} text-anchor="end">{ fixed(lo, 0) }</text>
                <text class="band-label" x={at(W - 12.0)} y={at(y(upper) + 12.0)} text-anchor="end">{ l.name.text(lang) }</text>
            </g>
        };
        upper = lo;
        r
    }).collect::<Html>();
    let points: Vec<String> = days
        .iter()
        .enumerate()
        .filter_map(|(i, d)| {
            d.score
                .map(|s| format!("{:.1},{:.1}", Dec(x(i)), Dec(y(s))))
        })
        .collect();
    let dots = days.iter().enumerate().filter_map(|(i, d)| {
        d.score.map(|s| html! {
            <circle class="dot" cx={at(x(i))} cy={at(y(s))} r="2.5"><title>{ format!("{}: {:.1}", d.date, Dec(s)) }</title></circle>
        })
    });
    let first = days.first().map(|d| d.date.clone()).unwrap_or_default();
    let last = days.last().map(|d| d.date.clone()).unwrap_or_default();
    let assessed: Vec<f64> = days.iter().filter_map(|d| d.score).collect();
    let desc = match (assessed.first(), assessed.last()) {
        (Some(a), Some(b)) => format!("{first} {:.1} → {last} {:.1}", Dec(*a), Dec(*b)),
        _ => tr(T::NoData, lang).to_owned(),
    };
    let marks = html! {
        <>
            { bands }
            <polyline class="line" points={points.join(" ")} />
            { for dots }
            <text class="tick" x={at(LEFT)} y={at(H - BOTTOM + 14.0)}>{ first }</text>
            <text class="tick" x={at(W - 8.0)} y={at(H - BOTTOM + 14.0)} text-anchor="end">{ last }</text>
        </>
    };
    let data = DataTable {
        summary: tr(T::ChartData, lang),
        heads: vec![tr(T::Day, lang).to_owned(), tr(T::Score, lang).to_owned()],
        rows: days
            .iter()
            .map(|d| {
                vec![
                    d.date.clone(),
                    d.score.map_or("—".to_owned(), |s| fixed(s, 1)),
                ]
            })
            .collect(),
    };
    frame(&p.testid, true, (&p.title, &desc), (W, H), marks, data)
}

#[derive(Properties, PartialEq)]
pub struct ChartsProps {
    pub lang: Lang,
    pub baseline: Shared<Baseline>,
    pub analysis: Option<Shared<Analysis>>,
    pub spec: Option<Shared<ScoreSpec>>,
    pub after: Shared<Report>,
}

#[component]
pub fn Charts(p: &ChartsProps) -> Html {
    let lang = p.lang;
    let h = text::i18n::tr(text::i18n::T::HoursUnit, lang);
    let trend = p.spec.clone().map(|spec| {
        html! {
            <Trend lang={lang} days={Shared::new(p.baseline.series.days.clone())} spec={spec}
                testid="chart-trend" title={tr(T::DailyScore, lang)} />
        }
    });
    let indicator_bars = p.after.score.as_ref().map(|s| {
        let bars: Vec<Bar> = s
            .indicators
            .iter()
            .map(|i| Bar {
                label: text::i18n::indicator_short(&i.id, lang),
                value: i.max_points,
                part: Some(i.points.max(0.0)),
                tooltip: format!("{}: {:.1} / {:.0}", text::i18n::indicator_short(&i.id, lang), Dec(i.points), Dec(i.max_points)),
                above: None,
            })
            .collect();
        html! {
            <Bars lang={lang} testid="chart-indicators" title={tr(T::IndicatorPoints, lang).to_owned()}
                desc={s.indicators.iter().map(|i| format!("{} {:.1}/{:.0}", text::i18n::indicator_short(&i.id, lang), Dec(i.points), Dec(i.max_points))).collect::<Vec<_>>().join("; ")}
                bars={bars} x_label={tr(T::Indicators, lang).to_owned()} y_label={tr(T::Points, lang).to_owned()} value_label={text::i18n::tr(text::i18n::T::PointsPossible, lang).to_owned()} part_label={text::i18n::tr(text::i18n::T::PointsEarned, lang).to_owned()} part_good={true} />
        }
    });
    // Response time from the baseline histogram (so links show it too): 0-96 h, then longer.
    let resp = &p.baseline.response;
    let resp_bars: Vec<Bar> = {
        let mut bars: Vec<Bar> = resp
            .bins
            .iter()
            .take(97)
            .enumerate()
            .map(|(k, c)| Bar {
                label: format!("{k}"),
                value: *c as f64,
                part: None,
                tooltip: format!("{}–{k} {h}: {c}", k.saturating_sub(1)),
                above: None,
            })
            .collect();
        let longer: u64 = resp.bins.iter().skip(97).sum::<u64>() + resp.over;
        bars.push(Bar {
            label: ">96".into(),
            value: longer as f64,
            part: None,
            tooltip: format!("> 96 {h}: {longer}"),
            above: None,
        });
        bars
    };
    let response = html! {
        <Bars lang={lang} testid="chart-response" title={tr(T::ReplyTime, lang).to_owned()}
            desc={text::i18n::answered_in_time(resp.answered(), resp.unanswered_over_24, lang)}
            bars={resp_bars} marks={vec![(24.5, "24 h".to_owned()), (72.5, "72 h".to_owned())]}
            x_label={tr(T::Hours, lang).to_owned()} y_label={text::i18n::tr(text::i18n::T::BuyerTurns, lang).to_owned()} label_every={12} />
    };
    let from_files = p.analysis.as_ref().map(|a| {
        let d = &a.distributions;
        let weekday_names = text::i18n::weekday_names(lang);
        let weekday: Vec<Bar> = d.turns_by_weekday.iter().zip(weekday_names).map(|((n, k), name)| {
            let share = (*n > 0).then(|| *k as f64 / *n as f64 * 100.0);
            Bar {
                label: name.to_owned(),
                value: share.unwrap_or(0.0),
                part: None,
                tooltip: format!("{name}: {k}/{n}"),
                // 0% (none answered in time) is not the same as no buyer messages that day.
                above: Some(share.map_or("—".to_owned(), |s| format!("{}%", fixed(s, 0)))),
            }
        }).collect();
        let ship = hist_bars(&d.ship_delay_hours, h, |lo| signed(lo, 0));
        let deadline_pos = (0.0 - d.ship_delay_hours.start) / d.ship_delay_hours.step;
        let carriers: Vec<Bar> = d.delivery_by_carrier.iter().map(|c| Bar {
            label: c.carrier.clone(),
            value: c.delivered as f64,
            part: Some(c.late as f64),
            tooltip: text::i18n::carrier_deliveries(&c.carrier, c.delivered, c.late, lang),
            above: None,
        }).collect();
        // Days from shipment to delivery, all carriers together.
        let mut days = storescore_core::distributions::Histogram::new(0.0, 2.0, 21);
        for c in &d.delivery_by_carrier {
            for (i, n) in c.days.counts.iter().enumerate() {
                if let Some(slot) = days.counts.get_mut(i) {
                    *slot += n;
                }
            }
        }
        let delivery_desc = text::i18n::deliveries(days.total(), lang);
        let delivery_days = hist_bars(&days, text::i18n::tr(text::i18n::T::DaysUnit, lang), |lo| fixed(lo, 0));
        let reasons: Vec<HBar> = d.dispute_reasons.iter().map(|(k, r, n)| HBar {
            label: format!("{} · {r}", dispute_kind_text(*k, lang)),
            value: *n as f64,
        }).collect();
        let reasons_desc = reasons.iter().zip(&d.dispute_reasons).map(|(b, (_, _, n))| format!("{}: {n}", b.label)).collect::<Vec<_>>().join("; ");
        let countries: Vec<Bar> = d.countries.iter().map(|c| Bar {
            label: c.country.clone(),
            value: c.orders as f64,
            part: Some((c.late + c.disputes) as f64),
            tooltip: text::i18n::country_orders(&c.country, c.orders, c.late, c.disputes, lang),
            above: None,
        }).collect();
        html! {
            <>
                <Bars lang={lang} testid="chart-weekday" title={tr(T::RepliesByWeekday, lang).to_owned()}
                    desc={d.turns_by_weekday.iter().zip(weekday_names).map(|((n, k), w)| format!("{w} {k}/{n}")).collect::<Vec<_>>().join("; ")}
                    bars={weekday} y_max={100.0} x_label={text::i18n::tr(text::i18n::T::WeekdayOfBuyerMessage, lang).to_owned()} y_label={"%".to_owned()} />
                <Bars lang={lang} testid="chart-ship" title={tr(T::ShipVsDeadline, lang).to_owned()}
                    desc={text::i18n::shipped_orders(d.ship_delay_hours.total(), lang)}
                    bars={ship} marks={vec![(deadline_pos, text::i18n::tr(text::i18n::T::Deadline, lang).to_owned())]}
                    x_label={tr(T::EarlyLate, lang).to_owned()} y_label={tr(T::Orders, lang).to_owned()} label_every={4} />
                <Bars lang={lang} testid="chart-delivery" title={text::i18n::tr(text::i18n::T::DeliveryTimeAxis, lang).to_owned()}
                    desc={delivery_desc} bars={delivery_days}
                    x_label={text::i18n::tr(text::i18n::T::DaysUnit, lang).to_owned()} y_label={tr(T::Orders, lang).to_owned()} label_every={2} />
                <Bars lang={lang} testid="chart-carriers" title={tr(T::DeliveryByCarrier, lang).to_owned()}
                    desc={d.delivery_by_carrier.iter().map(|c| text::i18n::carrier_late_short(&c.carrier, c.late, c.delivered, lang)).collect::<Vec<_>>().join("; ")}
                    bars={carriers} x_label={tr(T::Carrier, lang).to_owned()} y_label={text::i18n::tr(text::i18n::T::DeliveredDarkLate, lang).to_owned()} part_label={text::i18n::tr(text::i18n::T::LateLegend, lang).to_owned()} />
                <HBars lang={lang} testid="chart-reasons" title={tr(T::DisputeReasons, lang).to_owned()} desc={reasons_desc}
                    rows={reasons} unit={tr(T::Disputes, lang).to_owned()} />
                <Bars lang={lang} testid="chart-countries" title={tr(T::ByCountry, lang).to_owned()}
                    desc={d.countries.iter().map(|c| text::i18n::country_problems_short(&c.country, c.orders, c.late + c.disputes, lang)).collect::<Vec<_>>().join("; ")}
                    bars={countries} x_label={tr(T::Country, lang).to_owned()} y_label={text::i18n::tr(text::i18n::T::OrdersDarkLateOrDisputed, lang).to_owned()} part_label={text::i18n::tr(text::i18n::T::LateOrDisputed, lang).to_owned()} />
            </>
        }
    });
    html! {
        <section class="card">
            <h2>{ tr(T::Charts, lang) }</h2>
            <div class="charts">
                { for trend }
                { for indicator_bars }
                { response }
                { match from_files {
                    Some(h) => h,
                    None => html! { <p class="muted">{ tr(T::FromFilesOnly, lang) }</p> },
                } }
            </div>
        </section>
    }
}
