// The worker's loader (src/ui/worker.rs spawns it): loads the worker's wasm, and tells the
// page when the worker fails (out of memory, a trap), which the worker cannot say through its
// own messages once its wasm has stopped.
function report(message) {
  try {
    new BroadcastChannel("storescore-worker").postMessage(String(message));
  } catch (_) {}
  // A stopped wasm instance answers nothing more: free its memory now.
  self.close();
}
self.addEventListener("error", (e) => report(e.message));
self.addEventListener("unhandledrejection", (e) => report(e.reason));
importScripts("./worker.js");
wasm_bindgen("./worker_bg.wasm").catch((e) => report(e));
