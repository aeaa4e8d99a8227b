//! Every user-facing string, in English and Chinese, in one catalogue. Pure: the page, the CLI
//! and the diagnostics read it; a test checks that no entry is empty in either language.

use serde::{Deserialize, Serialize};

use sources::diag::Code;
use storescore_core::metrics::MetricId;
use storescore_core::rulebook::{I18n, Rulebook};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    En,
    Zh,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
        }
    }
    pub fn parse(s: &str) -> Option<Lang> {
        let s = s.trim().to_ascii_lowercase();
        if s.starts_with("zh") {
            Some(Lang::Zh)
        } else if s.starts_with("en") {
            Some(Lang::En)
        } else {
            None
        }
    }
    /// The other language (the page's language switch).
    pub fn other(self) -> Lang {
        match self {
            Lang::En => Lang::Zh,
            Lang::Zh => Lang::En,
        }
    }
    /// The HTML `lang` attribute's value.
    pub fn html(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh-CN",
        }
    }
    /// `en` or `zh`: for the catalogue's own entries (elsewhere, name the text in [`T`]).
    pub fn pick<'a>(self, en: &'a str, zh: &'a str) -> &'a str {
        match self {
            Lang::En => en,
            Lang::Zh => zh,
        }
    }
}

/// A rulebook's own words (names, notes, sources: `I18n`, both languages in the data) in one
/// language.
pub trait Localized {
    fn text(&self, lang: Lang) -> &str;
}

impl Localized for I18n {
    fn text(&self, lang: Lang) -> &str {
        lang.pick(&self.en, &self.zh)
    }
}

pub fn diag_text(code: Code, lang: Lang) -> &'static str {
    let (en, zh) = match code {
        Code::Empty => ("the file is empty", "文件为空"),
        Code::NotASpreadsheet => (
            "not a spreadsheet or CSV file this app can read",
            "不是可读取的表格或 CSV 文件",
        ),
        Code::Encrypted => (
            "the workbook is password-protected; save an unprotected copy",
            "工作簿有密码保护，请另存为无密码副本",
        ),
        Code::HeaderOnly => ("the file has a header but no data rows", "文件只有表头，没有数据行"),
        Code::UnknownKind => (
            "columns not recognized as orders, messages, disputes or reviews; map them by hand",
            "无法识别为订单、消息、纠纷或评价的列，请手动对应列",
        ),
        Code::MissingColumn => ("a required column is missing", "缺少必需的列"),
        Code::TooLarge => ("over the size limit", "超过大小限制"),
        Code::Unreadable => (
            "the browser could not read the file to its end (moved, changed or deleted since it was chosen?); choose it again",
            "浏览器未能读完该文件（选择后被移动、修改或删除？），请重新选择",
        ),
        Code::BadDate => ("unreadable date", "无法识别的日期"),
        Code::BadNumber => ("unreadable number", "无法识别的数字"),
        Code::BadStars => ("stars must be a whole number from 1 to 5", "星级必须是 1 到 5 的整数"),
        Code::BadBool => ("expected true or false", "应为 true 或 false"),
        Code::BadValue => ("value not recognized", "无法识别的取值"),
        Code::MissingId => ("the id is empty", "编号为空"),
        Code::IdPrecisionLost => (
            "this id was stored as a number and already rounded by the spreadsheet; export ids as text",
            "该编号以数字形式保存，已被表格软件舍入；请以文本格式导出编号",
        ),
        Code::DuplicateHeader => (
            "duplicate column name; the first one is used",
            "列名重复，使用第一列",
        ),
        Code::CellTooLong => ("cell too long; cut", "单元格过长，已截断"),
        Code::FormulaText => (
            "cell holds a formula; its text is kept as data, never run",
            "单元格包含公式，按文本处理，不会执行",
        ),
        Code::UnclosedQuote => (
            "a quotation mark is never closed: the rows after it may have merged into one cell",
            "有引号未闭合：其后的行可能被并入同一单元格",
        ),
        Code::ControlCharacters => (
            "invisible control characters removed from the cell",
            "已移除单元格中的不可见控制字符",
        ),
        Code::DoubtfulDate => (
            "date outside 1990–2099, taken for an error",
            "日期不在 1990–2099 年之间，视为错误",
        ),
        Code::Encoding => ("text encoding", "文本编码"),
        Code::PaidFromCreated => (
            "no payment-time column: the order time is used as the payment time",
            "没有付款时间列：以下单时间作为付款时间",
        ),
        Code::TrackingSplit => (
            "several tracking numbers in one cell; the first plausible one is used",
            "一个单元格中有多个运单号，使用第一个有效的",
        ),
        Code::DayOrder => ("all-numeric dates read as", "纯数字日期的读法"),
        Code::RowsAboveHeader => (
            "rows above the header (title, notices) are not data; row numbers",
            "表头上方的行（标题、说明）不是数据，行号",
        ),
        Code::DescriptionRows => (
            "rows describing the columns are not data; row numbers",
            "说明各列的行不是数据，行号",
        ),
        Code::FooterRows => (
            "footer or note rows are not data; row numbers",
            "页脚或备注行不是数据，行号",
        ),
        Code::RepeatedHeaderRows => (
            "the header repeated is not data; row numbers",
            "重复的表头不是数据，行号",
        ),
        Code::SummaryRows => (
            "rows that sum up a package of several sales are not sales; row numbers",
            "汇总多笔销售的包裹行不是销售，行号",
        ),
        Code::BlankRows => ("empty rows skipped; row numbers", "已跳过空行，行号"),
    };
    lang.pick(en, zh)
}

/// Metric names and one-line definitions (METRICS.md), for cards and tooltips.
pub fn metric_name(m: MetricId, lang: Lang) -> &'static str {
    let (en, zh) = metric_text(m);
    lang.pick(en.0, zh.0)
}

pub fn metric_definition(m: MetricId, lang: Lang) -> &'static str {
    let (en, zh) = metric_text(m);
    lang.pick(en.1, zh.1)
}

type Pair = (&'static str, &'static str);

