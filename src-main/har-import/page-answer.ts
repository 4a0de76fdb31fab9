/**
 * What a page the APEX server returned shows, read with a real HTML parser
 * (htmlparser2), never with regular expressions over the markup.
 *
 * - The page shown: the hidden inputs every APEX page renders in its form,
 *   `pFlowId`, `pFlowStepId`, `pInstance` (the session ID).
 * - Item values: page items render as elements whose id (or name) is the
 *   item name, `P<page>_…`: inputs (text, hidden, number…), selects
 *   (the selected options, joined with ':' as APEX stores multi-value items),
 *   textareas, checkbox and radio groups (inputs sharing the item's name, the
 *   checked values), and display-only items (`<span id="P1_X_DISPLAY">`)
 *   when no input holds the value. Password inputs are reported to the caller
 *   and never read.
 * - Messages: the text of the success region (`#APEX_SUCCESS_MESSAGE`,
 *   its `.t-Alert-title`), of the error region (`#APEX_ERROR_MESSAGE`, its
 *   list items) and of inline item errors (`.t-Form-error`); older themes'
 *   `.htmldbStdErr` / `.htmldbSuccessMessage` too.
 */
import { Parser } from 'htmlparser2'

export interface PageAnswer {
  app: number | null
  page: number | null
  session: string | null
  items: Record<string, string | null>
  errors: string[]
  messages: string[]
  /** Items rendered as password inputs (their values are never read). */
  passwordInputs: string[]
  /** Set when the page nests deeper than MAX_ELEMENT_DEPTH: the read stopped there (what came before is kept). */
  stoppedTooDeep?: true
}

