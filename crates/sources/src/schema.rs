//! Record kinds, their fields, and the header aliases that recognize them in real exports:
//! the canonical templates, the AliExpress order export (Chinese and English), AliExpress
//! API-style names for reviews, disputes and messages, Amazon All Orders, eBay and Shopee.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Orders,
    Messages,
    Disputes,
    Reviews,
}

impl Kind {
    pub const ALL: [Kind; 4] = [Kind::Orders, Kind::Messages, Kind::Disputes, Kind::Reviews];
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Orders => "orders",
            Kind::Messages => "messages",
            Kind::Disputes => "disputes",
            Kind::Reviews => "reviews",
        }
    }

    /// The kind [`Kind::as_str`] names.
    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == name)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Platform {
    Canonical,
    #[serde(rename = "aliexpress")]
    AliExpress,
    Amazon,
    Ebay,
    Shopee,
    #[serde(rename = "tiktok_shop")]
    TikTokShop,
    Etsy,
    #[serde(rename = "mercado_libre")]
    MercadoLibre,
    Temu,
    Walmart,
    Lazada,
    Unknown,
}

impl Platform {
    /// The name `--json` writes (as serde writes it).
    pub fn as_str(self) -> &'static str {
        match self {
            Platform::Canonical => "canonical",
            Platform::AliExpress => "aliexpress",
            Platform::Amazon => "amazon",
            Platform::Ebay => "ebay",
            Platform::Shopee => "shopee",
            Platform::TikTokShop => "tiktok_shop",
            Platform::Etsy => "etsy",
            Platform::MercadoLibre => "mercado_libre",
            Platform::Temu => "temu",
            Platform::Walmart => "walmart",
            Platform::Lazada => "lazada",
            Platform::Unknown => "unknown",
        }
    }
}

/// Every field of the canonical templates (METRICS.md), plus product_id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    OrderId,
    ParentOrderId,
    BuyerId,
    BuyerCountry,
    CreatedAt,
    PaidAt,
    Amount,
    Currency,
    ShippingFee,
    Status,
    CancelledAt,
    CancelInitiator,
    ShipDeadline,
    PromisedDeliveryBy,
    Carrier,
    TrackingNumber,
    ShippedAt,
    FirstCarrierScanAt,
    DeliveredAt,
    BuyerConfirmedAt,
    CompletedAt,
    ProductId,
    MessageId,
    ThreadId,
    Sender,
    SentAt,
    IsAutoReply,
    DisputeId,
    DisputeKind,
    Reason,
    OpenedAt,
    SellerFirstResponseAt,
    EscalatedAt,
    ClosedAt,
    Outcome,
    SellerAtFault,
    Exempted,
    RefundAmount,
    ReviewId,
    Stars,
    DsrItem,
    DsrCommunication,
    DsrShipping,
    Text,
}

use Field::*;

/// Fields of each kind, in canonical template order.
pub fn fields(kind: Kind) -> &'static [Field] {
    match kind {
        Kind::Orders => &[
            OrderId,
            ParentOrderId,
            BuyerId,
            BuyerCountry,
            CreatedAt,
            PaidAt,
            Amount,
            Currency,
            ShippingFee,
            Status,
            CancelledAt,
            CancelInitiator,
            ShipDeadline,
            PromisedDeliveryBy,
            Carrier,
            TrackingNumber,
            ShippedAt,
            FirstCarrierScanAt,
            DeliveredAt,
            BuyerConfirmedAt,
            CompletedAt,
            ProductId,
        ],
        Kind::Messages => &[
            MessageId,
            ThreadId,
            OrderId,
            BuyerId,
            Sender,
            SentAt,
            IsAutoReply,
        ],
        Kind::Disputes => &[
            DisputeId,
            OrderId,
            DisputeKind,
            Reason,
            OpenedAt,
            SellerFirstResponseAt,
            EscalatedAt,
            ClosedAt,
            Outcome,
            SellerAtFault,
            Exempted,
            RefundAmount,
        ],
        Kind::Reviews => &[
            ReviewId,
            OrderId,
            BuyerId,
            CreatedAt,
            Stars,
            DsrItem,
            DsrCommunication,
            DsrShipping,
            Text,
        ],
    }
}

