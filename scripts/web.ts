/**
 * `npm run web -- [--port N] [--no-build] [--out DIR] [--workspace FILE] [TRACE_FILE]`
 *
 * Builds the renderer, starts the engine and the loopback browser host
 * (127.0.0.1 only), opens TRACE_FILE if given (at its first step; a `.har`
 * browser recording is imported first), and
 * prints the page URL — which carries this run's one-time token — alone on
 * a line. Ctrl+C stops it.
 *
 * `--workspace FILE` keeps the workspace in FILE as the desktop app keeps
 * its own (a classroom's live sessions survive a restart of the host): it
 * is reopened at start and every live step is written into it before the
 * page hears of it. A TRACE_FILE that would replace live steps no file
 * holds is refused, so nothing recorded is lost without being asked.
 */
import { existsSync, readFileSync } from 'node:fs'
import { basename, join, resolve } from 'node:path'
import { EngineService } from '../src-main/api/engine-service.js'
import { DEFAULT_WEB_OUT, buildRenderer } from '../src-main/web-host/build-renderer.js'
import { startWebHost } from '../src-main/web-host/server.js'

interface Args {
  port: number
  build: boolean
  out: string
  trace: string | null
  workspace: string | null
}

function usage(message?: string): never {
  if (message) console.error(`web: ${message}`)
  console.error('usage: npm run web -- [--port N] [--no-build] [--out DIR] [--workspace FILE] [TRACE_FILE]')
  process.exit(2)
}

function parseArgs(argv: string[]): Args {
  const args: Args = { port: 0, build: true, out: DEFAULT_WEB_OUT, trace: null, workspace: null }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!
    if (a === '--port' || a.startsWith('--port=')) {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i]
      if (v === undefined || !/^\d+$/.test(v) || Number(v) > 65535) usage(`--port needs a number from 0 to 65535, not ${JSON.stringify(v ?? '')}`)
      args.port = Number(v)
    } else if (a === '--no-build') args.build = false
    else if (a === '--out' || a.startsWith('--out=')) {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i]
      if (!v) usage('--out needs a folder')
      args.out = resolve(v)
    } else if (a === '--workspace' || a.startsWith('--workspace=')) {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i]
      if (!v) usage('--workspace needs a file (it is created when missing)')
      args.workspace = resolve(v)
    }
    else if (a === '--help' || a === '-h') usage()
    else if (a.startsWith('-')) usage(`unknown option ${a}`)
    else if (args.trace === null) args.trace = a
    else usage(`only one trace file, got ${args.trace} and ${a}`)
  }
  return args
}

async function openTrace(service: EngineService, file: string): Promise<void> {
  const path = resolve(file)
  if (!existsSync(path)) throw new Error(`no such file: ${path}`)
  // A browser recording (.har) goes through the HAR importer, with the apps of a reopened --workspace (else recorded-only).
  const viaPath = await service.dispatch(/\.har$/i.test(path) ? 'workspace.openHarFile' : 'workspace.openTraceFile', { path })
  if (viaPath.ok) return
  if (!/not available/i.test(viaPath.error.message)) throw new Error(viaPath.error.message)
  const r = await service.dispatch('workspace.openTraceText', { text: readFileSync(path, 'utf8'), name: basename(path) })
  if (!r.ok) throw new Error(r.error.message)
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2))
  const outDir = args.out
  if (args.build) {
    process.stderr.write('Building the renderer…\n')
    await buildRenderer(outDir)
  } else if (!existsSync(join(outDir, 'index.html'))) usage(`--no-build, but ${outDir} has no build`)
  const service = new EngineService(args.workspace ? { workspacePath: args.workspace } : {})
  if (service.startupNotice) process.stderr.write(`web: ${service.startupNotice}\n`)
  if (args.trace) {
    const unsaved = service.summary().unsavedSteps ?? 0
    if (unsaved > 0) {
      console.error(
        `web: ${args.workspace} holds ${unsaved} live step${unsaved === 1 ? '' : 's'} no trace file has; opening ${args.trace} would replace ${unsaved === 1 ? 'it' : 'them'}. ` +
          'Start without the trace and save them from the page (Save / export), or use another --workspace file.',
      )
      service.close()
      process.exit(1)
    }
    try {
      await openTrace(service, args.trace)
    } catch (err) {
      console.error(`web: could not open ${args.trace}: ${(err as Error).message}`)
      process.exit(1)
    }
  }
  const host = await startWebHost({ service, staticDir: outDir, port: args.port })
  process.stderr.write(`Session Scope is served on 127.0.0.1:${host.port} (loopback only). Open this URL; Ctrl+C stops.\n`)
  process.stdout.write(`${host.url}\n`)
  const stop = () => {
    void host.close().finally(() => {
      service.close()
      process.exit(0)
    })
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

await main()
