// Starts a TypeScript worker entry under tsx (tests, `npm run bench`, scripts):
// Node 20 does not pass module hooks registered with --import on to worker
// threads, so the worker registers tsx itself. Bundled builds start the
// compiled entry directly (see worker-url.ts).
import { workerData } from 'node:worker_threads'
import { tsImport } from 'tsx/esm/api'

await tsImport(workerData.entry, import.meta.url)
