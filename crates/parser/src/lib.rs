//! A reading's second lane in the browser (wasm32, `reading::lane`). The page's worker starts
//! a second worker of its own module (named `lane`, through www/lane-loader.js: the browser
//! compiles the module once for both, and the lane runs the code the worker has warmed up; a
//! parse-only module of its own, 1.37 MB against 2.33, started later and read slower in the
//! same benchmark run) and sends it the reading's request, the handles of the files this lane
//! reads and their places in the reading. The lane reads each file a slice at a time as the
//! page's worker would (`reading::held::Held`), and posts back:
//! - its progress, a `Float64Array` of the lane's bytes and rows read so far, after each slice,
//!   and of the milliseconds it spent reading its files and writing their records;
//! - each file's records, report and rows, once the file is read (`Held::lane_file`), as a
//!   `Uint8Array` whose buffer moves to the page's worker without a copy;
//! - when the page's worker reads a large file up to a cut (`reading::lane::cut_plan`), the
//!   rows of the rest of it (`RestReading`, `lane::encode_rest`), read after its own files:
//!   its first slice opens its loader, then its slices from the cut; nothing when it cannot
//!   be read so (the page's worker then reads on);
//! - `"done"` at the end, or any other string: why it stopped (the page's worker then reads
//!   the lane's files itself).
//!
//! Nothing here runs natively: what it does is `Held`'s reading and `reading::lane`'s
//! writing, tested natively.

#![deny(unsafe_code)]
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Float64Array, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{DedicatedWorkerGlobalScope, File};

use protocol::slices::{now, Slices};
use protocol::ReadRequest;
use reading::held::Held;

fn error(e: impl std::fmt::Display) -> JsValue {
    JsValue::from_str(&e.to_string())
}

/// Reads a second lane: `message` is `[request (postcard), files, places]`, and a fourth
/// `[file, place, at]` when the page's worker reads a file up to a cut at byte `at` and this
/// lane the rows from there (`reading::lane::cut_plan`), after its own files.
pub async fn read_lane(message: JsValue) -> Result<(), JsValue> {
    let parts: Array = message.dyn_into()?;
    let request: ReadRequest =
        postcard::from_bytes(&Uint8Array::new(&parts.get(0)).to_vec()).map_err(error)?;
    let files: Array = parts.get(1).dyn_into()?;
    let places: Vec<usize> = Array::from(&parts.get(2))
        .iter()
        .filter_map(|v| v.as_f64())
        .map(|v| v as usize)
        .collect();
    let scope: DedicatedWorkerGlobalScope = js_sys::global().dyn_into()?;
    let began = now();
    // Milliseconds spent writing records.
    let mut written = 0.0;
    let progress = |held: &Held, name: &str, at: u64, rows: u64, written: f64| {
        if let Some(p) = held.session.as_ref().map(|s| s.progress_in(name, at, rows)) {
            let read = now() - began - written;
            let figures = [p.bytes_done as f64, p.rows as f64, read, written];
            scope.post_message(&Float64Array::from(&figures[..]))?;
        }
        Ok::<(), JsValue>(())
    };
    let mut held = Held::default();
    held.begin(request);
    let (mut buf, mut waited) = (Vec::new(), 0.0);
    for (file, place) in files.iter().zip(places) {
        let file: File = file.dyn_into()?;
        let (name, size) = (file.name(), file.size() as u64);
        let read = held.begin_file(&name, size);
        let mut slices = Slices::new(&file, read);
        let mut whole = true;
        while let Some(slice) = slices.next(&mut buf, &mut waited).await {
            if let Err(detail) = slice {
                held.unreadable(&name, size, detail);
                whole = false;
                break;
            }
            let rows = held.piece(&name, size, &buf);
            progress(&held, &name, slices.at(), rows, written)?;
        }
        if whole {
            held.end_file();
        }
        let writing = now();
        let sent = held
            .lane_file(place)
            .ok_or_else(|| error("a file gave no records"))?
            .map_err(error)?;
        let sent = Uint8Array::from(&sent[..]);
        written += now() - writing;
        scope.post_message_with_transfer(&sent, &Array::of1(&sent.buffer()))?;
        progress(&held, &name, 0, 0, written)?;
    }
    // The rest of a file the page's worker reads up to a cut: `[file, place, at]`.
    if let Ok(cut) = parts.get(3).dyn_into::<Array>() {
        let file: File = cut.get(0).dyn_into()?;
        let place = cut.get(1).as_f64().unwrap_or(0.0) as usize;
        let at = cut.get(2).as_f64().unwrap_or(0.0) as u64;
        let (name, size) = (file.name(), file.size() as u64);
        // Its first slice opens its loader, as the page's worker's did.
        let mut head = Slices::between(&file, 0, reading::held::PIECE_BYTES as u64);
        let opened = match head.next(&mut buf, &mut waited).await {
            Some(Ok(())) => held
                .session
                .as_ref()
                .and_then(|s| s.rest_reading(&name, std::mem::take(&mut buf), size, at)),
            _ => None,
        };
        // Nothing sent: the page's worker reads on (a file it cannot be cut in, a slice the
        // browser could not read).
        if let Some(mut rest) = opened {
            let mut slices = Slices::between(&file, at, size);
            let mut whole = true;
            while let Some(slice) = slices.next(&mut buf, &mut waited).await {
                if slice.is_err() || rest.piece(&buf).is_none() {
                    whole = false;
                    break;
                }
                progress(&held, &name, slices.at() - at, 0, written)?;
            }
            if let Some(rest) = rest.finish().filter(|_| whole) {
                let writing = now();
                let sent = reading::lane::encode_rest(place, size, rest).map_err(error)?;
                let sent = Uint8Array::from(&sent[..]);
                written += now() - writing;
                scope.post_message_with_transfer(&sent, &Array::of1(&sent.buffer()))?;
                progress(&held, &name, size - at, 0, written)?;
            }
        }
    }
    scope.post_message(&JsValue::from_str("done"))
}
