/** Shared pieces of the benchmark: child sections, percentiles, RSS sampling, the bare-parse baseline, the trace cache. */
import { spawn } from 'node:child_process'
import { closeSync, existsSync, mkdirSync, openSync, readSync, renameSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { GENERATOR_VERSION, writeGeneratedTrace } from '../scripts/trace-generator/index.js'

export type Result = Record<string, number>
/** Lines of the printed table: [measure, value, target/note]. */
export type Row = [string, string, string]

export const RESULT_PREFIX = '@@BENCH '

/** Runs a section file in a fresh Node process (its own heap and RSS) and returns what it reports. */
export function runSection(file: string, env: Record<string, string> = {}): Promise<{ result: Result; rows: Row[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--max-old-space-size=4096', '--import', 'tsx', fileURLToPath(new URL(file, import.meta.url))], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, ...env },
    })
    let out = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')))
    child.on('error', reject)
    child.on('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith(RESULT_PREFIX))
      if (code !== 0 || !line) return reject(new Error(`${file} failed (exit ${code})\n${out.slice(-2000)}`))
      resolve(JSON.parse(line.slice(RESULT_PREFIX.length)) as { result: Result; rows: Row[] })
    })
  })
}

/** What a section prints for run.ts. */
export function report(result: Result, rows: Row[]): void {
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify({ result, rows })}\n`)
}

export function log(message: string): void {
  process.stderr.write(`  ${message}\n`)
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[i]!
}

export function median(values: readonly number[]): number {
  return percentile([...values].sort((a, b) => a - b), 50)
}

/** Samples the process's resident set (worker threads included) while `work` runs. */
export async function withPeakRss<T>(work: () => Promise<T>): Promise<{ value: T; peakRssMB: number }> {
  let peak = process.memoryUsage.rss()
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss())
  }, 20)
  try {
    const value = await work()
    peak = Math.max(peak, process.memoryUsage.rss())
    return { value, peakRssMB: peak / 1024 / 1024 }
  } finally {
    clearInterval(timer)
  }
}

/**
 * The baseline for loading: the bare minimum anyone must do to read an NDJSON
 * trace — split the bytes into lines and JSON.parse each — written as fast as
 * we know how (the same splitting the indexer uses), with nothing kept.
 */
export function bareParse(path: string): { ms: number; lines: number } {
  const t0 = performance.now()
  const fd = openSync(path, 'r')
  const buf = Buffer.allocUnsafe(1 << 20)
  let carry: Buffer = Buffer.alloc(0)
  let lines = 0
  try {
    for (;;) {
      const got = readSync(fd, buf, 0, buf.length, null)
      if (got === 0) break
      const data = carry.length > 0 ? Buffer.concat([carry, buf.subarray(0, got)]) : buf.subarray(0, got)
      let start = 0
      for (;;) {
        const nl = data.indexOf(0x0a, start)
        if (nl < 0) break
        if (nl > start) {
          JSON.parse(data.toString('utf8', start, nl))
          lines++
        }
        start = nl + 1
      }
      carry = Buffer.from(data.subarray(start))
    }
    if (carry.length > 0) {
      JSON.parse(carry.toString('utf8'))
      lines++
    }
  } finally {
    closeSync(fd)
  }
  return { ms: performance.now() - t0, lines }
}

/** Reads a file once without parsing (so the page cache treats baseline and load alike). */
export function warmRead(path: string): void {
  const fd = openSync(path, 'r')
  const buf = Buffer.allocUnsafe(4 << 20)
  try {
    while (readSync(fd, buf, 0, buf.length, null) > 0) {
      // just reading
    }
  } finally {
    closeSync(fd)
  }
}

export function benchDir(): string {
  const dir = process.env.SESSION_SCOPE_BENCH_DIR ?? join(tmpdir(), 'session-scope-bench')
  mkdirSync(dir, { recursive: true })
  return dir
}

/** The generated trace for a size (generated once, kept between runs: same options, same file). */
export async function benchTrace(events: number, sessions: number, seed: number, recorded: boolean): Promise<string> {
  const path = join(benchDir(), `gen-v${GENERATOR_VERSION}-${events}-${sessions}-${seed}${recorded ? '-recorded' : ''}.sstrace`)
  if (existsSync(path)) return path
  const t0 = Date.now()
  log(`generating ${events} events into ${path} (once; reused by later runs)…`)
  await writeGeneratedTrace(`${path}.partial`, { events, sessions, seed, recorded }, (n) => {
    if (n % 100_000 === 0) log(`  ${n} events (${((Date.now() - t0) / 1000).toFixed(0)} s)`)
  })
  renameSync(`${path}.partial`, path)
  log(`generated in ${((Date.now() - t0) / 1000).toFixed(0)} s`)
  return path
}

export function fmt(n: number, digits = 2): string {
  if (!Number.isFinite(n)) return String(n)
  if (Math.abs(n) >= 1000) return Math.round(n).toLocaleString('en-US')
  return n.toFixed(digits)
}
