/**
 * Latest request wins: when a newer request has started by the time an
 * older one's answer arrives, the older answer is dropped (STALE) instead of
 * being shown over the newer one. One counter per kind of request (opening a
 * workspace, moving the playhead).
 */
export const STALE = Symbol('stale')

export function latestRequest(): {
  run<T>(request: () => Promise<T>): Promise<T | typeof STALE>
  /** Makes every request in flight stale (e.g. a new workspace replaced the one they were about). */
  supersede(): void
} {
  let latest = 0
  return {
    async run(request) {
      const mine = ++latest
      const answer = await request()
      return mine === latest ? answer : STALE
    },
    supersede() {
      latest++
    },
  }
}
