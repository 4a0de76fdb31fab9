/**
 * The layering rules of eslint.config.js (docs/architecture.md) really fire:
 * for each rule, a file that breaks it is linted in memory (ESLint's
 * lintText with a file path inside the folder the rule is about) and the
 * rule must report it; what the rule allows is linted too, and must pass.
 * And electron stays mocked in tests.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

const root = join(import.meta.dirname, '../..')
const eslint = new ESLint({ cwd: root })
const LAYER_RULES = new Set(['no-restricted-imports', '@typescript-eslint/no-restricted-imports', 'no-restricted-syntax'])

/** The layering messages ESLint reports for `code` as if it were the file at `filePath`. */
async function restricted(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, filePath) })
  return result!.messages.filter((m) => m.ruleId !== null && LAYER_RULES.has(m.ruleId)).map((m) => m.message)
}

const importing = (from: string) => `import { a } from '${from}'\nexport const b = a\n`
const importingType = (from: string) => `import type { A } from '${from}'\nexport type B = A\n`

describe('inward order of the engine layers: engine ← trace ← timeline ← api (docs/architecture.md)', () => {
  it('the engine imports no layer above it', async () => {
    for (const higher of ['../trace/reader.js', '../timeline/timeline.js', '../api/contract.js', '../apex-import/index.js', '../har-import/index.js'])
      expect(await restricted('src-main/engine/x.ts', importing(higher)), higher).toEqual([expect.stringMatching(/engine\/ never imports/)])
    // From deeper in the engine too.
    expect(await restricted('src-main/engine/runtime/x.ts', importing('../../timeline/timeline.js'))).toHaveLength(1)
    expect(await restricted('src-main/engine/runtime/x.ts', importing('../state/session-state.js'))).toEqual([])
  })

  it('trace imports the engine, never the timeline, the API or the importers', async () => {
    expect(await restricted('src-main/trace/x.ts', importing('../engine/engine.js'))).toEqual([])
    for (const higher of ['../timeline/timeline.js', '../api/contract.js', '../apex-import/index.js', '../har-import/index.js'])
      expect(await restricted('src-main/trace/x.ts', importing(higher)), higher).toEqual([expect.stringMatching(/trace\/ never imports/)])
  })

  it('the timeline imports trace and the engine, never the API or the importers', async () => {
    expect(await restricted('src-main/timeline/x.ts', importing('../trace/reader.js'))).toEqual([])
    expect(await restricted('src-main/timeline/load/x.ts', importing('../../engine/engine.js'))).toEqual([])
    for (const higher of ['../api/contract.js', '../apex-import/index.js', '../har-import/index.js'])
      expect(await restricted('src-main/timeline/x.ts', importing(higher)), higher).toEqual([expect.stringMatching(/timeline\/ never imports/)])
    // A type import is an import: the timeline's result types live in the timeline, not the API.
    expect(await restricted('src-main/timeline/x.ts', importingType('../api/contract.js'))).toHaveLength(1)
  })

  it('apex-import imports the engine only; har-import the engine and trace', async () => {
    expect(await restricted('src-main/apex-import/x.ts', importing('../engine/model/app-definition.js'))).toEqual([])
    for (const other of ['../trace/reader.js', '../timeline/timeline.js', '../api/contract.js', '../har-import/index.js'])
      expect(await restricted('src-main/apex-import/x.ts', importing(other)), other).toEqual([expect.stringMatching(/apex-import\/ never imports/)])
    expect(await restricted('src-main/har-import/x.ts', importing('../trace/writer.js'))).toEqual([])
    for (const other of ['../timeline/timeline.js', '../api/contract.js', '../apex-import/index.js'])
      expect(await restricted('src-main/har-import/x.ts', importing(other)), other).toEqual([expect.stringMatching(/har-import\/ never imports/)])
  })

  it('the API may import every engine layer', async () => {
    for (const lower of ['../engine/engine.js', '../trace/reader.js', '../timeline/timeline.js', '../apex-import/index.js', '../har-import/index.js'])
      expect(await restricted('src-main/api/x.ts', importing(lower)), lower).toEqual([])
  })

  it('the engine layers import no UI, shell, host or CLI code', async () => {
    expect(await restricted('src-main/engine/x.ts', importing('../shell/menu.js'))).toHaveLength(1)
    expect(await restricted('src-main/timeline/x.ts', importing('../web-host/server.js'))).toHaveLength(1)
    expect(await restricted('src-main/trace/x.ts', importing('../cli/main.js'))).toHaveLength(1)
    expect(await restricted('src-main/api/x.ts', "import React from 'react'\nexport const b = React\n")).toHaveLength(1)
    expect(await restricted('src-main/api/x.ts', importing('zustand'))).toHaveLength(1)
  })
})

