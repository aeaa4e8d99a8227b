//! The page's worker (wasm32): a yew-agent reactor that reads the files the page hands over and
//! answers the page's requests through `reading::held::Held`, speaking the `protocol` crate's
//! messages and codec. Built by Trunk as the `worker` binary; nothing here runs natively.

#![deny(unsafe_code)]
#![cfg(target_arch = "wasm32")]

use std::collections::VecDeque;

use futures::{FutureExt, SinkExt, StreamExt};
use js_sys::Uint8Array;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::File;
use yew_agent::reactor::{reactor, ReactorScope};

use ingest::{Loader, STEP_ROWS};
use protocol::slices::{now, Slices};
use protocol::{take_files, wasm_memory_bytes, Postcard, Request, Response, Timing};
use reading::held::{self, Held, Underway};
use reading::lane::{CutAt, LaneFile};

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

/// A second lane of the reading (`reading::lane`): the parse worker reading some of the
/// files, and what it has sent. Dropped, it stops the parse worker.
struct Lane {
    worker: web_sys::Worker,
    /// The parse worker's messages, as they come.
    heard: futures::channel::mpsc::UnboundedReceiver<JsValue>,
    _listen: Closure<dyn FnMut(web_sys::MessageEvent)>,
    _fail: Closure<dyn FnMut(web_sys::Event)>,
    /// The files' places in the reading.
    places: Vec<usize>,
    /// Each file's records as sent, kept in the browser's memory (not the wasm's) until
    /// taken.
    sent: Vec<Uint8Array>,
    /// The lane read all its files (`Ok`), or stopped, and why.
    end: Option<Result<(), String>>,
    /// Its worker has loaded its wasm (it said `"ready"`).
    ready: bool,
    /// When it was started, and when its first word came ([`now`]).
    started: f64,
    first_heard: Option<f64>,
    /// What it said it spent reading and writing, in ms.
    read_ms: f64,
    written_ms: f64,
}

impl Drop for Lane {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}

/// Says figures of the reading (ms: a second lane's start to its first word, its reading and
/// writing, the wait for it, taking its records; the end of the reading, the analysis) on the
/// `storescore-lane` channel, where the browser benchmark hears them (the page does not: they
/// would cost its wasm).
fn tell_benchmark(figures: &[(&str, f64)]) {
    let Ok(channel) = web_sys::BroadcastChannel::new("storescore-lane") else {
        return;
    };
    let o = js_sys::Object::new();
    for (k, v) in figures {
        let _ = js_sys::Reflect::set(&o, &JsValue::from_str(k), &JsValue::from_f64(*v));
    }
    let _ = channel.post_message(&o);
    channel.close();
}

/// The machine's logical processors, as the browser says.
fn cores() -> u32 {
    js_sys::global()
        .dyn_into::<web_sys::WorkerGlobalScope>()
        .map_or(1, |g| g.navigator().hardware_concurrency() as u32)
}

