//! The worker binary's glue: a yew-agent reactor over [`Held`], speaking postcard.

use std::collections::VecDeque;

use futures::{FutureExt, SinkExt, StreamExt};
use js_sys::Uint8Array;
use serde::{Deserialize, Serialize};
use wasm_bindgen::{JsCast, JsValue, UnwrapThrowExt};
use yew_agent::reactor::{reactor, ReactorScope};
use yew_agent::Codec;

use super::{Held, Request, Response, Session};
use crate::ingest::{Loader, STEP_ROWS};

/// yew-agent's message codec, postcard instead of its default bincode: smaller code, and bytes
/// (file chunks) written in one piece.
pub struct Postcard;

impl Codec for Postcard {
    fn encode<I: Serialize>(input: I) -> JsValue {
        let buf = postcard::to_allocvec(&input).expect_throw("a worker message serializes");
        Uint8Array::from(buf.as_slice()).into()
    }

    fn decode<O: for<'de> Deserialize<'de>>(input: JsValue) -> O {
        let data = input.unchecked_into::<Uint8Array>().to_vec();
        postcard::from_bytes(&data).expect_throw("a worker message from this same build")
    }
}

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

/// How reading rows ended.
enum Ran {
    /// No more rows for now: the file is read to its end, or the rest has not come yet.
    Paused,
    Cancelled,
    /// Another reading began (the page dropped this one): stop without a word.
    Superseded,
    /// The page dropped its bridge: nobody waits.
    Gone,
}

/// Reads the rows a loader has, a chunk at a time, saying the progress after each and
/// letting the page's messages in between (a Cancel is heard there; others wait in `pending`).
async fn read_rows(
    scope: &mut Scope,
    session: &Session,
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
            return Ran::Paused;
        }
        yield_to_events().await;
        let (mut cancelled, mut superseded) = (false, false);
        while let Some(next) = scope.next().now_or_never() {
            match next {
                Some(Request::Cancel) => cancelled = true,
                Some(begin @ Request::Begin(_)) => {
                    superseded = true;
                    pending.push_back(begin);
                }
                Some(other) => pending.push_back(other),
                None => return Ran::Gone,
            }
        }
        if cancelled {
            return Ran::Cancelled;
        }
        if superseded {
            return Ran::Superseded;
        }
    }
}

/// The worker's clock (ms), for the time it is busy.
fn now() -> f64 {
    js_sys::global()
        .dyn_into::<web_sys::WorkerGlobalScope>()
        .ok()
        .and_then(|g| g.performance())
        .map_or(0.0, |p| p.now())
}

#[reactor(StoreWorker)]
pub async fn store_worker(mut scope: Scope) {
    let mut held = Held::default();
    // Time spent on requests since the last reading (or sample) began (the browser
    // benchmark's figure).
    let mut busy = 0.0;
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
        let out = match req {
            Request::Begin(r) => {
                held.begin(r);
                busy = 0.0;
                continue;
            }
            Request::Chunk { name, size, bytes } => {
                held.chunk(name, size, &bytes.0);
                drop(bytes);
                let Some(reading) = held.session.as_ref().map(Session::id) else {
                    continue;
                };
                // A text file read as it arrives: the rows this chunk completed.
                let ran = match held.streaming() {
                    Some((session, loader)) => {
                        read_rows(&mut scope, session, loader, &mut pending).await
                    }
                    None => Ran::Paused,
                };
                match ran {
                    Ran::Paused => Response::Taken { reading },
                    Ran::Cancelled => Response::Cancelled {
                        records_kept: held.cancel(),
                    },
                    Ran::Superseded => continue,
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
            Request::EndFile => {
                let (Some(session), Some(mut file)) = (held.session.as_mut(), held.incoming.take())
                else {
                    let _ = scope
                        .send(Response::Failed("a file ended out of turn".into()))
                        .await;
                    continue;
                };
                let mut loader = session.open_incoming(&mut file);
                match read_rows(&mut scope, session, &mut loader, &mut pending).await {
                    Ran::Paused => {
                        session.add(loader);
                        // The file's bytes go now: the next file comes only after this answer.
                        drop(file);
                        Response::Taken {
                            reading: session.id(),
                        }
                    }
                    Ran::Cancelled => {
                        drop(loader);
                        Response::Cancelled {
                            records_kept: held.cancel(),
                        }
                    }
                    Ran::Superseded => continue,
                    Ran::Gone => return,
                }
            }
            Request::Finish => match held.finish() {
                Some(summary) => Response::Loaded(summary),
                None => Response::Failed("no reading to finish".into()),
            },
            Request::Sample => {
                busy = 0.0;
                Response::Loaded(held.sample())
            }
            Request::ImportRulebook(text) => super::import_rulebook(&text),
            Request::ExportRulebook(rb) => super::export_rulebook(&rb),
            Request::OpenLink(fragment) => super::open_link(&fragment),
            Request::Analyse {
                id,
                settings,
                rulebooks,
            } => {
                let analysis = held.analyse(&settings, &rulebooks).map(Box::new);
                Response::Analysed {
                    id,
                    analysis,
                    memory_bytes: crate::wasm_memory_bytes() as u64,
                    busy_ms: busy + (now() - start),
                }
            }
        };
        busy += now() - start;
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