describe('the app database, SQL and PL/SQL parts of the engine stand alone', () => {
  it('engine/sql, engine/database and engine/plsql import only each other', async () => {
    for (const part of ['sql', 'database', 'plsql']) {
      expect(await restricted(`src-main/engine/${part}/x.ts`, importing('../sql/parser.js')), part).toEqual([])
      expect(await restricted(`src-main/engine/${part}/x.ts`, importing('../database/app-database.js')), part).toEqual([])
      for (const rest of ['../runtime/request-context.js', '../state/session-state.js', '../engine.js', '../../timeline/timeline.js'])
        expect(await restricted(`src-main/engine/${part}/x.ts`, importing(rest)), `${part} → ${rest}`).toEqual([expect.stringMatching(/import only each other/)])
    }
  })
})

describe('the contract is renderer-safe', () => {
  it('its values come from zod, its sibling and the engine model only; types from anywhere', async () => {
    const contract = 'src-main/api/contract.ts'
    expect(await restricted(contract, importing('zod'))).toEqual([])
    expect(await restricted(contract, importing('../engine/model/operation.js'))).toEqual([])
    expect(await restricted(contract, importing('./shell-command-names.js'))).toEqual([])
    expect(await restricted(contract, importingType('../engine/engine.js'))).toEqual([])
    expect(await restricted(contract, importingType('../timeline/results.js'))).toEqual([])
    for (const bad of ['../engine/engine.js', '../timeline/timeline.js', './engine-service.js', './dispatcher.js'])
      expect(await restricted(contract, importing(bad)), bad).toEqual([expect.stringMatching(/loaded by the renderer/)])
    for (const bad of ['node:fs', 'fs', 'better-sqlite3', 'ws'])
      expect(await restricted(contract, importing(bad)), bad).toEqual(expect.arrayContaining([expect.stringMatching(/no Node modules/)]))
    expect(await restricted(contract, "export const m = import('./engine-service.js')\n")).toEqual([expect.stringMatching(/loads nothing at run time/)])
    expect(await restricted('src-main/api/shell-command-names.ts', importing('node:path'))).not.toEqual([])
  })

  it('so are the engine model schemas it loads', async () => {
    expect(await restricted('src-main/engine/model/x.ts', importing('./values.js'))).toEqual([])
    expect(await restricted('src-main/engine/model/x.ts', importingType('../state/session-state.js'))).toEqual([])
    expect(await restricted('src-main/engine/model/x.ts', importing('../runtime/step-recorder.js'))).toEqual([expect.stringMatching(/renderer-safe/)])
    expect(await restricted('src-main/engine/model/x.ts', importing('node:crypto'))).toEqual(expect.arrayContaining([expect.stringMatching(/no Node modules/)]))
  })

  it('the engine service stays Node-side (it may use node:fs)', async () => {
    expect(await restricted('src-main/api/engine-service.ts', importing('node:fs'))).toEqual([])
  })
})

describe('the renderer', () => {
  it('imports no Node built-ins or native modules, and from src-main only the contract', async () => {
    const file = 'src-renderer/src/x.ts'
    expect(await restricted(file, importing('node:fs'))).toHaveLength(1)
    expect(await restricted(file, "import fs from 'fs'\nexport const a = fs\n")).toHaveLength(1)
    expect(await restricted(file, importing('better-sqlite3'))).toHaveLength(1)
    expect(await restricted(file, importing('../../src-main/engine/engine.js'))).toEqual([expect.stringMatching(/only the contract/)])
    expect(await restricted(file, importing('../../src-main/api/engine-service.js'))).toEqual([expect.stringMatching(/only the contract/)])
    expect(await restricted(file, importing('../../src-main/api/dispatcher.js'))).toEqual([expect.stringMatching(/only the contract/)])
    expect(await restricted(file, importingType('../../src-main/api/contract.js'))).toEqual([])
    expect(await restricted('src-renderer/src/views/x.tsx', importing('../../../src-main/api/contract.js'))).toEqual([])
  })
})

