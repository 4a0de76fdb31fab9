/**
 * Copy value / copy row (issue #14): the text put on the clipboard for a
 * state-table row, and the copy itself. A row is copied as one line of
 * tab-separated fields in the table's column order (a spreadsheet pastes it
 * into cells), led by a line of the column names. When the page may not
 * write the clipboard (no `navigator.clipboard`, or the browser refuses), the
 * text goes into a notice instead, where it can be selected and copied by
 * hand — never lost silently.
 */
import type { RowEntry } from '../../model/rows.js'

/** The columns of a copied row, in the table's order. */
export const ROW_FIELDS = ['Item', 'Value', 'Session', 'Alias', 'App', 'Page', 'Last changed', 'Status', 'Storage'] as const

export interface CopyRowContext {
  alias: string | null
  storage: string
}

/** A field as one cell: tabs and line breaks would split it, so they become spaces. */
function cell(v: string): string {
  return v.replace(/[\t\r\n]+/g, ' ')
}

/** The value as it is stored: null copies as nothing (the table shows it as "null"). */
export function valueText(r: RowEntry): string {
  return r.value ?? ''
}

export function rowText(r: RowEntry, c: CopyRowContext): string {
  const changed = r.changedStep === null ? '' : `step ${r.changedStep}${r.cause ? ` ${r.cause}` : ''}`
  const fields = [r.item, valueText(r), String(r.session), c.alias ?? '', String(r.app), r.page === null ? '' : String(r.page), changed, r.status, c.storage]
  return `${ROW_FIELDS.join('\t')}\n${fields.map(cell).join('\t')}`
}

export interface Clipboard {
  writeText(text: string): Promise<void>
}

export type CopyOutcome = { copied: true } | { copied: false; reason: string }

/** Writes `text` to the clipboard; says why not when it could not (no clipboard, or refused). */
export async function copyText(text: string, clipboard: Clipboard | undefined = globalThis.navigator?.clipboard): Promise<CopyOutcome> {
  if (!clipboard || typeof clipboard.writeText !== 'function') return { copied: false, reason: 'this page has no clipboard access' }
  try {
    await clipboard.writeText(text)
    return { copied: true }
  } catch (err) {
    return { copied: false, reason: err instanceof Error && err.message ? err.message : 'the browser refused' }
  }
}
