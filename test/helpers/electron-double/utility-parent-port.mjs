// Loaded (--import) into the child that the Electron test double's utilityProcess.fork starts:
// gives it process.parentPort, the utility process's channel to its parent, over Node's IPC.
const listeners = new Set();
process.parentPort = {
  postMessage: (message) => process.send?.(message),
  on(event, fn) {
    if (event === 'message') listeners.add(fn);
    return this;
  },
};
process.on('message', (data) => {
  for (const fn of listeners) fn({ data, ports: [] });
});
// Like a utility process, it ends with its parent.
process.on('disconnect', () => process.exit(0));
