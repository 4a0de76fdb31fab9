// @vitest-environment happy-dom
/**
 * A scroll asked of a virtualised list (scrollToIndex: the timeline following
 * the playhead after a jump, ↑/↓ in the state table) is written to the
 * element after the rows there are rendered (issue #13): writing scrollTop
 * lays the page out, and written first it laid out the old range, then the
 * new range was rendered and laid out again. The test records which rows are
 * in the DOM at the moment scrollTop is written.
 */
import { act, cleanup, render } from '@testing-library/react'
import { useRef } from 'react'
import { afterEach, describe, expect, it } from 'vitest'
import { useVirtualRows } from '../../src-renderer/src/views/common/virtual.js'
import type { VirtualRows } from '../../src-renderer/src/views/common/virtual.js'

afterEach(cleanup)

const ROW = 20

function List({ expose }: { expose: (v: VirtualRows) => void }) {
  const ref = useRef<HTMLDivElement>(null)
  const v = useVirtualRows(100_000, ref, ROW, 2)
  expose(v)
  return (
    <div ref={ref} data-testid="list" style={{ height: 400, overflow: 'auto' }}>
      <div style={{ height: v.getTotalSize(), position: 'relative' }}>
        {v.getVirtualItems().map((vi) => (
          <div key={vi.index} data-index={vi.index} style={{ position: 'absolute', top: vi.start, height: ROW }} />
        ))}
      </div>
    </div>
  )
}

describe('scrollToIndex', () => {
  it('writes the offset once the rows at the target are rendered, once per ask', async () => {
    let v: VirtualRows | null = null
    const { getByTestId } = render(<List expose={(x) => (v = x)} />)
    const el = getByTestId('list')
    const writes: { top: number; targetRendered: boolean }[] = []
    let top = 0
    Object.defineProperty(el, 'scrollTop', {
      configurable: true,
      get: () => top,
      set: (x: number) => {
        top = x
        writes.push({ top: x, targetRendered: el.querySelector('[data-index="50000"]') !== null })
      },
    })
    await act(async () => v!.scrollToIndex(50_000, { align: 'start' }))
    expect(writes).toEqual([{ top: 50_000 * ROW, targetRendered: true }])
    // Asked again for the same place (the list scrolled away by hand meanwhile): written again.
    top = 0
    await act(async () => v!.scrollToIndex(50_000, { align: 'start' }))
    expect(writes).toHaveLength(2)
    expect(writes[1]).toEqual({ top: 50_000 * ROW, targetRendered: true })
  })
})
