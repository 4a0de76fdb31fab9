/**
 * Finding Chromium for the browser tests: CHROME_PATH, then Debian's
 * /usr/bin/chromium, then `chromium` or `google-chrome` on the PATH. No
 * browser is a failure that says how to fix it, never a silent skip.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import type { Browser } from 'playwright-core'
import { buildRenderer } from '../../../src-main/web-host/build-renderer.js'

export const NO_CHROME_MESSAGE =
  'No Chromium or Chrome found for the browser tests. Install Debian chromium (apt-get install -y chromium; .ci/run does this) or set CHROME_PATH to a Chromium/Chrome executable.'

function onPath(name: string): string | null {
  try {
    return execFileSync('which', [name], { encoding: 'utf8' }).trim() || null
  } catch {
    return null
  }
}

export function findChrome(env: NodeJS.ProcessEnv = process.env, exists: (p: string) => boolean = existsSync, which: (name: string) => string | null = onPath): string {
  const given = env.CHROME_PATH
  if (given) {
    if (exists(given)) return given
    throw new Error(`CHROME_PATH is set to ${given}, which does not exist. ${NO_CHROME_MESSAGE}`)
  }
  if (exists('/usr/bin/chromium')) return '/usr/bin/chromium'
  for (const name of ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable']) {
    const p = which(name)
    if (p) return p
  }
  throw new Error(NO_CHROME_MESSAGE)
}

export async function launchChrome(): Promise<Browser> {
  return chromium.launch({
    executablePath: findChrome(),
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--no-first-run'],
  })
}

/** Builds the renderer once per test file into a fresh temporary folder. */
export async function buildForTests(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'session-scope-web-'))
  return buildRenderer(dir)
}

export const SCREENSHOT_DIR = join(import.meta.dirname, '..', '..', '..', 'test-artifacts', 'screenshots')
