//! Real export shapes through ingest: each fixture asserts the records and the diagnostics.
//! Workbooks are generated here with rust_xlsxwriter (the app itself only reads them).

mod common;

use common::at;
use ingest::{load_file, FileReport, Options};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use sources::diag::{Code, Severity};
use sources::schema::{Kind, Platform};
use storescore_core::model::Dataset;
use storescore_core::prepared::Prepared;
use text::diag::DiagnosticText;

fn load(name: &str, bytes: &[u8]) -> (Dataset, FileReport) {
    load_file(name, bytes, &Options::default())
}

fn codes(r: &FileReport) -> Vec<(Severity, Code, Option<usize>, Option<String>)> {
    r.diagnostics
        .iter()
        .map(|d| (d.severity, d.code, d.row, d.column.clone()))
        .collect()
}

fn only_error(r: &FileReport) -> Code {
    let errors: Vec<Code> = r
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.code)
        .collect();
    assert_eq!(errors.len(), 1, "{:?}", r.diagnostics);
    errors[0]
}

fn xlsx(sheets: &[(&str, Vec<Vec<Cell>>)]) -> Vec<u8> {
    let mut wb = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd hh:mm:ss");
    for (name, rows) in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(*name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match cell {
                    Cell::S(s) => {
                        ws.write_string(r, c, *s).unwrap();
                    }
                    Cell::N(n) => {
                        ws.write_number(r, c, *n).unwrap();
                    }
                    Cell::D(s) => {
                        let d = ExcelDateTime::parse_from_str(s).unwrap();
                        ws.write_datetime_with_format(r, c, &d, &date).unwrap();
                    }
                    Cell::E => {}
                }
            }
        }
    }
    wb.save_to_buffer().unwrap()
}

