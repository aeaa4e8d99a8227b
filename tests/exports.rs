//! Real export layouts (tests/exports/, sources in its README): each file reads as its
//! platform's known format, every record once, the fields the report carries, no error; and
//! what a file lacks is "not assessed", never a false 0%.

use ingest::{load_file, FileReport, Options};
use sources::diag::Severity;
use sources::schema::{Kind, Platform};
use storescore_core::checks::{NotAssessedBecause, Status};
use storescore_core::engine;
use storescore_core::engine::{RecordCounts, Settings};
use storescore_core::metrics::MetricId;
use storescore_core::model::Ts;
use storescore_core::model::{Dataset, Fact, Initiator};
use storescore_core::prepared::Prepared;
use storescore_core::rulebook::builtin;
use text::diag::DiagnosticText;

/// An instant in UTC, the zone the fixtures are read in.
fn at(s: &str) -> Ts {
    let n = chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").expect("time");
    Ts::new(n.and_utc().timestamp())
}

fn read(path: &str) -> (Dataset, FileReport) {
    let full = format!("{}/tests/exports/{path}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&full).unwrap_or_else(|e| panic!("{full}: {e}"));
    let opts = Options {
        tz: chrono_tz::UTC,
        ..Options::default()
    };
    load_file(path, &bytes, &opts)
}

/// The one check of this layer: format, platform, kind, records, and no error.
fn check(path: &str, format: &str, platform: Platform, kind: Kind, records: usize) -> Dataset {
    let (ds, r) = read(path);
    assert_eq!(r.format.as_deref(), Some(format), "{path}");
    assert_eq!((r.platform, r.kind), (platform, Some(kind)), "{path}");
    let errors: Vec<String> = r
        .diagnostics
        .iter()
        .filter(|d| d.severity != Severity::Info)
        .map(|d| d.message(text::i18n::Lang::En))
        .collect();
    assert!(errors.is_empty(), "{path}: {errors:?}");
    let n = ds.orders.len() + ds.messages.len() + ds.disputes.len() + ds.reviews.len();
    assert_eq!(n, records, "{path}: records");
    assert!(r.confidence >= 0.8, "{path}: {}", r.confidence);
    ds
}

#[test]
fn aliexpress_order_exports_xls_and_xlsx_chinese_and_english() {
    for file in ["aliexpress/orders-zh.xls", "aliexpress/orders-zh.xlsx"] {
        let ds = check(
            file,
            "aliexpress-orders-zh",
            Platform::AliExpress,
            Kind::Orders,
            5,
        );
        let o = &ds.orders[0];
        // 实际发货物流:运单号 holds carrier:number: both are read.
        assert_eq!(o.tracking_number.as_deref(), Some("LP00123456789012"));
        assert_eq!(o.carrier.as_deref(), Some("Cainiao"));
        assert_eq!(o.ship_deadline, Some(at("2026-11-07 10:00:00")));
        // 已取消: cancelled, by someone the export does not name.
        assert!(ds.orders[4].cancelled_at.is_some());
    }
    let ds = check(
        "aliexpress/orders-en.xlsx",
        "aliexpress-orders-en",
        Platform::AliExpress,
        Kind::Orders,
        3,
    );
    assert_eq!(ds.orders[1].shipped_at, Some(at("2026-11-20 15:00:00")));
    assert_eq!(ds.orders[0].amount, Some(15.5));
}

#[test]
fn aliexpress_export_without_a_first_scan_column_is_not_assessed_and_its_tracking_is_valid() {
    let (ds, _) = read("aliexpress/orders-zh.xls");
    let p = Prepared::new(ds);
    let settings = Settings {
        as_of: Some(at("2026-12-01 00:00:00")),
        tz: chrono_tz::UTC,
        ..Settings::default()
    };
    let rulebooks = builtin();
    let a = engine::analyse(&p, None, RecordCounts::default(), &settings, &rulebooks)
        .expect("analysis");
    let m = &a.main;
    // Valid tracking: the 3 shipped orders' numbers are valid (once read 0%, every order a violation).
    assert_eq!(m.values[&MetricId::ValidTrackingRate].value, Some(1.0));
    assert_eq!(m.values[&MetricId::OnlineWithin7dRate].value, None);
    assert_eq!(
        m.unavailable.get(&MetricId::OnlineWithin7dRate),
        Some(&Fact::FirstCarrierScan)
    );
    let rep = engine::report(
        &a.baseline,
        &rulebooks,
        &Default::default(),
        &Default::default(),
    );
    let online: Vec<_> = rep
        .rulebooks
        .iter()
        .flat_map(|rb| rb.checks.iter())
        .filter(|c| c.metric == Some(MetricId::OnlineWithin7dRate))
        .collect();
    assert!(!online.is_empty());
    for c in online {
        assert_eq!(c.status, Status::NotAssessed, "{}", c.id);
        assert_eq!(
            c.not_assessed_because,
            Some(NotAssessedBecause::NoColumn(Fact::FirstCarrierScan))
        );
    }
}

#[test]
fn amazon_reports() {
    let ds = check(
        "amazon/all-orders.txt",
        "amazon-all-orders",
        Platform::Amazon,
        Kind::Orders,
        3,
    );
    assert_eq!(ds.orders[0].amount, Some(30.0), "two item rows, one order");
    assert!(ds.orders[1].cancelled_at.is_some(), "Cancelled");
    let ds = check(
        "amazon/unshipped-orders.txt",
        "amazon-unshipped-orders",
        Platform::Amazon,
        Kind::Orders,
        2,
    );
    assert_eq!(ds.orders[0].ship_deadline, Some(at("2026-11-27 07:59:59")));
    assert_eq!(ds.orders[0].paid_at, Some(at("2026-11-25 08:34:47")));
    // Returns are disputes of kind return, not orders.
    let ds = check(
        "amazon/fba-customer-returns.txt",
        "amazon-fba-returns",
        Platform::Amazon,
        Kind::Disputes,
        2,
    );
    assert!(ds
        .disputes
        .iter()
        .all(|d| d.kind == storescore_core::model::DisputeKind::Return));
    assert_eq!(ds.disputes[1].opened_at, Some(at("2026-11-12 09:02:11")));
    // Yes/No answers are not star ratings; ratings and M/D/YY dates are read.
    let ds = check(
        "amazon/seller-feedback.txt",
        "amazon-feedback",
        Platform::Amazon,
        Kind::Reviews,
        3,
    );
    assert_eq!(ds.reviews[1].stars, Some(3));
    assert_eq!(ds.reviews[1].created_at, Some(at("2026-11-14 00:00:00")));
    assert!(ds
        .reviews
        .iter()
        .all(|r| r.dsr_item.is_none() && r.dsr_communication.is_none()));
    let ds = check(
        "amazon/fulfilled-shipments.txt",
        "amazon-fulfilled-shipments",
        Platform::Amazon,
        Kind::Orders,
        2,
    );
    assert_eq!(ds.orders[0].carrier.as_deref(), Some("SMARTPOST"));
    assert_eq!(
        ds.orders[1].shipped_at,
        Some(at("2026-11-05 10:58:19")),
        "+09:00 kept"
    );
}

#[test]
fn ebay_orders_report_with_blank_lines_item_rows_and_footer() {
    let (_, r) = read("ebay/orders-report.csv");
    assert_eq!(r.not_data.len(), 2, "{:?}", r.not_data);
    assert_eq!(r.item_rows, 2);
    let ds = check(
        "ebay/orders-report.csv",
        "ebay-orders",
        Platform::Ebay,
        Kind::Orders,
        3,
    );
    let multi = &ds.orders[1];
    // The summary row keeps the order's money; its item rows give the tracking.
    assert_eq!(multi.amount, Some(64.99));
    assert_eq!(multi.tracking_number.as_deref(), Some("LK274426961AU"));
    assert_eq!(multi.ship_deadline, Some(at("2026-11-13 00:00:00")));
}

#[test]
fn etsy_orders_and_items_in_us_and_uk_english() {
    let ds = check(
        "etsy/EtsySoldOrders2026-11.csv",
        "etsy-sold-orders",
        Platform::Etsy,
        Kind::Orders,
        3,
    );
    assert_eq!(ds.orders[0].created_at, Some(at("2026-11-02 00:00:00")));
    assert_eq!(ds.orders[0].shipped_at, Some(at("2026-11-03 00:00:00")));
    let ds = check(
        "etsy/EtsySoldOrderItems2026-11.csv",
        "etsy-sold-order-items",
        Platform::Etsy,
        Kind::Orders,
        2,
    );
    assert_eq!(ds.orders[0].amount, Some(50.99), "two items, one order");
    assert_eq!(ds.orders[0].shipped_at, Some(at("2026-11-23 00:00:00")));
}

#[test]
fn shopee_english_and_portuguese() {
    let ds = check(
        "shopee/Order.all.20261101_20261130.xlsx",
        "shopee-orders-en",
        Platform::Shopee,
        Kind::Orders,
        3,
    );
    assert_eq!(
        ds.orders[0].amount,
        Some(545.0),
        "the order total repeats on each SKU row"
    );
    assert!(ds.orders[1].cancelled_at.is_some());
    assert_eq!(ds.orders[2].shipped_at, None, "'-' is empty");
    let ds = check(
        "shopee/Order.all.20261101_20261130-br.xlsx",
        "shopee-orders-pt",
        Platform::Shopee,
        Kind::Orders,
        2,
    );
    assert_eq!(ds.orders[0].ship_deadline, Some(at("2026-11-04 23:59:00")));
    assert!(ds.orders[1].cancelled_at.is_some());
}

#[test]
fn tiktok_shop_csv_and_xlsx_with_its_description_row() {
    for file in ["tiktok-shop/orders.csv", "tiktok-shop/orders.xlsx"] {
        let ds = check(
            file,
            "tiktok-shop-orders",
            Platform::TikTokShop,
            Kind::Orders,
            3,
        );
        assert_eq!(ds.orders[0].created_at, Some(at("2026-11-02 15:05:12")));
        assert_eq!(ds.orders[0].amount, Some(19.98));
        assert_eq!(ds.orders[0].order_id, "576543210987654321");
        let c = &ds.orders[1];
        assert_eq!(
            (c.cancelled_at, c.cancel_initiator),
            (Some(at("2026-11-15 08:00:00")), Some(Initiator::Seller))
        );
        assert_eq!(ds.orders[2].created_at, Some(at("2026-11-26 23:38:53")));
    }
}

#[test]
fn mercado_libre_ventas_with_notices_above_the_header_spanish_and_portuguese() {
    let (_, r) = read("mercado-libre/Ventas_AR.xlsx");
    assert_eq!(r.header_row, Some(6));
    assert_eq!(
        r.also,
        [Kind::Disputes],
        "its claim column gives disputes too"
    );
    // 4 sales and the claim one of them carries.
    let ds = check(
        "mercado-libre/Ventas_AR.xlsx",
        "mercadolibre-ventas-es",
        Platform::MercadoLibre,
        Kind::Orders,
        5,
    );
    assert_eq!(ds.disputes.len(), 1);
    assert_eq!(ds.disputes[0].order_id, "2000009404442074");
    assert_eq!(ds.disputes[0].opened_at, Some(at("2026-11-14 09:12:00")));
    let o = &ds.orders[0];
    assert_eq!(o.created_at, Some(at("2026-11-02 15:05:00")));
    // A shipment date without its year takes the sale's.
    assert_eq!(o.delivered_at, Some(at("2026-11-05 14:30:00")));
    assert_eq!(ds.orders[1].cancel_initiator, Some(Initiator::Buyer));
    // The package row is not a sale: the two sales under it are.
    assert!(ds.orders.iter().all(|o| o.order_id != "2000009404442075"));
    let ds = check(
        "mercado-libre/Vendas_BR.xlsx",
        "mercadolivre-vendas-pt",
        Platform::MercadoLibre,
        Kind::Orders,
        2,
    );
    // A delivery in January of a December sale is in the next year.
    assert_eq!(ds.orders[1].delivered_at, Some(at("2026-01-02 11:00:00")));
}

#[test]
fn temu_walmart_and_lazada() {
    let ds = check(
        "temu/orders.csv",
        "temu-orders",
        Platform::Temu,
        Kind::Orders,
        2,
    );
    // 3:05 pm PST(UTC-8): the cell's own offset.
    assert_eq!(ds.orders[0].created_at, Some(at("2026-11-02 23:05:00")));
    assert_eq!(ds.orders[0].amount, Some(15.99));
    let ds = check(
        "walmart/PO_Data.csv",
        "walmart-orders",
        Platform::Walmart,
        Kind::Orders,
        2,
    );
    assert_eq!(ds.orders[0].ship_deadline, Some(at("2026-11-04 00:00:00")));
    assert!(ds.orders[1].cancelled_at.is_some());
    let ds = check(
        "lazada/orders.xlsx",
        "lazada-orders",
        Platform::Lazada,
        Kind::Orders,
        2,
    );
    assert_eq!(ds.orders[0].created_at, Some(at("2026-11-02 11:46:00")));
    assert_eq!(ds.orders[1].cancel_initiator, Some(Initiator::Buyer));
}

/// The reader is not tuned to the fixtures: the same layout with other rows, an extra column,
/// another title line and day-first dates still reads.
#[test]
fn a_layout_with_other_rows_columns_and_title_lines_still_reads() {
    let text = "Orders export, generated 2026-12-01\n\
        \n\
        Order ID,Order Status,Order Substatus,Cancelation/Return Type,Some New Column,Created Time,Paid Time,Shipped Time,Cancelled Time,Cancel By,Tracking ID,Shipping Provider Name,Order Amount\n\
        580000000000000001,Completed,Completed,,x,28/11/2026 15:05:12,28/11/2026 15:06:00,29/11/2026 09:00:00,,,JT123456789012,J&T Express,10.00\n\
        580000000000000002,Canceled,Canceled,,y,05/11/2026 10:00:00,05/11/2026 10:01:00,,06/11/2026 10:00:00,User,,,5.00\n";
    let opts = Options {
        tz: chrono_tz::UTC,
        ..Options::default()
    };
    let (ds, r) = load_file("export.csv", text.as_bytes(), &opts);
    assert_eq!(r.format.as_deref(), Some("tiktok-shop-orders"));
    assert_eq!(ds.orders.len(), 2, "{:?}", r.diagnostics);
    assert_eq!(
        ds.orders[1].created_at,
        Some(at("2026-11-05 10:00:00")),
        "day first, as 28/11 shows"
    );
    assert_eq!(ds.orders[1].cancel_initiator, Some(Initiator::Buyer));
    assert!(r.not_data.iter().any(|(line, _)| *line == 1));
}

/// A file no format fits names its columns and the nearest known formats.
#[test]
fn an_unknown_layout_names_its_columns_and_the_nearest_formats() {
    let text = "Bestellnummer,Verkauft am,Versanddatum\n1,01.11.2026,02.11.2026\n";
    let (_, r) = load_file("de.csv", text.as_bytes(), &Options::default());
    assert_eq!(r.kind, None);
    let d = r
        .diagnostics
        .iter()
        .find(|d| d.row.is_none())
        .expect("a file diagnostic");
    assert!(
        d.detail
            .as_deref()
            .unwrap_or_default()
            .contains("Bestellnummer"),
        "{d:?}"
    );
    // Some of a known export's columns, without what proves it (Lazada's orderItemId): the
    // nearest formats come first in the message, which is shortened.
    let text = "orderNumber,createTime,trackingCode,extra\n1,02 Nov 2026 11:46,X1,y\n";
    let (_, r) = load_file("lz.csv", text.as_bytes(), &Options::default());
    assert_eq!(r.kind, None);
    let d = r
        .diagnostics
        .iter()
        .find(|d| d.row.is_none())
        .expect("a file diagnostic");
    assert!(
        d.detail
            .as_deref()
            .unwrap_or_default()
            .starts_with("nearest known formats: lazada-orders"),
        "{d:?}"
    );
}

/// A layout no format or name knows: the mapping step gets its header row (under a title),
/// and the columns whose values read as dates are offered for the times.
#[test]
fn an_unknown_layout_under_a_title_gets_its_header_and_its_date_columns() {
    let text = "Monatsbericht Bestellungen\n\
        Bestellnummer,Kunde,Verkauft am,Versanddatum,Betrag\n\
        A1,k1,01.11.2026 10:00,02.11.2026 09:00,9.99\n\
        A2,k2,03.11.2026 11:00,,5.00\n";
    let (_, r) = load_file("de.csv", text.as_bytes(), &Options::default());
    assert!(r.needs_mapping());
    assert_eq!(r.header_row, Some(2));
    assert_eq!(r.headers[0], "Bestellnummer");
    assert_eq!(r.date_columns, [2, 3]);
}

/// A long file's header is found from its first lines alone (`ingest::head_lines`, what the
/// page's reading looks at to find the seller's mapping for it before reading its rows): each
/// real text layout, its text over and over to 1,000 lines (later copies of its header read
/// as rows),
/// is recognised from them as from its whole first piece.
#[test]
fn a_long_exports_first_lines_recognise_it_as_the_whole_text_does() {
    let mut checked = 0;
    for dir in std::fs::read_dir(format!("{}/tests/exports", env!("CARGO_MANIFEST_DIR")))
        .expect("exports")
        .flatten()
        .filter(|d| d.path().is_dir())
    {
        for file in std::fs::read_dir(dir.path()).expect("dir").flatten() {
            let path = file.path();
            if !matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("csv" | "txt")
            ) {
                continue;
            }
            let one = std::fs::read(&path).expect("read");
            let lines = one.iter().filter(|&&b| b == b'\n').count().max(1);
            let long: Vec<u8> = one.repeat(1000 / lines + 1);
            let head = ingest::head_lines(&long);
            assert!(head.len() < long.len(), "{path:?}: cut");
            let opts = Options::default();
            let name = path.display().to_string();
            let (whole, first) = (
                ingest::Loader::new(&name, &long, &opts),
                ingest::Loader::new(&name, head, &opts),
            );
            let seen = |r: &FileReport| {
                (
                    r.headers.clone(),
                    r.format.clone(),
                    r.platform,
                    r.kind,
                    r.delimiter,
                    r.encoding.clone(),
                )
            };
            assert_eq!(seen(first.report()), seen(whole.report()), "{path:?}");
            assert!(!first.report().headers.is_empty(), "{path:?}");
            checked += 1;
        }
    }
    assert!(checked >= 10, "{checked} text exports");
}