impl Lane {
    /// Starts a worker for a second lane: it loads its wasm and waits for its files
    /// ([`Lane::begin`]). Started before a reading needs it, it is ready when the files come.
    fn spawn() -> Option<Lane> {
        let options = web_sys::WorkerOptions::new();
        options.set_name(LANE);
        let worker = web_sys::Worker::new_with_options("./lane-loader.js", &options).ok()?;
        let (tx, heard) = futures::channel::mpsc::unbounded();
        let fail_tx = tx.clone();
        let listen =
            Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
                let _ = tx.unbounded_send(e.data());
            });
        // The loader could not be loaded, or the worker failed without a word.
        let fail = Closure::<dyn FnMut(web_sys::Event)>::new(move |_: web_sys::Event| {
            let _ = fail_tx.unbounded_send(JsValue::from_str("the parse worker failed"));
        });
        worker.set_onmessage(Some(listen.as_ref().unchecked_ref()));
        worker.set_onerror(Some(fail.as_ref().unchecked_ref()));
        Some(Lane {
            worker,
            heard,
            _listen: listen,
            _fail: fail,
            places: Vec::new(),
            sent: Vec::new(),
            end: None,
            ready: false,
            started: now(),
            first_heard: None,
            read_ms: 0.0,
            written_ms: 0.0,
        })
    }

    /// Gives the lane `files` (at `places` in the reading) to read for `req`, and then the
    /// rest of `cut`'s file from its cut, if any.
    fn begin(
        mut self,
        req: &protocol::ReadRequest,
        files: &[&File],
        places: Vec<usize>,
        cut: Option<(&File, CutAt)>,
    ) -> Option<Lane> {
        let request = postcard::to_allocvec(req).ok()?;
        let handles = js_sys::Array::new();
        for f in files {
            handles.push(f);
        }
        let at: js_sys::Array = places
            .iter()
            .map(|&p| JsValue::from_f64(p as f64))
            .collect();
        let message = js_sys::Array::of3(&Uint8Array::from(&request[..]), &handles, &at);
        if let Some((file, c)) = cut {
            message.push(&js_sys::Array::of3(
                file,
                &JsValue::from_f64(c.file as f64),
                &JsValue::from_f64(c.at as f64),
            ));
        }
        self.worker.post_message(&message).ok()?;
        self.places = places;
        self.started = now();
        Some(self)
    }

    /// Takes one message of the parse worker.
    fn take(&mut self, held: &mut Held, m: JsValue) {
        if m.as_string().as_deref() != Some("ready") {
            self.first_heard.get_or_insert_with(now);
        }
        if let Some(figures) = m.dyn_ref::<js_sys::Float64Array>() {
            if let (Some(s), [bytes, rows, read, written]) =
                (held.session.as_mut(), &figures.to_vec()[..])
            {
                s.lane_progress(*bytes as u64, *rows as u64);
                (self.read_ms, self.written_ms) = (*read, *written);
            }
        } else if m.is_instance_of::<Uint8Array>() {
            self.sent.push(m.unchecked_into());
        } else {
            let word = m.as_string().unwrap_or_else(|| "no word".into());
            match word.as_str() {
                "ready" => self.ready = true,
                "done" => self.end = Some(Ok(())),
                _ => self.end = Some(Err(word)),
            }
        }
    }

    /// Whether a lane not yet given files has loaded its wasm (and not failed), from what it
    /// has said so far.
    fn loaded(&mut self, held: &mut Held) -> bool {
        self.hear(held);
        self.ready && self.end.is_none()
    }

    /// Takes the messages that have come.
    fn hear(&mut self, held: &mut Held) {
        while let Ok(m) = self.heard.try_recv() {
            self.take(held, m);
        }
    }

    /// Waits for the lane's end, saying the progress as it comes and hearing the page; then
    /// takes its files' records (the rest of a cut file among them). `Err`: the lane
    /// stopped, and its files (their places) are to be read here.
    async fn finish(
        mut self,
        scope: &mut Scope,
        held: &mut Held,
        pending: &mut VecDeque<Request>,
        waited: &mut f64,
    ) -> Result<Finished, Vec<usize>> {
        use futures::future::Either;
        let start = now();
        self.hear(held);
        while self.end.is_none() {
            if let Some(p) = held.session.as_ref().map(|s| s.progress_in("", 0, 0)) {
                if scope.send(Response::Progress(p)).await.is_err() {
                    return Ok(Finished::Stopped(Ran::Gone));
                }
            }
            let next = futures::future::select(self.heard.next(), scope.next()).await;
            match next {
                Either::Left((Some(m), _)) => self.take(held, m),
                Either::Left((None, _)) => {
                    self.end = Some(Err("the parse worker is gone".into()));
                }
                Either::Right((Some(Request::Cancel), _)) => {
                    return Ok(Finished::Stopped(Ran::Cancelled))
                }
                Either::Right((Some(next @ (Request::Read(_) | Request::Sample)), _)) => {
                    pending.push_back(next);
                    return Ok(Finished::Stopped(Ran::Superseded));
                }
                Either::Right((Some(other), _)) => pending.push_back(other),
                Either::Right((None, _)) => return Ok(Finished::Stopped(Ran::Gone)),
            }
            self.hear(held);
        }
        let taking = now();
        *waited += taking - start;
        let said = [
            (
                "started_ms",
                self.first_heard.unwrap_or(taking) - self.started,
            ),
            ("read_ms", self.read_ms),
            ("written_ms", self.written_ms),
            ("waited_ms", taking - start),
            ("taken_ms", 0.0),
        ];
        let places = std::mem::take(&mut self.places);
        if let Some(Err(_)) = &self.end {
            return Err(places);
        }
        let mut files = Vec::with_capacity(self.sent.len());
        let mut rest = None;
        for sent in std::mem::take(&mut self.sent) {
            // Out of the browser's buffer a piece at a time (never a whole copy).
            let len = sent.length() as usize;
            let taken = reading::lane::decode_from(len, |at, buf| {
                let end = at.saturating_add(buf.len());
                if end > len {
                    return false;
                }
                sent.subarray(at as u32, end as u32).copy_to(buf);
                true
            });
            match taken.map(LaneFile::into_rest) {
                Ok(Ok(r)) => rest = Some(r),
                Ok(Err(f)) => files.push(*f),
                Err(_) => return Err(places),
            }
        }
        if files.len() != places.len() {
            return Err(places);
        }
        Ok(Finished::Files(Box::new(Taken {
            places,
            files,
            rest,
            said,
            taking,
        })))
    }
}

