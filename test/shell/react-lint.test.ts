/**
 * React's rules of hooks and the accessibility rules (eslint-plugin-react-hooks,
 * eslint-plugin-jsx-a11y-x) really fire on the renderer, as errors: a component
 * breaking each is linted in memory and must be reported; the same component
 * written correctly must pass.
 */
import { join } from 'node:path'
import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

const root = join(import.meta.dirname, '../..')
const eslint = new ESLint({ cwd: root })

/** The errors (severity 2) of the given rule for `code` linted as if it were `filePath`. */
async function errorsOf(filePath: string, code: string, ruleId: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, filePath) })
  return result!.messages.filter((m) => m.ruleId === ruleId && m.severity === 2).map((m) => m.message)
}

const COMPONENT = 'src-renderer/src/views/x/Example.tsx'

describe('rules of hooks on the renderer', () => {
  it('a hook called under a condition is an error', async () => {
    const broken = `import { useState } from 'react'
export function Example({ on }: { on: boolean }) {
  if (on) {
    const [n] = useState(0)
    return <p>{n}</p>
  }
  return null
}
`
    const fixed = `import { useState } from 'react'
export function Example({ on }: { on: boolean }) {
  const [n] = useState(0)
  return on ? <p>{n}</p> : null
}
`
    expect(await errorsOf(COMPONENT, broken, 'react-hooks/rules-of-hooks')).toHaveLength(1)
    expect(await errorsOf(COMPONENT, fixed, 'react-hooks/rules-of-hooks')).toEqual([])
  })

  it('an effect that forgets a dependency is an error', async () => {
    const broken = `import { useEffect } from 'react'
export function Example({ id, load }: { id: number; load: (id: number) => void }) {
  useEffect(() => { load(id) }, [load])
  return null
}
`
    const fixed = broken.replace('[load]', '[id, load]')
    expect(await errorsOf(COMPONENT, broken, 'react-hooks/exhaustive-deps')).toHaveLength(1)
    expect(await errorsOf(COMPONENT, fixed, 'react-hooks/exhaustive-deps')).toEqual([])
  })
})

describe('accessibility rules on the renderer', () => {
  it('a clickable element without a keyboard handler is an error', async () => {
    const broken = `export function Example({ go }: { go: () => void }) {
  return <div onClick={go}>Go</div>
}
`
    const fixed = `export function Example({ go }: { go: () => void }) {
  return <button type="button" onClick={go}>Go</button>
}
`
    expect(await errorsOf(COMPONENT, broken, 'jsx-a11y-x/click-events-have-key-events')).toHaveLength(1)
    expect(await errorsOf(COMPONENT, fixed, 'jsx-a11y-x/click-events-have-key-events')).toEqual([])
  })

  it('an image without alternative text is an error', async () => {
    const broken = `export function Example() {
  return <img src="flow.png" />
}
`
    expect(await errorsOf(COMPONENT, broken, 'jsx-a11y-x/alt-text')).toHaveLength(1)
    expect(await errorsOf(COMPONENT, broken.replace('<img ', '<img alt="The flow diagram" '), 'jsx-a11y-x/alt-text')).toEqual([])
  })
})