fn metric_text(m: MetricId) -> (Pair, Pair) {
    use MetricId::*;
    match m {
        OrdersPaid => (("Paid orders", "Orders with payment time in the window."), ("支付订单数", "付款时间在考核期内的订单。")),
        NonFulfilmentRate => (("Non-fulfilment rate", "Paid orders cancelled by the seller or the system (including not shipped in time) ÷ paid orders."), ("成交不卖率", "因卖家或系统原因（含未按时发货）取消的支付订单 ÷ 支付订单。")),
        LateShipmentRate => (("Late shipment rate", "Orders past their ship deadline shipped after it or not at all ÷ orders past the deadline (buyer cancellations excluded)."), ("迟发率", "已过发货期限的订单中，超期发货或未发货的 ÷ 已过期限的订单（不含买家取消）。")),
        ShipWithin48hRate => (("Shipped within 48 h", "Shipped orders with shipment within 48 h of payment ÷ shipped orders."), ("48小时发货率", "付款后48小时内发货的订单 ÷ 已发货订单。")),
        ValidTrackingRate => (("Valid tracking rate", "Shipped orders with a plausible tracking number (8+ letters/digits) ÷ shipped orders."), ("有效运单率", "运单号有效（至少8位字母或数字）的已发货订单 ÷ 已发货订单。")),
        OnlineWithin7dRate => (("Online within 7 days", "Orders paid 7+ days ago with a first carrier scan within 7 days of payment ÷ those orders."), ("7天上网率", "付款满7天的订单中，7天内有首次物流扫描的 ÷ 这些订单。")),
        OnTimeDeliveryRate => (("On-time delivery rate", "Delivered orders delivered by the promised date ÷ delivered orders with a promised date."), ("准时送达率", "在承诺日期前送达的订单 ÷ 有承诺日期的已送达订单。")),
        FreeShippingShare => (("Free shipping share", "Orders with shipping fee 0 ÷ orders whose fee is known."), ("包邮占比", "运费为0的订单 ÷ 运费已知的订单。")),
        ResponseWithin24hRate => (("Replied within 24 h", "Buyer turns answered within 24 h ÷ buyer turns (young unanswered ones left out)."), ("24小时回复率", "24小时内得到回复的买家会话轮次 ÷ 买家会话轮次（不含未满时限的未回复）。")),
        ResponseWithin72hRate => (("Replied within 72 h", "Buyer turns answered within 72 h ÷ buyer turns (young unanswered ones left out)."), ("72小时回复率", "72小时内得到回复的买家会话轮次 ÷ 买家会话轮次（不含未满时限的未回复）。")),
        FirstResponseHoursP50 => (("Median first response", "Median hours from a buyer turn to the seller's answer."), ("首次响应时长中位数", "买家会话轮次到卖家回复的小时数中位数。")),
        FirstResponseHoursP90 => (("90th percentile first response", "90th percentile of hours from a buyer turn to the answer."), ("首次响应时长90分位", "买家会话轮次到卖家回复小时数的90分位。")),
        NrDisputeRate => (("Not-received dispute rate", "Orders with a non-exempted not-received dispute opened in the window ÷ orders shipped in the window."), ("未收到货纠纷率", "考核期内提起且未豁免的未收到货纠纷订单 ÷ 考核期内发货订单。")),
        SnadDisputeRate => (("Not-as-described dispute rate", "Orders with a non-exempted not-as-described dispute opened in the window ÷ orders shipped in the window."), ("货不对版纠纷率", "考核期内提起且未豁免的货不对版纠纷订单 ÷ 考核期内发货订单。")),
        DisputeResponseWithin5dRate => (("Disputes answered within 5 days", "Disputes answered by the seller within 5 × 24 h ÷ disputes answered or older than 5 days."), ("纠纷5天响应率", "卖家5×24小时内响应的纠纷 ÷ 已响应或超过5天的纠纷。")),
        DisputeResolutionDaysP50 => (("Median dispute resolution", "Median days from opening to closing of disputes closed in the window."), ("纠纷处理天数中位数", "考核期内关闭的纠纷从提起到关闭的天数中位数。")),
        SellerProtectionRate => (("Seller protection rate", "Disputes closed without a ruling against the seller ÷ disputes closed."), ("卖家保护率", "未被裁定卖家责任的已关闭纠纷 ÷ 已关闭纠纷。")),
        PositiveFeedbackRate => (("Positive feedback rate", "4-5 star reviews ÷ counted reviews (orders under US$5 and escalated orders excluded; one per buyer, class and 10-day period)."), ("好评率", "4-5星评价 ÷ 计入的评价（不含5美元以下和升级仲裁的订单；每位买家每类每10天计一次）。")),
        AverageRating => (("Average rating", "Mean stars of reviews in the window."), ("平均评分", "考核期内评价的平均星级。")),
        DsrItemAvg => (("DSR item as described", "Mean item-as-described stars present."), ("DSR商品描述", "商品描述评分的平均值。")),
        DsrCommunicationAvg => (("DSR communication", "Mean communication stars present."), ("DSR卖家服务", "卖家服务评分的平均值。")),
        DsrShippingAvg => (("DSR shipping speed", "Mean shipping-speed stars present."), ("DSR物流服务", "物流服务评分的平均值。")),
        ReviewInWindowRate => (("Reviews within the evaluation window", "Reviews written within the evaluation window after completion ÷ reviews of completed orders."), ("评价期内评价率", "完成后评价期内的评价 ÷ 已完成订单的评价。")),
        TransactionDefectRate => (("Transaction defect rate", "Paid orders the seller cancelled, or whose case was closed for the buyer with the seller at fault ÷ paid orders; each order once (eBay since February 2016: feedback no longer counts)."), ("交易缺陷率", "卖家取消的支付订单，或纠纷裁决支持买家且卖家有责的订单 ÷ 支付订单；每单只计一次（eBay 自 2016 年 2 月起：评价不再计入）。")),
        CasesClosedAgainstSellerRate => (("Cases closed without seller resolution", "Paid orders whose case was closed for the buyer with the seller at fault ÷ paid orders."), ("未经卖家解决而关闭的纠纷率", "纠纷裁决支持买家且卖家有责的支付订单 ÷ 支付订单。")),
        ClaimsRate => (("Claims rate", "Paid orders with a claim opened in the window (a dispute other than a return, not exempted), each order once ÷ paid orders shipped in the window (Mercado Libre's one claims rate)."), ("投诉率", "考核期内发起投诉（退货以外的纠纷，未豁免）的支付订单，每单一次 ÷ 考核期内发货的支付订单（美客多的统一投诉率）。")),
        OrdersDelivered => (("Delivered orders", "Orders paid in the window and delivered by the assessment date (TikTok Shop's minimum for a score)."), ("已送达订单数", "考核期内付款且在考核日前送达的订单（TikTok Shop 评分的最低要求）。")),
        SalesAmount => (("Sales", "The amounts of the orders paid in the window and not cancelled, in the currency most of them are in (Etsy's sales minimum)."), ("销售额", "考核期内付款且未取消的订单金额之和，按多数订单所用币种计（Etsy 的销售额门槛）。")),
        OrderDefectRate => (("Order defect rate", "Paid orders with a 1-2 star review or a non-exempted dispute ÷ paid orders (peer rulebooks)."), ("订单缺陷率", "有1-2星评价或未豁免纠纷的支付订单 ÷ 支付订单（其他平台规则）。")),
    }
}

/// A recovery goal: reach level `name`.
pub fn reach_level(name: &str, lang: Lang) -> String {
    match lang {
        Lang::En => format!("Reach {name}"),
        Lang::Zh => format!("达到{name}"),
    }
}

/// A recovery goal: pass check `label`.
pub fn pass_check(label: &str, lang: Lang) -> String {
    match lang {
        Lang::En => format!("Pass {label}"),
        Lang::Zh => format!("通过 {label}"),
    }
}

/// A change of score points, signed, one decimal: "+1.5 points".
pub fn points_change(points: f64, lang: Lang) -> String {
    match lang {
        Lang::En => format!("{:+.1} points", Dec(points)),
        Lang::Zh => format!("{:+.1} 分", Dec(points)),
    }
}

/// What an average or a median is over: "420 reviews", "623 replies", "12 disputes".
pub fn over_how_many(n: &str, of: Over, lang: Lang) -> String {
    match (of, lang) {
        (Over::Reviews, Lang::En) => format!("{n} reviews"),
        (Over::Reviews, Lang::Zh) => format!("{n} 条评价"),
        (Over::Replies, Lang::En) => format!("{n} replies"),
        (Over::Replies, Lang::Zh) => format!("{n} 次回复"),
        (Over::Disputes, Lang::En) => format!("{n} disputes"),
        (Over::Disputes, Lang::Zh) => format!("{n} 起纠纷"),
    }
}

/// What [`over_how_many`] counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Over {
    Reviews,
    Replies,
    Disputes,
}

/// The days of the week, Monday first, as the charts label them.
pub fn weekday_names(lang: Lang) -> [&'static str; 7] {
    match lang {
        Lang::En => ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
        Lang::Zh => ["一", "二", "三", "四", "五", "六", "日"],
    }
}

/// The reply-time chart's description.
pub fn answered_in_time(answered: u64, unanswered_over_24: u64, lang: Lang) -> String {
    match lang {
        Lang::En => format!("{answered} answered, {unanswered_over_24} unanswered over 24 h"),
        Lang::Zh => format!("已回复 {answered}，超过 24 小时未回复 {unanswered_over_24}"),
    }
}

/// A carrier's bar: deliveries and late ones.
pub fn carrier_deliveries(carrier: &str, delivered: u64, late: u64, lang: Lang) -> String {
    match lang {
        Lang::En => format!("{carrier}: {delivered} delivered, {late} after the promised date"),
        Lang::Zh => format!("{carrier}：已送达 {delivered}，晚于承诺日期 {late}"),
    }
}

/// A carrier in the carriers chart's description.
pub fn carrier_late_short(carrier: &str, late: u64, delivered: u64, lang: Lang) -> String {
    match lang {
        Lang::En => format!("{carrier} {late}/{delivered} late"),
        Lang::Zh => format!("{carrier} 超时 {late}/{delivered}"),
    }
}

/// The delivery-time chart's description.
pub fn deliveries(n: u64, lang: Lang) -> String {
    match lang {
        Lang::En => format!("{n} deliveries"),
        Lang::Zh => format!("{n} 次送达"),
    }
}

/// The ship-time chart's description.
pub fn shipped_orders(n: u64, lang: Lang) -> String {
    match lang {
        Lang::En => format!("{n} shipped orders"),
        Lang::Zh => format!("已发货订单 {n}"),
    }
}

/// A country's bar: orders, late ones, disputes.
pub fn country_orders(country: &str, orders: u64, late: u64, disputes: u64, lang: Lang) -> String {
    match lang {
        Lang::En => format!("{country}: {orders} orders, {late} late, {disputes} disputes"),
        Lang::Zh => format!("{country}：订单 {orders}，迟发 {late}，纠纷 {disputes}"),
    }
}

/// A country in the countries chart's description.
pub fn country_problems_short(country: &str, orders: u64, problems: u64, lang: Lang) -> String {
    match lang {
        Lang::En => format!("{country} {orders} orders {problems} problems"),
        Lang::Zh => format!("{country} 订单 {orders} 问题 {problems}"),
    }
}

