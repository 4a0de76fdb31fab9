/**
 * workspace.openHarText takes a file name from the page, which is untrusted:
 * a name with path parts must not place the imported trace outside the
 * workspace folder (review finding: '../../../escaped.har' wrote
 * escaped.sstrace three folders up), and the page's copy of the recording is
 * readable by this user only while it exists.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { EngineService } from '../../src-main/api/engine-service.js'
import { displayName, fileStem } from '../../src-main/api/har-open-service.js'
import { call } from '../timeline/api-call.js'

const HAR = new URL('../fixtures/har/onboarding-next-to-45.constructed.har', import.meta.url).pathname
const root = mkdtempSync(join(tmpdir(), 'ss-har-names-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

describe('a page-given recording name', () => {
  it('never places the trace outside the workspace folder', async () => {
    const wsDir = join(root, 'a', 'b', 'c', 'ws')
    const s = new EngineService({ workspaceDir: wsDir })
    const r = await call(s, 'workspace.openHarText', { text: readFileSync(HAR, 'utf8'), name: '../../../escaped.har' })
    expect(r.title).toBe('escaped.har (browser recording)')
    for (const up of [join(root, 'a'), join(root, 'a', 'b'), join(root, 'a', 'b', 'c')]) {
      expect(readdirSync(up).filter((f) => f.endsWith('.sstrace'))).toEqual([])
    }
    expect(existsSync(join(root, 'escaped.sstrace'))).toBe(false)
    const inside = readdirSync(wsDir, { recursive: true }).map(String).filter((f) => f.endsWith('.sstrace'))
    expect(inside).toHaveLength(1)
    expect(inside[0]).toMatch(/^har-[0-9a-f-]+\/escaped\.sstrace$/)
    s.close()
  })

  it('names: last part only, safe characters, never empty or a dot name', () => {
    expect(displayName('../../../escaped.har')).toBe('escaped.har')
    expect(displayName('C:\\Users\\me\\session.har')).toBe('session.har')
    expect(displayName('..')).toBe('recording.har')
    expect(displayName(undefined)).toBe('recording.har')
    expect(fileStem('my session (1).har')).toBe('my_session__1_')
    expect(fileStem('.hidden.har')).toBe('hidden')
    expect(fileStem('..har')).toBe('recording')
    expect(fileStem('a/b\u0000c.HAR')).toBe('a_b_c')
  })
})
