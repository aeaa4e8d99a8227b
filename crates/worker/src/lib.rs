//! The page's worker (wasm32): a yew-agent reactor that reads the files the page hands over and
//! answers the page's requests through `reading::held::Held`, speaking the `protocol` crate's
//! messages and codec. Built by Trunk as the `worker` binary; nothing here runs natively.

#![deny(unsafe_code)]
#![cfg(target_arch = "wasm32")]

use std::collections::VecDeque;

use futures::{FutureExt, SinkExt, StreamExt};
use js_sys::Uint8Array;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::File;
use yew_agent::reactor::{reactor, ReactorScope};

use ingest::{Loader, STEP_ROWS};
use protocol::{take_files, wasm_memory_bytes, Postcard, Request, Response, Timing};
use reading::held::{self, Held, Underway};
use sources::limits::MAX_FILE_BYTES;

/// Lets the worker's event loop run (a message from the page is only seen then). A message
/// channel, not `setTimeout(0)`, which browsers clamp to 4 ms once nested.
async fn yield_to_events() {
    let channel = match web_sys::MessageChannel::new() {
        Ok(c) => c,
        Err(_) => return,
    };
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        channel.port1().set_onmessage(Some(&resolve));
    });
    let _ = channel.port2().post_message(&JsValue::NULL);
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    channel.port1().set_onmessage(None);
}

type Scope = ReactorScope<Request, Response>;

/// How reading (rows, a file, the files) went.
enum Ran {
    /// On: no more rows for now (the file is read to its end, or the rest has not come
    /// yet), or every file is read.
    On,
    Cancelled,
    /// Another reading or the sample was asked for (the page dropped this reading): stop
    /// without a word.
    Superseded,
    /// The page dropped its bridge: nobody waits.
    Gone,
}

/// Takes the page's messages that have come: a Cancel or a request that takes over stops the
/// reading; other requests wait in `pending`, in order.
fn heard(scope: &mut Scope, pending: &mut VecDeque<Request>) -> Ran {
    let (mut cancelled, mut superseded) = (false, false);
    while let Some(next) = scope.next().now_or_never() {
        match next {
            Some(Request::Cancel) => cancelled = true,
            Some(next @ (Request::Read(_) | Request::Sample)) => {
                superseded = true;
                pending.push_back(next);
            }
            Some(other) => pending.push_back(other),
            None => return Ran::Gone,
        }
    }
    if superseded {
        // What takes over drops this reading anyway; a Cancel before it is no longer news.
        Ran::Superseded
    } else if cancelled {
        Ran::Cancelled
    } else {
        Ran::On
    }
}

/// Reads the rows a loader has, a chunk at a time, saying the progress after each and
/// letting the page's messages in between (`heard`).
async fn read_rows(
    scope: &mut Scope,
    session: &Underway,
    loader: &mut Loader<'_>,
    pending: &mut VecDeque<Request>,
) -> Ran {
    loop {
        let more = loader.step(STEP_ROWS);
        if scope
            .send(Response::Progress(session.progress(loader)))
            .await
            .is_err()
        {
            return Ran::Gone;
        }
        if !more {
            return Ran::On;
        }
        yield_to_events().await;
        match heard(scope, pending) {
            Ran::On => {}
            stop => return stop,
        }
    }
}

/// Bytes read from a file at a time (the browser reads the next slice while the rows of this
/// one are read).
const SLICE_BYTES: f64 = held::PIECE_BYTES as f64;

/// Starts the browser reading `file` from byte `at` (a slice at most): a promise is read
/// from the moment it is made, not when it is awaited.
fn read_slice(file: &File, at: f64) -> JsFuture {
    let end = (at + SLICE_BYTES).min(file.size());
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

/// Reads the files of the reading `held` began, one after another: each a slice at a time
/// (the next slice read by the browser while this one's rows are read; a text file's rows
/// as its slices come, a workbook at its end). `waited`: milliseconds spent waiting for the
/// browser's reads.
async fn read_files(
    scope: &mut Scope,
    held: &mut Held,
    files: &[File],
    pending: &mut VecDeque<Request>,
    waited: &mut f64,
) -> Ran {
    let mut buf = Vec::new();
    'files: for file in files {
        let (name, size) = (file.name(), file.size());
        // Read before, the same way: its records are taken, not read again.
        if held.reuse(&name, size as u64) {
            continue;
        }
        let mut at = 0.0;
        // Empty, or refused by its size alone: no byte is read.
        let mut next = if size > 0.0 && size <= MAX_FILE_BYTES as f64 {
            Some(read_slice(file, at))
        } else {
            held.chunk(name.clone(), size as u64, &[]);
            None
        };
        while let Some(slice) = next.take() {
            let start = now();
            let read = slice.await;
            *waited += now() - start;
            let array = match read {
                Ok(b) => Uint8Array::new(&b),
                Err(e) => {
                    held.unreadable(&name, size as u64, why(&e));
                    continue 'files;
                }
            };
            let len = array.length() as usize;
            if len == 0 {
                // Shorter than when it was chosen.
                held.unreadable(
                    &name,
                    size as u64,
                    format!("{} of {} bytes", at as u64, size as u64),
                );
                continue 'files;
            }
            at += len as f64;
            if at < size {
                next = Some(read_slice(file, at));
            }
            buf.resize(len, 0);
            array.copy_to(&mut buf);
            held.chunk(name.clone(), size as u64, &buf);
            let ran = match held.streaming() {
                Some((session, loader)) => read_rows(scope, session, loader, pending).await,
                None => {
                    let Some(p) = held.receiving() else { break };
                    if scope.send(Response::Progress(p)).await.is_err() {
                        return Ran::Gone;
                    }
                    heard(scope, pending)
                }
            };
            match ran {
                Ran::On => {}
                stop => return stop,
            }
        }
        // The file is all here: read (what is left of) it.
        let (Some(session), Some(mut f)) = (held.session.as_mut(), held.incoming.take()) else {
            continue;
        };
        let mut loader = session.open_incoming(&mut f);
        match read_rows(scope, session, &mut loader, pending).await {
            Ran::On => session.add(loader),
            stop => return stop,
        }
        // The file's bytes go now, before the next file's come.
        drop(f);
    }
    Ran::On
}