/// A rulebook setting's name in words (`check.ebay-late.threshold` -> "Late shipment: limit (<=)"):
/// what the rulebook editor labels each field with; an unknown key is itself.
pub fn setting_name(rb: &Rulebook, key: &str, lang: Lang) -> String {
    let parts: Vec<&str> = key.split('.').collect();
    let en = lang == Lang::En;
    let pick = |e: String, z: String| if en { e } else { z };
    match parts.as_slice() {
        ["window_days"] => tr(T::WindowDaysLabel, lang).into(),
        ["min_orders"] => tr(T::MinOrdersLabel, lang).into(),
        ["level", id, "min"] => {
            let name = rb
                .score
                .as_ref()
                .and_then(|s| s.levels.iter().find(|l| l.id == *id))
                .map_or(*id, |l| l.name.text(lang));
            pick(format!("{name}: from, points"), format!("{name}：起始分"))
        }
        ["indicator", id, rest @ ..] => {
            let Some(i) = rb
                .score
                .as_ref()
                .and_then(|s| s.indicators.iter().find(|i| i.id == *id))
            else {
                return key.to_owned();
            };
            let name = i.name.text(lang);
            match rest {
                ["max_points"] => pick(format!("{name}: most points"), format!("{name}：满分")),
                ["category", "value"] => pick(
                    format!("{name}: your category's value"),
                    format!("{name}：类目值"),
                ),
                ["category", "points"] => pick(
                    format!("{name}: points at your category's value"),
                    format!("{name}：类目值对应得分"),
                ),
                ["curve", n, "x"] => {
                    let n = n.parse::<usize>().unwrap_or(0) + 1;
                    let metric = metric_name(i.metric, lang);
                    pick(
                        format!("{name}: curve point {n}, {metric}"),
                        format!("{name}：曲线第 {n} 点，{metric}"),
                    )
                }
                ["curve", n, "y"] => {
                    let n = n.parse::<usize>().unwrap_or(0) + 1;
                    pick(
                        format!("{name}: curve point {n}, points"),
                        format!("{name}：曲线第 {n} 点，得分"),
                    )
                }
                _ => key.to_owned(),
            }
        }
        ["check", id, field] => {
            let Some(c) = rb.checks.iter().find(|c| c.id == *id) else {
                return key.to_owned();
            };
            let name = c.name.text(lang);
            match *field {
                "threshold" => pick(
                    format!("{name}: limit ({})", c.op.symbol()),
                    format!("{name}：门槛（{}）", c.op.symbol()),
                ),
                "window_days" => pick(
                    format!("{name}: window, days"),
                    format!("{name}：考核期（天）"),
                ),
                "count_allowance" => pick(
                    format!("{name}: passes anyway at this many or fewer"),
                    format!("{name}：不超过此笔数时仍通过"),
                ),
                "min_denominator" => pick(
                    format!("{name}: judged from this many records"),
                    format!("{name}：达到此记录数才考核"),
                ),
                "off" => pick(
                    format!("{name}: not a rule here (1) or a rule (0)"),
                    format!("{name}：此地区不适用（1）或适用（0）"),
                ),
                "penalty_points" => {
                    pick(format!("{name}: penalty points"), format!("{name}：扣分"))
                }
                "low_volume_below" => pick(
                    format!("{name}: fewer paid orders than this in the window…"),
                    format!("{name}：考核期内支付订单少于此数时…"),
                ),
                "low_volume_window_days" => pick(
                    format!("{name}: …then this window, days"),
                    format!("{name}：…改用此考核期（天）"),
                ),
                _ => key.to_owned(),
            }
        }
        _ => key.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_metric_is_named_and_defined_in_both_languages() {
        for m in MetricId::ALL {
            for lang in [Lang::En, Lang::Zh] {
                assert!(!metric_name(*m, lang).is_empty(), "{m} {lang:?}");
                assert!(!metric_definition(*m, lang).is_empty(), "{m} {lang:?}");
            }
            assert_ne!(metric_name(*m, Lang::En), metric_name(*m, Lang::Zh));
        }
    }

    #[test]
    fn every_builtin_indicator_has_a_short_label_in_both_languages() {
        let rb = storescore_core::rulebook::builtin_by_id(storescore_core::rulebook::SERVICE_SCORE)
            .unwrap();
        for ind in rb.score.unwrap().indicators {
            let (en, zh) = (
                indicator_short(&ind.id, Lang::En),
                indicator_short(&ind.id, Lang::Zh),
            );
            assert!(en != ind.id && zh != ind.id && en != zh, "{}", ind.id);
        }
    }

    #[test]
    fn browser_languages_map_to_ours() {
        assert_eq!(Lang::parse("zh-CN"), Some(Lang::Zh));
        assert_eq!(Lang::parse("en-US"), Some(Lang::En));
        assert_eq!(Lang::parse("fr"), None);
    }
}

/// Every string the page shows, in both languages (the match is exhaustive: a new entry cannot
/// be added without both texts).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum T {
    Tagline,
    OtherLanguage,
    Print,
    DropHere,
    ChooseFiles,
    TrySample,
    Privacy,
    Templates,
    SampleBanner,
    LinkBanner,
    FilesBanner,
    NotAmongFiles,
    AssessmentDate,
    Window,
    Days,
    TimeZone,
    EvaluationWindow,
    ServiceScore,
    Level,
    MyStore,
    RememberWhy,
    StoreName,
    Remember,
    SinceLastVisit,
    KeptAs,
    StopRemembering,
    FirstVisit,
    NextFourteenDays,
    NothingCrossesSoon,
    NoneFailing,
    FailingChecks,
    LevelBackOn,
    Open,
    YourStores,
    NotAssessed,
    MonthlyLevel,
    Forecast,
    Points,
    EstimatedFromStars,
    Confidence,
    Definition,
    Indicators,
    WhatIf,
    PolicyChecks,
    GoodSeller,
    OtherMarketplaces,
    Charts,
    ChartData,
    Day,
    Score,
    Rulebooks,
    Diagnostics,
    Passed,
    Failed,
    ReplyShift,
    Reset,
    BiggestLevers,
    Before,
    After,
    CopyLink,
    LinkCopied,
    LinkMalformed,
    LinkUnknownVersion,
    LinkOversized,
    Record,
    WhatHappened,
    ByHowMuch,
    RecordOrder,
    DecidingTimes,
    PrintRecords,
    ExemptedRecords,
    WhyExempted,
    ExemptedNoReason,
    DownloadCsv,
    ShowRecords,
    DailyScore,
    IndicatorPoints,
    ReplyTime,
    ShipVsDeadline,
    DeliveryByCarrier,
    DisputeReasons,
    ByCountry,
    RepliesByWeekday,
    Edit,
    Export,
    Import,
    ComplianceDocs,
    NewProducts,
    SeriousViolations,
    YourInputs,
    Region,
    YourBenchmark,
    NoPublicPage,
    CategoryValues,
    CategoryValue,
    CategoryPoints,
    CurvesAreEstimates,
    AnchorRefused,
    SourceLink,
    WhenYouRecover,
    RecoveryAssumption,
    ProjectedScore,
    NotWithinDays,
    NotProjected,
    Targets,
    Apply,
    ForEachFailingCheck,
    WhatChanged,
    ChecksThatChanged,
    NoCheckChanged,
    Computing,
    NothingToRecover,
    CheckColumn,
    Provisional,
    SavedBanner,
    SettingRefused,
    PrintedOn,
    ComputeOutlook,
    ForgetEverything,
    Forgotten,
    ProvisionalWhy,
    YourMarketplace,
    ForComparison,
    StatusColumn,
    Threshold,
    Value,
    Gap,
    PenaltyPoints,
    NoData,
    FromFilesOnly,
    Orders,
    Late,
    Disputes,
    Hours,
    DaysShort,
    Country,
    Carrier,
    EarlyLate,
    ChecksChanged,
    ScoreUnchanged,
    Close,
    PerStep,
    FixesChecks,
    RowsLoaded,
    Default,
    RulebookImported,
    RulebookInvalid,
    FormatImported,
    FormatInvalid,
    AlreadyLoaded,
    Remove,
    SavedFormats,
    SavedFormatsNone,
    ImportFormat,
    Forget,
    Format,
    FormatAuto,
    MappedByUser,
    Sure,
    ReadingCancelled,
    ReadingCancelledDropped,
    WorkerLost,
    Cancel,
    PhaseSending,
    PhaseMakingSample,
    PhaseReading,
    PhasePreparing,
    Analysing,
    NothingToScore,
    RecordsRecomputed,
    RowsRead,
    KindNotRecognized,
    WhichColumnHoldsWhat,
    DatesMark,
    WhichColumnHoldsWhatQ,
    TheseRowsAre,
    UseTheseColumns,
    Automatic,
    EncodingLabel,
    DelimiterLabel,
    SheetLabel,
    WindowDaysLabel,
    MinOrdersLabel,
    PercentagePoints,
    AllMetrics,
    HoursUnit,
    PointsPossible,
    PointsEarned,
    BuyerTurns,
    DaysUnit,
    WeekdayOfBuyerMessage,
    Deadline,
    DeliveryTimeAxis,
    DeliveredDarkLate,
    LateLegend,
    OrdersDarkLateOrDisputed,
    LateOrDisputed,
}

/// The time a reading has left, e.g. "~3 s left" / "剩余约 3 秒".
pub fn seconds_left(seconds: f64, lang: Lang) -> String {
    match lang {
        Lang::En => format!("~{:.0} s left", Dec(seconds)),
        Lang::Zh => format!("剩余约 {:.0} 秒", Dec(seconds)),
    }
}

/// The page's last words when it stops on an internal error, in both languages at once (the
/// language chosen may be what failed).
pub const STOPPED: &str = "Storescore stopped because of an internal error. Reload the page to start again. / 页面出现内部错误，请刷新页面重试。";

