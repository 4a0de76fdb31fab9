#!/usr/bin/env node
// `npm run audit:electron`: runs @doyensec/electronegativity over the shell's
// sources (src-main) and, when built, over out/ (the bundles and the renderer
// HTML with its CSP), writes the CSV reports to test-artifacts/electronegativity/
// and prints every finding with how docs/security.md addresses it. A report,
// not a gate: it exits 0 unless the tool itself fails. Works offline (the
// Electron version is given, so it does not look it up).
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, relative } from 'node:path'

const require = createRequire(import.meta.url)
const root = join(import.meta.dirname, '..')
const outDir = join(root, 'test-artifacts', 'electronegativity')
const cli = join(dirname(require.resolve('@doyensec/electronegativity/package.json')), 'dist', 'index.js')
const electronVersion = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version

/** How each check is met (docs/security.md has the details). */
const DISPOSITION = {
  CSP_GLOBAL_CHECK:
    "The CSP is sent as a response header by the app:// handler (shell/csp.ts, shell/app-protocol.ts), which the tool cannot see in src-main; in out/ it reads the <meta> copy (csp-evaluator asks for object-src 'none' there until src-renderer/index.html carries the full policy). Its remaining note is \"'self' can be problematic if you host JSONP, Angular or user uploaded files\": app:// serves only our own bundle.",
  CONTEXT_ISOLATION_JS_CHECK: 'False positive: the options come from buildWindowOptions() (shell/window-options.ts: contextIsolation true), asserted by test/shell/window-options.test.ts.',
  SANDBOX_JS_CHECK: 'False positive: sandbox: true in buildWindowOptions(), plus app.enableSandbox() for every renderer.',
  AUXCLICK_JS_CHECK: "disableBlinkFeatures: 'Auxclick' is set in buildWindowOptions(); new windows are denied by setWindowOpenHandler anyway.",
  OPEN_EXTERNAL_JS_CHECK: 'Only the output of allowedExternalUrl() (shell/trusted-url.ts: parsed, https, allowlisted host) reaches shell.openExternal.',
  LIMIT_NAVIGATION_GLOBAL_CHECK: 'will-navigate, will-redirect, will-frame-navigate and setWindowOpenHandler are installed for every web contents (shell/security.ts).',
  PERMISSION_REQUEST_HANDLER_GLOBAL_CHECK: 'setPermissionRequestHandler / setPermissionCheckHandler deny all but clipboard writes from app:// (shell/security.ts).',
}

function parseCsv(text) {
  const rows = []
  let row = []
  let field = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"'
        i++
      } else if (c === '"') quoted = false
      else field += c
    } else if (c === '"') quoted = true
    else if (c === ',') {
      row.push(field.trim())
      field = ''
    } else if (c === '\n') {
      row.push(field.trim())
      rows.push(row)
      row = []
      field = ''
    } else if (c !== '\r') field += c
  }
  if (field || row.length) {
    row.push(field.trim())
    rows.push(row)
  }
  return rows
}

mkdirSync(outDir, { recursive: true })
const inputs = [join(root, 'src-main'), join(root, 'out')].filter((p) => existsSync(p))
let total = 0
for (const input of inputs) {
  const name = relative(root, input).replaceAll(/[\\/]/g, '-')
  const csv = join(outDir, `${name}.csv`)
  // The tool does not truncate an existing report: start from nothing.
  rmSync(csv, { force: true })
  const r = spawnSync(process.execPath, [cli, '-i', input, '-r', '-v', 'false', '-e', electronVersion, '-o', csv], { cwd: root, encoding: 'utf8' })
  if (r.status !== 0 || !existsSync(csv)) {
    console.error(`electronegativity failed on ${input}:\n${r.stdout}\n${r.stderr}`)
    process.exit(1)
  }
  const [, ...rows] = parseCsv(readFileSync(csv, 'utf8')).filter((row) => row.length > 1)
  total += rows.length
  console.log(`\n== ${relative(root, input)}/ — ${rows.length} finding(s) (Electron ${electronVersion}) → ${relative(root, csv)}`)
  for (const [issue, severity, confidence, file, location, sample] of rows) {
    console.log(`- ${issue} [${severity}/${confidence}] ${file}:${location}${sample && sample !== 'N/A' ? `\n    ${sample.slice(0, 160)}` : ''}`)
    console.log(`    addressed: ${DISPOSITION[issue] ?? 'NEW — review it and add it to docs/security.md'}`)
  }
}
console.log(`\n${total} finding(s) in total; see docs/security.md for the checklist.`)