/// The worker's clock (ms), for the time it is busy.
fn now() -> f64 {
    js_sys::global()
        .dyn_into::<web_sys::WorkerGlobalScope>()
        .ok()
        .and_then(|g| g.performance())
        .map_or(0.0, |p| p.now())
}

/// An instant of [`now`] as milliseconds since the epoch, which the page's clock (another
/// `timeOrigin`) can be compared with.
fn epoch_ms(at: f64) -> f64 {
    js_sys::global()
        .dyn_into::<web_sys::WorkerGlobalScope>()
        .ok()
        .and_then(|g| g.performance())
        .map_or(0.0, |p| p.time_origin() + at)
}

#[reactor(StoreWorker)]
pub async fn store_worker(mut scope: Scope) {
    let mut held = Held::default();
    // Where the time went since the last reading (or sample) began (the browser benchmark's
    // figures).
    let mut timing = Timing::default();
    // Requests that arrived while a file was read, taken in order after it.
    let mut pending: VecDeque<Request> = VecDeque::new();
    loop {
        let req = match pending.pop_front() {
            Some(r) => r,
            None => match scope.next().await {
                Some(r) => r,
                None => return,
            },
        };
        let start = now();
        // Time spent waiting for the browser to read a file's slice.
        let mut waited = 0.0;
        let out = match req {
            Request::Read(r) => {
                let files = take_files(r.id);
                held.begin(r);
                timing = Timing {
                    began_at: epoch_ms(start),
                    ..Timing::default()
                };
                match read_files(&mut scope, &mut held, &files, &mut pending, &mut waited).await {
                    Ran::On => match held.finish() {
                        Some(summary) => Response::Loaded(summary),
                        None => continue,
                    },
                    Ran::Cancelled => Response::Cancelled {
                        records_kept: held.cancel(),
                    },
                    Ran::Superseded => {
                        held.cancel();
                        continue;
                    }
                    Ran::Gone => return,
                }
            }
            Request::Cancel => {
                if held.session.is_none() {
                    continue;
                }
                Response::Cancelled {
                    records_kept: held.cancel(),
                }
            }
            Request::Sample => {
                timing = Timing {
                    began_at: epoch_ms(start),
                    ..Timing::default()
                };
                Response::Loaded(held.sample())
            }
            Request::ImportRulebook(text) => held::import_rulebook(&text),
            Request::ExportRulebook(rb) => held::export_rulebook(&rb),
            Request::ImportFormat(text) => held::import_format(&text),
            Request::ExportMapping(key, m) => held::export_mapping(&key, &m),
            Request::OpenLink(fragment) => held::open_link(&fragment),
            Request::RecordsCsv {
                name,
                analysis,
                window,
                metric,
                lang,
            } => Response::RecordsCsv {
                csv: held.records_csv(analysis, window, metric, lang),
                name,
            },
            Request::Outlook {
                analysis,
                rulebooks,
                inputs,
            } => Response::Outlook(held.outlook(analysis, &rulebooks, &inputs).map(Box::new)),
            Request::Analyse {
                id,
                settings,
                rulebooks,
            } => {
                let analysis = held.analyse(id, &settings, &rulebooks).map(Box::new);
                Response::Analysed {
                    id,
                    analysis,
                    memory_bytes: wasm_memory_bytes() as u64,
                    timing: Timing {
                        sent_at: epoch_ms(now()),
                        busy_ms: timing.busy_ms + (now() - start),
                        ..timing
                    },
                }
            }
        };
        timing.busy_ms += now() - start - waited;
        timing.waited_ms += waited;
        if scope.send(out).await.is_err() {
            return;
        }
    }
}

/// The worker binary's `main`.
pub fn register() {
    use yew_agent::Registrable;
    StoreWorker::registrar().encoding::<Postcard>().register();
}
