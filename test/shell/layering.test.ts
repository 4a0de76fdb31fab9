/** The layering lint rules really fire (eslint.config.js), and electron stays mocked in tests. */
import { readFileSync, readdirSync } from 'node:fs'
import { join, relative } from 'node:path'
import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

const root = join(import.meta.dirname, '../..')
const eslint = new ESLint({ cwd: root })

async function restricted(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, filePath) })
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-syntax').map((m) => m.message)
}

describe('layering rules', () => {
  it.each([
    'src-main/engine/x.ts',
    'src-main/api/x.ts',
    'src-main/trace/x.ts',
    'src-main/timeline/x.ts',
    'src-main/web-host/x.ts',
    'src-main/cli/x.ts',
    'src-renderer/src/x.tsx',
    'scripts/x.ts',
    'test/api/x.test.ts',
  ])('%s cannot import electron in any form', async (file) => {
    expect(await restricted(file, "import { app } from 'electron'\nexport const a = app\n")).toHaveLength(1)
    expect(await restricted(file, "export const m = import('electron')\n")).toHaveLength(1)
    expect(await restricted(file, "export const m = require('electron')\n")).toHaveLength(1)
    expect(await restricted(file, "import { x } from 'electron/main'\nexport const a = x\n")).toHaveLength(1)
  })

  it('index.ts and the shell may import electron', async () => {
    expect(await restricted('src-main/index.ts', "import { app } from 'electron'\nexport const a = app\n")).toEqual([])
    expect(await restricted('src-main/shell/x.ts', "import { app } from 'electron'\nexport const a = app\n")).toEqual([])
  })

  it('the shell never reaches into the renderer, the browser host or the CLI', async () => {
    expect(await restricted('src-main/shell/x.ts', "import { a } from '../web-host/server.js'\nexport const b = a\n")).toHaveLength(1)
    expect(await restricted('src-main/shell/x.ts', "import { a } from '../../src-renderer/src/main.js'\nexport const b = a\n")).toHaveLength(1)
  })

  it('the sandboxed preload imports only electron and its two siblings', async () => {
    expect(await restricted('src-main/shell/preload.ts', "import { ipcRenderer } from 'electron'\nimport { INVOKE_CHANNEL } from './ipc-channels.js'\nexport const a = [ipcRenderer, INVOKE_CHANNEL]\n")).toEqual([])
    expect(await restricted('src-main/shell/preload.ts', "import { readFileSync } from 'node:fs'\nexport const a = readFileSync\n")).not.toEqual([])
    expect(await restricted('src-main/shell/preload.ts', "import { methodSchemas } from '../api/contract.js'\nexport const a = methodSchemas\n")).not.toEqual([])
    expect(await restricted('src-main/shell/drop.ts', "import { z } from 'zod'\nexport const a = z\n")).not.toEqual([])
  })

  it('the engine host process never imports electron', async () => {
    expect(await restricted('src-main/shell/engine-host.ts', "import { app } from 'electron'\nexport const a = app\n")).toHaveLength(1)
    expect(await restricted('src-main/shell/engine-host.ts', "export const m = import('electron')\n")).toHaveLength(1)
  })

  it('the renderer imports no Node built-ins, native modules, or src-main beyond the contract', async () => {
    expect(await restricted('src-renderer/src/x.ts', "import { readFileSync } from 'node:fs'\nexport const a = readFileSync\n")).toHaveLength(1)
    expect(await restricted('src-renderer/src/x.ts', "import fs from 'fs'\nexport const a = fs\n")).toHaveLength(1)
    expect(await restricted('src-renderer/src/x.ts', "import Database from 'better-sqlite3'\nexport const a = Database\n")).toHaveLength(1)
    expect(await restricted('src-renderer/src/x.ts', "import { Engine } from '../../src-main/engine/engine.js'\nexport const a = Engine\n")).toHaveLength(1)
    expect(await restricted('src-renderer/src/x.ts', "import type { MethodName } from '../../src-main/api/contract.js'\nexport type A = MethodName\n")).toEqual([])
  })

  it('the engine layers import no UI, shell or host code', async () => {
    expect(await restricted('src-main/engine/x.ts', "import { a } from '../shell/menu.js'\nexport const b = a\n")).toHaveLength(1)
    expect(await restricted('src-main/api/x.ts', "import React from 'react'\nexport const b = React\n")).toHaveLength(1)
  })
})

describe('tests and electron', () => {
  it('every test file that imports electron mocks it (importing the real one throws under Node)', () => {
    const files: string[] = []
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const p = join(dir, entry.name)
        if (entry.isDirectory()) walk(p)
        else if (/\.test\.tsx?$/.test(entry.name)) files.push(p)
      }
    }
    walk(join(root, 'test'))
    // A value import at the top of a file, or an awaited dynamic import (this file only quotes them).
    const importsElectron = files.filter((f) => f !== import.meta.filename && /^import (?!type )[^\n]*from 'electron'|await import\('electron'\)/m.test(readFileSync(f, 'utf8')))
    for (const f of importsElectron) expect(readFileSync(f, 'utf8'), relative(root, f)).toMatch(/vi\.mock\('electron'/)
  })
})