/// Fields without which a kind cannot be loaded (the mapping step asks for them).
pub fn required(kind: Kind) -> &'static [Field] {
    match kind {
        Kind::Orders => &[OrderId],
        Kind::Messages => &[Sender, SentAt],
        Kind::Disputes => &[OrderId, DisputeKind],
        Kind::Reviews => &[Stars],
    }
}

impl Field {
    /// The canonical column name.
    pub fn canonical(self) -> &'static str {
        match self {
            OrderId => "order_id",
            ParentOrderId => "parent_order_id",
            BuyerId => "buyer_id",
            BuyerCountry => "buyer_country",
            CreatedAt => "created_at",
            PaidAt => "paid_at",
            Amount => "amount",
            Currency => "currency",
            ShippingFee => "shipping_fee",
            Status => "status",
            CancelledAt => "cancelled_at",
            CancelInitiator => "cancel_initiator",
            ShipDeadline => "ship_deadline",
            PromisedDeliveryBy => "promised_delivery_by",
            Carrier => "carrier",
            TrackingNumber => "tracking_number",
            ShippedAt => "shipped_at",
            FirstCarrierScanAt => "first_carrier_scan_at",
            DeliveredAt => "delivered_at",
            BuyerConfirmedAt => "buyer_confirmed_at",
            CompletedAt => "completed_at",
            ProductId => "product_id",
            MessageId => "message_id",
            ThreadId => "thread_id",
            Sender => "sender",
            SentAt => "sent_at",
            IsAutoReply => "is_auto_reply",
            DisputeId => "dispute_id",
            DisputeKind => "kind",
            Reason => "reason",
            OpenedAt => "opened_at",
            SellerFirstResponseAt => "seller_first_response_at",
            EscalatedAt => "escalated_at",
            ClosedAt => "closed_at",
            Outcome => "outcome",
            SellerAtFault => "seller_at_fault",
            Exempted => "exempted",
            RefundAmount => "refund_amount",
            ReviewId => "review_id",
            Stars => "stars",
            DsrItem => "dsr_item",
            DsrCommunication => "dsr_communication",
            DsrShipping => "dsr_shipping",
            Text => "text",
        }
    }

    pub fn is_time(self) -> bool {
        matches!(
            self,
            CreatedAt
                | PaidAt
                | CancelledAt
                | ShipDeadline
                | PromisedDeliveryBy
                | ShippedAt
                | FirstCarrierScanAt
                | DeliveredAt
                | BuyerConfirmedAt
                | CompletedAt
                | SentAt
                | OpenedAt
                | SellerFirstResponseAt
                | EscalatedAt
                | ClosedAt
        )
    }

    pub fn is_id(self) -> bool {
        matches!(
            self,
            OrderId
                | ParentOrderId
                | BuyerId
                | MessageId
                | ThreadId
                | DisputeId
                | ReviewId
                | ProductId
        )
    }
}