/// How a second lane ended ([`Lane::finish`]): the reading stopped meanwhile, or its files'
/// records.
enum Finished {
    Stopped(Ran),
    Files(Box<Taken>),
}

/// A second lane's records, taken: its files, and the rows of the rest of a cut file.
struct Taken {
    places: Vec<usize>,
    files: Vec<LaneFile>,
    rest: Option<ingest::Rest>,
    /// Its figures for the benchmark, and when taking them began.
    said: [(&'static str, f64); 5],
    taking: f64,
}

/// Reads the files of the reading `held` began: on two cores or more, a second lane reads
/// some of them in a parse worker ([`Lane`], as `reading::lane::plan` says) while this one
/// reads the others, each as [`read_file`] does; when this one reads one large file alone, it
/// reads it up to a cut and the second lane the rest of it (`reading::lane::cut_plan`). Both
/// lanes' files end in the reading's order. `waited`: milliseconds spent waiting for the
/// browser's reads and for the lane.
async fn read_files(
    scope: &mut Scope,
    held: &mut Held,
    files: &[File],
    pending: &mut VecDeque<Request>,
    waited: &mut f64,
    spare: &mut Option<Lane>,
) -> Ran {
    use reading::lane::{cut_plan, plan, ToRead};
    let weighed: Vec<ToRead> = files
        .iter()
        .map(|f| {
            let size = f.size() as u64;
            ToRead {
                size,
                read: held::has_bytes_to_read(size) && !held.reusable(&f.name(), size),
            }
        })
        .collect();
    // A spare lane that failed to load is no use; one loaded already costs less to start.
    if spare.as_ref().is_some_and(|l| l.end.is_some()) {
        *spare = None;
    }
    let ready = spare.as_mut().is_some_and(|l| l.loaded(held));
    let theirs = plan(&weighed, cores(), ready);
    let cut = cut_plan(&weighed, &theirs, cores(), ready);
    let places: Vec<usize> = (0..files.len()).filter(|&i| theirs[i]).collect();
    let mut lane = match &held.session {
        Some(s) if !places.is_empty() || cut.is_some() => {
            let handles: Vec<&File> = places.iter().map(|&i| &files[i]).collect();
            spare.take().or_else(Lane::spawn).and_then(|l| {
                l.begin(
                    s.request(),
                    &handles,
                    places,
                    cut.map(|c| (&files[c.file], c)),
                )
            })
        }
        _ => None,
    };
    let mut mine = Vec::with_capacity(files.len());
    // The cut file, read up to its cut.
    let mut waiting = None;
    for (i, file) in files.iter().enumerate() {
        if lane.is_some() && theirs[i] {
            continue;
        }
        mine.push(i);
        let at = cut.filter(|c| lane.is_some() && c.file == i).map(|c| c.at);
        match read_file(scope, held, file, pending, waited, lane.as_mut(), at).await {
            Read::Done(Ran::On) => {}
            Read::Done(stop) => return stop,
            Read::Cut(w) => waiting = Some(w),
        }
    }
    let Some(lane) = lane else {
        return Ran::On;
    };
    match lane.finish(scope, held, pending, waited).await {
        Ok(Finished::Stopped(ran)) => ran,
        Ok(Finished::Files(mut taken)) => {
            if let Some(w) = waiting {
                let joined = taken
                    .rest
                    .take()
                    .is_some_and(|r| r.at() as u64 == w.at && held.join_rest(r));
                // Whether the second lane's rows joined (the e2e test and the benchmark hear).
                tell_benchmark(&[("cut_joined", f64::from(u8::from(joined)))]);
                if joined {
                    held.end_file();
                } else {
                    match read_on(scope, held, w, pending, waited).await {
                        Ran::On => {}
                        stop => return stop,
                    }
                }
            }
            // Messages sent as their turns alone, while another file has messages too: the
            // turns are built from all of them, so the lane's files are read here.
            if !held
                .session
                .as_ref()
                .is_some_and(|s| s.takes_lane(&taken.files))
            {
                return read_here(scope, held, files, mine, taken.places, pending, waited).await;
            }
            if let Some(s) = held.session.as_mut() {
                s.merge_lane(&mine, taken.files);
            }
            taken.said[4].1 = now() - taken.taking;
            tell_benchmark(&taken.said);
            Ran::On
        }
        // The lane stopped (its worker is stopped now): the cut file is read on here, and
        // the lane's files read here.
        Err(places) => {
            if let Some(w) = waiting {
                match read_on(scope, held, w, pending, waited).await {
                    Ran::On => {}
                    stop => return stop,
                }
            }
            read_here(scope, held, files, mine, places, pending, waited).await
        }
    }
}

/// Reads here the files at `places` that a second lane was to read (it stopped, or its
/// records cannot be taken), after those read here (`mine`).
async fn read_here(
    scope: &mut Scope,
    held: &mut Held,
    files: &[File],
    mut mine: Vec<usize>,
    places: Vec<usize>,
    pending: &mut VecDeque<Request>,
    waited: &mut f64,
) -> Ran {
    if let Some(s) = held.session.as_mut() {
        s.lane_progress(0, 0);
    }
    for i in places {
        mine.push(i);
        match read_file(scope, held, &files[i], pending, waited, None, None).await {
            Read::Done(Ran::On) | Read::Cut(_) => {}
            Read::Done(stop) => return stop,
        }
    }
    if let Some(s) = held.session.as_mut() {
        s.merge_lane(&mine, Vec::new());
    }
    Ran::On
}

/// How reading a file's slices ended: read (or the reading stopped), or at a cut.
enum Read<'a> {
    Done(Ran),
    Cut(Waiting<'a>),
}

/// A file read up to a cut: where the rest's rows start, the bytes of them already read and
/// the file's slices from there.
struct Waiting<'a> {
    name: String,
    size: u64,
    at: u64,
    left: Vec<u8>,
    slices: Slices<'a>,
}

/// Reads one file of the reading `held` began, a slice at a time (the next slice read by the
/// browser while this one's rows are read; a text file's rows as its slices come, a workbook
/// at its end), hearing a second lane's progress between slices; up to the first row that
/// starts at or after byte `cut`, if any, in a text read as it arrives.
async fn read_file<'a>(
    scope: &mut Scope,
    held: &mut Held,
    file: &'a File,
    pending: &mut VecDeque<Request>,
    waited: &mut f64,
    lane: Option<&mut Lane>,
    cut: Option<u64>,
) -> Read<'a> {
    let (name, size) = (file.name(), file.size() as u64);
    // Read before, the same way: its records are taken, not read again.
    if held.reuse(&name, size) {
        return Read::Done(Ran::On);
    }
    let read = held.begin_file(&name, size);
    let slices = Slices::new(file, read);
    read_slices(scope, held, name, size, slices, pending, waited, lane, cut).await
}

