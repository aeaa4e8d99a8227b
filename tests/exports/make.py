#!/usr/bin/env python3
"""Writes the real-layout export fixtures of tests/exports/ (see README.md for each layout's
source). The layouts (headers, rows around the data, value shapes) are the platforms'; the rows
are made up. Needs openpyxl and xlwt (pip install openpyxl xlwt); run from this folder."""
import csv, io, openpyxl, xlwt

def write_csv(name, rows, delim=",", bom=False, quote_all=False):
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delim, lineterminator="\r\n" if delim == "," else "\n",
                   quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL)
    for r in rows:
        w.writerow(r)
    data = buf.getvalue().encode("utf-8")
    open(name, "wb").write((b"\xef\xbb\xbf" if bom else b"") + data)

def write_xlsx(name, sheet, rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    for r in rows:
        ws.append(r)
    wb.save(name)

def write_xls(name, sheet, rows):
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet(sheet)
    for i, r in enumerate(rows):
        for j, v in enumerate(r):
            ws.write(i, j, v)
    wb.save(name)

# AliExpress, Chinese headers (.xls, older accounts): 26 columns, one row per order.
ae_zh = ["订单号", "订单状态", "负责人(业务员)", "买家名称", "下单时间", "付款时间", "产品总金额", "物流费用",
         "订单金额", "满立减", "产品信息\n（双击单元格展开所有产品信息！）", "订单备注", "收货地址", "收货人名称",
         "收货国家", "州/省", "城市", "地址", "邮编", "联系电话", "手机", "买家选择物流", "发货期限",
         "实际发货物流:运单号", "发货时间", "确认收货时间"]
def ae_row(i, paid, deadline, tracking, shipped, status="等待买家收货"):
    return [f"81234567890{i:05d}", status, "", f"buyer{i}", paid, paid, "$20.00", "$0.00", "$20.00", "",
            f"【1】Phone case\n(产品属性: Color:Red)\n(商家编码: SKU-{i})\n(产品数量: 1 piece)", "", "addr", "name",
            "United States", "CA", "LA", "street", "90001", "", "", "AliExpress Standard Shipping", deadline,
            tracking, shipped, ""]
ae_rows = [ae_zh,
    ae_row(1, "2026-11-02 10:00:00", "2026-11-07 10:00:00", "Cainiao:LP00123456789012", "2026-11-03 09:00:00"),
    ae_row(2, "2026-11-03 11:30:00", "2026-11-08 11:30:00", "YANWEN:UG123456789YP", "2026-11-04 15:00:00"),
    ae_row(3, "2026-11-05 08:15:00", "2026-11-10 08:15:00", "4PX:LX123456789CN", "2026-11-09 20:00:00"),
    ae_row(4, "2026-11-20 21:00:00", "2026-11-25 21:00:00", "", "", "等待您发货"),
    ae_row(5, "2026-11-21 09:00:00", "2026-11-26 09:00:00", "", "", "已取消")]
write_xls("aliexpress/orders-zh.xls", "Sheet1", ae_rows)
write_xlsx("aliexpress/orders-zh.xlsx", "Sheet1", ae_rows)

# AliExpress, English seller centre (.xlsx).
ae_en = ["Order ID", "Order Status", "Owner", "Buyer Name", "Order Date", "Payment time", "Payment method",
         "Supply Price", "Product Total", "Shipping Cost", "Estimated VAT",
         "Whether the platform collects and pays for itself", "Order amount", "DDP tariff", "Store Promotion",
         "Store Direct Discount", "Platform Coupon", "Item ID", "Product Information", "EANcode", "SKU Code",
         "Order Note", "Complete shipping address", "Receiver Name", "Buyer Country", "State/Province", "City",
         "Detailed address", "Zip Code", "National address (used only in SA)", "Email", "Phone ", "Mobile",
         "Tax number", "Shipping Method", "Shipping Deadline", "Tracking number", "Shipping Time",
         "Buyer Confirmation Time", "Order type"]
def ae_en_row(i, paid, deadline, tracking, shipped, status="Awaiting delivery"):
    r = [""] * len(ae_en)
    vals = {"Order ID": f"30123456789{i:05d}", "Order Status": status, "Buyer Name": f"Buyer {i}",
            "Order Date": paid, "Payment time": paid, "Order amount": "US $15.50", "Shipping Cost": "US $0.00",
            "Item ID": f"10050012345{i:04d}", "SKU Code": f"SKU{i} * 1", "Buyer Country": "ES",
            "Shipping Method": "AliExpress Selection Standard", "Shipping Deadline": deadline,
            "Tracking number": tracking, "Shipping Time": shipped}
    for k, v in vals.items():
        r[ae_en.index(k)] = v
    return r
write_xlsx("aliexpress/orders-en.xlsx", "Orders", [ae_en,
    ae_en_row(1, "11/02/2026 10:00", "11/07/2026 10:00", "LP00223456789012", "11/03/2026 09:00"),
    ae_en_row(2, "11/14/2026 11:30", "11/19/2026 11:30", "LP00323456789012", "11/20/2026 15:00"),
    ae_en_row(3, "11/21/2026 08:15", "11/26/2026 08:15", "", "", "Awaiting shipment")])

# Amazon All Orders (tab-separated, one row per item).
amz_all = "amazon-order-id merchant-order-id purchase-date last-updated-date order-status fulfillment-channel sales-channel order-channel ship-service-level product-name sku asin item-status quantity currency item-price item-tax shipping-price shipping-tax gift-wrap-price gift-wrap-tax item-promotion-discount ship-promotion-discount ship-city ship-state ship-postal-code ship-country promotion-ids cpf is-business-order purchase-order-number price-designation".split()
def amz_row(oid, t, status, sku, price, item_status="Shipped"):
    v = dict.fromkeys(amz_all, "")
    v.update({"amazon-order-id": oid, "purchase-date": t, "last-updated-date": t, "order-status": status,
              "fulfillment-channel": "Merchant", "sales-channel": "Amazon.com", "ship-service-level": "Standard",
              "product-name": "Phone case", "sku": sku, "asin": "B000TEST01", "item-status": item_status,
              "quantity": "1", "currency": "USD", "item-price": price, "item-tax": "0.0", "shipping-price": "0.0",
              "ship-city": "Austin", "ship-state": "TX", "ship-postal-code": "78701", "ship-country": "US",
              "is-business-order": "false"})
    return [v[k] for k in amz_all]
write_csv("amazon/all-orders.txt", [amz_all,
    amz_row("112-0000001-0000001", "2026-11-02T18:04:21+00:00", "Shipped", "SKU-1", "25.0"),
    amz_row("112-0000001-0000001", "2026-11-02T18:04:21+00:00", "Shipped", "SKU-2", "5.0"),
    amz_row("112-0000002-0000002", "2026-11-10T03:12:00+00:00", "Cancelled", "SKU-1", "", "Cancelled"),
    amz_row("112-0000003-0000003", "2026-11-20T22:40:10+00:00", "Pending", "SKU-3", "")], delim="\t")

# Amazon Unshipped Orders.
amz_un = "order-id order-item-id purchase-date payments-date reporting-date promise-date days-past-promise buyer-email buyer-phone-number sku product-name quantity-purchased quantity-shipped quantity-to-ship ship-service-level recipient-name ship-address-1 ship-address-2 ship-address-3 ship-city ship-state ship-postal-code ship-country is-business-order purchase-order-number price-designation is-prime".split()
def un_row(oid, item, bought, promise, days):
    v = dict.fromkeys(amz_un, "")
    v.update({"order-id": oid, "order-item-id": item, "purchase-date": bought, "payments-date": bought,
              "reporting-date": "2026-11-28T04:21:19+00:00", "promise-date": promise, "days-past-promise": days,
              "buyer-email": "x@marketplace.amazon.com", "sku": "SKU-1", "product-name": "Case",
              "quantity-purchased": "1", "quantity-shipped": "0", "quantity-to-ship": "1",
              "ship-service-level": "Standard", "ship-country": "US", "is-business-order": "false", "is-prime": "false"})
    return [v[k] for k in amz_un]
write_csv("amazon/unshipped-orders.txt", [amz_un,
    un_row("113-0000001-0000001", "52336476957402", "2026-11-25T08:34:47+00:00", "2026-11-27T07:59:59+00:00", "1"),
    un_row("113-0000002-0000002", "52336476957403", "2026-11-27T10:00:00+00:00", "2026-11-30T07:59:59+00:00", "-2"),
    un_row("113-0000002-0000002", "52336476957404", "2026-11-27T10:00:00+00:00", "2026-11-30T07:59:59+00:00", "-2")], delim="\t")

# Amazon FBA customer returns.
fba = "return-date order-id sku asin fnsku product-name quantity fulfillment-center-id detailed-disposition reason status license-plate-number customer-comments".split()
write_csv("amazon/fba-customer-returns.txt", [fba,
    ["2026-11-05T15:31:40+00:00", "114-0000001-0000001", "SKU-1", "B000TEST01", "X000TEST01", "Case", "1", "LEX1", "SELLABLE", "UNWANTED_ITEM", "Unit returned to inventory", "LPNNC5N165ZVR", ""],
    ["2026-11-12T09:02:11+00:00", "114-0000002-0000002", "SKU-2", "B000TEST02", "X000TEST02", "Cable", "1", "FRA3", "CUSTOMER_DAMAGED", "NOT_AS_DESCRIBED", "Reimbursed", "LPNAB12345678", "Not as pictured"]], delim="\t")

# Amazon Seller Feedback (older layout with Yes/No answers), US dates M/D/YY.
write_csv("amazon/seller-feedback.txt", [
    ["Date", "Rating", "Comments", "Your Response", "Arrived on Time", "Item as Described", "Customer Service", "Order ID", "Rater Email"],
    ["11/3/26", "2", "Arrived late", "", "No", "Yes", "Yes", "112-0000001-0000001", "a1@marketplace.amazon.com"],
    ["11/14/26", "3", "OK", "Thanks", "Yes", "No", "-", "112-0000002-0000002", "b2@marketplace.amazon.com"],
    ["11/20/26", "1", "Never came", "", "No", "No", "No", "112-0000003-0000003", "c3@marketplace.amazon.com"]], delim="\t")

# Amazon Fulfilled Shipments.
fs = "amazon-order-id merchant-order-id shipment-id shipment-item-id amazon-order-item-id merchant-order-item-id purchase-date payments-date shipment-date reporting-date buyer-email buyer-name buyer-phone-number sku product-name quantity-shipped currency item-price item-tax shipping-price shipping-tax gift-wrap-price gift-wrap-tax ship-service-level recipient-name ship-address-1 ship-address-2 ship-address-3 ship-city ship-state ship-postal-code ship-country ship-phone-number bill-address-1 bill-address-2 bill-address-3 bill-city bill-state bill-postal-code bill-country item-promotion-discount ship-promotion-discount carrier tracking-number estimated-arrival-date fulfillment-center-id fulfillment-channel sales-channel".split()
def fs_row(oid, sid, item, t0, t1, ship, carrier, tracking, eta, sku, price):
    v = dict.fromkeys(fs, "")
    v.update({"amazon-order-id": oid, "shipment-id": sid, "shipment-item-id": item, "amazon-order-item-id": "07664457044546",
              "purchase-date": t0, "payments-date": t1, "shipment-date": ship, "reporting-date": ship, "sku": sku,
              "product-name": "Case", "quantity-shipped": "1", "currency": "USD", "item-price": price, "item-tax": "0.00",
              "shipping-price": "3.85", "shipping-tax": "0.00", "ship-service-level": "Standard", "ship-country": "US",
              "ship-promotion-discount": "-3.85", "carrier": carrier, "tracking-number": tracking,
              "estimated-arrival-date": eta, "fulfillment-center-id": "LEX1", "fulfillment-channel": "AFN",
              "sales-channel": "Amazon.com"})
    return [v[k] for k in fs]
write_csv("amazon/fulfilled-shipments.txt", [fs,
    fs_row("115-0000001-0000001", "DmlbKXMtN", "Dprp1L4JR", "2026-11-15T12:24:57+00:00", "2026-11-17T05:51:50+00:00", "2026-11-17T05:06:24+00:00", "SMARTPOST", "9102901001301798807420", "2026-11-24T04:00:00+00:00", "SKU-1", "40.99"),
    fs_row("115-0000001-0000001", "DmlbKXMtN", "Dprp1L4JS", "2026-11-15T12:24:57+00:00", "2026-11-17T05:51:50+00:00", "2026-11-17T05:06:24+00:00", "SMARTPOST", "9102901001301798807420", "2026-11-24T04:00:00+00:00", "SKU-2", "9.01"),
    fs_row("115-0000002-0000002", "Dlvj7BYxk", "DHf2GPpHR", "2026-11-05T06:57:28+09:00", "2026-11-05T19:58:19+09:00", "2026-11-05T19:58:19+09:00", "YAMATO", "443656408532", "2026-11-06T20:00:00+09:00", "SKU-3", "24.00")], delim="\t")

# eBay Orders report: blank first line, header, empty row, summary + item rows, footer.
eb = ["Sales Record Number","Order Number","Buyer Username","Buyer Name","Buyer Email","Buyer Note","Buyer Address 1","Buyer Address 2","Buyer City","Buyer State","Buyer Zip","Buyer Country","Buyer Tax Identifier Name","Buyer Tax Identifier Value","Ship To Name","Ship To Phone","Ship To Address 1","Ship To Address 2","Ship To City","Ship To State","Ship To Zip","Ship To Country","Item Number","Item Title","Custom Label","Sold Via Promoted Listings","Quantity","Sold For","Shipping And Handling","Item Location","Item Zip Code","Item Country","eBay Collect And Remit Tax Rate","eBay Collect And Remit Tax Type","eBay Reference Name","eBay Reference Value","Tax Status","Seller Collected Tax","eBay Collected Tax","Electronic Waste Recycling Fee","Mattress Recycling Fee","Battery Recycling Fee","White Goods Disposal Tax","Tire Recycling Fee","Additional Fee","Lumber Fee","Prepaid Wireless Fee","Road Improvement And Food Delivery Fee","eBay Collected Charges","Total Price","eBay Collected Tax and Fees Included in Total","Payment Method","Sale Date","Paid On Date","Ship By Date","Minimum Estimated Delivery Date","Maximum Estimated Delivery Date","Shipped On Date","Feedback Left","Feedback Received","My Item Note","PayPal Transaction ID","Shipping Service","Tracking Number","Transaction ID","Variation Details","Global Shipping Program","Global Shipping Reference ID","Click And Collect","Click And Collect Reference Number","eBay Plus","Authenticity Verification Program","Authenticity Verification Status","Authenticity Verification Outcome Reason","PSA Vault Program","Vault Fulfillment Type","eBay Fulfillment Program","Tax City","Tax State","Tax Zip","Tax Country","eBay International Shipping"]
def eb_row(**kw):
    v = dict.fromkeys(eb, "")
    v.update({k.replace("_", " "): x for k, x in kw.items()})
    return [v[k] for k in eb]
rows = [[""], eb, [""] * len(eb),
    eb_row(**{"Sales Record Number": "12126", "Order Number": "12-34567-89012", "Buyer Username": "alice", "Ship To Country": "United States",
              "Item Number": "256789012345", "Item Title": "Watch", "Quantity": "1", "Sold For": "$25.00", "Shipping And Handling": "$0.00",
              "Total Price": "$25.00", "Sale Date": "Nov-02-26", "Paid On Date": "Nov-02-26", "Ship By Date": "Nov-05-26",
              "Maximum Estimated Delivery Date": "Nov-12-26", "Shipped On Date": "Nov-03-26", "Shipping Service": "USPS Ground Advantage",
              "Tracking Number": "9400108205497294373616", "Transaction ID": "1111111111"}),
    eb_row(**{"Sales Record Number": "12127", "Order Number": "12-34567-89013", "Buyer Username": "bob", "Ship To Country": "United States",
              "Quantity": "2", "Sold For": "$60.00", "Shipping And Handling": "$4.99", "Total Price": "$64.99",
              "Sale Date": "Nov-10-26", "Paid On Date": "Nov-10-26", "Ship By Date": "Nov-13-26", "Shipped On Date": "Nov-14-26"}),
    eb_row(**{"Sales Record Number": "12127", "Order Number": "12-34567-89013", "Buyer Username": "bob",
              "Item Number": "256789012346", "Item Title": "Strap", "Quantity": "1", "Sold For": "$20.00",
              "Tracking Number": "LK274426961AU", "Transaction ID": "2222222222"}),
    eb_row(**{"Sales Record Number": "12127", "Order Number": "12-34567-89013", "Buyer Username": "bob",
              "Item Number": "256789012347", "Item Title": "Case", "Quantity": "1", "Sold For": "$40.00",
              "Tracking Number": "LK274426961AU", "Transaction ID": "3333333333"}),
    eb_row(**{"Sales Record Number": "12128", "Order Number": "12-34567-89014", "Buyer Username": "carol", "Ship To Country": "Canada",
              "Item Number": "256789012348", "Item Title": "Band", "Quantity": "1", "Sold For": "$9.50", "Shipping And Handling": "$2.00",
              "Total Price": "$11.50", "Sale Date": "Nov-24-26", "Paid On Date": "Nov-24-26", "Ship By Date": "Nov-27-26"}),
    [""], ["3", "record(s) downloaded"], ["Seller ID : watchshop"]]
write_csv("ebay/orders-report.csv", rows, quote_all=True)

# Etsy EtsySoldOrders (US) and EtsySoldOrderItems (a GBP shop in UK English).
eto = ["Sale Date","Order ID","Buyer User ID","Full Name","First Name","Last Name","Number of Items","Payment Method","Date Shipped","Street 1","Street 2","Ship City","Ship State","Ship Zipcode","Ship Country","Currency","Order Value","Coupon Code","Coupon Details","Discount Amount","Shipping Discount","Shipping","Sales Tax","Order Total","Status","Card Processing Fees","Order Net","Adjusted Order Total","Adjusted Card Processing Fees","Adjusted Net Order Amount","Buyer","Order Type","Payment Type","InPerson Discount","InPerson Location","SKU"]
def eto_row(d, oid, ship, total):
    v = dict.fromkeys(eto, "")
    v.update({"Sale Date": d, "Order ID": oid, "Buyer User ID": "buyer" + oid[-2:], "Full Name": "A B", "Number of Items": "1",
              "Payment Method": "Credit Card", "Date Shipped": ship, "Ship Country": "United States", "Currency": "USD",
              "Order Value": total, "Discount Amount": "0.00", "Shipping Discount": "0.00", "Shipping": "3.33", "Sales Tax": "0",
              "Order Total": total, "Card Processing Fees": "1.03", "Order Net": "20.00", "Adjusted Order Total": "0.00",
              "Adjusted Card Processing Fees": "0.00", "Adjusted Net Order Amount": "0.00", "Buyer": "A B",
              "Order Type": "online", "Payment Type": "online_cc", "SKU": "N001"})
    return [v[k] for k in eto]
write_csv("etsy/EtsySoldOrders2026-11.csv", [eto, eto_row("11/02/26", "2744652857", "11/03/26", "24.32"),
    eto_row("11/15/26", "2744652858", "11/18/26", "26.13"), eto_row("11/28/26", "2744652859", "", "18.00")])
eti = ["Sale Date","Item Name","Buyer",Quantity:="Quantity","Price","Coupon Code","Coupon Details","Discount Amount","Delivery Discount","Order Delivery","Order Sales Tax","Item Total","Currency","Transaction ID","Listing ID","Date Paid","Date Posted","Delivery Name","Delivery Address1","Delivery Address2","Delivery City","Delivery State","Delivery Zipcode","Delivery Country","Order ID","Variations","Order Type","Listings Type","Payment Type","InPerson Discount","InPerson Location","VAT Paid by Buyer","SKU"]
def eti_row(d, paid, posted, oid, tid, total, ship):
    v = dict.fromkeys(eti, "")
    v.update({"Sale Date": d, "Item Name": "Print", "Buyer": "Sam Buyer (sambuyer42)", "Quantity": "1", "Price": total,
              "Discount Amount": "0.00", "Delivery Discount": "0.00", "Order Delivery": ship, "Order Sales Tax": "0",
              "Item Total": total, "Currency": "GBP", "Transaction ID": tid, "Listing ID": "4347345198", "Date Paid": paid,
              "Date Posted": posted, "Delivery Country": "United Kingdom", "Order ID": oid,
              "Variations": "Size:A5,Personalisation:Rex", "Order Type": "online", "Listings Type": "listing",
              "Payment Type": "online_cc", "VAT Paid by Buyer": "0"})
    return [v[k] for k in eti]
write_csv("etsy/EtsySoldOrderItems2026-11.csv", [eti,
    eti_row("11/20/26", "11/20/2026", "11/23/2026", "4037941285", "5034190758", "38.99", "8"),
    eti_row("11/20/26", "11/20/2026", "11/23/2026", "4037941285", "5034190759", "12.00", "0"),
    eti_row("11/03/26", "11/03/2026", "", "4037941286", "5034190760", "20", "3.5")])

# Shopee (English, PH) .xlsx: one row per SKU, '-' for empty dates.
sh = ["Order ID","Order Status","Cancel reason","Return / Refund Status","Tracking Number*","Shipping Option","Shipment Method","Estimated Ship Out Date","Ship Time","Order Creation Date","Order Paid Time","Parent SKU Reference No.","Product Name","SKU Reference No.","Variation Name","Original Price","Deal Price","Quantity","Returned quantity","Product Subtotal","Total Discount(PHP)","Price Discount(from Seller)(PHP)","Shopee Rebate(PHP)","SKU Total Weight","Number of Items in Order","Order Total Weight","Seller Voucher(PHP)","Seller Absorbed Coin Cashback","Shopee Voucher(PHP)","Bundle Deals Indicator(Y/N)","Shopee Bundle Discount(PHP)","Seller Bundle Discount(PHP)","Shopee Coins Offset(PHP)","Credit Card Discount Total(PHP)","Products' Price Paid by Buyer (PHP)","Buyer Paid Shipping Fee","Shipping Rebate Estimate","Reverse Shipping Fee","Service Fee","Grand Total","Estimated Shipping Fee","Username (Buyer)","Receiver Name","Phone Number","Delivery Address","Town","District","Province","Region","Country","Zip Code","Remark from buyer","Order Complete Time","Note"]
def sh_row(oid, status, track, deadline, ship, created, paid, sku, total, cancel=""):
    v = dict.fromkeys(sh, "")
    v.update({"Order ID": oid, "Order Status": status, "Cancel reason": cancel, "Tracking Number*": track,
              "Shipping Option": "J&T Express", "Estimated Ship Out Date": deadline, "Ship Time": ship,
              "Order Creation Date": created, "Order Paid Time": paid, "SKU Reference No.": sku, "Product Name": "Case",
              "Quantity": 1, "Buyer Paid Shipping Fee": 45, "Grand Total": total, "Username (Buyer)": "juan",
              "Country": "PH", "Order Complete Time": "-"})
    return [v[k] for k in sh]
write_xlsx("shopee/Order.all.20261101_20261130.xlsx", "orders", [sh,
    sh_row("261102ABCD1234", "Completed", "JT0001234567890", "2026-11-04 23:59", "2026-11-03 14:10", "2026-11-02 10:00", "2026-11-02 10:05", "SKU-A", 545),
    sh_row("261102ABCD1234", "Completed", "JT0001234567890", "2026-11-04 23:59", "2026-11-03 14:10", "2026-11-02 10:00", "2026-11-02 10:05", "SKU-B", 545),
    sh_row("261115EFGH5678", "Cancelled", "", "2026-11-17 23:59", "-", "2026-11-15 09:00", "2026-11-15 09:02", "SKU-A", 300, "Out of stock"),
    sh_row("261125IJKL9012", "To ship", "", "2026-11-27 23:59", "-", "2026-11-25 20:00", "2026-11-25 20:01", "SKU-C", 199)])
# Shopee Brazil (Portuguese) .xlsx.
shp = ["ID do pedido","Status do pedido","Cancelar Motivo","Status da Devolução / Reembolso","Número de rastreamento","Opção de envio","Método de envio","Data prevista de envio","Tempo de Envio","Data de criação do pedido","Hora do pagamento do pedido","Nº de referência do SKU principal","Nome do Produto","Número de referência SKU","Nome da variação","Preço original","Preço acordado","Quantidade","Returned quantity","Subtotal do produto","Desconto do vendedor","Desconto do vendedor","Total global","Nome de usuário (comprador)","País","Hora completa do pedido"]
write_xlsx("shopee/Order.all.20261101_20261130-br.xlsx", "orders", [shp,
    ["2611020ABCDE", "Concluído", "", "", "BR2611020001", "Shopee Xpress", "", "2026-11-04 23:59", "2026-11-03 09:30", "2026-11-02 10:00", "2026-11-02 10:01", "P1", "Capa", "S1", "", 30, 30, 1, 0, 30, 0, 0, 30, "maria", "BR", "2026-11-10 12:00"],
    ["2611150FGHIJ", "Cancelado", "Cancelado pelo comprador. Motivo: mudou de ideia", "", "", "Shopee Xpress", "", "2026-11-17 23:59", "-", "2026-11-15 10:00", "2026-11-15 10:01", "P1", "Capa", "S1", "", 30, 30, 1, 0, 30, 0, 0, 30, "joao", "BR", "-"]])

# TikTok Shop .xlsx (sheet OrderSKUList) with its description row, and the CSV (BOM, trailing tabs).
tt = ["Order ID","Order Status","Order Substatus","Cancelation/Return Type","Normal or Pre-order","SKU ID","Seller SKU","Product Name","Variation","Quantity","Sku Quantity of return","SKU Unit Original Price","SKU Subtotal Before Discount","SKU Platform Discount","SKU Seller Discount","SKU Subtotal After Discount","Shipping Fee After Discount","Original Shipping Fee","Shipping Fee Seller Discount","Shipping Fee Platform Discount","Payment platform discount","Taxes","Order Amount","Order Refund Amount","Created Time","Paid Time","RTS Time","Shipped Time","Delivered Time","Cancelled Time","Cancel By","Cancel Reason","Fulfillment Type","Warehouse Name","Tracking ID","Delivery Option","Shipping Provider Name","Buyer Message","Buyer Username","Recipient","Phone #","Zipcode","Country","State","City","Detail Address","Additional address information","Payment Method","Weight(kg)","Product Category","Package ID","Seller Note","Checked Status","Checked Marked by"]
desc = {"Order ID": "Platform unique order ID.", "Order Status": "Current order status.", "SKU ID": "Platform SKU ID.",
        "Seller SKU": "Seller sku input by the seller in the product system.", "Product Name": "Platform product name.",
        "Quantity": "SKU sold quantity in the order.", "Order Amount": "Order total amount paid by the buyer.",
        "Created Time": "Order created time.", "Paid Time": "Order paid time."}
def tt_row(oid, status, sub, sku, amount, created, paid, shipped, delivered, cancelled="", by="", tracking=""):
    v = dict.fromkeys(tt, "")
    v.update({"Order ID": oid, "Order Status": status, "Order Substatus": sub, "Normal or Pre-order": "Normal",
              "SKU ID": "17293" + sku[-1] * 5, "Seller SKU": sku, "Product Name": "Case", "Quantity": "1",
              "Order Amount": amount, "Created Time": created, "Paid Time": paid, "Shipped Time": shipped,
              "Delivered Time": delivered, "Cancelled Time": cancelled, "Cancel By": by,
              "Cancel Reason": "Out of stock" if by == "Seller" else ("Customer overdue to pay" if by == "System" else ""),
              "Fulfillment Type": "Fulfillment by seller", "Tracking ID": tracking, "Delivery Option": "Standard shipping",
              "Shipping Provider Name": "USPS" if tracking else "", "Buyer Username": "user" + oid[-3:], "Country": "United States"})
    return [v[k] for k in tt]
tt_rows = [
    tt_row("576543210987654321", "Completed", "Completed", "SKU-1", "19.98", "11/02/2026 3:05:12 PM", "11/02/2026 3:06:40 PM", "11/03/2026 10:00:00 AM", "11/07/2026 1:20:00 PM", tracking="9400111899223344556677"),
    tt_row("576543210987654321", "Completed", "Completed", "SKU-2", "19.98", "11/02/2026 3:05:12 PM", "11/02/2026 3:06:40 PM", "11/03/2026 10:00:00 AM", "11/07/2026 1:20:00 PM", tracking="9400111899223344556677"),
    tt_row("576543210987654322", "Canceled", "Canceled", "SKU-1", "9.99", "11/14/2026 9:00:00 AM", "11/14/2026 9:01:00 AM", "", "", "11/15/2026 8:00:00 AM", "Seller"),
    tt_row("576543210987654323", "To ship", "Awaiting shipment", "SKU-3", "14.50", "11/26/2026 11:38:53 PM", "11/26/2026 11:40:00 PM", "", "")]
write_xlsx("tiktok-shop/orders.xlsx", "OrderSKUList", [tt, [desc.get(h, "") for h in tt]] + tt_rows)
write_csv("tiktok-shop/orders.csv", [tt] + [[c + "\t" if c and h.endswith("Time") or h in ("Order ID", "SKU ID") and c else c for h, c in zip(tt, r)] for r in tt_rows], bom=True)

# Mercado Libre ventas (Spanish, AR) .xlsx: header on row 6 under notices and a section row.
ml = ["# de venta","Fecha de venta","Estado","Descripción del estado","Paquete de varios productos","Pertenece a un kit","Unidades","Ingresos por productos (ARS)","Cargo por venta e impuestos (ARS)","Ingresos por envío (ARS)","Costos de envío (ARS)","Costo de envío basado en medidas y peso declarados","Cargo por diferencias en medidas y peso del paquete","Descuentos y bonificaciones","Anulaciones y reembolsos (ARS)","Total (ARS)","Mes de facturación de tus cargos","Orden de compra","Venta por publicidad","SKU","# de publicación","Canal de venta","Tienda oficial","Título de la publicación","Variante","Precio unitario de venta de la publicación (ARS)","Tiene cuotas agregadas","Factura adjunta","Datos personales o de empresa","Tipo y número de documento","Dirección","Condición fiscal (IVA)","Número IIBB","Comprador","Negocio","DNI","Domicilio","Ciudad","Estado","Código postal","País","Forma de entrega","Fecha en camino","Fecha entregado","Transportista","Número de seguimiento","URL de seguimiento","Unidades","Forma de entrega","Fecha en camino","Fecha entregado","Transportista","Número de seguimiento","URL de seguimiento","Revisado por Mercado Libre","Fecha de revisión","Dinero a favor","Resultado","Destino","Motivo del resultado","Unidades","Reclamo abierto","Reclamo cerrado","Con mediación"]
def ml_row(oid, date, estado, total, sku, camino=" ", entregado=" ", tracking=" ", reclamo="No"):
    r = [" "] * len(ml)
    r[0], r[1], r[2], r[6], r[15], r[19] = oid, date, estado, 1, total, sku
    r[33], r[38], r[40] = "Comprador Uno", "Buenos Aires", "Argentina"
    r[41], r[42], r[43], r[44], r[45] = "Mercado Envíos Flex", camino, entregado, "MercadoEnvios", tracking
    r[61] = reclamo
    return r
section = ["Ventas"] + [""] * 16 + ["Publicaciones"] + [""] * 15 + ["Compradores"] + [""] * 7 + ["Envíos"] + [""] * 5 + ["Devoluciones"] + [""] * 12 + ["Reclamos"] + [""] * 2
ml_rows = [[], ["En este reporte encontrarás la información de tus ventas."], ["Ir a Facturas y reportes"],
    ["Ventas", "Estado de tus ventas al 30 de noviembre de 2026 18:35 hs."], section[:len(ml)], ml,
    ml_row("2000009404442073", "2 de noviembre de 2026 15:05 hs.", "Entregado", 15000.5, "SKU-1", "3 de noviembre | 10:00", "5 de noviembre | 14:30", "48185193093"),
    ml_row("2000009404442074", "14 de noviembre de 2026 09:12 hs.", "Cancelada por el comprador", 0, "SKU-2", reclamo="Sí"),
    ml_row("2000009404442075", "20 de noviembre de 2026 22:29 hs.", "Paquete de 2 productos", 30000, " "),
    ml_row("2000009404442076", "20 de noviembre de 2026 22:29 hs.", "Entregado", " ", "SKU-3", "21 de noviembre | 08:00", "23 de noviembre | 12:00", "MEL48183013451FMXDF01"),
    ml_row("2000009404442077", "20 de noviembre de 2026 22:29 hs.", "Entregado", " ", "SKU-4", "21 de noviembre | 08:00", "23 de noviembre | 12:00", "MEL48183013451FMXDF01")]
write_xlsx("mercado-libre/Ventas_AR.xlsx", "Ventas AR", ml_rows)
# Brazil (Portuguese).
mlp = ["N.º de venda","Data da venda","Estado","Descrição do status","Pacote de diversos produtos","Pertence a um kit","Unidades","Receita por produtos (BRL)","Tarifa de venda e impostos (BRL)","Receita por envio (BRL)","Tarifas de envio (BRL)","Cancelamentos e reembolsos (BRL)","Total (BRL)","Venda por publicidade","SKU","# de anúncio","Título do anúncio","Variação","Preço unitário de venda do anúncio (BRL)","Comprador","CPF","Cidade","Estado","CEP","País","Forma de entrega","Data a caminho","Data de entrega","Transportador","Número de rastreamento","URL de acompanhamento","Reclamação aberta","Reclamação encerrada","Em mediação"]
def mlp_row(oid, date, estado, total, camino=" ", entrega=" ", track=" "):
    v = dict(zip(range(len(mlp)), [" "] * len(mlp)))
    r = [" "] * len(mlp)
    r[0], r[1], r[2], r[6], r[12], r[14] = oid, date, estado, 1, total, "SKU-9"
    r[19], r[22], r[24], r[25], r[26], r[27], r[28], r[29] = "Cliente", "SP", "Brasil", "Mercado Envios Full", camino, entrega, "Mercado Envios", track
    r[31] = "Não"
    return r
write_xlsx("mercado-libre/Vendas_BR.xlsx", "Vendas BR", [[], ["Neste relatório, você encontra as informações das suas vendas."], [],
    ["Vendas", "Status das suas vendas em 30 de novembro de 2026, às 18:35 hs."], ["Vendas"], mlp,
    mlp_row("2000008800001111", "28 de novembro de 2026 09:12 hs.", "Entregue", 120.5, "28 de novembro | 18:00", "30 de novembro | 11:00", "45012345678"),
    mlp_row("2000008800001112", "29 de dezembro de 2025 09:12 hs.", "Entregue", 80, "31 de dezembro | 18:00", "2 de janeiro | 11:00", "45012345679")])

# Temu order export (CSV), one row per item; dates with the zone name and offset.
te = ["order id","order status","Fulfillment mode","Logistics service suggestion","Order item ID","order item status","product name by customer order","product name","variation","contribution sku","sku id","quantity purchased","quantity shipped","quantity to ship","recipient name","recipient first name","recipient last name","recipient phone number","ship address 1","ship address 2","ship address 3","district","ship city","ship state","ship postal code (Must be shipped to the following zip code.)","ship country","purchase date","latest shipping time","latest delivery time","iPhone serial number","virtual email","activity goods base price","base price total","tracking number","carrier","order settlement status","keep proof of shipment before delivery"]
def te_row(oid, item, status, sku, price, bought, ship_by, deliver_by, tracking="", carrier=""):
    v = dict.fromkeys(te, "")
    v.update({"order id": oid, "order status": status, "Fulfillment mode": "Seller fulfilled", "Order item ID": item,
              "order item status": status, "product name": "Case", "sku id": sku, "quantity purchased": "1",
              "quantity shipped": "1" if tracking else "0", "quantity to ship": "0" if tracking else "1",
              "ship city": "Austin", "ship state": "TX", "ship country": "United States", "purchase date": bought,
              "latest shipping time": ship_by, "latest delivery time": deliver_by, "activity goods base price": price,
              "base price total": price, "tracking number": tracking, "carrier": carrier, "keep proof of shipment before delivery": "YES"})
    return [v[k] for k in te]
write_csv("temu/orders.csv", [te,
    te_row("PO-211-01234567890123", "1", "Shipped", "SKU-1", "$12.99", "Nov 2, 2026, 3:05 pm PST(UTC-8)", "Nov 4, 2026, 11:59 pm PST(UTC-8)", "Nov 12, 2026, 11:59 pm PST(UTC-8)", "9400111899223344556600", "USPS"),
    te_row("PO-211-01234567890123", "2", "Shipped", "SKU-2", "$3.00", "Nov 2, 2026, 3:05 pm PST(UTC-8)", "Nov 4, 2026, 11:59 pm PST(UTC-8)", "Nov 12, 2026, 11:59 pm PST(UTC-8)", "9400111899223344556600", "USPS"),
    te_row("PO-211-01234567890124", "1", "Cancelled", "SKU-1", "$12.99", "Nov 18, 2026, 9:40 am PST(UTC-8)", "Nov 20, 2026, 11:59 pm PST(UTC-8)", "Nov 28, 2026, 11:59 pm PST(UTC-8)")])

# Walmart Orders download (CSV), one row per PO line.
wm = ["PO#","Order#","Order Date","Ship By","Delivery Date","Customer Name","Customer Shipping Address","Customer Phone Number","Ship to Address 1","Ship to Address 2","City","State","Zip","Segment","FLIDS","Line#","UPC","Status","Item Description","Shipping Method","Shipping Tier","Shipping SLA","Shipping Config SOurce","Qty","SKU","Item Cost","Shipping Cost","Tax","Update Status","Update Qty","Carrier","Tracking Number","Tracking Url","Seller Order NO","Fulfillment Entity","Replacement Order","Original Customer Order Id"]
def wm_row(po, order, date, ship_by, deliver, line, status, cost, carrier="", tracking=""):
    v = dict.fromkeys(wm, "")
    v.update({"PO#": po, "Order#": order, "Order Date": date, "Ship By": ship_by, "Delivery Date": deliver, "Line#": line,
              "Status": status, "Item Description": "Case", "Shipping Method": "Standard", "Qty": "1", "SKU": "SKU-" + line,
              "Item Cost": cost, "Shipping Cost": "0.00", "Tax": "0.00", "Carrier": carrier, "Tracking Number": tracking,
              "Fulfillment Entity": "SellerFulfilled", "Replacement Order": "N"})
    return [v[k] for k in wm]
write_csv("walmart/PO_Data.csv", [wm,
    wm_row("108912345678901", "200012345678901", "11/02/2026", "11/04/2026", "11/09/2026", "1", "Delivered", "19.99", "USPS", "9400111899223344551111"),
    wm_row("108912345678901", "200012345678901", "11/02/2026", "11/04/2026", "11/09/2026", "2", "Delivered", "5.00", "USPS", "9400111899223344551111"),
    wm_row("108912345678902", "200012345678902", "11/21/2026", "11/24/2026", "11/29/2026", "1", "Cancelled", "9.99")])

# Lazada order export (.xlsx), camelCase headers, one row per item unit.
lz = "orderItemId orderType Guarantee deliveryType lazadaId sellerSku lazadaSku wareHouse createTime updateTime rtsSla ttsSla orderNumber invoiceRequired invoiceNumber deliveredDate customerName customerEmail nationalRegistrationNumber shippingName shippingAddress shippingAddress2 shippingAddress3 shippingAddress4 shippingAddress5 shippingPhone shippingPhone2 shippingCity shippingPostCode shippingCountry shippingRegion billingName billingAddr billingAddr2 billingAddr3 billingAddr4 billingAddr5 billingPhone billingPhone2 billingCity billingPostCode billingCountry taxCode branchNumber taxInvoiceRequested payMethod paidPrice unitPrice sellerDiscountTotal shippingFee walletCredit itemName variation cdShippingProvider shippingProvider shipmentTypeName shippingProviderType cdTrackingCode trackingCode trackingUrl shippingProviderFM trackingCodeFM trackingUrlFM promisedShippingTime premium status buyerFailedDeliveryReturnInitiator buyerFailedDeliveryReason buyerFailedDeliveryDetail buyerFailedDeliveryUserName bundleId bundleDiscount refundAmount".split()
def lz_row(item, order, created, rts, delivered, status, price, tracking="", initiator=""):
    v = dict.fromkeys(lz, "")
    v.update({"orderItemId": item, "orderType": "Normal", "lazadaId": "123456789", "sellerSku": "SKU-1", "createTime": created,
              "updateTime": created, "rtsSla": rts, "orderNumber": order, "invoiceRequired": "No", "deliveredDate": delivered,
              "shippingCountry": "Philippines", "payMethod": "COD", "paidPrice": price, "unitPrice": price, "shippingFee": "45",
              "itemName": "Case", "shippingProvider": "LEX PH" if tracking else "", "trackingCode": tracking,
              "promisedShippingTime": rts, "status": status, "buyerFailedDeliveryReturnInitiator": initiator})
    return [v[k] for k in lz]
write_xlsx("lazada/orders.xlsx", "sheet1", [lz,
    lz_row("400123456789001", "800123456789001", "02 Nov 2026 11:46", "04 Nov 2026 23:59", "08 Nov 2026 15:00", "delivered", "299.00", "MPDS-123456789-0001"),
    lz_row("400123456789002", "800123456789001", "02 Nov 2026 11:46", "04 Nov 2026 23:59", "08 Nov 2026 15:00", "delivered", "299.00", "MPDS-123456789-0001"),
    lz_row("400123456789003", "800123456789002", "18 Nov 2026 08:00", "20 Nov 2026 23:59", "", "canceled", "150.00", "", "cancellation-customer")])
