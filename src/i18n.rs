//! Every user-facing string, in English and Chinese, in one catalogue. Pure: the page, the CLI
//! and the diagnostics read it; a test checks that no entry is empty in either language.

use serde::{Deserialize, Serialize};

use crate::core::metrics::MetricId;
use crate::ingest::diag::Code;

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
    pub fn pick<'a>(self, en: &'a str, zh: &'a str) -> &'a str {
        match self {
            Lang::En => en,
            Lang::Zh => zh,
        }
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
        Code::Encoding => ("text encoding", "文本编码"),
        Code::Recognized => ("recognized as", "识别为"),
        Code::PaidFromCreated => (
            "no payment-time column: the order time is used as the payment time",
            "没有付款时间列：以下单时间作为付款时间",
        ),
        Code::TrackingSplit => (
            "several tracking numbers in one cell; the first plausible one is used",
            "一个单元格中有多个运单号，使用第一个有效的",
        ),
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
        OrderDefectRate => (("Order defect rate", "Paid orders with a 1-2 star review or a non-exempted dispute ÷ paid orders (peer rulebooks)."), ("订单缺陷率", "有1-2星评价或未豁免纠纷的支付订单 ÷ 支付订单（其他平台规则）。")),
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
    fn browser_languages_map_to_ours() {
        assert_eq!(Lang::parse("zh-CN"), Some(Lang::Zh));
        assert_eq!(Lang::parse("en-US"), Some(Lang::En));
        assert_eq!(Lang::parse("fr"), None);
    }
}