pub fn tr(t: T, lang: Lang) -> &'static str {
    use T::*;
    let (en, zh) = match t {
        Tagline => ("Your store service score, computed in your browser", "店铺服务分计算器，数据不离开浏览器"),
        OtherLanguage => ("中文", "English"),
        Print => ("Print / Save as PDF", "打印 / 存为 PDF"),
        DropHere => ("Drop your seller-centre exports here: orders, messages, disputes, reviews (Excel or CSV, Chinese or English headers)", "将卖家后台导出文件拖到这里：订单、消息、纠纷、评价（Excel 或 CSV，中文或英文表头）"),
        ChooseFiles => ("Choose files", "选择文件"),
        TrySample => ("Try the sample store", "试用示例店铺"),
        Privacy => ("Your files never leave this browser.", "文件只在本浏览器中处理，不会上传。"),
        Templates => ("Templates:", "模板："),
        SampleBanner => ("Sample store: synthetic data, three months, 3,000 orders.", "示例店铺：合成数据，三个月，3000 个订单。"),
        LinkBanner => ("Shared scenario: computed from the aggregates in the link, no files. Charts that need the records are not shown.", "分享的情景：由链接中的汇总数据计算，没有原始文件。需要明细数据的图表不显示。"),
        FilesBanner => ("Loaded from your files:", "已从文件加载："),
        NotAmongFiles => ("Not among these files:", "这些文件中没有："),
        AssessmentDate => ("Assessment date", "考核日期"),
        Window => ("Window", "考核期"),
        Days => ("days", "天"),
        TimeZone => ("Time zone of the files", "文件时区"),
        EvaluationWindow => ("Evaluation window", "评价期"),
        ServiceScore => ("Service score", "服务分"),
        Level => ("Level", "等级"),
        MyStore => ("My store", "我的店铺"),
        RememberWhy => ("Keep this store's daily numbers in this browser (aggregates only, never the records or files) to open on what changed at your next visit and to compare your stores.", "在此浏览器中保存本店每日的汇总数字（仅汇总，不保存记录或文件），下次打开时先看变化，并可对比多个店铺。"),
        StoreName => ("Store", "店铺"),
        Remember => ("Keep its numbers", "保存数字"),
        SinceLastVisit => ("Since your last visit", "自上次访问以来"),
        KeptAs => ("This browser keeps the numbers of", "此浏览器保存的店铺："),
        StopRemembering => ("stop keeping them", "停止保存"),
        FirstVisit => ("Kept today: your next visit opens on what changed.", "今天已保存：下次访问时先显示变化。"),
        NextFourteenDays => ("In the next 14 days (if every new record is good)", "未来 14 天（假设新记录都合格）"),
        NothingCrossesSoon => ("No check or level changes in the next 14 days.", "未来 14 天内没有检查项或等级变化。"),
        NoneFailing => ("none failing", "无未通过项"),
        FailingChecks => ("Failing checks", "未通过的检查"),
        LevelBackOn => ("Next level", "下一等级"),
        Open => ("Open", "打开"),
        YourStores => ("Your stores", "你的店铺"),
        NotAssessed => ("Not assessed", "不考核"),
        MonthlyLevel => ("Last month's level", "上月等级"),
        Forecast => ("Next month if rates hold", "若保持当前水平，下月"),
        Points => ("points", "分"),
        EstimatedFromStars => ("estimated from overall stars", "由总体星级估算"),
        Confidence => ("Confidence", "可信度"),
        Definition => ("Definition", "定义"),
        Indicators => ("Indicators", "指标"),
        WhatIf => ("What if", "假设分析"),
        PolicyChecks => ("Service rules", "服务规则检查"),
        GoodSeller => ("Good Seller audit", "好卖家审核"),
        OtherMarketplaces => ("The same data under other marketplaces' rules", "按其他平台规则评估"),
        Charts => ("Charts", "图表"),
        ChartData => ("The values as a table", "数值表"),
        Day => ("Day", "日期"),
        Score => ("Score", "分数"),
        Rulebooks => ("Rulebooks", "规则库"),
        Diagnostics => ("File diagnostics", "文件诊断"),
        Passed => ("Passed", "通过"),
        Failed => ("Failed", "未通过"),
        ReplyShift => ("Answer replies faster (hours)", "回复提速（小时）"),
        Reset => ("Reset", "重置"),
        BiggestLevers => ("Biggest levers", "最有效的改进"),
        Before => ("before", "之前"),
        After => ("after", "之后"),
        CopyLink => ("Copy link", "复制链接"),
        LinkCopied => ("Link copied: it carries aggregates and slider positions only, never your records.", "链接已复制：只包含汇总数据和滑块位置，不含任何明细记录。"),
        LinkMalformed => ("This scenario link is damaged or incomplete; showing the normal page.", "情景链接已损坏或不完整，显示普通页面。"),
        LinkUnknownVersion => ("This scenario link comes from a newer version of Storescore; showing the normal page.", "情景链接来自更新版本，显示普通页面。"),
        LinkOversized => ("This scenario link is too long to be one of ours; showing the normal page.", "情景链接过长，显示普通页面。"),
        Record => ("Record", "记录"),
        WhatHappened => ("What happened", "情况"),
        ByHowMuch => ("By how much", "超出"),
        RecordOrder => ("Order", "订单"),
        DecidingTimes => ("Times that decide it", "判定依据的时间"),
        PrintRecords => ("Print these records", "打印这些记录"),
        ExemptedRecords => ("Left out of the rate (exempted)", "未计入比率（已豁免）"),
        WhyExempted => ("Why", "原因"),
        ExemptedNoReason => ("exempted in the file (no reason given)", "文件标记为豁免（未注明原因）"),
        DownloadCsv => ("Download CSV", "下载 CSV"),
        ShowRecords => ("Violating records", "违规记录"),
        DailyScore => ("Daily service score", "每日服务分"),
        IndicatorPoints => ("Points by indicator", "各指标得分"),
        ReplyTime => ("Reply time of buyer messages", "买家消息回复时长"),
        ShipVsDeadline => ("Shipment against the ship deadline", "发货时间与发货期限"),
        DeliveryByCarrier => ("Delivery time by carrier", "各物流商送达时长"),
        DisputeReasons => ("Dispute reasons", "纠纷原因"),
        ByCountry => ("Orders and problems by destination", "各目的国订单与问题"),
        RepliesByWeekday => ("Replied within 24 h, by weekday", "按星期的24小时回复率"),
        Edit => ("Edit", "编辑"),
        Export => ("Export", "导出"),
        Import => ("Import", "导入"),
        ComplianceDocs => ("Compliance documents on file (certificates, test reports)", "合规资质文件齐全（证书、检测报告）"),
        NewProducts => ("New products listed in the last 90 days", "近90天新发商品数"),
        SeriousViolations => ("Serious violations on record", "严重违规次数"),
        YourInputs => ("What the exports cannot tell", "导出文件无法提供的信息"),
        Region => ("Region", "地区"),
        SourceLink => ("source", "来源"),
        WhenYouRecover => ("When you recover", "何时恢复"),
        RecoveryAssumption => ("If every new order, message and review from tomorrow is good, at your window's average daily volume: each bad record stops counting the day the window no longer covers it.", "假设从明天起每条新订单、消息和评价都合格，且按考核期的日均量：每条不良记录在考核期不再覆盖它的那天起不再计入。"),
        ProjectedScore => ("Projected daily score", "预计每日服务分"),
        NotWithinDays => ("does not pass within 60 days", "60 天内不能通过"),
        NotProjected => ("not projected (a median has no good value to add)", "不预测（中位数无法加入合格值）"),
        Targets => ("What it takes", "需要做到什么"),
        Apply => ("Apply to the sliders", "应用到滑块"),
        ForEachFailingCheck => ("For each failing check", "各未通过检查"),
        WhatChanged => ("What changed since the previous window", "与上一考核期相比的变化"),
        ChecksThatChanged => ("Checks whose verdict changed", "结论有变化的检查"),
        NoCheckChanged => ("No check changed its verdict.", "没有检查的结论发生变化。"),
        Computing => ("Computing…", "计算中…"),
        CheckColumn => ("Check", "检查"),
        Provisional => ("Provisional", "暂定"),
        ComputeOutlook => ("Compute when you recover, what it takes and what changed (a few seconds on a store this large)", "计算何时恢复、需要做到什么及变化（店铺较大，需几秒）"),
        PrintedOn => ("Storescore report, printed", "Storescore 报告，打印于"),
        SettingRefused => ("The rulebook cannot take this value (a percent is 0 to 100, days and counts are whole numbers, a curve must keep rising or falling).", "规则无法采用此值（百分比为 0 到 100，天数与笔数为整数，曲线须保持单调）。"),
        SavedBanner => ("Your last session, kept in this browser (numbers only; drop the files again to see the records):", "您上次的会话，保存在此浏览器中（仅数字；再次拖入文件可查看记录）："),
        ForgetEverything => ("Forget everything this page keeps in this browser", "清除本页在此浏览器中保存的全部内容"),
        Forgotten => ("Everything this page kept in this browser is forgotten.", "本页在此浏览器中保存的内容已全部清除。"),
        ProvisionalWhy => ("computed without", "计算时缺少"),
        YourMarketplace => ("Your files' marketplace", "您文件所属的平台"),
        ForComparison => ("Your files come from another marketplace: this is AliExpress's score of the same numbers, for comparison.", "您的文件来自其他平台：此为同一数据按速卖通规则计算的分数，仅供比较。"),
        StatusColumn => ("Verdict", "结论"),
        NothingToRecover => ("Every check passes: nothing to recover from.", "所有检查均通过，无需恢复。"),
        YourBenchmark => ("your benchmark", "您的基准"),
        NoPublicPage => ("No public page states these rules: every threshold is a default you can edit.", "没有公开页面说明这些规则：所有门槛都是可编辑的默认值。"),
        CategoryValues => ("Your category (seller centre)", "您的类目（卖家后台）"),
        CategoryValue => ("Value", "数值"),
        CategoryPoints => ("Points", "得分"),
        AnchorRefused => ("The curve cannot take this value: points must stay between the neighbouring anchors' and within the indicator's maximum, and a value inside the curve's range.", "曲线无法采用此值：得分须介于相邻锚点之间且不超过该指标满分，数值须在曲线范围内。"),
        CurvesAreEstimates => ("How each indicator earns points is not published: the curves are estimates, anchored on your category's values when you type them in under Indicators.", "各指标的得分方式未公布：曲线为估计值；在“指标”下填写您类目的数值后，曲线以其为锚点。"),
        Threshold => ("Threshold", "阈值"),
        Value => ("Value", "数值"),
        Gap => ("To pass", "达标差距"),
        PenaltyPoints => ("Penalty points", "扣分"),
        NoData => ("No data in the window", "考核期内无数据"),
        FromFilesOnly => ("Shown when files are loaded", "加载文件后显示"),
        Orders => ("Orders", "订单"),
        Late => ("Late", "迟发"),
        Disputes => ("Disputes", "纠纷"),
        Hours => ("hours", "小时"),
        DaysShort => ("d", "天"),
        Country => ("Country", "国家"),
        Carrier => ("Carrier", "物流商"),
        EarlyLate => ("hours before (−) or after (+) the deadline", "相对发货期限的小时数（负为提前）"),
        ChecksChanged => ("Checks that change", "状态变化的检查"),
        ScoreUnchanged => ("Move a slider to see its effect.", "拖动滑块查看效果。"),
        Close => ("Close", "关闭"),
        PerStep => ("per step of", "每步"),
        FixesChecks => ("checks fixed", "项检查达标"),
        RowsLoaded => ("rows loaded", "行已加载"),
        Default => ("default", "默认"),
        RulebookImported => ("Rulebook imported.", "规则库已导入。"),
        RulebookInvalid => ("That rulebook file is not valid:", "规则库文件无效："),
        AlreadyLoaded => ("That file is already loaded.", "该文件已加载。"),
        Remove => ("remove", "移除"),
        FormatImported => ("Format imported: files added from now on are read with it.", "格式已导入：此后添加的文件将按它读取。"),
        FormatInvalid => ("That format file is not valid:", "格式文件无效："),
        SavedFormats => ("Your column mappings and formats", "您保存的列对应与格式"),
        SavedFormatsNone => ("None yet: a mapping made for a file, or a format file you import, is kept here (in this browser only).", "暂无：为文件所做的列对应或导入的格式文件会保存在这里（仅保存在此浏览器中）。"),
        ImportFormat => ("Import a format file", "导入格式文件"),
        Forget => ("Forget", "删除"),
        Format => ("format", "格式"),
        FormatAuto => ("recognized", "自动识别"),
        MappedByUser => ("your column mapping", "您的列对应"),
        Sure => ("sure", "把握"),
        ReadingCancelled => ("Reading cancelled: what was shown before stays.", "已取消读取：保留之前的结果。"),
        ReadingCancelledDropped => ("Reading cancelled: choose the files again to see their numbers.", "已取消读取：请重新选择文件以查看结果。"),
        WorkerLost => ("The reader stopped, most likely out of memory: try fewer or smaller files (close other tabs to free memory).", "读取程序已停止，可能是内存不足：请减少文件数量或大小（关闭其他标签页可释放内存）。"),
        Cancel => ("Cancel", "取消"),
        PhaseSending => ("Opening the files", "正在打开文件"),
        PhaseMakingSample => ("Making the sample store", "正在生成示例店铺"),
        PhaseReading => ("Reading rows", "正在读取数据行"),
        PhasePreparing => ("Indexing the records", "正在整理记录"),
        Analysing => ("Computing the scores…", "正在计算分数…"),
        NothingToScore => ("Nothing to score yet: no order, message, dispute or review with a date was read from these files (see the file diagnostics).", "暂无可计算的分数：这些文件中没有读到带日期的订单、消息、纠纷或评价（请查看文件诊断）。"),
        RecordsRecomputed => ("The report is being recomputed: download the records once it is up to date.", "报告正在重新计算：请在更新完成后再下载记录。"),
        RowsRead => ("rows", "行"),
        KindNotRecognized => ("kind not recognized", "类型未识别"),
        WhichColumnHoldsWhat => ("which column holds what", "各列的含义"),
        DatesMark => (" · dates", " · 日期"),
        WhichColumnHoldsWhatQ => ("which column holds what?", "请指定各列的含义"),
        TheseRowsAre => ("These rows are ", "这些行是"),
        UseTheseColumns => ("Use these columns (remembered for files like this)", "使用这些列（同类文件将记住）"),
        Automatic => ("automatic", "自动"),
        EncodingLabel => (" encoding ", " 编码 "),
        DelimiterLabel => (" delimiter ", " 分隔符 "),
        SheetLabel => (" sheet ", " 工作表 "),
        WindowDaysLabel => ("Assessment window, days", "考核期（天）"),
        MinOrdersLabel => ("Paid orders needed for a score", "参与评分所需支付订单数"),
        PercentagePoints => ("pt", "个百分点"),
        AllMetrics => ("All metrics", "全部指标"),
        HoursUnit => ("h", "小时"),
        PointsPossible => ("points possible", "满分"),
        PointsEarned => ("points earned", "得分"),
        BuyerTurns => ("buyer turns", "买家会话"),
        DaysUnit => ("days", "天"),
        WeekdayOfBuyerMessage => ("weekday of the buyer message", "买家消息的星期"),
        Deadline => ("deadline", "发货期限"),
        DeliveryTimeAxis => ("Delivery time (days from shipment)", "送达时长（发货后天数）"),
        DeliveredDarkLate => ("delivered (dark: late)", "已送达（深色：超时）"),
        LateLegend => ("late", "超时"),
        OrdersDarkLateOrDisputed => ("orders (dark: late or disputed)", "订单（深色：迟发或纠纷）"),
        LateOrDisputed => ("late or disputed", "迟发或纠纷"),
    };
    lang.pick(en, zh)
}