/// Aliases per field, normalized (see [`normalize`]). Several kinds share some names; the
/// recognition scores each kind on the fields that tell it apart.
fn aliases(f: Field) -> &'static [&'static str] {
    match f {
        OrderId => &[
            "order id",
            "订单号",
            "订单编号",
            "amazon order id",
            "order number",
            "order no",
            "orderid",
            "订单id",
            "子订单号",
            "sales record number",
        ],
        ParentOrderId => &[
            "parent order id",
            "父订单号",
            "主订单号",
            "parent order number",
        ],
        BuyerId => &[
            "buyer id",
            "买家名称",
            "买家",
            "buyer username",
            "buyer login id",
            "买家id",
            "user name",
            "username",
            "buyer name",
            "buyer email",
        ],
        BuyerCountry => &[
            "buyer country",
            "收货国家",
            "ship country",
            "ship to country",
            "country",
            "shipping country",
            "收货国家/地区",
        ],
        CreatedAt => &[
            "created at",
            "下单时间",
            "order time",
            "purchase date",
            "order creation date",
            "order date",
            "创建时间",
            "gmt create",
            "order created time",
            "buyer fb date",
            "evaluation time",
            "评价时间",
            "review date",
        ],
        PaidAt => &[
            "paid at",
            "付款时间",
            "payment time",
            "paid on date",
            "payment date",
            "gmt pay success",
            "支付时间",
            "order paid time",
        ],
        Amount => &[
            "amount",
            "订单金额",
            "order amount",
            "order total",
            "total amount",
            "买家实付金额",
            "item price",
            "sold for",
            "total price",
            "grand total",
            "order total amount",
        ],
        Currency => &["currency", "币种", "货币"],
        ShippingFee => &[
            "shipping fee",
            "物流费用",
            "运费",
            "shipping price",
            "shipping and handling",
            "shipping cost",
            "buyer paid shipping fee",
        ],
        Status => &["status", "订单状态", "order status", "order state"],
        CancelledAt => &[
            "cancelled at",
            "canceled at",
            "取消时间",
            "cancel time",
            "cancellation date",
        ],
        CancelInitiator => &[
            "cancel initiator",
            "取消方",
            "cancelled by",
            "canceled by",
            "cancellation initiator",
        ],
        ShipDeadline => &[
            "ship deadline",
            "发货期限",
            "shipping deadline",
            "ship by date",
            "estimated ship out date",
            "latest ship date",
            "发货截止时间",
        ],
        PromisedDeliveryBy => &[
            "promised delivery by",
            "承诺送达时间",
            "maximum estimated delivery date",
            "latest delivery date",
            "promised delivery date",
            "estimated delivery date",
        ],
        Carrier => &[
            "carrier",
            "买家选择物流",
            "物流方式",
            "shipping carrier",
            "shipping service",
            "ship service level",
            "shipping option",
            "物流服务",
        ],
        TrackingNumber => &[
            "tracking number",
            "实际发货单号",
            "运单号",
            "tracking no",
            "tracking id",
            "logistics no",
            "物流单号",
        ],
        ShippedAt => &[
            "shipped at",
            "发货时间",
            "shipping time",
            "shipped on date",
            "ship time",
            "shipment date",
            "实际发货时间",
        ],
        FirstCarrierScanAt => &[
            "first carrier scan at",
            "上网时间",
            "first scan time",
            "online time",
        ],
        DeliveredAt => &[
            "delivered at",
            "妥投时间",
            "delivery time",
            "delivered on date",
            "order complete time",
            "delivery date",
        ],
        BuyerConfirmedAt => &[
            "buyer confirmed at",
            "确认收货时间",
            "confirmed received time",
            "confirm time",
        ],
        CompletedAt => &[
            "completed at",
            "完成时间",
            "order completed time",
            "completion time",
            "order complete date",
        ],
        ProductId => &[
            "product id",
            "商品id",
            "商品编码",
            "sku",
            "item number",
            "product code",
            "product sku",
            "sku reference no",
        ],
        MessageId => &["message id", "消息id", "msg id"],
        ThreadId => &[
            "thread id",
            "会话id",
            "conversation id",
            "channel id",
            "relation id",
        ],
        Sender => &[
            "sender",
            "发送方",
            "sender type",
            "message sender",
            "from",
            "发送人",
        ],
        SentAt => &[
            "sent at",
            "发送时间",
            "message time",
            "gmt create message",
            "send time",
            "message date",
        ],
        IsAutoReply => &["is auto reply", "自动回复", "auto reply"],
        DisputeId => &["dispute id", "纠纷id", "纠纷编号", "issue id", "case id"],
        DisputeKind => &[
            "kind",
            "纠纷类型",
            "issue type",
            "dispute type",
            "case type",
        ],
        Reason => &[
            "reason",
            "纠纷原因",
            "issue reason",
            "dispute reason",
            "case reason",
        ],
        OpenedAt => &[
            "opened at",
            "纠纷提起时间",
            "issue create time",
            "open time",
            "case opened",
            "提起时间",
        ],
        SellerFirstResponseAt => &[
            "seller first response at",
            "卖家首次响应时间",
            "seller response time",
            "first response time",
        ],
        EscalatedAt => &[
            "escalated at",
            "升级时间",
            "arbitration time",
            "issue escalate time",
            "escalation time",
        ],
        ClosedAt => &[
            "closed at",
            "关闭时间",
            "issue close time",
            "close time",
            "case closed",
            "纠纷关闭时间",
        ],
        Outcome => &[
            "outcome",
            "纠纷结果",
            "issue status",
            "result",
            "resolution",
            "case outcome",
        ],
        SellerAtFault => &["seller at fault", "卖家责任", "seller responsible"],
        Exempted => &["exempted", "豁免", "exempt", "is exempted"],
        RefundAmount => &["refund amount", "退款金额", "refund"],
        ReviewId => &["review id", "评价id", "feedback id", "evaluation id"],
        Stars => &[
            "stars",
            "评分",
            "星级",
            "buyer evaluation",
            "rating",
            "feedback rating",
            "star rating",
            "score",
        ],
        DsrItem => &[
            "dsr item",
            "商品描述评分",
            "item as described",
            "product rating",
            "dsr item as described",
        ],
        DsrCommunication => &[
            "dsr communication",
            "卖家服务评分",
            "communication",
            "seller communication",
        ],
        DsrShipping => &[
            "dsr shipping",
            "物流服务评分",
            "shipping speed",
            "dsr shipping speed",
            "logistics rating",
        ],
        Text => &[
            "text",
            "评价内容",
            "review text",
            "buyer feedback",
            "feedback",
            "comment",
            "review content",
        ],
    }
}

