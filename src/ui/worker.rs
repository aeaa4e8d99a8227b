//! The page's end of the worker: spawned on first need (a page opened from a scenario link never
//! loads it), fed files one at a time in slices, its answers turned into store actions.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::{Rc, Weak};

use futures::StreamExt;
use yew::Callback;
use yew_agent::reactor::{ReactorBridge, ReactorSpawner};

use crate::worker::reactor::{Postcard, StoreWorker};
use crate::worker::{Bytes, ReadRequest, Request, Response};

/// Bytes per message when a file is sent: a slice is read, copied and posted in a few
/// milliseconds, so the page never blocks for long, and the whole file is never in the
/// page's memory.
pub const SLICE_BYTES: f64 = 1024.0 * 1024.0;

/// Slices sent and not yet taken: with two, the worker finds the next slice waiting when it
/// has read one (with one, it waited a round trip to the page for each: 2 s of 10 s for 1M
/// orders), and holds at most one slice more.
const IN_FLIGHT: usize = 2;

type Bridge = ReactorBridge<StoreWorker>;

/// A reading waiting for the worker to have read its file: (reading, answer).
type Ack = (u64, futures::channel::oneshot::Sender<bool>);

/// A handle to the (lazily spawned) worker. Clones share it.
#[derive(Clone, Default)]
pub struct WorkerLink {
    bridge: Rc<RefCell<Option<Rc<RefCell<Bridge>>>>>,
    on_response: Rc<RefCell<Option<Callback<Heard>>>>,
    /// The reading the page is sending; a new one (or a cancel) makes the old one's loop stop.
    reading: Rc<std::cell::Cell<u64>>,
    requests: Rc<std::cell::Cell<u64>>,
    /// Waits for the worker to have taken what was sent, oldest first (it answers in order).
    acks: Rc<RefCell<VecDeque<Ack>>>,
    /// Where the worker's loader reports a failed worker (see www/worker-loader.js).
    failures: Rc<RefCell<Option<Failures>>>,
}

struct Failures {
    _channel: web_sys::BroadcastChannel,
    _listener: wasm_bindgen::closure::Closure<dyn FnMut(web_sys::MessageEvent)>,
}

/// What the page hears from the worker.
pub enum Heard {
    Response(Response),
    /// The worker stopped (out of memory, a trap): its files and records are gone.
    Lost(String),
}

impl PartialEq for WorkerLink {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.bridge, &other.bridge)
    }
}

/// The worker's loader (www/worker-loader.js, copied as is; the build hook checks it and the
/// worker's files are in place).
const LOADER: &str = "./worker-loader.js";

impl WorkerLink {
    /// Where the worker's answers go (the store's dispatch).
    pub fn set_handler(&self, cb: Callback<Heard>) {
        *self.on_response.borrow_mut() = Some(cb);
    }

    /// Listens for the loader's word that the worker failed; the next request spawns a new one.
    fn watch_failures(&self) {
        use wasm_bindgen::JsCast;
        if self.failures.borrow().is_some() {
            return;
        }
        let Ok(channel) = web_sys::BroadcastChannel::new("storescore-worker") else {
            return;
        };
        let link = self.clone();
        let listener = wasm_bindgen::closure::Closure::<dyn FnMut(web_sys::MessageEvent)>::new(
            move |e: web_sys::MessageEvent| {
                // Another tab's worker is not ours: only a worker of this page that is running.
                if link.bridge.borrow_mut().take().is_none() {
                    return;
                }
                link.acks.borrow_mut().clear();
                let msg = e.data().as_string().unwrap_or_default();
                let cb = link.on_response.borrow().clone();
                if let Some(cb) = cb {
                    cb.emit(Heard::Lost(msg));
                }
            },
        );
        channel.set_onmessage(Some(listener.as_ref().unchecked_ref()));
        *self.failures.borrow_mut() = Some(Failures {
            _channel: channel,
            _listener: listener,
        });
    }

    fn bridge(&self) -> Rc<RefCell<Bridge>> {
        if let Some(b) = self.bridge.borrow().as_ref() {
            return b.clone();
        }
        self.watch_failures();
        let bridge = ReactorSpawner::<StoreWorker>::new()
            .encoding::<Postcard>()
            .with_loader(true)
            .spawn(LOADER);
        let bridge = Rc::new(RefCell::new(bridge));
        *self.bridge.borrow_mut() = Some(bridge.clone());
        let weak: Weak<RefCell<Bridge>> = Rc::downgrade(&bridge);
        let handler = self.on_response.clone();
        let acks = self.acks.clone();
        let current = self.reading.clone();
        wasm_bindgen_futures::spawn_local(async move {
            loop {
                let next = futures::future::poll_fn(|cx| match weak.upgrade() {
                    Some(b) => b.borrow_mut().poll_next_unpin(cx),
                    None => std::task::Poll::Ready(None),
                })
                .await;
                let Some(out) = next else { break };
                // A stopped worker's last words are not for the page.
                if weak.strong_count() == 0 {
                    break;
                }
                match &out {
                    // An abandoned reading's progress is not the page's.
                    Response::Progress(p) if p.reading != current.get() => continue,
                    // Only the reading that waits: an abandoned one's late answer is not its.
                    Response::Taken { reading } => {
                        let waiting = acks.borrow().front().map(|(r, _)| *r);
                        if waiting == Some(*reading) {
                            if let Some((_, tx)) = acks.borrow_mut().pop_front() {
                                let _ = tx.send(true);
                            }
                        }
                        continue;
                    }
                    Response::Cancelled { .. } => {
                        for (_, tx) in acks.borrow_mut().drain(..) {
                            let _ = tx.send(false);
                        }
                    }
                    _ => {}
                }
                let cb = handler.borrow().clone();
                if let Some(cb) = cb {
                    cb.emit(Heard::Response(out));
                }
            }
        });
        bridge
    }

