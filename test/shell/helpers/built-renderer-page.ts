/**
 * The desktop's BUILT renderer (out/renderer) and BUILT preload
 * (out/preload/index.cjs) in real Chromium, talking to an engine host through
 * stand-ins for the two Electron pieces Chromium lacks:
 *
 *   - app:// → every request to https://session-scope.test/ is answered by the
 *     shell's own handler (app-protocol.ts `createAppProtocolHandler`, the one
 *     main registers with `protocol.handle`), so the page gets the real path
 *     checks and the real CSP response header;
 *   - the preload's `require('electron')` → a small object whose
 *     `contextBridge.exposeInMainWorld` sets the window property and whose
 *     `ipcRenderer` forwards `invoke` to the engine client and delivers engine
 *     events, as main's IPC bridge does (the bridge's sender check and payload
 *     validation are NOT in this path: ipc-bridge.test.ts covers them).
 *
 * What this cannot show (a sandboxed renderer, context isolation, the real
 * app:// session) needs the Electron binary: docs/desktop.md "What a real run
 * proves, and what rests on wiring tests".
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { EVENT_TOPICS } from '../../../src-main/api/contract.js'
import { createAppProtocolHandler } from '../../../src-main/shell/app-protocol.js'
import type { EngineClient } from '../../../src-main/shell/engine-client.js'
import { EVENT_CHANNEL, INVOKE_CHANNEL } from '../../../src-main/shell/ipc-channels.js'
import { APP_ORIGIN } from '../../../src-main/shell/trusted-url.js'

/** Stands in for app://session-scope: https, so the page is a secure context as app:// is. */
export const PAGE_ORIGIN = 'https://session-scope.test'

export interface BuiltRendererPage {
  context: BrowserContext
  page: Page
  /** Page errors and console errors (a CSP violation is one). */
  errors: string[]
  close(): Promise<void>
}

export async function openBuiltRenderer(browser: Browser, outDir: string, client: EngineClient): Promise<BuiltRendererPage> {
  const serve = createAppProtocolHandler(join(outDir, 'renderer'))
  const preload = readFileSync(join(outDir, 'preload', 'index.cjs'), 'utf8')
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, colorScheme: 'light' })
  const errors: string[] = []

  await context.route(`${PAGE_ORIGIN}/**`, async (route) => {
    const request = route.request()
    const url = new URL(request.url())
    const response = await serve(new Request(`${APP_ORIGIN}${url.pathname}${url.search}`, { method: request.method() }))
    await route.fulfill({ status: response.status, headers: Object.fromEntries(response.headers), body: Buffer.from(await response.arrayBuffer()) })
  })
  // Anything else the page asks for would be a request main's session cancels: fail it here too.
  await context.route((url) => !url.href.startsWith(PAGE_ORIGIN), (route) => {
    errors.push(`request outside the app: ${route.request().url()}`)
    return route.abort()
  })

  await context.exposeFunction('__sessionScopeInvoke', (channel: string, method: string, payload: unknown) => {
    if (channel !== INVOKE_CHANNEL) return { ok: false, error: { code: 'forbidden', message: `unexpected channel ${channel}` } }
    return client.dispatch(method, payload)
  })
  await context.addInitScript({ content: preloadWithStandInElectron(preload) })

  const page = await context.newPage()
  page.on('pageerror', (e) => errors.push(e.message))
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text())
  })
  const unsubscribe = EVENT_TOPICS.map((topic) =>
    client.subscribe(topic, (payload) => {
      void page
        .evaluate(([channel, t, p]) => (globalThis as unknown as { __sessionScopeDeliver(c: string, t: string, p: unknown): void }).__sessionScopeDeliver(channel, t, p), [EVENT_CHANNEL, topic, payload] as const)
        .catch(() => undefined)
    }),
  )
  return {
    context,
    page,
    errors,
    close: async () => {
      for (const u of unsubscribe) u()
      await context.close()
    },
  }
}

/** The built preload, run with a `require` that knows only 'electron' (as in a sandboxed preload). */
function preloadWithStandInElectron(preload: string): string {
  return `(() => {
  const listeners = []
  const electron = {
    contextBridge: { exposeInMainWorld: (name, api) => Object.defineProperty(window, name, { value: api, enumerable: true }) },
    ipcRenderer: {
      invoke: (channel, method, payload) => window.__sessionScopeInvoke(channel, method, payload),
      on: (channel, listener) => { listeners.push({ channel, listener }) },
      removeListener: (channel, listener) => {
        const i = listeners.findIndex((l) => l.channel === channel && l.listener === listener)
        if (i >= 0) listeners.splice(i, 1)
      },
      send: () => {},
    },
    webUtils: { getPathForFile: () => '' },
  }
  Object.defineProperty(window, '__sessionScopeDeliver', {
    value: (channel, topic, payload) => { for (const l of listeners.slice()) if (l.channel === channel) l.listener({}, topic, payload) },
  })
  const require = (name) => {
    if (name !== 'electron') throw new Error('a sandboxed preload can only require electron, not ' + name)
    return electron
  }
  const module = { exports: {} }
  ;(function (require, module, exports) {
${preload}
  })(require, module, module.exports)
})()`
}
