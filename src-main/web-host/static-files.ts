/**
 * Serves the built renderer: only files inside its folder (no traversal, no
 * dot files, no symlinks out), with the right MIME type and a strict CSP.
 */
import { createReadStream } from 'node:fs'
import { realpath, stat } from 'node:fs/promises'
import type { ServerResponse } from 'node:http'
import { extname, join, resolve, sep } from 'node:path'

export const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
}

export function securityHeaders(): Record<string, string> {
  return {
    'Content-Security-Policy': CSP,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cache-Control': 'no-store',
  }
}

/** The file a URL path names inside `root`, or null when it may not be served. */
export async function resolveStatic(root: string, urlPath: string): Promise<string | null> {
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPath)
  } catch {
    return null
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null
  const rel = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '')
  if (rel.split('/').some((seg) => seg === '..' || seg.startsWith('.'))) return null
  const base = resolve(root)
  const full = resolve(join(base, rel))
  if (full !== base && !full.startsWith(base + sep)) return null
  try {
    const real = await realpath(full)
    const realBase = await realpath(base)
    if (!real.startsWith(realBase + sep)) return null
    const st = await stat(real)
    return st.isFile() ? real : null
  } catch {
    return null
  }
}

export async function serveStatic(root: string, urlPath: string, res: ServerResponse, extraHeaders: Record<string, string> = {}): Promise<boolean> {
  const file = await resolveStatic(root, urlPath)
  if (!file) return false
  const type = MIME[extname(file).toLowerCase()] ?? 'application/octet-stream'
  res.writeHead(200, { 'Content-Type': type, ...securityHeaders(), ...extraHeaders })
  await new Promise<void>((done) => {
    const stream = createReadStream(file)
    stream.on('error', () => {
      res.destroy()
      done()
    })
    stream.on('end', done)
    stream.pipe(res)
  })
  return true
}
