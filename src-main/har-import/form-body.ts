/**
 * The fields of a recorded POST body (HAR `request.postData`), in order.
 *
 * HAR writers differ: Chrome writes `text` and `params` with the values still
 * URL-encoded, Firefox writes decoded `params`, HAR 1.1 writers may write only
 * `text`. So `text` wins whenever it is there (it is the body as sent), decoded
 * by its MIME type: `application/x-www-form-urlencoded` (`+` is a space) or
 * `multipart/form-data` (split at the boundary; file parts are named, their
 * content is not kept). Only without `text` are `params` used, decoded when the
 * body was URL-encoded.
 */

export interface FormField {
  name: string
  value: string
  /** A file part of a multipart body: its content is not kept. */
  file?: boolean
}

export type FormBody = { ok: true; fields: FormField[]; kind: 'urlencoded' | 'multipart' | 'params' | 'none' } | { ok: false; message: string }

/** Decodes a URL-encoded form component; a malformed %-escape is kept as written. */
export function formDecode(s: string): string {
  const spaced = s.includes('+') ? s.replace(/\+/g, ' ') : s
  if (!spaced.includes('%')) return spaced
  try {
    return decodeURIComponent(spaced)
  } catch {
    // Decode what can be decoded, escape by escape.
    return spaced.replace(/(%[0-9A-Fa-f]{2})+/g, (run) => {
      try {
        return decodeURIComponent(run)
      } catch {
        return run
      }
    })
  }
}

export function parseUrlEncoded(text: string): FormField[] {
  const fields: FormField[] = []
  for (const part of text.split('&')) {
    if (part === '') continue
    const eq = part.indexOf('=')
    fields.push(eq === -1 ? { name: formDecode(part), value: '' } : { name: formDecode(part.slice(0, eq)), value: formDecode(part.slice(eq + 1)) })
  }
  return fields
}

function boundaryOf(mimeType: string): string | null {
  const m = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(mimeType)
  return m ? (m[1] ?? m[2] ?? null) : null
}

/** The parts of a multipart/form-data body; null when the boundary never appears. */
export function parseMultipart(text: string, boundary: string): FormField[] | null {
  const delimiter = `--${boundary}`
  if (!text.includes(delimiter)) return null
  const fields: FormField[] = []
  const parts = text.split(delimiter)
  // parts[0] is the preamble; a part starting with "--" is the closing delimiter.
  for (let i = 1; i < parts.length; i++) {
    let part = parts[i]!
    if (part.startsWith('--')) break
    part = part.replace(/^\r?\n/, '')
    const blank = /\r?\n\r?\n/.exec(part)
    if (blank === null) continue
    const headers = part.slice(0, blank.index)
    // The line break before the next delimiter belongs to the delimiter.
    const body = part.slice(blank.index + blank[0].length).replace(/\r?\n$/, '')
    const disposition = /content-disposition:[^\r\n]*/i.exec(headers)?.[0] ?? ''
    const name = /\bname="([^"]*)"/i.exec(disposition)?.[1] ?? /\bname=([^;\s]+)/i.exec(disposition)?.[1]
    if (name === undefined) continue
    const isFile = /\bfilename=/i.test(disposition)
    fields.push(isFile ? { name, value: '', file: true } : { name, value: body })
  }
  return fields
}

/** The fields of `postData` (any JSON value: checked here, never trusted). */
export function parseFormBody(postData: unknown): FormBody {
  if (postData === undefined || postData === null) return { ok: true, fields: [], kind: 'none' }
  if (typeof postData !== 'object' || Array.isArray(postData)) return { ok: false, message: 'not an object' }
  const pd = postData as { mimeType?: unknown; text?: unknown; params?: unknown }
  const mime = typeof pd.mimeType === 'string' ? pd.mimeType.toLowerCase() : ''
  const text = typeof pd.text === 'string' ? pd.text : null
  const multipart = mime.startsWith('multipart/form-data')
  if (text !== null && text !== '') {
    if (multipart) {
      const boundary = boundaryOf(typeof pd.mimeType === 'string' ? pd.mimeType : '') ?? /^--([^\r\n]+)/.exec(text)?.[1] ?? null
      const fields = boundary ? parseMultipart(text, boundary) : null
      if (fields) return { ok: true, fields, kind: 'multipart' }
      if (!Array.isArray(pd.params)) return { ok: false, message: 'a multipart body without its boundary' }
    } else if (mime === '' || mime.startsWith('application/x-www-form-urlencoded') || mime.startsWith('text/plain')) {
      return { ok: true, fields: parseUrlEncoded(text), kind: 'urlencoded' }
    } else if (!Array.isArray(pd.params)) {
      // JSON or another body: no form fields (the caller decides whether that matters).
      return { ok: true, fields: [], kind: 'none' }
    }
  }
  if (Array.isArray(pd.params)) {
    const urlencoded = mime.startsWith('application/x-www-form-urlencoded')
    const fields: FormField[] = []
    for (const [i, p] of pd.params.entries()) {
      if (typeof p !== 'object' || p === null) return { ok: false, message: `params[${i}] is not an object` }
      const { name, value, fileName } = p as { name?: unknown; value?: unknown; fileName?: unknown }
      if (typeof name !== 'string') return { ok: false, message: `params[${i}].name is not text` }
      const v = typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value)
      if (fileName !== undefined) fields.push({ name, value: '', file: true })
      else fields.push(urlencoded ? { name: formDecode(name), value: formDecode(v) } : { name, value: v })
    }
    return { ok: true, fields, kind: 'params' }
  }
  return { ok: true, fields: [], kind: 'none' }
}

/** All values of one field, in order (p_json and f01 are sent as several fields of one name). */
export function fieldValues(fields: readonly FormField[], name: string): string[] {
  const out: string[] = []
  const lower = name.toLowerCase()
  for (const f of fields) if (f.name.toLowerCase() === lower && !f.file) out.push(f.value)
  return out
}

export function fieldValue(fields: readonly FormField[], name: string): string | undefined {
  return fieldValues(fields, name)[0]
}
