//! The page's and the worker's ends of the message channel (wasm32): yew-agent's codec,
//! postcard instead of its default bincode, with the files' handles posted beside the bytes.

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use js_sys::{Array, Uint8Array};
use serde::{Deserialize, Serialize};
use wasm_bindgen::{JsCast, JsValue, UnwrapThrowExt};
use web_sys::File;
use yew_agent::reactor::{Reactor, ReactorScope};
use yew_agent::Codec;

use crate::messages::{Request, Response};

thread_local! {
    /// File handles by reading: on the page, waiting to go with the next message posted; in
    /// the worker, come with a message and waiting for their `Request::Read`.
    static FILES: RefCell<Vec<(u64, Vec<File>)>> = const { RefCell::new(Vec::new()) };
}

/// Hands `files` to the worker with the next message the page posts (a `Request::Read` with
/// id `reading` sent next finds them there). A `File` is a handle the browser copies without
/// its bytes, but not something serde can write: the codec posts it beside the message.
pub fn send_files(reading: u64, files: Vec<File>) {
    FILES.with_borrow_mut(|f| f.push((reading, files)));
}

/// In the worker: the files that came for reading `reading` (none if none came).
pub fn take_files(reading: u64) -> Vec<File> {
    FILES.with_borrow_mut(|f| {
        // Any older reading's files were superseded with it.
        let mine = f.iter().position(|(r, _)| *r == reading);
        let files = mine.map(|i| f.swap_remove(i).1).unwrap_or_default();
        f.retain(|(r, _)| *r > reading);
        files
    })
}

/// yew-agent's message codec, postcard instead of its default bincode (smaller code). A
/// message with files waiting (`send_files`) is posted as `[bytes, reading, [files], ...]`.
/// yew-agent may hold messages until the worker has loaded and encode them then, in order:
/// the files go with the first message encoded after they were handed over, never after the
/// `Read` that wants them.
pub struct Postcard;

impl Codec for Postcard {
    fn encode<I: Serialize>(input: I) -> JsValue {
        let buf = postcard::to_allocvec(&input).expect_throw("a worker message serializes");
        let bytes: JsValue = Uint8Array::from(buf.as_slice()).into();
        let files = FILES.with_borrow_mut(std::mem::take);
        if files.is_empty() {
            return bytes;
        }
        let message = Array::of1(&bytes);
        for (reading, list) in files {
            message.push(&JsValue::from_f64(reading as f64));
            message.push(&list.into_iter().collect::<Array>());
        }
        message.into()
    }

    fn decode<O: for<'de> Deserialize<'de>>(input: JsValue) -> O {
        let bytes = match input.dyn_into::<Array>() {
            Ok(message) => {
                let mut parts = message.iter();
                let bytes = parts.next().unwrap_or_default();
                while let (Some(reading), Some(list)) = (parts.next(), parts.next()) {
                    let files = list
                        .unchecked_into::<Array>()
                        .iter()
                        .map(JsCast::unchecked_into::<File>)
                        .collect();
                    send_files(reading.as_f64().unwrap_or_default() as u64, files);
                }
                bytes
            }
            Err(bytes) => bytes,
        };
        let data = bytes.unchecked_into::<Uint8Array>().to_vec();
        postcard::from_bytes(&data).expect_throw("a worker message from this same build")
    }
}

/// The worker as the page sees it: its messages, not its body (that is the `worker` crate's
/// reactor, registered under the same messages and codec). The page only spawns and bridges
/// it, so the reader and the analysis are never linked into the page.
pub struct StoreWorker(());

impl Future for StoreWorker {
    type Output = ();
    fn poll(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<()> {
        Poll::Ready(())
    }
}

impl Reactor for StoreWorker {
    type Scope = ReactorScope<Request, Response>;
    fn create(_: Self::Scope) -> Self {
        StoreWorker(())
    }
}

/// The size of this WebAssembly instance's memory in bytes (the page's or the worker's).
/// Linear memory only grows, so this is the peak; the browser benchmark reads the page's
/// (`window.wasmBindings.wasm_memory_bytes()`) and the worker's (sent with each analysis).
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn wasm_memory_bytes() -> f64 {
    wasm_bindgen::memory()
        .dyn_into::<js_sys::WebAssembly::Memory>()
        .map(|m| {
            m.buffer()
                .unchecked_into::<js_sys::ArrayBuffer>()
                .byte_length() as f64
        })
        .unwrap_or(0.0)
}
