// Entry of the import's worker thread: the sources are TypeScript, run through tsx, whose loader
// is registered per thread on Node 20. Then the module named in workerData.entry takes over.
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
await import(workerData.entry);
