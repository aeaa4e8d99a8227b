// The slice reader (src/worker/reactor.rs, `SliceReader`): a worker of the page's worker that
// reads the files' slices on a thread of its own, so that the browser's reading tasks run
// beside the reading of the rows, not between its steps. Each slice goes back moved (a
// transfer), not copied.
self.onmessage = ({ data: { id, file, at, end } }) => {
  file.slice(at, end).arrayBuffer().then(
    (bytes) => self.postMessage({ id, bytes }, [bytes]),
    (e) => self.postMessage({ id, error: String((e && e.name) || e) }),
  );
};
