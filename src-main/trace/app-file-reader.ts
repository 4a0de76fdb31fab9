/**
 * Reads one `appFiles` entry of a trace header — a file the trace names by
 * path, so a path an attacker may have written. The rules (issue #12):
 *  - only for a trace opened from a file: a trace sent as text has no folder,
 *    and may not name files on the host at all (the caller passes no folder);
 *  - the path is relative and stays inside the trace's folder, symlinks
 *    resolved (realpath): no absolute path, no `..` out, no link out;
 *  - a regular file only (no FIFO, device such as /dev/zero, directory),
 *    checked before opening and again on the opened descriptor; opened with
 *    O_NONBLOCK, so even a FIFO swapped in between never makes the read wait;
 *  - at most MAX_APP_FILE_BYTES, refused from its size before any byte is read;
 *  - errors name the header field and the path as written, never the file's
 *    content (a JSON parse error quotes the text it choked on, so it is not passed on).
 *
 * The read is synchronous on purpose: its callers (the trace replayer and
 * indexer) are synchronous pipelines that run in a load worker thread or the
 * CLI; the one main-thread caller re-reads, when continuing a loaded trace,
 * files the worker has just accepted. The rules above bound every read: it
 * never waits on a pipe or device and never reads more than the cap.
 */
import { closeSync, constants, fstatSync, openSync, readSync, realpathSync, statSync } from 'node:fs'
import { isAbsolute, relative, resolve, sep } from 'node:path'

/** Largest app definition file read through `appFiles`: far above any real APEX application (a few MB as JSON), far below what would strain the host. */
export const MAX_APP_FILE_BYTES = 32 * 1024 * 1024

export class AppFileRefused extends Error {
  constructor(
    /** The header field, e.g. `header.appFiles[0]`. */
    readonly field: string,
    /** Why, without the field (it is prefixed to the message). */
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`)
    this.name = 'AppFileRefused'
  }
}

/** The path as the trace wrote it, quoted and cut short (it is the trace's text, not the file's). */
export function shownPath(rel: string): string {
  return JSON.stringify(rel.length > 200 ? `${rel.slice(0, 200)}…` : rel)
}

function inside(folder: string, path: string): boolean {
  const r = relative(folder, path)
  return r !== '' && !r.startsWith(`..${sep}`) && r !== '..' && !isAbsolute(r)
}

const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0)

/**
 * The text of `rel` inside `traceDir`, or AppFileRefused. `traceDir` null:
 * the trace did not come from a file, so no file is read.
 */
export function readAppFile(traceDir: string | null, rel: string, field: string, maxBytes = MAX_APP_FILE_BYTES): string {
  const shown = shownPath(rel)
  if (traceDir === null)
    throw new AppFileRefused(field, `${shown} not read for a trace that was not opened from a file (a trace sent as text may not name files on the host); put the app in the header's "apps" instead`)
  if (rel.includes('\0')) throw new AppFileRefused(field, `${shown} is not a file name (it holds a NUL character)`)
  if (isAbsolute(rel) || /^[a-zA-Z]:/.test(rel))
    throw new AppFileRefused(field, `${shown} is outside the trace's folder (an absolute path); name app files relative to the trace, inside its folder`)
  let folder: string
  try {
    folder = realpathSync(traceDir)
  } catch {
    throw new AppFileRefused(field, `cannot read ${shown}: the trace's folder cannot be read`)
  }
  const lexical = resolve(folder, rel)
  if (lexical === folder) throw new AppFileRefused(field, `${shown} names the trace's folder itself, not a file in it`)
  if (!inside(folder, lexical)) throw new AppFileRefused(field, `${shown} is outside the trace's folder (it climbs out with ..)`)
  let real: string
  try {
    real = realpathSync(lexical)
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    throw new AppFileRefused(field, `cannot read ${shown}: ${code === 'ENOENT' ? 'no such file in the trace\'s folder' : `not readable (${code ?? 'error'})`}`)
  }
  if (!inside(folder, real)) throw new AppFileRefused(field, `${shown} is outside the trace's folder (a symbolic link that leads out of it)`)
  const kindOf = (st: { isFile(): boolean; isDirectory(): boolean }) => (st.isDirectory() ? 'a directory' : 'a device, pipe or socket')
  let st
  try {
    st = statSync(real)
  } catch (err) {
    throw new AppFileRefused(field, `cannot read ${shown}: not readable (${(err as NodeJS.ErrnoException).code ?? 'error'})`)
  }
  if (!st.isFile()) throw new AppFileRefused(field, `${shown} is not a regular file (it is ${kindOf(st)})`)
  if (st.size > maxBytes) throw new AppFileRefused(field, `${shown} is larger than ${maxBytes} bytes (${st.size}); an app definition file is at most that`)
  let fd: number
  try {
    fd = openSync(real, OPEN_FLAGS)
  } catch (err) {
    throw new AppFileRefused(field, `cannot read ${shown}: not readable (${(err as NodeJS.ErrnoException).code ?? 'error'})`)
  }
  try {
    // Checked again on what was opened: the path may have been swapped since the checks above.
    st = fstatSync(fd)
    if (!st.isFile()) throw new AppFileRefused(field, `${shown} is not a regular file (it is ${kindOf(st)})`)
    if (st.size > maxBytes) throw new AppFileRefused(field, `${shown} is larger than ${maxBytes} bytes (${st.size}); an app definition file is at most that`)
    // One byte more than allowed, to notice a file that grew since fstat.
    const buf = Buffer.allocUnsafe(Math.min(maxBytes + 1, st.size + 1))
    let got = 0
    for (;;) {
      const n = readSync(fd, buf, got, buf.length - got, null)
      if (n === 0) break
      got += n
      if (got === buf.length) break
    }
    if (got > maxBytes) throw new AppFileRefused(field, `${shown} is larger than ${maxBytes} bytes; an app definition file is at most that`)
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(buf.subarray(0, got))
    } catch {
      throw new AppFileRefused(field, `${shown} is not UTF-8 text`)
    }
  } catch (err) {
    if (err instanceof AppFileRefused) throw err
    throw new AppFileRefused(field, `cannot read ${shown}: not readable (${(err as NodeJS.ErrnoException).code ?? 'error'})`)
  } finally {
    closeSync(fd)
  }
}

/** The parsed JSON of an app file; the parse error itself is not passed on (it quotes the file's text). */
export function parseAppFile(text: string, rel: string, field: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    throw new AppFileRefused(field, `${shownPath(rel)} is not valid JSON (an app definition file holds one app object or an array of them)`)
  }
}