describe('electron', () => {
  it.each(['src-main/engine/x.ts', 'src-main/api/x.ts', 'src-main/trace/x.ts', 'src-main/timeline/x.ts', 'src-main/web-host/x.ts', 'src-main/cli/x.ts', 'src-renderer/src/x.tsx', 'scripts/x.ts', 'test/api/x.test.ts'])(
    '%s cannot import electron in any form',
    async (file) => {
      expect(await restricted(file, "import { app } from 'electron'\nexport const a = app\n")).toHaveLength(1)
      expect(await restricted(file, "export const m = import('electron')\n")).toHaveLength(1)
      expect(await restricted(file, "export const m = require('electron')\n")).toHaveLength(1)
      expect(await restricted(file, "import { x } from 'electron/main'\nexport const a = x\n")).toHaveLength(1)
    },
  )

  it('index.ts and the shell may import electron', async () => {
    expect(await restricted('src-main/index.ts', "import { app } from 'electron'\nexport const a = app\n")).toEqual([])
    expect(await restricted('src-main/shell/x.ts', "import { app } from 'electron'\nexport const a = app\n")).toEqual([])
  })

  it('the shell never reaches into the renderer, the browser host or the CLI', async () => {
    expect(await restricted('src-main/shell/x.ts', importing('../web-host/server.js'))).toHaveLength(1)
    expect(await restricted('src-main/shell/x.ts', importing('../../src-renderer/src/main.js'))).toHaveLength(1)
  })

  it('the sandboxed preload imports only electron and its two siblings', async () => {
    expect(await restricted('src-main/shell/preload.ts', "import { ipcRenderer } from 'electron'\nimport { INVOKE_CHANNEL } from './ipc-channels.js'\nexport const a = [ipcRenderer, INVOKE_CHANNEL]\n")).toEqual([])
    expect(await restricted('src-main/shell/preload.ts', importing('node:fs'))).not.toEqual([])
    expect(await restricted('src-main/shell/preload.ts', importing('../api/contract.js'))).not.toEqual([])
    expect(await restricted('src-main/shell/drop.ts', importing('zod'))).not.toEqual([])
  })

  it('the engine host process never imports electron', async () => {
    expect(await restricted('src-main/shell/engine-host.ts', "import { app } from 'electron'\nexport const a = app\n")).toHaveLength(1)
    expect(await restricted('src-main/shell/engine-host.ts', "export const m = import('electron')\n")).toHaveLength(1)
  })
})

// ---------------------------------------------------------------------------
// Tests and electron: importing the real package under Node throws, so a test that reaches
// electron — itself, or through a module of src-main that imports it — must mock it.

/** Value imports of a file: static (not `import type`), `await import(…)` and `require(…)`. */
function valueImports(text: string): string[] {
  const out: string[] = []
  for (const m of text.matchAll(/^\s*import\s+(?!type\s)(?:[^'"\n;]*?\s+from\s+)?'([^']+)'/gm)) out.push(m[1]!)
  for (const m of text.matchAll(/^\s*export\s+(?!type\s)[^'"\n;]*?\s+from\s+'([^']+)'/gm)) out.push(m[1]!)
  for (const m of text.matchAll(/(?:\bimport|\brequire)\(\s*'([^']+)'\s*\)/g)) out.push(m[1]!)
  return out
}

/** A relative import resolved to a TypeScript file of the repository (null: a package, or not found). */
function resolveImport(from: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null
  const base = resolve(dirname(from), spec)
  for (const candidate of [base.replace(/\.js$/, '.ts'), base.replace(/\.js$/, '.tsx'), `${base}.ts`, join(base, 'index.ts')]) if (existsSync(candidate) && statSync(candidate).isFile()) return candidate
  return null
}

/** Whether a file reaches `electron` through its value imports (a module graph walk with memo). */
function reachesElectron(file: string, memo = new Map<string, boolean>()): boolean {
  const known = memo.get(file)
  if (known !== undefined) return known
  memo.set(file, false) // cycles: not (yet) reaching
  const text = readFileSync(file, 'utf8')
  // Comments quote imports (this file's own comments and examples included): strip them first.
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '')
  const reaches = valueImports(code).some((spec) => spec === 'electron' || spec.startsWith('electron/') || ((): boolean => {
    const target = resolveImport(file, spec)
    return target !== null && target.startsWith(join(root, 'src-main')) && reachesElectron(target, memo)
  })())
  memo.set(file, reaches)
  return reaches
}

describe('tests and electron', () => {
  it('every test file that reaches electron (directly or through src-main) mocks it', () => {
    const files: string[] = []
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const p = join(dir, entry.name)
        if (entry.isDirectory()) walk(p)
        else if (/\.test\.tsx?$/.test(entry.name)) files.push(p)
      }
    }
    walk(join(root, 'test'))
    expect(files.length).toBeGreaterThan(50)
    const memo = new Map<string, boolean>()
    const reaching = files.filter((f) => f !== import.meta.filename && reachesElectron(f, memo))
    // The shell's unit tests (preload, desktop app, menus …) do: a walk that finds none is broken.
    expect(reaching.length).toBeGreaterThan(0)
    expect(reaching.map((f) => relative(root, f))).toContain('test/shell/preload.test.ts')
    for (const f of reaching) expect(readFileSync(f, 'utf8'), relative(root, f)).toMatch(/vi\.mock\('electron'/)
  })

  it('the walk sees through imports: the shell module behind a test imports electron', () => {
    expect(reachesElectron(join(root, 'src-main/shell/preload.ts'))).toBe(true)
    expect(reachesElectron(join(root, 'src-main/timeline/timeline.ts'))).toBe(false)
  })
})
