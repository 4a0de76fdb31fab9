import { afterEach, describe, expect, it, vi } from 'vitest'
import type { EngineService } from '../../src-main/api/engine-service.js'
import { slowEngineMs, slowedService } from './helpers/slow-engine.js'
import type { HostService } from './helpers/slow-engine.js'

afterEach(() => {
  vi.useRealTimers()
})

/** A stand-in engine that records the methods it was asked, in order. */
function recording(): { service: HostService; asked: string[] } {
  const asked: string[] = []
  const dispatch = ((method: string) => {
    asked.push(method)
    return Promise.resolve({ ok: true, result: method })
  }) as unknown as EngineService['dispatch']
  return { service: { dispatch, subscribe: () => () => undefined, summary: (() => null) as unknown as EngineService['summary'] }, asked }
}

describe('the slow engine of the browser tests', () => {
  it('reads SESSION_SCOPE_E2E_SLOW_MS: a positive number of ms, else 0', () => {
    expect(slowEngineMs({ SESSION_SCOPE_E2E_SLOW_MS: '150' })).toBe(150)
    expect(slowEngineMs({})).toBe(0)
    expect(slowEngineMs({ SESSION_SCOPE_E2E_SLOW_MS: 'slow' })).toBe(0)
    expect(slowEngineMs({ SESSION_SCOPE_E2E_SLOW_MS: '-5' })).toBe(0)
  })

  it('starts each request ms after the one before it, in the order they came', async () => {
    vi.useFakeTimers()
    const { service, asked } = recording()
    const slow = slowedService(service, 100)
    const answers = ['timeline.state', 'timeline.navigate', 'steps.count'].map((m) => slow.dispatch(m as never, {} as never))
    await vi.advanceTimersByTimeAsync(99)
    expect(asked).toEqual([])
    await vi.advanceTimersByTimeAsync(1)
    expect(asked).toEqual(['timeline.state'])
    await vi.advanceTimersByTimeAsync(100)
    expect(asked).toEqual(['timeline.state', 'timeline.navigate'])
    await vi.advanceTimersByTimeAsync(100)
    expect(asked).toEqual(['timeline.state', 'timeline.navigate', 'steps.count'])
    await expect(Promise.all(answers)).resolves.toEqual(['timeline.state', 'timeline.navigate', 'steps.count'].map((result) => ({ ok: true, result })))
  })
})
