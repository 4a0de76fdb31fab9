// The renderer built for the loopback browser host (`npm run web`, browser
// tests, UI bench): the same renderer as electron-vite's, as plain static
// files with relative asset paths.
import { resolve } from 'node:path'
import { defineConfig } from 'vite'
import react from '@vitejs/plugin-react'

const root = import.meta.dirname

export default defineConfig({
  root: resolve(root, 'src-renderer'),
  base: './',
  mode: 'production',
  // Tests run under NODE_ENV=test; the renderer is always the production build.
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  plugins: [react()],
  logLevel: 'warn',
  build: {
    outDir: resolve(root, 'out/web'),
    emptyOutDir: true,
    sourcemap: false,
    reportCompressedSize: false,
    modulePreload: { polyfill: false },
  },
})