use crate::decimal::Dec;
use storescore_core::checks::{numerator_counts_good, Gap};
use storescore_core::metrics::Unit;

/// A metric value in its unit: 97.9%, 12.3 h, 4.57, 958.
pub fn fmt_value(unit: Unit, v: Option<f64>, lang: Lang) -> String {
    let Some(x) = v.map(Dec) else {
        return "—".into();
    };
    match unit {
        Unit::Rate => format!("{:.1}%", Dec(x.0 * 100.0)),
        Unit::Hours => format!("{x:.1} {}", lang.pick("h", "小时")),
        Unit::Days => format!("{x:.1} {}", lang.pick("days", "天")),
        Unit::Stars => format!("{x:.2}"),
        Unit::Count => format!("{x:.0}"),
        // Whole amounts without ".00" (a minimum of 300), cents when there are some.
        Unit::Amount if x.0.fract() == 0.0 => format!("{x:.0}"),
        Unit::Amount => format!("{x:.2}"),
    }
}

/// The gap to pass in words: "16 more of 240", "8 fewer of 240", "40 more 5-star reviews",
/// "must drop by 3.1 h".
/// "3 records from 5 rows (1 joined to the order above, 1 not data)".
pub fn rows_read(loaded: usize, rows: usize, items: usize, not_data: usize, lang: Lang) -> String {
    let mut why = Vec::new();
    match lang {
        Lang::En => {
            if items > 0 {
                why.push(format!("{items} joined to the order above"));
            }
            if not_data > 0 {
                why.push(format!("{not_data} not data"));
            }
            format!("{loaded} records from {rows} rows ({})", why.join(", "))
        }
        Lang::Zh => {
            if items > 0 {
                why.push(format!("{items} 行并入上一订单"));
            }
            if not_data > 0 {
                why.push(format!("{not_data} 行不是数据"));
            }
            format!("{rows} 行读出 {loaded} 条记录（{}）", why.join("，"))
        }
    }
}

/// A platform's name.
pub fn platform_name(p: sources::schema::Platform, lang: Lang) -> &'static str {
    use sources::schema::Platform as P;
    match p {
        P::Canonical => lang.pick("Storescore template", "Storescore 模板"),
        P::AliExpress => lang.pick("AliExpress", "速卖通"),
        P::Amazon => lang.pick("Amazon", "亚马逊"),
        P::Ebay => "eBay",
        P::Shopee => lang.pick("Shopee", "Shopee（虾皮）"),
        P::TikTokShop => "TikTok Shop",
        P::Etsy => "Etsy",
        P::MercadoLibre => "Mercado Libre",
        P::Temu => "Temu",
        P::Walmart => lang.pick("Walmart", "沃尔玛"),
        P::Lazada => "Lazada",
        P::Unknown => lang.pick("unknown platform", "未知平台"),
    }
}

/// A fact of an order, as a column a file may lack.
pub fn fact_name(f: storescore_core::model::Fact, lang: Lang) -> &'static str {
    use storescore_core::model::Fact;
    let (en, zh) = match f {
        Fact::Cancellation => (
            "cancellation (time, who, or status)",
            "取消（时间、取消方或状态）",
        ),
        Fact::ShipDeadline => ("ship-by date", "发货期限"),
        Fact::Shipped => ("shipping time", "发货时间"),
        Fact::TrackingNumber => ("tracking number", "运单号"),
        Fact::FirstCarrierScan => (
            "first carrier scan (online) time",
            "上网时间（首次揽收扫描）",
        ),
        Fact::Delivered => ("delivery time", "妥投时间"),
        Fact::PromisedDelivery => ("promised delivery date", "承诺送达时间"),
        Fact::ShippingFee => ("shipping fee", "运费"),
        Fact::Amount => ("order amount", "订单金额"),
    };
    lang.pick(en, zh)
}