/// Header normalization: case, `*`, a currency suffix like `(USD)` / `（美元）`, and `_ - .`
/// folded to spaces.
pub fn normalize(header: &str) -> String {
    let mut h = header.trim().trim_start_matches('\u{feff}').to_lowercase();
    for (open, close) in [('(', ')'), ('（', '）'), ('[', ']')] {
        if let (Some(a), true) = (h.rfind(open), h.ends_with(close)) {
            if a > 0 {
                h.truncate(a);
            }
        }
    }
    let h: String = h
        .chars()
        .map(|c| {
            if matches!(c, '_' | '-' | '.' | '*' | ':' | '：') {
                ' '
            } else {
                c
            }
        })
        .collect();
    h.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Field for a header, among a kind's fields.
pub fn field_for(kind: Kind, header: &str) -> Option<Field> {
    let h = normalize(header);
    if h.is_empty() {
        return None;
    }
    fields(kind)
        .iter()
        .copied()
        .find(|f| normalized_names(*f).contains(&h))
}

/// Column index per field. Only the first of duplicate columns is mapped.
pub type Mapping = BTreeMap<Field, usize>;

/// Maps each field to the column whose header matches the field's highest-priority alias
/// (the canonical name first, then the aliases in order), so "Order Number" beats "Sales Record
/// Number" in an eBay export whatever their column order. A column serves one field only.
/// Each field's names (canonical first, then aliases), normalized once.
fn normalized_names(f: Field) -> &'static [String] {
    use std::sync::OnceLock;
    static TABLE: OnceLock<std::collections::HashMap<Field, Vec<String>>> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        Kind::ALL
            .iter()
            .flat_map(|k| fields(*k).iter().copied())
            .map(|f| {
                let names = std::iter::once(f.canonical())
                    .chain(aliases(f).iter().copied())
                    .map(normalize)
                    .collect();
                (f, names)
            })
            .collect()
    });
    table.get(&f).map_or(&[], Vec::as_slice)
}

pub fn map_headers(kind: Kind, headers: &[String]) -> Mapping {
    let normalized: Vec<String> = headers.iter().map(|h| normalize(h)).collect();
    map_names(
        fields(kind).iter().map(|f| (*f, normalized_names(*f))),
        &normalized,
    )
}

