/**
 * The state export files (engine/model/state-export.ts), which the desktop's File → Export and the
 * browser page's download both write: expected text written by hand.
 */
import { describe, expect, it } from 'vitest'
import { csvField, stateRowsToCsv, stateToJson } from '../../../src-main/engine/model/state-export.js'

describe('CSV export', () => {
  it('quotes per RFC 4180 and keeps null apart from empty', () => {
    expect(csvField('plain')).toBe('plain')
    expect(csvField('a,b')).toBe('"a,b"')
    expect(csvField('say "hi"')).toBe('"say ""hi"""')
    expect(csvField('two\nlines')).toBe('"two\nlines"')
    expect(csvField(' padded ')).toBe('" padded "')
    expect(csvField(null)).toBe('')
    expect(csvField('')).toBe('')
    expect(csvField(42)).toBe('42')
  })

  it('defuses spreadsheet formulas but keeps numbers', () => {
    expect(csvField('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`)
    expect(csvField('+1+1')).toBe("'+1+1")
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)")
    expect(csvField('-5')).toBe('-5')
    expect(csvField('+3.5e2')).toBe('+3.5e2')
    expect(csvField('-x')).toBe("'-x")
  })

  it('writes a header and sorted rows with CRLF', () => {
    const csv = stateRowsToCsv([
      { session: 2, app: 100, page: 1, item: 'P1_B', value: 'b', status: 'U' },
      { session: 1, app: 100, page: null, item: 'G_X', value: null, status: 'R' },
      { session: 1, app: 100, page: 1, item: 'P1_A', value: 'x,y', status: 'I' },
    ])
    expect(csv).toBe('session,app,page,item,value,status\r\n1,100,,G_X,,R\r\n1,100,1,P1_A,"x,y",I\r\n2,100,1,P1_B,b,U\r\n')
  })
})

describe('JSON export', () => {
  it('is a versioned document with everything', () => {
    const text = stateToJson({ workspace: 'W', sessions: [], rows: [{ session: 1, app: 100, page: 1, item: 'P1_A', value: 'v', status: 'I' }], userRows: [] }, new Date('2026-01-02T03:04:05Z'))
    expect(JSON.parse(text)).toEqual({ format: 'session-scope-state', version: 1, exportedAt: '2026-01-02T03:04:05.000Z', workspace: 'W', sessions: [], rows: [{ session: 1, app: 100, page: 1, item: 'P1_A', value: 'v', status: 'I' }], userRows: [] })
  })
})
