import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'

const root = import.meta.dirname

export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        input: {
          // The Electron main process (window, menus, IPC, security).
          index: resolve(root, 'src-main/index.ts'),
          // The engine service, run in a utilityProcess (docs/desktop.md).
          'engine-host': resolve(root, 'src-main/shell/engine-host.ts'),
          // The trace load worker, started by the engine host with `new Worker()` from a path
          // beside the bundle (src-main/timeline/load/worker-url.ts): without this entry the
          // built app cannot open a trace file (test/shell/built-bundle.test.ts).
          'load-worker': resolve(root, 'src-main/timeline/load/load-worker.ts'),
        },
        // Shared chunks sit beside the entries (not in out/main/chunks/), so a path made from
        // `import.meta.url` (worker-url.ts, trace/app-sources.ts) means the same whichever
        // chunk the code lands in.
        output: { chunkFileNames: '[name]-[hash].js' },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload must be one self-contained CommonJS file.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(root, 'src-main/shell/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'src-renderer',
    build: {
      rollupOptions: { input: { index: resolve(root, 'src-renderer/index.html') } },
    },
    plugins: [react()],
  },
})