/// Reads on a file read up to a cut, here: the second lane did not read its rest, or its
/// rows could not join (a quoted field across the cut).
async fn read_on(
    scope: &mut Scope,
    held: &mut Held,
    w: Waiting<'_>,
    pending: &mut VecDeque<Request>,
    waited: &mut f64,
) -> Ran {
    held.chunk(w.name.clone(), w.size, &w.left);
    match rows_read(scope, held, pending).await {
        Ran::On => {}
        stop => return stop,
    }
    match read_slices(
        scope, held, w.name, w.size, w.slices, pending, waited, None, None,
    )
    .await
    {
        Read::Done(ran) => ran,
        Read::Cut(_) => Ran::On,
    }
}

/// The rows of the bytes given to the file being read (a text's as they arrive; a workbook's
/// progress).
async fn rows_read(scope: &mut Scope, held: &mut Held, pending: &mut VecDeque<Request>) -> Ran {
    match held.streaming() {
        Some((session, loader)) => read_rows(scope, session, loader, pending).await,
        None => {
            let Some(p) = held.receiving() else {
                return Ran::On;
            };
            if scope.send(Response::Progress(p)).await.is_err() {
                return Ran::Gone;
            }
            heard(scope, pending)
        }
    }
}

/// The slices of file `name` from where `slices` is, as [`read_file`] reads them.
#[allow(clippy::too_many_arguments)]
async fn read_slices<'a>(
    scope: &mut Scope,
    held: &mut Held,
    name: String,
    size: u64,
    mut slices: Slices<'a>,
    pending: &mut VecDeque<Request>,
    waited: &mut f64,
    mut lane: Option<&mut Lane>,
    cut: Option<u64>,
) -> Read<'a> {
    let mut buf = Vec::new();
    loop {
        let from = slices.at();
        let Some(slice) = slices.next(&mut buf, waited).await else {
            break;
        };
        if let Err(detail) = slice {
            held.unreadable(&name, size, detail);
            return Read::Done(Ran::On);
        }
        // The cut, in a text read as it arrives (its loader opened on its first slice).
        let k = cut
            .filter(|_| held.streaming().is_some())
            .and_then(|m| held::cut_in(&buf, from, m));
        held.chunk(name.clone(), size, &buf[..k.unwrap_or(buf.len())]);
        if let Some(lane) = lane.as_deref_mut() {
            lane.hear(held);
        }
        match rows_read(scope, held, pending).await {
            Ran::On => {}
            stop => return Read::Done(stop),
        }
        if let Some(k) = k {
            return Read::Cut(Waiting {
                at: from + k as u64,
                left: buf[k..].to_vec(),
                name,
                size,
                slices,
            });
        }
    }
    // The file is all here: read (what is left of) it.
    let (Some(session), Some(mut f)) = (held.session.as_mut(), held.incoming.take()) else {
        return Read::Done(Ran::On);
    };
    let mut loader = session.open_incoming(&mut f);
    match read_rows(scope, session, &mut loader, pending).await {
        Ran::On => session.add(loader),
        stop => return Read::Done(stop),
    }
    // The file's bytes go now, before the next file's come.
    drop(f);
    Read::Done(Ran::On)
}