const ITEM_NAME = /^P\d+_[A-Z0-9_$#]+$/i

/**
 * At most this many distinct error and success messages are read from one
 * page (the trace keeps fewer): a crafted page with a million error list
 * items stays a bounded read.
 */
export const MAX_PAGE_MESSAGES = 200

/**
 * Elements nested deeper than this end the read (what came before is kept).
 * APEX pages nest a few dozen levels; htmlparser2 keeps its open elements in
 * an array it shifts at every tag, so a crafted page of 100,000 unclosed
 * elements took seconds and a 16 MB one would take most of an hour.
 */
export const MAX_ELEMENT_DEPTH = 256

/** The page is written to the parser in pieces of this many characters, so a page found too deep stops early. */
const WRITE_CHARS = 64 * 1024

type Capture = 'textarea' | 'option' | 'display' | 'success' | 'error' | 'inlineError'

interface Open {
  tag: string
  capture: Capture | null
  /** Text collected for the capture. */
  text: string
  /** For display, textarea and option: the item or option it belongs to. */
  target?: string
  /** An option's value attribute, when given. */
  optionValue?: string | undefined
  selected?: boolean
  /** This element opened the success or error region. */
  region?: 'success' | 'error'
}

function classes(attrs: Record<string, string>): string[] {
  return (attrs.class ?? '').split(/\s+/).filter((c) => c !== '')
}

function normalize(text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}

export function readPage(html: string): PageAnswer {
  const inputs = new Map<string, string | null>()
  const groups = new Map<string, string[]>()
  const selects = new Map<string, string[]>()
  const displays = new Map<string, string>()
  const passwordInputs: string[] = []
  const errors: string[] = []
  // The same error shown twice (region and inline) is kept once; a Set keeps the check O(1) on any page.
  const errorSeen = new Set<string>()
  const messages: string[] = []
  let app: number | null = null
  let page: number | null = null
  let session: string | null = null
  /** Region depth counters: inside the success / error region. */
  let inSuccess = 0
  let inError = 0
  let currentSelect: string | null = null
  const stack: Open[] = []
  // The open elements that collect text, innermost last: text goes to the innermost without walking the
  // whole element stack (a page of 100,000 unclosed <div>s made that walk quadratic).
  const capturing: Open[] = []
  let tooDeep = false

  const parser = new Parser(
    {
      onopentag(name, attrs) {
        const open: Open = { tag: name, capture: null, text: '' }
        const id = attrs.id ?? ''
        const cls = classes(attrs)
        if (id === 'APEX_SUCCESS_MESSAGE') {
          open.region = 'success'
          inSuccess++
        } else if (id === 'APEX_ERROR_MESSAGE') {
          open.region = 'error'
          inError++
        }
        if (name === 'input') {
          const type = (attrs.type ?? 'text').toLowerCase()
          const itemName = ITEM_NAME.test(id) ? id : ITEM_NAME.test(attrs.name ?? '') ? attrs.name! : null
          if (id === 'pFlowId' || attrs.name === 'p_flow_id') app = toNumber(attrs.value, true)
          else if (id === 'pFlowStepId' || attrs.name === 'p_flow_step_id') page = toNumber(attrs.value, false)
          else if (id === 'pInstance' || attrs.name === 'p_instance') session = attrs.value ?? null
          else if (type === 'password') {
            const n = attrs.name || id
            if (n) passwordInputs.push(n.toUpperCase())
          } else if (type === 'checkbox' || type === 'radio') {
            const group = ITEM_NAME.test(attrs.name ?? '') ? attrs.name!.toUpperCase() : null
            if (group) {
              const list = groups.get(group) ?? []
              if (attrs.checked !== undefined) list.push(attrs.value ?? 'on')
              groups.set(group, list)
            }
          } else if (itemName && type !== 'submit' && type !== 'button' && type !== 'file' && type !== 'image' && type !== 'reset') {
            // The value as rendered ('' is null in session state).
            const key = itemName.toUpperCase()
            if (!inputs.has(key) || inputs.get(key) === null) inputs.set(key, attrs.value === undefined || attrs.value === '' ? null : attrs.value)
          }
        } else if (name === 'select' && ITEM_NAME.test(id)) {
          currentSelect = id.toUpperCase()
          if (!selects.has(currentSelect)) selects.set(currentSelect, [])
        } else if (name === 'option' && currentSelect !== null) {
          open.capture = 'option'
          open.target = currentSelect
          open.optionValue = attrs.value
          open.selected = attrs.selected !== undefined
        } else if (name === 'textarea' && ITEM_NAME.test(id)) {
          open.capture = 'textarea'
          open.target = id.toUpperCase()
        } else if (/_DISPLAY$/i.test(id) && ITEM_NAME.test(id.replace(/_DISPLAY$/i, ''))) {
          open.capture = 'display'
          open.target = id.replace(/_DISPLAY$/i, '').toUpperCase()
        } else if (inSuccess > 0 && (cls.includes('t-Alert-title') || cls.includes('htmldbSuccessMessage'))) {
          open.capture = 'success'
        } else if (cls.includes('t-Form-error') || (cls.includes('a-Form-error') && id.endsWith('_error'))) {
          open.capture = 'inlineError'
        } else if ((inError > 0 && name === 'li') || cls.includes('htmldbStdErr')) {
          open.capture = 'error'
        }
        stack.push(open)
        if (open.capture !== null) capturing.push(open)
        if (stack.length > MAX_ELEMENT_DEPTH && !tooDeep) {
          tooDeep = true
          parser.pause()
        }
      },
      ontext(text) {
        // The innermost capture still open collects the text (an option inside a select, a title inside a region).
        const innermost = capturing[capturing.length - 1]
        if (innermost !== undefined) innermost.text += text
      },
      onclosetag(name) {
        // Close up to the matching tag (htmlparser2 reports implied closes, so the stack stays balanced).
        while (stack.length > 0) {
          const o = stack.pop()!
          finish(o)
          if (o.tag === name) break
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true, recognizeSelfClosing: true },
  )

  function finish(o: Open): void {
    // Elements close innermost first, so a closing capture is the last one opened.
    if (o.capture !== null) capturing.pop()
    if (o.capture === null) {
      if (o.tag === 'select') currentSelect = null
      if (o.region === 'success') inSuccess--
      if (o.region === 'error') inError--
      return
    }
    const text = o.capture === 'textarea' ? o.text : normalize(o.text)
    switch (o.capture) {
      case 'option':
        if (o.selected) selects.get(o.target!)?.push(o.optionValue ?? normalize(o.text))
        break
      case 'textarea':
        inputs.set(o.target!, text === '' ? null : text)
        break
      case 'display':
        displays.set(o.target!, text)
        break
      case 'success':
        if (text && messages.length < MAX_PAGE_MESSAGES) messages.push(text)
        break
      case 'error':
      case 'inlineError':
        if (text && errors.length < MAX_PAGE_MESSAGES && !errorSeen.has(text)) {
          errorSeen.add(text)
          errors.push(text)
        }
        break
    }
    if (o.tag === 'select') currentSelect = null
    if (o.region === 'success') inSuccess--
    if (o.region === 'error') inError--
  }

  for (let at = 0; at < html.length && !tooDeep; at += WRITE_CHARS) parser.write(html.slice(at, at + WRITE_CHARS))
  // Too deep: the parser stays paused; the elements still open are not finished (their text is incomplete).
  if (!tooDeep) parser.end()

  const items: Record<string, string | null> = {}
  for (const [k, v] of inputs) items[k] = v
  for (const [k, v] of selects) if (!(k in items)) items[k] = v.length === 0 ? null : v.join(':')
  for (const [k, v] of groups) if (!(k in items)) items[k] = v.length === 0 ? null : v.join(':')
  for (const [k, v] of displays) if (!(k in items)) items[k] = v === '' ? null : v
  for (const p of passwordInputs) delete items[p]
  const answer: PageAnswer = { app, page, session, items, errors, messages, passwordInputs }
  if (tooDeep) answer.stoppedTooDeep = true
  return answer
}

function toNumber(s: string | undefined, positive: boolean): number | null {
  if (s === undefined || !/^\d{1,9}$/.test(s)) return null
  const n = Number(s)
  return positive && n === 0 ? null : n
}
