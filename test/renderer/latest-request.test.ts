import { describe, expect, it } from 'vitest'
import { latestRequest, STALE } from '../../src-renderer/src/stores/latest-request.js'

/** A request whose answer the test releases when it chooses. */
function deferred<T>() {
  let resolve!: (v: T) => void
  const promise = new Promise<T>((r) => (resolve = r))
  return { promise, resolve }
}

describe('latest request wins', () => {
  it('drops an older answer that arrives after a newer request started, whatever order the answers come in', async () => {
    const requests = latestRequest()
    const first = deferred<string>()
    const second = deferred<string>()
    const a = requests.run(() => first.promise)
    const b = requests.run(() => second.promise)
    second.resolve('second')
    first.resolve('first')
    expect(await a).toBe(STALE)
    expect(await b).toBe('second')
  })

  it('keeps the answer of a request that is still the latest, and drops every one in flight when superseded', async () => {
    const requests = latestRequest()
    expect(await requests.run(() => Promise.resolve(1))).toBe(1)
    const pending = deferred<number>()
    const c = requests.run(() => pending.promise)
    requests.supersede()
    pending.resolve(2)
    expect(await c).toBe(STALE)
  })
})
