import { describe, expect, it } from 'vitest'
import { findChrome } from './helpers/chrome.js'

describe('finding Chromium for the browser tests', () => {
  it('takes CHROME_PATH first, then Debian chromium, then the PATH', () => {
    expect(findChrome({ CHROME_PATH: '/opt/c' }, (p) => p === '/opt/c', () => null)).toBe('/opt/c')
    expect(findChrome({}, (p) => p === '/usr/bin/chromium', () => null)).toBe('/usr/bin/chromium')
    expect(findChrome({}, () => false, (n) => (n === 'google-chrome' ? '/usr/bin/google-chrome' : null))).toBe('/usr/bin/google-chrome')
  })

  it('fails, naming CHROME_PATH, when there is none', () => {
    expect(() => findChrome({}, () => false, () => null)).toThrow(/CHROME_PATH/)
    expect(() => findChrome({ CHROME_PATH: '/nope' }, () => false, () => null)).toThrow(/CHROME_PATH is set to \/nope/)
  })
})