/// Each field to the first column (of normalized headers) that its names, most specific
/// first, find; a column serves one field. The one mapping rule of the generic names and of
/// the formats.
pub fn map_names<'a>(
    fields: impl Iterator<Item = (Field, &'a [String])>,
    normalized: &[String],
) -> Mapping {
    let mut m = Mapping::new();
    let mut taken = vec![false; normalized.len()];
    for (f, names) in fields {
        let col = names.iter().find_map(|name| {
            normalized
                .iter()
                .enumerate()
                .find(|(i, h)| !taken[*i] && !h.is_empty() && *h == name)
                .map(|(i, _)| i)
        });
        if let Some(i) = col {
            taken[i] = true;
            m.insert(f, i);
        }
    }
    m
}

/// Fields that tell a kind apart from the others (an order id is in every kind).
fn distinctive(kind: Kind) -> &'static [Field] {
    match kind {
        Kind::Orders => &[
            PaidAt,
            ShipDeadline,
            ShippedAt,
            TrackingNumber,
            Amount,
            ShippingFee,
            Status,
            BuyerCountry,
            Carrier,
            BuyerConfirmedAt,
        ],
        Kind::Messages => &[Sender, SentAt, ThreadId, MessageId, IsAutoReply],
        Kind::Disputes => &[
            DisputeKind,
            OpenedAt,
            ClosedAt,
            Outcome,
            DisputeId,
            Reason,
            EscalatedAt,
            RefundAmount,
        ],
        Kind::Reviews => &[
            Stars,
            DsrItem,
            DsrCommunication,
            DsrShipping,
            ReviewId,
            Text,
        ],
    }
}

/// The kind whose distinctive fields match best, with its mapping, when its required fields
/// are present (or `None` and the best guess's missing fields, for the mapping step).
pub fn recognize(headers: &[String]) -> Recognition {
    recognize_with(headers, &[])
}

/// [`recognize`] with the user's own formats tried first.
pub fn recognize_with(
    headers: &[String],
    extra: &[std::sync::Arc<crate::formats::Format>],
) -> Recognition {
    if let Some(fit) = crate::formats::best(headers, extra) {
        return from_format(fit, headers);
    }
    recognize_generic(headers)
}

/// A format's recognition: its mapping, with the generic names filling the fields it does not
/// name from columns it neither takes nor ignores (an export that grew a column).
pub fn from_format(fit: crate::formats::Fit, headers: &[String]) -> Recognition {
    let f = fit.format.clone();
    let mut mapping = fit.mapping;
    let generic = map_headers(f.kind, headers);
    for (field, col) in generic {
        let free = !mapping.values().any(|c| *c == col)
            && !f.ignores(&normalize(headers.get(col).map_or("", String::as_str)));
        if free && !f.constants.contains_key(&field) {
            mapping.entry(field).or_insert(col);
        }
    }
    let missing = required(f.kind)
        .iter()
        .copied()
        .filter(|fd| !mapping.contains_key(fd) && !f.constants.contains_key(fd))
        .collect();
    Recognition {
        kind: Some(f.kind),
        platform: f.platform,
        mapping,
        missing,
        format: Some(f.clone()),
        confidence: fit.confidence,
    }
}

