/**
 * npm run gen-trace -- --events N [--sessions S] [--seed K] [--recorded] [--out FILE]
 *
 * Writes a deterministic, realistic trace (scripts/trace-generator):
 * virtual users in a shop, a support desk and an onboarding wizard —
 * renders, submits, redirect branches, clear cache, clones, logins,
 * logouts, timeouts. With --recorded the trace has no apps and every event
 * carries its recorded effects (opening it simulates nothing). Same options,
 * same file. `--out -` writes to stdout.
 */
import { stdout, stderr } from 'node:process'
import { writeGeneratedTrace, generateEvents, generatorHeader } from './trace-generator/index.js'
import { TraceWriter } from '../src-main/trace/writer.js'

interface Args {
  events: number
  sessions: number
  seed: number
  recorded: boolean
  out: string | null
}

function usage(message?: string): never {
  if (message) stderr.write(`gen-trace: ${message}\n`)
  stderr.write('usage: npm run gen-trace -- --events N [--sessions S] [--seed K] [--recorded] [--out FILE|-]\n')
  process.exit(2)
}

function parse(argv: string[]): Args {
  const a: Args = { events: NaN, sessions: 200, seed: 1, recorded: false, out: null }
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!
    const value = () => {
      const v = argv[++i]
      if (v === undefined) usage(`${flag} needs a value`)
      return v
    }
    const int = (name: string, min: number) => {
      const v = Number(value())
      if (!Number.isInteger(v) || v < min) usage(`${name} must be a whole number ≥ ${min}`)
      return v
    }
    switch (flag) {
      case '--events':
        a.events = int('--events', 1)
        break
      case '--sessions':
        a.sessions = int('--sessions', 1)
        break
      case '--seed':
        a.seed = int('--seed', 0)
        break
      case '--recorded':
        a.recorded = true
        break
      case '--out':
        a.out = value()
        break
      case '--help':
      case '-h':
        usage()
        break
      default:
        usage(`unknown option ${flag}`)
    }
  }
  if (!Number.isInteger(a.events)) usage('--events is required')
  return a
}

async function main(): Promise<void> {
  const args = parse(process.argv.slice(2))
  const opts = { events: args.events, sessions: args.sessions, seed: args.seed, recorded: args.recorded }
  const started = Date.now()
  if (args.out === '-') {
    const writer = new TraceWriter(stdout, generatorHeader(opts))
    for (const e of generateEvents(opts)) await writer.write(e)
    await writer.close()
    return
  }
  const out = args.out ?? `trace-${args.events}-${args.sessions}-${args.seed}${args.recorded ? '-recorded' : ''}.sstrace`
  const n = await writeGeneratedTrace(out, opts, (done) => {
    if (done % 100_000 === 0) stderr.write(`  ${done} events (${((Date.now() - started) / 1000).toFixed(0)} s)\n`)
  })
  stderr.write(`wrote ${n} events to ${out} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`)
}

main().catch((err: unknown) => {
  stderr.write(`gen-trace: ${(err as Error).message}\n`)
  process.exit(1)
})