    /// Spawns the worker now if it is not running (its wasm loads while the user picks files).
    pub fn warm(&self) {
        self.bridge();
    }

    /// A new request id (answers to older ones are dropped).
    pub fn next_id(&self) -> u64 {
        self.requests.set(self.requests.get() + 1);
        self.requests.get()
    }

    pub fn send(&self, req: Request) {
        self.bridge().borrow().send_input(req);
    }

    /// Stops the page's sending of a reading at its next slice (a new reading or the sample
    /// takes over; the worker drops a reading when another begins).
    pub fn abandon(&self) {
        self.reading.set(self.reading.get() + 1);
        self.acks.borrow_mut().clear();
    }

    /// Sends a chunk or a file's end of reading `reading`; the answer is true once the worker
    /// has taken it, false on a cancel.
    fn send_taken(&self, reading: u64, req: Request) -> futures::channel::oneshot::Receiver<bool> {
        let (tx, rx) = futures::channel::oneshot::channel();
        self.acks.borrow_mut().push_back((reading, tx));
        self.send(req);
        rx
    }

    /// Stops a reading: the sending at its next slice, the worker at its next chunk of rows
    /// (keeping the records it had, unless the same files were being read again).
    pub fn cancel(&self) {
        self.abandon();
        self.send(Request::Cancel);
    }

    /// Has the worker read the files: each sent a slice at a time, at most [`IN_FLIGHT`] not
    /// yet taken (it reads a text file's rows as they arrive, and keeps at most one other
    /// file's bytes), the next slice read from the file meanwhile; then `Finish`.
    /// False when cancelled or the worker stopped.
    pub async fn read_files(
        &self,
        files: &[web_sys::File],
        mut req: ReadRequest,
        on_sent: impl Fn(u64, u64),
    ) -> bool {
        self.abandon();
        let reading = self.reading.get();
        let current = || self.reading.get() == reading;
        req.id = reading;
        let total = req.bytes_total;
        let mut sent = 0.0;
        self.send(Request::Begin(req));
        for f in files {
            let size = f.size();
            let mut at = 0.0;
            // The answers awaited for the slices sent, oldest first.
            let mut taken = VecDeque::new();
            // Empty, or over the size limit (the worker refuses it by its size; its bytes are
            // not sent): one empty chunk names the file.
            if size == 0.0 || size > crate::ingest::limits::MAX_FILE_BYTES as f64 {
                let chunk = Request::Chunk {
                    name: f.name(),
                    size: size as u64,
                    bytes: Bytes(Vec::new()),
                };
                taken.push_back(self.send_taken(reading, chunk));
                at = size;
                sent += size;
            }
            while at < size {
                let end = (at + SLICE_BYTES).min(size);
                let Ok(blob) = f.slice_with_f64_and_f64(at, end) else {
                    return false;
                };
                let bytes = super::browser::read_blob(&blob).await;
                // Cancelled (or another reading began) while the slice was read.
                while taken.len() >= IN_FLIGHT {
                    if !was_taken(taken.pop_front()).await {
                        return false;
                    }
                }
                if !current() {
                    return false;
                }
                let chunk = Request::Chunk {
                    name: f.name(),
                    size: size as u64,
                    bytes: Bytes(bytes),
                };
                taken.push_back(self.send_taken(reading, chunk));
                sent += end - at;
                on_sent(sent as u64, total);
                at = end;
            }
            while let Some(answer) = taken.pop_front() {
                if !was_taken(Some(answer)).await {
                    return false;
                }
            }
            if !current() {
                return false;
            }
            let end = self.send_taken(reading, Request::EndFile);
            if !was_taken(Some(end)).await || !current() {
                return false;
            }
        }
        self.send(Request::Finish);
        true
    }
}

/// Whether what was sent last (if anything) was taken.
async fn was_taken(answer: Option<futures::channel::oneshot::Receiver<bool>>) -> bool {
    match answer {
        Some(rx) => matches!(rx.await, Ok(true)),
        None => true,
    }
}