/// Why a check is not assessed: "not assessed: the orders files have no first carrier scan
/// (online) time column".
pub fn not_assessed_because(
    why: &storescore_core::checks::NotAssessedBecause,
    rb: &Rulebook,
    lang: Lang,
) -> String {
    use storescore_core::checks::NotAssessedBecause;
    match why {
        NotAssessedBecause::NoColumn(f) => match lang {
            Lang::En => format!("the orders files have no {} column", fact_name(*f, lang)),
            Lang::Zh => format!("订单文件中没有{}列", fact_name(*f, lang)),
        },
        NotAssessedBecause::OtherCurrency { sales, rule } => match lang {
            Lang::En => format!(
                "the orders are in {sales}, this region's minimum in {rule}: choose the region of your currency"
            ),
            Lang::Zh => format!("订单币种为 {sales}，此地区门槛为 {rule}：请选择您币种所在地区"),
        },
        NotAssessedBecause::PartialWindow { covered, window } => match lang {
            Lang::En => format!("a minimum over {window} days, and the files cover {covered}"),
            Lang::Zh => format!("门槛按 {window} 天计，文件只覆盖 {covered} 天"),
        },
        NotAssessedBecause::NotInRegion => lang
            .pick("not a rule in this region", "此地区无此规则")
            .to_owned(),
        NotAssessedBecause::NotTypedIn(id) => {
            let name = rb
                .input(id)
                .map_or(id.as_str(), |i| lang.pick(&i.name.en, &i.name.zh));
            match lang {
                Lang::En => format!("no export carries it: type in “{name}”"),
                Lang::Zh => format!("导出文件中没有此项：请填写“{name}”"),
            }
        }
    }
}

/// The region a rulebook judges by and why: "Region: Brazil (from the files: most orders are
/// in BRL)".
pub fn region_line(rb: &Rulebook, u: &storescore_core::rulebook::RegionUse, lang: Lang) -> String {
    use storescore_core::rulebook::RegionFrom;
    let name = rb
        .regions
        .iter()
        .find(|r| r.id == u.region)
        .map_or(u.region.as_str(), |r| lang.pick(&r.name.en, &r.name.zh));
    let why = match (&u.from, lang) {
        (RegionFrom::Files(c), Lang::En) => format!("from the files: most orders are in {c}"),
        (RegionFrom::Files(c), Lang::Zh) => format!("按文件：多数订单币种为 {c}"),
        (RegionFrom::Chosen, _) => lang.pick("chosen", "已手动选择").to_owned(),
        (RegionFrom::Default, Lang::En) => "no order's currency names a region".to_owned(),
        (RegionFrom::Default, Lang::Zh) => "订单币种未指明地区，用默认".to_owned(),
        (RegionFrom::Link, _) => lang.pick("from the link", "来自链接").to_owned(),
    };
    match lang {
        Lang::En => format!("Region: {name} ({why})"),
        Lang::Zh => format!("地区：{name}（{why}）"),
    }
}

/// A check named with its marketplace: "Amazon Account Health · Order defect rate".
pub fn check_label(rulebooks: &[Rulebook], rb: &str, id: &str, lang: Lang) -> String {
    let Some(book) = rulebooks.iter().find(|r| r.id == rb) else {
        return format!("{rb} · {id}");
    };
    let check = book
        .checks
        .iter()
        .find(|c| c.id == id)
        .map_or(id, |c| lang.pick(&c.name.en, &c.name.zh));
    format!("{} · {check}", lang.pick(&book.name.en, &book.name.zh))
}

/// A verdict in words: "Passed", "Failed", "Not assessed".
pub fn status_text(s: storescore_core::checks::Status, lang: Lang) -> &'static str {
    use storescore_core::checks::Status;
    match s {
        Status::Passed => tr(T::Passed, lang),
        Status::Failed => tr(T::Failed, lang),
        Status::NotAssessed => tr(T::NotAssessed, lang),
    }
}

/// "30 days", "1 day", "30 天".
pub fn days(n: u32, lang: Lang) -> String {
    match lang {
        Lang::En if n == 1 => "1 day".to_owned(),
        Lang::En => format!("{n} days"),
        Lang::Zh => format!("{n} 天"),
    }
}

/// A check's window, and how much of it the files cover when not all: "90 days (the files
/// cover 31)".
pub fn window_text(window: u32, covered: Option<u32>, lang: Lang) -> String {
    match (covered, lang) {
        (None, _) => days(window, lang),
        (Some(c), Lang::En) => format!("{} (the files cover {c})", days(window, lang)),
        (Some(c), Lang::Zh) => format!("{}（文件覆盖 {c} 天）", days(window, lang)),
    }
}

/// "Rules checked 2026-12-06".
pub fn rules_checked(date: &str, lang: Lang) -> String {
    match (lang, date.is_empty()) {
        (Lang::En, false) => format!("Rules checked {date}: sources"),
        (Lang::Zh, false) => format!("规则核对于 {date}：来源"),
        (Lang::En, true) => "Sources".to_owned(),
        (Lang::Zh, true) => "来源".to_owned(),
    }
}

/// "Passes on 2026-11-08".
pub fn passes_on(date: &str, lang: Lang) -> String {
    match lang {
        Lang::En => format!("passes on {date}"),
        Lang::Zh => format!("{date} 起通过"),
    }
}

/// "Good from 2026-11-08".
pub fn level_from(level: &str, date: &str, lang: Lang) -> String {
    match lang {
        Lang::En => format!("{level} from {date}"),
        Lang::Zh => format!("{date} 起达到{level}"),
    }
}

/// "3 leave on 2026-11-02".
pub fn leaving(n: f64, date: &str, lang: Lang) -> String {
    match lang {
        Lang::En if n == 1.0 => format!("1 leaves on {date}"),
        Lang::En => format!("{} leave on {date}", Dec(n)),
        Lang::Zh => format!("{date} 移出 {} 条", Dec(n)),
    }
}

/// A target's change in records a seller can act on: "answer 30 more of the 200 buyer messages
/// within 24 h", "2 fewer not-as-described disputes (of 962 shipped orders)".
pub fn change_text(m: MetricId, records: f64, of: f64, lang: Lang) -> String {
    let (k, of) = (Dec(records), Dec(of));
    let name = metric_name(m, lang);
    match (m, lang) {
        (MetricId::ResponseWithin24hRate, Lang::En) => {
            format!("answer {k} more of {of} buyer messages within 24 h")
        }
        (MetricId::ResponseWithin24hRate, Lang::Zh) => {
            format!("{of} 条买家消息中再多 {k} 条在 24 小时内回复")
        }
        (MetricId::ResponseWithin72hRate, Lang::En) => {
            format!("answer {k} more of {of} buyer messages within 72 h")
        }
        (MetricId::ResponseWithin72hRate, Lang::Zh) => {
            format!("{of} 条买家消息中再多 {k} 条在 72 小时内回复")
        }
        (MetricId::LateShipmentRate, Lang::En) => {
            format!("ship {k} more of {of} orders before their deadline")
        }
        (MetricId::LateShipmentRate, Lang::Zh) => {
            format!("{of} 笔订单中再多 {k} 笔在发货期限前发货")
        }
        (MetricId::NonFulfilmentRate, Lang::En) => {
            format!("{k} fewer seller cancellations (of {of} paid orders)")
        }
        (MetricId::NonFulfilmentRate, Lang::Zh) => {
            format!("卖家取消少 {k} 笔（共 {of} 笔支付订单）")
        }
        (MetricId::NrDisputeRate, Lang::En) => {
            format!("{k} fewer item-not-received disputes (of {of} shipped orders)")
        }
        (MetricId::NrDisputeRate, Lang::Zh) => {
            format!("未收到货纠纷少 {k} 起（共 {of} 笔已发货订单）")
        }
        (MetricId::SnadDisputeRate, Lang::En) => {
            format!("{k} fewer not-as-described disputes (of {of} shipped orders)")
        }
        (MetricId::SnadDisputeRate, Lang::Zh) => {
            format!("货不对版纠纷少 {k} 起（共 {of} 笔已发货订单）")
        }
        (MetricId::ValidTrackingRate, Lang::En) => {
            format!("{k} more of {of} shipped orders with valid tracking")
        }
        (MetricId::ValidTrackingRate, Lang::Zh) => {
            format!("{of} 笔已发货订单中再多 {k} 笔有有效运单号")
        }
        (MetricId::OnlineWithin7dRate, Lang::En) => {
            format!("{k} more of {of} orders scanned by the carrier within 7 days")
        }
        (MetricId::OnlineWithin7dRate, Lang::Zh) => {
            format!("{of} 笔订单中再多 {k} 笔在 7 天内上网")
        }
        _ => match (
            m.unit(),
            storescore_core::checks::numerator_counts_good(m),
            lang,
        ) {
            (Unit::Stars, _, Lang::En) => format!("{k} more 5-star reviews ({name})"),
            (Unit::Stars, _, Lang::Zh) => format!("再多 {k} 个五星评价（{name}）"),
            (Unit::Rate, false, Lang::En) => format!("{k} fewer of {of}: {name}"),
            (Unit::Rate, false, Lang::Zh) => format!("{name}：{of} 个中少 {k} 个"),
            (_, _, Lang::En) => format!("{k} more of {of}: {name}"),
            (_, _, Lang::Zh) => format!("{name}：{of} 个中再多 {k} 个"),
        },
    }
}

/// A typed value outside what the field takes.
pub fn out_of_range(lo: f64, hi: f64, lang: Lang) -> String {
    match lang {
        Lang::En => format!("Type a number from {} to {}.", Dec(lo), Dec(hi)),
        Lang::Zh => format!("请输入 {} 到 {} 之间的数。", Dec(lo), Dec(hi)),
    }
}

/// When the rules were checked and against what: "Rules checked 2026-12-06 against eBay
/// seller performance standards (https://…), …".
pub fn sources_line(rb: &Rulebook, lang: Lang) -> String {
    let list: Vec<String> = rb
        .sources
        .iter()
        .map(|s| format!("{} ({})", lang.pick(&s.title.en, &s.title.zh), s.url))
        .collect();
    match lang {
        Lang::En => format!("Rules checked {} against: {}", rb.checked, list.join("; ")),
        Lang::Zh => format!("规则核对于 {}，依据：{}", rb.checked, list.join("；")),
    }
}

