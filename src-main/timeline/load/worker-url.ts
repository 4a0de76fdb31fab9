/**
 * Where the load worker's entry is, for `new Worker(...)`.
 *
 *   - Under tsx (tests, bench, scripts) this module is a `.ts` file: the
 *     worker starts `tsx-bootstrap.mjs`, which imports `load-worker.ts`
 *     through tsx.
 *   - In a bundle (electron-vite) this module is compiled into the main
 *     bundle, and the worker is the separate entry `load-worker.js` next to
 *     it (electron.vite.config.ts builds it, and keeps shared chunks in the
 *     same folder; test/shell/built-bundle.test.ts opens a trace file with
 *     the built host). A shell that lays files out otherwise calls
 *     `setLoadWorkerUrl()` once at start.
 */
let override: URL | null = null

export function setLoadWorkerUrl(url: URL | string | null): void {
  override = url === null ? null : new URL(String(url))
}

export interface WorkerEntry {
  url: URL
  /** Extra workerData the entry needs (the TypeScript entry for the tsx bootstrap). */
  data: Record<string, unknown>
}

export function loadWorkerEntry(): WorkerEntry {
  if (override) return { url: override, data: {} }
  const here = import.meta.url
  if (here.endsWith('.ts')) return { url: new URL('./tsx-bootstrap.mjs', here), data: { entry: new URL('./load-worker.ts', here).href } }
  return { url: new URL('./load-worker.js', here), data: {} }
}
