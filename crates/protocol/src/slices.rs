//! A browser file read a slice at a time, the next slice read by the browser while the rows
//! of this one are read (the page's worker and its parse worker both read so).

use js_sys::Uint8Array;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::File;

/// Bytes read from a file at a time.
const SLICE_BYTES: f64 = crate::messages::PIECE_BYTES as f64;

/// A file's slices, in order.
pub struct Slices<'a> {
    file: &'a File,
    size: f64,
    at: f64,
    next: Option<JsFuture>,
}

impl<'a> Slices<'a> {
    /// Starts reading `file` (nothing is read when `read` is false: empty, or refused by its
    /// size alone).
    pub fn new(file: &'a File, read: bool) -> Slices<'a> {
        let size = if read { file.size() } else { 0.0 };
        Slices::between(file, 0, size as u64)
    }

    /// The slices of `file`'s bytes from `from` to `to` (a part of a file cut between two
    /// lanes, or its first slice alone).
    pub fn between(file: &'a File, from: u64, to: u64) -> Slices<'a> {
        let (at, size) = (from as f64, (to as f64).min(file.size()));
        let next = (at < size).then(|| read_slice(file, at, size));
        Slices {
            file,
            size,
            at,
            next,
        }
    }

    /// Where the bytes read so far end in the file.
    pub fn at(&self) -> u64 {
        self.at as u64
    }

    /// The next slice into `buf` (`Some(Ok)`), the file's end (`None`), or why the browser
    /// could not read it (`Some(Err)`: moved, changed or deleted since it was chosen).
    /// `waited`: milliseconds spent waiting for the browser, added to.
    pub async fn next(
        &mut self,
        buf: &mut Vec<u8>,
        waited: &mut f64,
    ) -> Option<Result<(), String>> {
        let slice = self.next.take()?;
        let start = now();
        let read = slice.await;
        *waited += now() - start;
        let array = match read {
            Ok(b) => Uint8Array::new(&b),
            Err(e) => return Some(Err(why(&e))),
        };
        let len = array.length() as usize;
        if len == 0 {
            // Shorter than when it was chosen.
            return Some(Err(format!(
                "{} of {} bytes",
                self.at as u64, self.size as u64
            )));
        }
        self.at += len as f64;
        if self.at < self.size {
            self.next = Some(read_slice(self.file, self.at, self.size));
        }
        buf.resize(len, 0);
        array.copy_to(buf);
        Some(Ok(()))
    }
}

/// Starts the browser reading `file` from byte `at` (a slice at most): a promise is read from
/// the moment it is made, not when it is awaited.
fn read_slice(file: &File, at: f64, size: f64) -> JsFuture {
    let end = (at + SLICE_BYTES).min(size);
    let promise = match file.slice_with_f64_and_f64(at, end) {
        Ok(blob) => blob.array_buffer(),
        Err(e) => js_sys::Promise::reject(&e),
    };
    JsFuture::from(promise)
}

/// Why the browser could not read a file, for its diagnostic.
fn why(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.name()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "read error".into())
}

/// A worker's clock (ms).
pub fn now() -> f64 {
    js_sys::global()
        .dyn_into::<web_sys::WorkerGlobalScope>()
        .ok()
        .and_then(|g| g.performance())
        .map_or(0.0, |p| p.now())
}