pub fn fmt_gap(metric: Option<MetricId>, g: &Gap, lang: Lang) -> String {
    let n = Dec(g.records.unwrap_or(0.0));
    match (metric, g.unit, g.records) {
        (Some(m), Unit::Rate, Some(_)) => {
            let of = Dec(g.of.unwrap_or(0.0));
            if numerator_counts_good(m) {
                match lang {
                    Lang::En => format!("{n:.0} more of {of:.0}"),
                    Lang::Zh => format!("{of:.0} 个中需再多 {n:.0} 个"),
                }
            } else {
                match lang {
                    Lang::En => format!("{n:.0} fewer of {of:.0}"),
                    Lang::Zh => format!("{of:.0} 个中需减少 {n:.0} 个"),
                }
            }
        }
        (_, Unit::Stars, Some(_)) => match lang {
            Lang::En => format!("{n:.0} more 5-star reviews (average {:+.2})", Dec(g.delta)),
            Lang::Zh => format!("再获 {n:.0} 个五星评价（平均分 {:+.2}）", Dec(g.delta)),
        },
        (_, Unit::Hours, _) | (_, Unit::Days, _) => {
            let unit = if g.unit == Unit::Hours {
                lang.pick("h", "小时")
            } else {
                lang.pick("days", "天")
            };
            if g.delta < 0.0 {
                match lang {
                    Lang::En => format!("must drop by {:.1} {unit}", Dec(-g.delta)),
                    Lang::Zh => format!("需缩短 {:.1} {unit}", Dec(-g.delta)),
                }
            } else {
                match lang {
                    Lang::En => format!("must rise by {:.1} {unit}", Dec(g.delta)),
                    Lang::Zh => format!("需增加 {:.1} {unit}", Dec(g.delta)),
                }
            }
        }
        (_, Unit::Count, Some(_)) => match lang {
            Lang::En => format!("{n:.0} more"),
            Lang::Zh => format!("还差 {n:.0}"),
        },
        // A score or a typed-in count: how far, in its own terms.
        // Whole counts without a fake fraction ("1 short", not "1.0 short").
        (None, _, _) if g.delta > 0.0 => match lang {
            Lang::En => format!("{} short", crate::decimal::trimmed(g.delta, 1)),
            Lang::Zh => format!("还差 {}", crate::decimal::trimmed(g.delta, 1)),
        },
        (None, _, _) => match lang {
            Lang::En => format!("{} over", crate::decimal::trimmed(-g.delta, 1)),
            Lang::Zh => format!("超出 {}", crate::decimal::trimmed(-g.delta, 1)),
        },
        _ => format!("{:+.2}", Dec(g.delta)),
    }
}

/// A record kind as the user reads it.
pub fn kind_name(k: sources::schema::Kind, lang: Lang) -> &'static str {
    use sources::schema::Kind;
    let (en, zh) = match k {
        Kind::Orders => ("orders", "订单"),
        Kind::Messages => ("messages", "消息"),
        Kind::Disputes => ("disputes", "纠纷"),
        Kind::Reviews => ("reviews", "评价"),
    };
    lang.pick(en, zh)
}

/// What a column of `kind` holds, for the column-mapping step (beside the field's canonical
/// name, the header of the templates). `CreatedAt` is an order's or a review's.
pub fn field_label(
    kind: sources::schema::Kind,
    f: sources::schema::Field,
    lang: Lang,
) -> &'static str {
    use sources::schema::{Field::*, Kind};
    let (en, zh) = match f {
        OrderId => ("Order ID", "订单号"),
        ParentOrderId => ("Parent order ID", "父订单号"),
        BuyerId => ("Buyer", "买家"),
        BuyerCountry => ("Buyer's country", "收货国家/地区"),
        CreatedAt if kind == Kind::Reviews => ("Reviewed at", "评价时间"),
        CreatedAt => ("Ordered at", "下单时间"),
        PaidAt => ("Paid at", "付款时间"),
        Amount => ("Order amount", "订单金额"),
        Currency => ("Currency", "币种"),
        ShippingFee => ("Shipping fee", "运费"),
        Status => ("Order status", "订单状态"),
        CancelledAt => ("Cancelled at", "取消时间"),
        CancelInitiator => ("Cancelled by", "取消方"),
        ShipDeadline => ("Ship by (deadline)", "发货期限"),
        PromisedDeliveryBy => ("Delivery promised by", "承诺送达时间"),
        Carrier => ("Carrier", "物流商"),
        TrackingNumber => ("Tracking number", "运单号"),
        ShippedAt => ("Shipped at", "发货时间"),
        FirstCarrierScanAt => ("First carrier scan at", "物流上网时间"),
        DeliveredAt => ("Delivered at", "妥投时间"),
        BuyerConfirmedAt => ("Buyer confirmed receipt at", "确认收货时间"),
        CompletedAt => ("Completed at", "完成时间"),
        ProductId => ("Product ID", "商品ID"),
        MessageId => ("Message ID", "消息ID"),
        ThreadId => ("Conversation ID", "会话ID"),
        Sender => ("Sender", "发送方"),
        SentAt => ("Sent at", "发送时间"),
        IsAutoReply => ("Automatic reply?", "是否自动回复"),
        DisputeId => ("Dispute ID", "纠纷ID"),
        DisputeKind => ("Dispute type", "纠纷类型"),
        Reason => ("Dispute reason", "纠纷原因"),
        OpenedAt => ("Opened at", "纠纷提起时间"),
        SellerFirstResponseAt => ("Seller's first response at", "卖家首次响应时间"),
        EscalatedAt => ("Escalated at", "升级时间"),
        ClosedAt => ("Closed at", "关闭时间"),
        Outcome => ("Outcome", "纠纷结果"),
        SellerAtFault => ("Seller at fault?", "是否卖家责任"),
        Exempted => ("Exempted?", "是否豁免"),
        RefundAmount => ("Refund amount", "退款金额"),
        ReviewId => ("Review ID", "评价ID"),
        Stars => ("Stars", "星级"),
        DsrItem => ("DSR item as described", "商品描述评分"),
        DsrCommunication => ("DSR communication", "卖家服务评分"),
        DsrShipping => ("DSR shipping speed", "物流服务评分"),
        Text => ("Review text", "评价内容"),
    };
    lang.pick(en, zh)
}

/// A label ending in a colon, then its text: "Label: text" / "标签：文本" (a full-width colon
/// takes no space after it).
pub fn labelled(label: T, text: &str, lang: Lang) -> String {
    format!("{}{}{text}", tr(label, lang), lang.pick(" ", ""))
}

/// What the numbers lack when no file of a kind was loaded (after [`T::NotAmongFiles`]): the
/// kind's name, then the effect in brackets.
pub fn kind_missing_text(k: sources::schema::Kind, lang: Lang) -> String {
    use sources::schema::Kind;
    let (en, zh) = match k {
        Kind::Orders => (
            "every rate per order is not assessed",
            "所有按订单计算的比率均无法评估",
        ),
        Kind::Messages => ("the reply checks are not assessed", "回复类检查无法评估"),
        Kind::Disputes => (
            "the dispute rates count none, so they read 0%",
            "纠纷率按零起纠纷计算，显示为 0%",
        ),
        Kind::Reviews => ("the ratings are not assessed", "评分无法评估"),
    };
    format!(
        "{}{}",
        kind_name(k, lang),
        bracketed(lang.pick(en, zh), lang)
    )
}

/// Short axis labels for the service-score indicators (the rulebook names are too long for a
/// bar); an indicator added by the user keeps its id.
pub fn indicator_short(id: &str, lang: Lang) -> String {
    let (en, zh) = match id {
        "non_fulfilment" => ("non-fulfilment", "成交不卖"),
        "nr_dispute" => ("not received", "未收到货"),
        "snad_dispute" => ("not as described", "货不对版"),
        "dsr_item" => ("DSR item", "DSR商品"),
        "dsr_communication" => ("DSR service", "DSR服务"),
        "dsr_shipping" => ("DSR shipping", "DSR物流"),
        other => return other.to_owned(),
    };
    lang.pick(en, zh).to_owned()
}

/// A level's name in the score's rulebook ("Not assessed" for none, or an id it does not list).
pub fn level_name(
    spec: &storescore_core::rulebook::ScoreSpec,
    id: Option<&str>,
    lang: Lang,
) -> String {
    match id.and_then(|id| spec.levels.iter().find(|l| l.id == id)) {
        Some(l) => lang.pick(&l.name.en, &l.name.zh).to_owned(),
        None => tr(T::NotAssessed, lang).to_owned(),
    }
}

/// A tier's name in its rulebook, if the rulebook lists it.
pub fn tier_name<'a>(
    rb: &'a storescore_core::rulebook::Rulebook,
    id: &str,
    lang: Lang,
) -> Option<&'a str> {
    rb.tiers
        .iter()
        .find(|t| t.id == id)
        .map(|t| lang.pick(&t.name.en, &t.name.zh))
}

/// `text` in brackets after what it qualifies: " (text)", or "（text）" in Chinese (full-width
/// brackets take no space before them).
pub fn bracketed(text: &str, lang: Lang) -> String {
    match lang {
        Lang::En => format!(" ({text})"),
        Lang::Zh => format!("（{text}）"),
    }
}