enum Cell {
    S(&'static str),
    N(f64),
    D(&'static str),
    E,
}
use Cell::*;

#[test]
fn aliexpress_xlsx_with_chinese_headers_and_16_digit_numeric_ids() {
    let bytes = xlsx(&[
        ("说明", vec![vec![S("导出说明：本文件由卖家后台导出")]]),
        (
            "订单",
            vec![
                vec![
                    S("订单号"),
                    S("订单状态"),
                    S("买家名称"),
                    S("下单时间"),
                    S("付款时间"),
                    S("订单金额"),
                    S("物流费用"),
                    S("收货国家"),
                    S("发货期限"),
                    S("实际发货单号"),
                    S("发货时间"),
                    S("确认收货时间"),
                ],
                vec![
                    N(8123456789012345.0),
                    S("等待买家收货"),
                    S("buyer1"),
                    D("2026-07-14 09:00:00"),
                    D("2026-07-14 10:00:00"),
                    N(25.5),
                    N(0.0),
                    S("US"),
                    S("2026-07-19 10:00:00"),
                    S("Cainiao: LP00123456789CN; LP00987654321CN"),
                    S("2026-07-15 08:30:00"),
                    E,
                ],
                vec![
                    N(8123456789012346.0),
                    S("交易完成"),
                    S("buyer2"),
                    S("2026-07-14 11:00:00"),
                    S("2026-07-14 11:05:00"),
                    S("US $12.00"),
                    S("1.99"),
                    S("FR"),
                    S("2026-07-19 11:05:00"),
                    S("LX123456789CN"),
                    S("2026-07-16 09:00:00"),
                    S("2026-07-30 12:00:00"),
                ],
                vec![
                    N(81234567890123456.0),
                    S("交易完成"),
                    S("buyer3"),
                    S("2026-07-14 12:00:00"),
                    S("2026-07-14 12:05:00"),
                    N(9.0),
                    N(0.0),
                    S("ES"),
                    E,
                    E,
                    E,
                    E,
                ],
            ],
        ),
    ]);
    let (ds, r) = load("orders.xlsx", &bytes);
    assert_eq!(
        (r.kind, r.platform, r.sheet.as_deref()),
        (Some(Kind::Orders), Platform::AliExpress, Some("订单"))
    );
    assert_eq!(ds.orders.len(), 3);
    let o = &ds.orders[0];
    assert_eq!(o.order_id, "8123456789012345");
    assert_eq!(o.paid_at, Some(at("2026-07-14 10:00:00")));
    assert_eq!(o.ship_deadline, Some(at("2026-07-19 10:00:00")));
    assert_eq!(o.tracking_number.as_deref(), Some("LP00123456789CN"));
    assert_eq!((o.amount, o.shipping_fee), (Some(25.5), Some(0.0)));
    assert_eq!(ds.orders[1].order_id, "8123456789012346");
    assert_eq!(
        (ds.orders[1].amount, ds.orders[1].currency.as_deref()),
        (Some(12.0), Some("USD"))
    );
    assert_eq!(
        ds.orders[1].buyer_confirmed_at,
        Some(at("2026-07-30 12:00:00"))
    );
    let c = codes(&r);
    assert!(
        c.contains(&(
            Severity::Info,
            Code::TrackingSplit,
            Some(2),
            Some("实际发货单号".into())
        )),
        "{c:?}"
    );
    // A 17-digit id is beyond what a float cell holds exactly: reported, not guessed.
    assert!(
        c.contains(&(
            Severity::Warning,
            Code::IdPrecisionLost,
            Some(4),
            Some("订单号".into())
        )),
        "{c:?}"
    );
}

#[test]
fn gbk_csv_from_chinese_excel() {
    let text = "订单号,付款时间,发货期限,发货时间\n8100000000000001,2026-07-10 10:00:00,2026-07-15 10:00:00,2026-07-16 10:00:00\n";
    let (bytes, _, _) = encoding_rs::GBK.encode(text);
    let (ds, r) = load("订单.csv", &bytes);
    assert_eq!(ds.orders.len(), 1);
    assert_eq!(ds.orders[0].shipped_at, Some(at("2026-07-16 10:00:00")));
    assert!(
        matches!(r.encoding.as_deref(), Some("GBK") | Some("gb18030")),
        "{:?}",
        r.encoding
    );
    assert_eq!(codes(&r)[0].1, Code::Encoding);
}

#[test]
fn utf16_unicode_text_tab_separated() {
    let text =
        "order_id\tpaid_at\tamount\nA1\t2026-07-10 10:00:00\t3.5\nA2\t2026-07-11 10:00:00\t4\n";
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(|u| u.to_le_bytes()));
    let (ds, r) = load("orders.txt", &bytes);
    assert_eq!(ds.orders.len(), 2);
    assert_eq!(ds.orders[1].amount, Some(4.0));
    assert_eq!(r.encoding.as_deref(), Some("UTF-16LE"));
}

#[test]
fn amazon_all_orders_report() {
    let text = "amazon-order-id\tmerchant-order-id\tpurchase-date\tlast-updated-date\torder-status\tfulfillment-channel\tship-service-level\tsku\tquantity\tcurrency\titem-price\tship-country\n\
        111-0000001-0000001\t\t2026-07-10T08:00:00+00:00\t2026-07-11T08:00:00+00:00\tShipped\tMerchant\tStandard\tSKU-1\t1\tUSD\t19.99\tUS\n\
        111-0000001-0000001\t\t2026-07-10T08:00:00+00:00\t2026-07-11T08:00:00+00:00\tShipped\tMerchant\tStandard\tSKU-2\t1\tUSD\t5.00\tUS\n\
        111-0000002-0000002\t\t2026-07-12T20:30:00-07:00\t2026-07-13T08:00:00+00:00\tPending\tMerchant\tExpedited\tSKU-1\t2\tUSD\t39.98\tCA\n";
    let (ds, r) = load("all-orders.txt", text.as_bytes());
    assert_eq!((r.kind, r.platform), (Some(Kind::Orders), Platform::Amazon));
    assert_eq!(r.format.as_deref(), Some("amazon-all-orders"));
    // The item lines of one order are one order, their prices summed.
    assert_eq!((ds.orders.len(), r.item_rows, r.loaded), (2, 1, 2));
    assert_eq!(ds.orders[0].amount, Some(24.99));
    let p = Prepared::new(ds.clone());
    assert_eq!(p.units.len(), 2);
    assert_eq!(p.duplicate_order_rows, 0);
    // No payment column: the purchase date stands in, and the file says so.
    assert_eq!(
        ds.orders[1].paid_at,
        Some(at("2026-07-13 11:30:00")),
        "20:30 at -07:00 is 11:30 next day in Shanghai"
    );
    assert!(codes(&r).iter().any(|c| c.1 == Code::PaidFromCreated));
    // A service level (Standard, Expedited) is not a carrier.
    assert_eq!(ds.orders[0].carrier.as_deref(), None);
}

#[test]
fn ebay_report_with_its_header_on_the_second_line() {
    let text = "Seller Hub Orders Report,,,,,,,,,\n\
        Sales Record Number,Order Number,Buyer Username,Sold For,Shipping And Handling,Sale Date,Paid On Date,Ship By Date,Shipped On Date,Tracking Number\n\
        1001,12-34567-89012,alice,$25.00,$0.00,Sep-27-26,Sep-27-26,Sep-30-26,Sep-29-26,9400111899223344556677\n\
        1002,12-34567-89013,bob,\"$1,025.50\",$4.99,Sep-28-26,Sep-28-26,Oct-01-26,,\n";
    let (ds, r) = load("ebay.csv", text.as_bytes());
    assert_eq!(
        (r.kind, r.platform, r.header_row),
        (Some(Kind::Orders), Platform::Ebay, Some(2))
    );
    assert_eq!(ds.orders.len(), 2);
    let o = &ds.orders[0];
    assert_eq!(
        (o.order_id.as_str(), o.buyer_id.as_deref()),
        ("12-34567-89012", Some("alice"))
    );
    assert_eq!((o.amount, o.currency.as_deref()), (Some(25.0), Some("USD")));
    assert_eq!(o.paid_at, Some(at("2026-09-27 00:00:00")));
    assert_eq!(o.ship_deadline, Some(at("2026-09-30 00:00:00")));
    assert_eq!(ds.orders[1].amount, Some(1025.5));
    assert_eq!(ds.orders[1].shipped_at, None);
}

#[test]
fn shopee_xlsx_with_a_row_per_item() {
    let bytes = xlsx(&[(
        "orders",
        vec![
            vec![
                S("Order ID"),
                S("Order Status"),
                S("Order Creation Date"),
                S("Order Paid Time"),
                S("Estimated Ship Out Date"),
                S("Ship Time"),
                S("Tracking Number*"),
                S("Product Name"),
                S("Grand Total (MYR)"),
            ],
            vec![
                S("240710ABCD"),
                S("Completed"),
                S("2026-07-10 10:00"),
                S("2026-07-10 10:05"),
                S("2026-07-12 23:59"),
                S("2026-07-13 09:00"),
                S("MY1234567890"),
                S("Case"),
                N(30.0),
            ],
            vec![
                S("240710ABCD"),
                S("Completed"),
                S("2026-07-10 10:00"),
                S("2026-07-10 10:05"),
                S("2026-07-12 23:59"),
                S("2026-07-13 09:00"),
                S("MY1234567890"),
                S("Cable"),
                N(30.0),
            ],
            vec![
                S("240711EFGH"),
                S("To ship"),
                S("2026-07-11 10:00"),
                S("2026-07-11 10:01"),
                S("2026-07-13 23:59"),
                E,
                E,
                S("Case"),
                N(12.5),
            ],
        ],
    )]);
    let (ds, r) = load("shopee.xlsx", &bytes);
    assert_eq!((r.kind, r.platform), (Some(Kind::Orders), Platform::Shopee));
    let p = Prepared::new(ds);
    assert_eq!(p.units.len(), 2);
    let o = &p.units[0];
    assert_eq!(o.ship_deadline, Some(at("2026-07-12 23:59:00")));
    assert_eq!(o.shipped_at, Some(at("2026-07-13 09:00:00")));
    assert_eq!(o.tracking_number.as_deref(), Some("MY1234567890"));
    assert_eq!(o.amount, Some(30.0));
}

#[test]
fn semicolon_csv_with_decimal_commas() {
    let text = "order_id;paid_at;amount;shipping_fee\nA1;14.07.2026 10:00;12,50;0,00\nA2;15.07.2026;1.234,56;3,5\n";
    let (ds, r) = load("orders-eu.csv", text.as_bytes());
    // Only how the dates were read is said: day first, as 14.07.2026 shows.
    assert_eq!(
        codes(&r),
        [(Severity::Info, Code::DayOrder, None, Some("paid_at".into()))],
        "{:?}",
        r.diagnostics
    );
    assert_eq!(
        (ds.orders[0].amount, ds.orders[0].shipping_fee),
        (Some(12.5), Some(0.0))
    );
    assert_eq!(ds.orders[1].amount, Some(1234.56));
    assert_eq!(ds.orders[1].paid_at, Some(at("2026-07-15 00:00:00")));
}

#[test]
fn aliexpress_api_style_reviews_and_disputes() {
    let reviews = "order_id,buyer_evaluation,buyer_fb_date,buyer_feedback\n8100000000000001,5,2026-07-20 10:00:00,great\n8100000000000002,six,2026-07-20 11:00:00,\n";
    let (ds, r) = load("reviews.csv", reviews.as_bytes());
    assert_eq!(r.kind, Some(Kind::Reviews));
    assert_eq!(ds.reviews.len(), 2);
    assert_eq!(ds.reviews[0].stars, Some(5));
    // An unreadable star rating is left missing and reported; the row still loads.
    assert_eq!(ds.reviews[1].stars, None);
    assert_eq!(
        codes(&r),
        vec![(
            Severity::Warning,
            Code::BadNumber,
            Some(3),
            Some("buyer_evaluation".into())
        )]
    );
    let disputes = "issue_id,order_id,issue_type,issue_reason,issue_create_time,issue_status\nI1,8100000000000001,not_received,Tracking stuck,2026-07-21 10:00:00,refunded\nI2,8100000000000002,货不对版,Colour,2026-07-22 10:00:00,open\n";
    let (ds, r) = load("disputes.csv", disputes.as_bytes());
    assert_eq!(r.kind, Some(Kind::Disputes), "{:?}", r.diagnostics);
    assert_eq!(ds.disputes.len(), 2);
    assert_eq!(
        ds.disputes[1].kind,
        storescore_core::model::DisputeKind::NotAsDescribed
    );
}

#[test]
fn bad_rows_cost_only_themselves() {
    let text = "order_id,paid_at,amount\nA1,2026-07-10 10:00:00,3\n,2026-07-10 10:00:00,3\nA3,yesterday,3\nA4,2026-07-10 10:00:00,lots\nA5,2026-07-10 10:00:00,1E+3\n";
    let (ds, r) = load("orders.csv", text.as_bytes());
    let ids: Vec<&str> = ds.orders.iter().map(|o| o.order_id.as_str()).collect();
    assert_eq!(ids, ["A1", "A4", "A5"]);
    assert_eq!(ds.orders[1].amount, None);
    assert_eq!(
        codes(&r),
        vec![
            (
                Severity::Error,
                Code::MissingId,
                Some(3),
                Some("order_id".into())
            ),
            (
                Severity::Error,
                Code::BadDate,
                Some(4),
                Some("paid_at".into())
            ),
            (
                Severity::Warning,
                Code::BadNumber,
                Some(5),
                Some("amount".into())
            ),
        ]
    );
    let summary = text::diag::summarize(&r.diagnostics, text::i18n::Lang::En);
    assert!(
        summary
            .contains(&"orders.csv: 1 row skipped: unreadable date in paid_at, row 4".to_owned()),
        "{summary:?}"
    );
}

#[test]
fn ids_in_scientific_notation_are_reported() {
    let text = "order_id,paid_at\n8.12346E+15,2026-07-10 10:00:00\n";
    let (ds, r) = load("orders.csv", text.as_bytes());
    assert_eq!(ds.orders.len(), 1);
    assert_eq!(
        codes(&r),
        vec![(
            Severity::Warning,
            Code::IdPrecisionLost,
            Some(2),
            Some("order_id".into())
        )]
    );
}

#[test]
fn broken_files_get_one_clear_message() {
    let good = xlsx(&[(
        "s",
        vec![
            vec![S("order_id"), S("paid_at")],
            vec![S("A"), S("2026-07-10 10:00:00")],
        ],
    )]);
    let cases: Vec<(&str, Vec<u8>, Code)> = vec![
        (
            "truncated.xlsx",
            good[..good.len() / 2].to_vec(),
            Code::NotASpreadsheet,
        ),
        (
            "noise.bin",
            (0..4000u32)
                .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
                .collect(),
            Code::NotASpreadsheet,
        ),
        ("empty.csv", Vec::new(), Code::Empty),
        ("blank.csv", b"  \n\n".to_vec(), Code::Empty),
        (
            "header-only.csv",
            b"order_id,paid_at\n".to_vec(),
            Code::HeaderOnly,
        ),
        (
            "unknown.csv",
            b"colour,size\nred,XL\n".to_vec(),
            Code::UnknownKind,
        ),
        (
            "fake.xlsx",
            b"PK\x03\x04this is not a zip at all".to_vec(),
            Code::NotASpreadsheet,
        ),
    ];
    for (name, bytes, want) in cases {
        let (ds, r) = load(name, &bytes);
        assert!(ds.is_empty(), "{name}");
        assert_eq!(only_error(&r), want, "{name}");
        assert!(r.unreadable(), "{name}");
        assert!(r.diagnostics[0]
            .message(text::i18n::Lang::En)
            .starts_with(name));
    }
}

#[test]
fn duplicate_headers_use_the_first_and_say_so() {
    let text = "order_id,paid_at,paid_at\nA1,2026-07-10 10:00:00,garbage\n";
    let (ds, r) = load("dup.csv", text.as_bytes());
    assert_eq!(ds.orders[0].paid_at, Some(at("2026-07-10 10:00:00")));
    assert_eq!(
        codes(&r),
        vec![(
            Severity::Warning,
            Code::DuplicateHeader,
            None,
            Some("paid_at".into())
        )]
    );
}

#[test]
fn one_bad_file_never_stops_the_others() {
    let (ds, reports) = ingest::load_all(
        [
            ("noise.bin", &[0u8, 1, 2, 3, 0, 0, 0, 9][..]),
            (
                "orders.csv",
                &b"order_id,paid_at\nA,2026-07-10 10:00:00\n"[..],
            ),
        ],
        &Options::default(),
    );
    assert_eq!(ds.orders.len(), 1);
    assert!(reports[0].unreadable() && !reports[1].unreadable());
}

#[test]
fn every_sheet_is_offered_and_another_can_be_read() {
    let bytes = xlsx(&[
        (
            "orders",
            vec![
                vec![S("order_id"), S("paid_at")],
                vec![S("A1"), S("2026-07-10 10:00:00")],
            ],
        ),
        (
            "reviews",
            vec![
                vec![S("order_id"), S("stars"), S("created_at")],
                vec![S("A1"), N(5.0), S("2026-07-20 10:00:00")],
            ],
        ),
    ]);
    let (ds, r) = load("book.xlsx", &bytes);
    assert_eq!(r.sheets, ["orders", "reviews"]);
    assert_eq!(
        (ds.orders.len(), ds.reviews.len(), r.sheet.as_deref()),
        (1, 0, Some("orders"))
    );
    let opts = Options {
        sheet: Some("reviews".into()),
        ..Options::default()
    };
    let (ds, r) = load_file("book.xlsx", &bytes, &opts);
    assert_eq!(
        (ds.orders.len(), ds.reviews.len(), r.sheet.as_deref()),
        (0, 1, Some("reviews"))
    );
}

#[test]
fn encoding_and_delimiter_can_be_forced() {
    let (gbk, _, _) =
        encoding_rs::GBK.encode("订单号;付款时间\n8100000000000001;2026-07-10 10:00:00\n");
    let forced = |encoding: &str, delimiter: u8| Options {
        encoding: Some(encoding.into()),
        delimiter: Some(delimiter),
        ..Options::default()
    };
    let (ds, r) = load_file("x.csv", &gbk, &forced("gbk", b';'));
    assert_eq!((ds.orders.len(), r.delimiter), (1, Some(';')));
    // Read in the wrong encoding or split on the wrong delimiter, the columns are not recognized.
    let wrong = load_file("x.csv", &gbk, &forced("utf-8", b';')).1;
    assert_eq!(only_error(&wrong), Code::Encoding);
    assert!(wrong.diagnostics[0]
        .message(text::i18n::Lang::En)
        .contains("does not read as UTF-8"));
    assert_eq!(
        only_error(&load_file("x.csv", &gbk, &forced("gbk", b'\t')).1),
        Code::UnknownKind
    );
}

/// Texts with few distinct values are one allocation per value, shared by the orders.
#[test]
fn repeated_countries_and_carriers_are_shared_not_copied() {
    let csv = "order_id,paid_at,buyer_country,carrier,currency,status\n\
               A1,2026-07-10 10:00:00,US,YunExpress,usd,shipped\n\
               A2,2026-07-11 10:00:00,US,YunExpress,USD,shipped\n";
    let (ds, _) = load("o.csv", csv.as_bytes());
    let (a, b) = (&ds.orders[0], &ds.orders[1]);
    for (x, y) in [
        (&a.buyer_country, &b.buyer_country),
        (&a.carrier, &b.carrier),
        (&a.currency, &b.currency),
        (&a.status, &b.status),
    ] {
        let (x, y) = (x.as_ref().expect("read"), y.as_ref().expect("read"));
        assert!(std::sync::Arc::ptr_eq(x, y), "{x} and {y} are two copies");
    }
    assert_eq!(a.currency.as_deref(), Some("USD"));
}

/// The kinds the page and the CLI say are missing: a kind counts as given by a file of it
/// even with no data row, never by a file whose columns are still to map.
#[test]
fn kinds_not_given_names_what_no_file_was_read_as() {
    use sources::kinds_not_given;
    let (_, orders) = load("orders.csv", b"order_id,paid_at\nA1,2026-07-10 10:00:00\n");
    // The page's disputes template: headers, no row.
    let template = sources::schema::template(Kind::Disputes);
    let (_, no_disputes) = load("disputes.csv", template.as_bytes());
    let (_, unmapped) = load("x.csv", b"Nr,Bezahlt am\nA1,2026-07-10 10:00:00\n");
    assert_eq!(no_disputes.kind, Some(Kind::Disputes));
    assert!(unmapped.needs_mapping());
    let cases: [(Vec<&FileReport>, Vec<Kind>); 4] = [
        (vec![], Kind::ALL.to_vec()),
        (
            vec![&orders],
            vec![Kind::Messages, Kind::Disputes, Kind::Reviews],
        ),
        (
            vec![&orders, &no_disputes],
            vec![Kind::Messages, Kind::Reviews],
        ),
        (vec![&unmapped], Kind::ALL.to_vec()),
    ];
    for (files, want) in cases {
        let files: Vec<FileReport> = files.into_iter().cloned().collect();
        assert_eq!(kinds_not_given(&files), want);
    }
}
