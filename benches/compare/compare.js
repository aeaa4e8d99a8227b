// The other engines of the comparative benchmark, on the file chosen in #file: the same order
// figures the page computes from an orders file, in SQL (DuckDB-wasm) and in JavaScript over
// PapaParse's rows. Each returns { start_ms, ms, result }: start_ms is the engine's own
// start (loading and compiling its wasm), ms the file to the figures.
import * as duckdb from './node_modules/@duckdb/duckdb-wasm/dist/duckdb-browser.mjs';

const dist = new URL('./node_modules/@duckdb/duckdb-wasm/dist/', location.href).href;
const file = () => document.getElementById('file').files[0];

// Paid orders, late shipments (shipped after the deadline, or not shipped by the last day),
// seller cancellations, and the mean days from shipment to delivery.
const SQL = `
WITH o AS (SELECT * FROM read_csv('orders.csv', header = true, all_varchar = false))
SELECT
  count(*)::BIGINT AS orders,
  count(paid_at)::BIGINT AS paid,
  sum(CASE WHEN paid_at IS NOT NULL AND (shipped_at > ship_deadline
        OR (shipped_at IS NULL AND ship_deadline < (SELECT max(paid_at) FROM o))) THEN 1 ELSE 0 END)::BIGINT AS late,
  sum(CASE WHEN cancel_initiator = 'seller' THEN 1 ELSE 0 END)::BIGINT AS seller_cancelled,
  avg(epoch(delivered_at) - epoch(shipped_at)) / 86400 AS delivery_days
FROM o`;

window.runDuck = async () => {
  const t0 = performance.now();
  const worker = new Worker(dist + 'duckdb-browser-eh.worker.js');
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
  await db.instantiate(dist + 'duckdb-eh.wasm');
  const conn = await db.connect();
  const t1 = performance.now();
  await db.registerFileHandle('orders.csv', file(), duckdb.DuckDBDataProtocol.BROWSER_FILEREADER, true);
  const table = await conn.query(SQL);
  const t2 = performance.now();
  const row = table.toArray()[0].toJSON();
  const result = {};
  for (const [k, v] of Object.entries(row)) result[k] = typeof v === 'bigint' ? Number(v) : v;
  await conn.close();
  await db.terminate();
  return { start_ms: t1 - t0, ms: t2 - t1, result };
};

window.runPapa = () => new Promise((resolve, reject) => {
  const t0 = performance.now();
  let col = null, orders = 0, paid = 0, late = 0, cancelled = 0, days = 0, delivered = 0, last = -Infinity;
  const pending = []; // not shipped: judged against the last day once it is known
  const at = (s) => (s ? Date.parse(s) : NaN);
  Papa.parse(file(), {
    chunkSize: 4 << 20,
    skipEmptyLines: true,
    chunk: (r) => {
      for (const row of r.data) {
        if (col === null) { col = Object.fromEntries(row.map((h, i) => [h, i])); continue; }
        orders++;
        const p = at(row[col.paid_at]);
        const shipped = at(row[col.shipped_at]);
        const deadline = at(row[col.ship_deadline]);
        const delivery = at(row[col.delivered_at]);
        if (!Number.isNaN(p)) {
          paid++;
          if (p > last) last = p;
          if (!Number.isNaN(shipped)) { if (shipped > deadline) late++; }
          else if (!Number.isNaN(deadline)) pending.push(deadline);
        }
        if (row[col.cancel_initiator] === 'seller') cancelled++;
        if (!Number.isNaN(delivery) && !Number.isNaN(shipped)) { days += (delivery - shipped) / 86400000; delivered++; }
      }
    },
    complete: () => {
      for (const d of pending) if (d < last) late++;
      resolve({ start_ms: 0, ms: performance.now() - t0,
        result: { orders, paid, late, seller_cancelled: cancelled, delivery_days: days / delivered } });
    },
    error: reject,
  });
});
window.compareReady = true;