/// The colon between a label and its text: ": ", or "：" in Chinese (no space after it).
pub fn colon(lang: Lang) -> &'static str {
    lang.pick(": ", "：")
}

/// A colon with no space after it in English (`Assessment:` at a line's end).
pub fn colon_tight(lang: Lang) -> &'static str {
    lang.pick(":", "：")
}

/// Between the items of a list whose items hold commas (`a; b`).
pub fn list_sep(lang: Lang) -> &'static str {
    lang.pick("; ", "；")
}

/// Between the items of a short list (`a, b`).
pub fn comma(lang: Lang) -> &'static str {
    lang.pick(", ", "，")
}

/// Between the last two items of a list of conditions (`a and b`).
pub fn and(lang: Lang) -> &'static str {
    lang.pick(" and ", "，并且")
}

/// `s` padded with spaces to `width` half-widths (`half_widths`): columns of a plain-text
/// table line up whatever the script (a CJK character takes two).
pub fn pad(s: &str, width: usize) -> String {
    let used: usize = s.chars().map(half_widths).sum();
    format!("{s}{}", " ".repeat(width.saturating_sub(used)))
}

/// Half-widths a character takes: two from the CJK blocks on (ideographs, kana, Hangul,
/// full-width forms), one before them (Latin, Cyrillic, the ellipsis).
fn half_widths(c: char) -> usize {
    if c >= '\u{2E80}' {
        2
    } else {
        1
    }
}

/// `s` cut to fit `room` half-widths (`half_widths`), with an ellipsis when cut: a label drawn
/// where text cannot wrap.
pub fn clip(s: &str, room: usize) -> String {
    let width = half_widths;
    if s.chars().map(width).sum::<usize>() <= room {
        return s.to_owned();
    }
    // The longest start that leaves a half-width for the ellipsis.
    let (mut used, mut end) = (0, 0);
    for (i, c) in s.char_indices() {
        used += width(c);
        if used >= room {
            break;
        }
        end = i + c.len_utf8();
    }
    format!("{}…", &s[..end])
}

pub fn dispute_kind_text(k: storescore_core::model::DisputeKind, lang: Lang) -> &'static str {
    use storescore_core::model::DisputeKind::*;
    let (en, zh) = match k {
        NotReceived => ("not received", "未收到货"),
        NotAsDescribed => ("not as described", "货不对版"),
        Return => ("return", "退货"),
        Other => ("other", "其他"),
    };
    lang.pick(en, zh)
}

pub fn violation_text(k: storescore_core::metrics::ViolationKind, lang: Lang) -> &'static str {
    use storescore_core::metrics::ViolationKind::*;
    let (en, zh) = match k {
        CancelledBySeller => ("cancelled by the seller", "卖家取消"),
        CancelledBySystem => ("closed by the system", "系统关闭"),
        ShippedLate => ("shipped after the deadline", "超过发货期限发货"),
        NotShipped => ("not shipped by the deadline", "未在期限内发货"),
        ShippedAfter48h => ("shipped after 48 h", "48小时后发货"),
        InvalidTracking => ("missing or implausible tracking number", "运单号缺失或无效"),
        NotOnlineIn7d => ("no carrier scan within 7 days", "7天内无物流扫描"),
        DeliveredLate => ("delivered after the promised date", "晚于承诺日期送达"),
        ReplyLate => ("answered late", "回复超时"),
        Unanswered => ("unanswered", "未回复"),
        NotReceivedDispute => ("not-received dispute", "未收到货纠纷"),
        NotAsDescribedDispute => ("not-as-described dispute", "货不对版纠纷"),
        DisputeAnsweredLate => ("dispute answered late", "纠纷响应超时"),
        DisputeUnanswered => ("dispute unanswered", "纠纷未响应"),
        RuledAgainstSeller => ("ruled against the seller", "裁定卖家责任"),
        Claim => ("claim opened", "买家发起投诉"),
        NonPositiveReview => ("neutral or negative review", "中差评"),
        ReviewOutsideWindow => ("review outside the evaluation window", "评价不在评价期内"),
        Defect => ("order defect", "订单缺陷"),
    };
    lang.pick(en, zh)
}

/// A time that decides whether a record counts, as the records table heads it.
pub fn time_name(t: storescore_core::evidence::Time, lang: Lang) -> &'static str {
    use storescore_core::evidence::Time::*;
    let (en, zh) = match t {
        PaidAt => ("paid", "付款"),
        ShipDeadline => ("ship by", "发货期限"),
        ShippedAt => ("shipped", "发货"),
        FirstCarrierScanAt => ("first carrier scan", "首次揽收"),
        PromisedDeliveryBy => ("promised delivery", "承诺送达"),
        DeliveredAt => ("delivered", "妥投"),
        CancelledAt => ("cancelled", "取消"),
        CompletedAt => ("completed", "完成"),
        MessageAt => ("buyer wrote", "买家消息"),
        RepliedAt => ("answered", "回复"),
        DisputeOpenedAt => ("dispute opened", "纠纷开启"),
        DisputeRespondedAt => ("seller responded", "卖家响应"),
        DisputeClosedAt => ("dispute closed", "纠纷关闭"),
        ReviewAt => ("reviewed", "评价"),
    };
    lang.pick(en, zh)
}

#[cfg(test)]
mod format_tests {
    use super::*;
    use storescore_core::checks::Gap;

    #[test]
    fn clip_counts_wide_characters_twice_and_never_cuts_inside_one() {
        assert_eq!(clip("", 4), "");
        assert_eq!(clip("abcde", 5), "abcde");
        // The ellipsis takes the last half-width.
        assert_eq!(clip("abcdef", 5), "abcd…");
        assert_eq!(clip("货不对版", 8), "货不对版");
        assert_eq!(clip("货不对版", 7), "货不对…");
        assert_eq!(clip("货不对版", 6), "货不…");
        assert_eq!(clip("a货b", 3), "a…");
        assert_eq!(clip("café au lait", 6), "café …");
        assert_eq!(clip("x", 0), "…");
    }

    proptest::proptest! {
        /// Any text: what `clip` keeps is a start of it and fits (the ellipsis counted).
        #[test]
        fn clip_keeps_a_start_that_fits(s in "\\PC{0,40}", room in 1usize..30) {
            let width = |t: &str| t.chars().map(half_widths).sum::<usize>();
            let c = clip(&s, room);
            proptest::prop_assert!(width(&c) <= room, "{c:?}");
            match c.strip_suffix('…') {
                Some(start) if c != s => proptest::prop_assert!(s.starts_with(start)),
                _ => proptest::prop_assert_eq!(&c, &s),
            }
        }
    }

    #[test]
    fn time_left_reads_naturally_in_both_languages() {
        assert_eq!(seconds_left(2.6, Lang::En), "~3 s left");
        assert_eq!(seconds_left(2.6, Lang::Zh), "剩余约 3 秒");
    }

    #[test]
    fn gaps_read_in_the_metrics_own_units() {
        let g = |unit, delta, records, of| Gap {
            delta,
            unit,
            records,
            of,
        };
        assert_eq!(
            fmt_gap(
                Some(MetricId::ResponseWithin24hRate),
                &g(Unit::Rate, 0.07, Some(16.0), Some(240.0)),
                Lang::En
            ),
            "16 more of 240"
        );
        assert_eq!(
            fmt_gap(
                Some(MetricId::LateShipmentRate),
                &g(Unit::Rate, -0.03, Some(8.0), Some(240.0)),
                Lang::En
            ),
            "8 fewer of 240"
        );
        assert_eq!(
            fmt_gap(
                Some(MetricId::FirstResponseHoursP50),
                &g(Unit::Hours, -3.1, None, None),
                Lang::En
            ),
            "must drop by 3.1 h"
        );
        assert_eq!(
            fmt_gap(
                Some(MetricId::DsrItemAvg),
                &g(Unit::Stars, 0.2, Some(40.0), None),
                Lang::Zh
            ),
            "再获 40 个五星评价（平均分 +0.20）"
        );
        assert_eq!(
            fmt_gap(None, &g(Unit::Count, 8.13, None, None), Lang::En),
            "8.1 short"
        );
        assert_eq!(
            fmt_gap(None, &g(Unit::Count, -2.0, None, None), Lang::Zh),
            "超出 2"
        );
        assert_eq!(fmt_value(Unit::Rate, Some(0.9794), Lang::En), "97.9%");
        assert_eq!(fmt_value(Unit::Hours, None, Lang::En), "—");
    }

    /// The mapping step names each column a kind can hold in words of both languages, no two
    /// alike within a kind (it once showed only the canonical ids, in English on either page).
    #[test]
    fn every_field_of_a_kind_has_its_own_label_in_both_languages() {
        use sources::schema::{fields, Kind};
        for kind in Kind::ALL {
            for lang in [Lang::En, Lang::Zh] {
                let labels: Vec<&str> = fields(kind)
                    .iter()
                    .map(|f| field_label(kind, *f, lang))
                    .collect();
                let mut distinct = labels.clone();
                distinct.sort_unstable();
                distinct.dedup();
                assert_eq!(
                    distinct.len(),
                    labels.len(),
                    "{kind:?} {lang:?}: {labels:?}"
                );
                assert!(labels.iter().all(|l| !l.is_empty()));
            }
        }
        use sources::schema::Field::CreatedAt;
        assert_eq!(field_label(Kind::Reviews, CreatedAt, Lang::Zh), "评价时间");
        assert_eq!(field_label(Kind::Orders, CreatedAt, Lang::Zh), "下单时间");
    }
}
