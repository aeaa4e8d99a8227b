//! The page's end of the worker: spawned on first need (a page opened from a scenario link never
//! loads it), handed the files (their handles: the page never reads their bytes), its answers
//! turned into store actions.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use futures::StreamExt;
use yew::Callback;
use yew_agent::reactor::{ReactorBridge, ReactorSpawner};

use protocol::{send_files, Postcard, StoreWorker};
use protocol::{ReadRequest, Request, Response};

type Bridge = ReactorBridge<StoreWorker>;

/// A handle to the (lazily spawned) worker. Clones share it.
#[derive(Clone, Default)]
pub struct WorkerLink {
    bridge: Rc<RefCell<Option<Rc<RefCell<Bridge>>>>>,
    on_response: Rc<RefCell<Option<Callback<FromWorker>>>>,
    /// The reading the page waits for; an older one's progress is not shown.
    reading: Rc<std::cell::Cell<u64>>,
    /// The latest reading asked for: an older one's end is not shown (a cancelled reading
    /// that ended before the cancel came is: the worker holds its records).
    latest_read: Rc<std::cell::Cell<u64>>,
    requests: Rc<std::cell::Cell<u64>>,
    /// Where the worker's loader reports a failed worker (see www/worker-loader.js).
    failures: Rc<RefCell<Option<Failures>>>,
}

struct Failures {
    _channel: web_sys::BroadcastChannel,
    _listener: wasm_bindgen::closure::Closure<dyn FnMut(web_sys::MessageEvent)>,
}

/// What the page hears from the worker.
pub enum FromWorker {
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
    pub fn set_handler(&self, cb: Callback<FromWorker>) {
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
                let msg = e.data().as_string().unwrap_or_default();
                let cb = link.on_response.borrow().clone();
                if let Some(cb) = cb {
                    cb.emit(FromWorker::Lost(msg));
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
        let current = self.reading.clone();
        let latest_read = self.latest_read.clone();
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
                // An abandoned reading's progress is not the page's.
                if matches!(&out, Response::Progress(p) if p.reading != current.get()) {
                    continue;
                }
                // Nor its end: the files of the reading that took over are read next.
                if matches!(&out, Response::Loaded(s) if s.reading != 0 && s.reading < latest_read.get())
                {
                    continue;
                }
                let cb = handler.borrow().clone();
                if let Some(cb) = cb {
                    cb.emit(FromWorker::Response(out));
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

    /// Forgets the reading under way (a new reading or the sample takes over: the worker
    /// drops a reading when another request of the kind comes).
    pub fn abandon(&self) {
        self.reading.set(self.reading.get() + 1);
    }

    /// Stops a reading at the worker's next chunk of rows (keeping the records it had, unless
    /// the same files were being read again).
    pub fn cancel(&self) {
        self.abandon();
        self.send(Request::Cancel);
    }

    /// Has the worker read `files`: their handles go with the request (the worker reads each
    /// a slice at a time, a text file's rows as its slices come; the page never holds their
    /// bytes), and it answers with progress, then `Loaded` or `Cancelled`.
    pub fn read_files(&self, files: &[web_sys::File], mut req: ReadRequest) {
        self.abandon();
        req.id = self.reading.get();
        self.latest_read.set(req.id);
        // The bridge first: a worker spawned now holds messages until it has loaded, and
        // the files go with the first one posted.
        let bridge = self.bridge();
        send_files(req.id, files.to_vec());
        bridge.borrow().send_input(Request::Read(req));
    }
}
