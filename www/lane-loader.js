// The loader of a reading's second lane (the page's worker starts it, crates/parser): loads
// the worker's own wasm (the browser compiled it once already: the same module), hands it the
// one message it gets, and says why it stopped when it fails (the page's worker then reads
// the lane's files itself). It says "ready" once its wasm is loaded.
importScripts("./worker.js");
const fail = (e) => self.postMessage(String((e && e.message) || e || "stopped"));
// "ready": the page's worker gives a lane that has loaded smaller readings.
const ready = wasm_bindgen("./worker_bg.wasm").then(() => self.postMessage("ready"));
self.addEventListener("error", (e) => fail(e.message));
self.addEventListener("unhandledrejection", (e) => fail(e.reason));
self.onmessage = (e) => {
  ready.then(() => wasm_bindgen.read_lane(e.data)).catch(fail);
};