/// [`recognize`] by the generic names alone (no known format fits).
pub fn recognize_generic(headers: &[String]) -> Recognition {
    let mut best: Option<(usize, Kind, Mapping)> = None;
    for kind in Kind::ALL {
        let m = map_headers(kind, headers);
        let score = distinctive(kind)
            .iter()
            .filter(|f| m.contains_key(f))
            .count();
        if score > 0 && best.as_ref().is_none_or(|(s, _, _)| score > *s) {
            best = Some((score, kind, m));
        }
    }
    match best {
        Some((_, kind, mapping)) => {
            let missing: Vec<Field> = required(kind)
                .iter()
                .copied()
                .filter(|f| !mapping.contains_key(f))
                .collect();
            let confidence = mapping.len() as f64 / headers.len().max(1) as f64;
            Recognition {
                kind: Some(kind),
                platform: platform(headers),
                mapping,
                missing,
                format: None,
                confidence,
            }
        }
        None => Recognition {
            kind: None,
            platform: Platform::Unknown,
            mapping: Mapping::new(),
            missing: Vec::new(),
            format: None,
            confidence: 0.0,
        },
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Recognition {
    pub kind: Option<Kind>,
    pub platform: Platform,
    pub mapping: Mapping,
    /// Required fields not found: the page asks the user to map them.
    pub missing: Vec<Field>,
    /// The known export recognized, if one fits.
    pub format: Option<std::sync::Arc<crate::formats::Format>>,
    /// How sure: the share of the format's columns found (or, with no format, of the columns
    /// the generic names map), 0 to 1.
    pub confidence: f64,
}

/// Platform from header keywords (informational, and for platform conventions).
pub fn platform(headers: &[String]) -> Platform {
    let hs: Vec<String> = headers.iter().map(|h| normalize(h)).collect();
    let has = |s: &str| hs.iter().any(|h| h == s);
    if has("订单号") && (has("发货期限") || has("付款时间")) {
        Platform::AliExpress
    } else if has("amazon order id") {
        Platform::Amazon
    } else if has("sales record number") || (has("paid on date") && has("ship by date")) {
        Platform::Ebay
    } else if has("estimated ship out date") || (has("order id") && has("ship time")) {
        Platform::Shopee
    } else if has("order id") && has("shipping deadline") {
        Platform::AliExpress
    } else if has("order id") || has("sent at") || has("opened at") || has("stars") {
        Platform::Canonical
    } else {
        Platform::Unknown
    }
}

/// A key for a header set (normalized names in order): user mappings are remembered by it.
pub fn header_key(headers: &[String]) -> String {
    headers
        .iter()
        .map(|h| normalize(h))
        .collect::<Vec<_>>()
        .join("|")
}

/// A column mapping the user made for files with a given header set.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UserMapping {
    pub kind: Kind,
    pub mapping: Mapping,
}

/// Mappings as the page keeps them (postcard): kinds and fields by name, not by the variant
/// number postcard would write, so a later build that reorders `Field` reads them right.
type KeptMappings = Vec<(String, String, Vec<(String, u32)>)>;

/// The user's mappings (header set key -> mapping) in their kept form.
pub fn mappings_to_bytes(m: &BTreeMap<String, UserMapping>) -> Vec<u8> {
    let kept: KeptMappings = m
        .iter()
        .map(|(key, um)| {
            let fields = um
                .mapping
                .iter()
                .map(|(f, col)| (f.canonical().to_owned(), *col as u32))
                .collect();
            (key.clone(), um.kind.as_str().to_owned(), fields)
        })
        .collect();
    postcard::to_allocvec(&kept).unwrap_or_default()
}

/// Reads [`mappings_to_bytes`]; what it does not know (a kind or field of another build,
/// damaged bytes) is left out.
pub fn mappings_from_bytes(bytes: &[u8]) -> BTreeMap<String, UserMapping> {
    let kept: KeptMappings = postcard::from_bytes(bytes).unwrap_or_default();
    // Collected by inserting (`small::map`): the page reads these, and `collect()` into a map
    // adds a sort's code to its wasm.
    storescore_core::small::map(kept.into_iter().filter_map(|(key, kind, fields)| {
        let kind = Kind::from_name(&kind)?;
        let mapping = storescore_core::small::map(fields.into_iter().filter_map(|(name, col)| {
            let f = fields_of(kind).find(|f| f.canonical() == name)?;
            Some((f, col as usize))
        }));
        Some((key, UserMapping { kind, mapping }))
    }))
}

fn fields_of(kind: Kind) -> impl Iterator<Item = Field> {
    fields(kind).iter().copied()
}

/// The canonical CSV template of a kind: its header line (the page offers it for download).
pub fn template(kind: Kind) -> String {
    let cols: Vec<&str> = fields(kind)
        .iter()
        .filter(|f| **f != ProductId)
        .map(|f| f.canonical())
        .collect();
    format!("{}\n", cols.join(","))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn headers_normalize() {
        assert_eq!(normalize("*Order ID"), "order id");
        assert_eq!(normalize("Product Subtotal (USD)"), "product subtotal");
        assert_eq!(normalize("amazon-order-id"), "amazon order id");
        assert_eq!(normalize("订单金额（美元）"), "订单金额");
        assert_eq!(normalize("\u{feff}order_id"), "order id");
    }

    #[test]
    fn each_platform_and_kind_is_recognized() {
        let cases: Vec<(Vec<String>, Kind, Platform)> = vec![
            (
                h(&[
                    "订单号",
                    "订单状态",
                    "下单时间",
                    "付款时间",
                    "发货期限",
                    "实际发货单号",
                ]),
                Kind::Orders,
                Platform::AliExpress,
            ),
            (
                h(&[
                    "Order ID",
                    "Order Status",
                    "Payment Time",
                    "Shipping Deadline",
                    "Tracking Number",
                ]),
                Kind::Orders,
                Platform::AliExpress,
            ),
            (
                h(&[
                    "amazon-order-id",
                    "purchase-date",
                    "order-status",
                    "ship-country",
                ]),
                Kind::Orders,
                Platform::Amazon,
            ),
            (
                h(&[
                    "Sales Record Number",
                    "Order Number",
                    "Sale Date",
                    "Paid On Date",
                    "Ship By Date",
                ]),
                Kind::Orders,
                Platform::Ebay,
            ),
            (
                h(&[
                    "Order ID",
                    "Estimated Ship Out Date",
                    "Ship Time",
                    "*Product Name",
                ]),
                Kind::Orders,
                Platform::Shopee,
            ),
            (
                h(&[
                    "message_id",
                    "thread_id",
                    "order_id",
                    "buyer_id",
                    "sender",
                    "sent_at",
                    "is_auto_reply",
                ]),
                Kind::Messages,
                Platform::Canonical,
            ),
            (
                h(&["dispute_id", "order_id", "kind", "opened_at"]),
                Kind::Disputes,
                Platform::Canonical,
            ),
            (
                h(&["order_id", "buyer_evaluation", "buyer_fb_date"]),
                Kind::Reviews,
                Platform::Canonical,
            ),
        ];
        for (headers, kind, platform_want) in cases {
            let r = recognize(&headers);
            assert_eq!(r.kind, Some(kind), "{headers:?}");
            assert_eq!(r.platform, platform_want, "{headers:?}");
        }
    }

    #[test]
    fn the_highest_priority_alias_wins_whatever_the_column_order() {
        let headers = h(&[
            "Sales Record Number",
            "Buyer Name",
            "Order Number",
            "Buyer Username",
        ]);
        let m = map_headers(Kind::Orders, &headers);
        assert_eq!(m.get(&Field::OrderId), Some(&2));
        assert_eq!(m.get(&Field::BuyerId), Some(&3));
    }

    #[test]
    fn kept_mappings_read_back_and_unknown_names_are_left_out() {
        let mut m = BTreeMap::new();
        for (i, kind) in Kind::ALL.into_iter().enumerate() {
            let mapping = fields(kind)
                .iter()
                .enumerate()
                .map(|(c, f)| (*f, c + i))
                .collect();
            m.insert(format!("h{i}|x"), UserMapping { kind, mapping });
        }
        assert_eq!(mappings_from_bytes(&mappings_to_bytes(&m)), m);
        assert!(mappings_from_bytes(b"\xff\xff").is_empty());
        let odd: KeptMappings = vec![
            (
                "a".into(),
                "orders".into(),
                vec![("order_id".into(), 2), ("nope".into(), 1)],
            ),
            ("b".into(), "returns".into(), vec![("order_id".into(), 0)]),
        ];
        let back = mappings_from_bytes(&postcard::to_allocvec(&odd).unwrap());
        assert_eq!(back.len(), 1);
        assert_eq!(back["a"].mapping, BTreeMap::from([(Field::OrderId, 2)]));
    }

    #[test]
    fn canonical_templates_map_every_column() {
        for kind in Kind::ALL {
            let headers: Vec<String> = template(kind).trim().split(',').map(String::from).collect();
            let r = recognize(&headers);
            assert_eq!(r.kind, Some(kind));
            assert!(r.missing.is_empty());
            assert_eq!(r.mapping.len(), headers.len(), "{kind:?}");
        }
    }
}