/// Warms the worker up (`reading::warm`: a small generated store read, prepared, analysed and
/// dropped, so that the browser compiles the code a reading runs while the seller still picks
/// files) until it is done or a request comes (kept in `pending`, served next: the steps are
/// short, see `reading::warm`). `false`: the page dropped its bridge.
async fn warm_up(scope: &mut Scope, pending: &mut VecDeque<Request>) -> bool {
    let begun = now();
    let mut w =
        reading::warm::WarmUp::new(reading::warm::WARM_ORDERS, reading::warm::WARM_READINGS);
    let mut done = false;
    let mut longest: f64 = 0.0;
    while !done {
        yield_to_events().await;
        match scope.next().now_or_never() {
            Some(Some(r)) => {
                pending.push_back(r);
                break;
            }
            Some(None) => return false,
            None => {
                let t = now();
                done = !w.step();
                longest = longest.max(now() - t);
            }
        }
    }
    tell_benchmark(&[
        ("warmed_ms", now() - begun),
        ("warmed", f64::from(done)),
        ("warm_step_ms", longest),
    ]);
    true
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
    // A second lane's worker, ready for the next reading that needs one (on two cores or
    // more): started now, while no files are read, and again after a reading used it, once
    // the reading is analysed (a worker starting while the analysis runs slowed it by 15 to
    // 20 ms at 100k orders).
    let lanes = cores() >= 2;
    let mut spare = if lanes { Lane::spawn() } else { None };
    // The last answer was a reading's records: the page asks for their analysis next.
    let mut analysis_due = false;
    // Started because files are about to come, and none has: a warm-up meanwhile.
    if !warm_up(&mut scope, &mut pending).await {
        return;
    }
    loop {
        if lanes && spare.is_none() && pending.is_empty() && !analysis_due {
            spare = Lane::spawn();
        }
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
                match read_files(
                    &mut scope,
                    &mut held,
                    &files,
                    &mut pending,
                    &mut waited,
                    &mut spare,
                )
                .await
                {
                    Ran::On => {
                        let ending = now();
                        let summary = held.finish();
                        tell_benchmark(&[("finish_ms", now() - ending)]);
                        match summary {
                            Some(summary) => Response::Loaded(summary),
                            None => continue,
                        }
                    }
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
                tell_benchmark(&[("analyse_ms", now() - start)]);
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
        analysis_due = matches!(out, Response::Loaded(_));
        if scope.send(out).await.is_err() {
            return;
        }
    }
}

/// Whether this worker runs a reading's second lane (started by [`Lane::start`]), not the
/// page's worker.
pub fn is_lane() -> bool {
    js_sys::global()
        .dyn_into::<web_sys::DedicatedWorkerGlobalScope>()
        .is_ok_and(|g| g.name() == LANE)
}

/// The name of a second lane's worker.
const LANE: &str = "lane";

/// The worker binary's `main`.
pub fn register() {
    use yew_agent::Registrable;
    StoreWorker::registrar().encoding::<Postcard>().register();
}
