/**
 * Where the engine could not run a component (issue #11 item 5): the
 * "not simulated" notices of a step, each matched with the component's
 * original SQL/PL/SQL text from the app definition, and the page items whose
 * value depends on such a component.
 *
 * The contract gives no component id on a notice, only its message; the
 * engine names components with fixed labels ("process 'Save' on page 5",
 * "branch #1 on page 1", "application computation #2 (P0_X)", "… of item
 * P1_X"). The same labels are built here from the definition and looked up in
 * the message: the longest label found wins, so "branch #1" never matches
 * inside "branch #11".
 */
import type { AppDefinition, Effect, PageDefinition } from '../transport/api-types.js'

/** The record of code the engine keeps for a component it cannot state (trace-format "notSimulated"). */
export interface CodeRecord {
  kind: string
  text: string
  language?: string
  apexType?: string
  /** For an item: which part of it (`source`, `default`, `postComputation`; absent: source). */
  role?: string
}

/** One not-simulated notice of a step, with the code it is about when the definition has it. */
export interface NotSimulatedPart {
  /** The notice's words without the "not simulated: " prefix: what and why. */
  reason: string
  /** Where the component is, in the engine's words (null when no component matched). */
  where: string | null
  /** The component's original code (several for an item: source, default, post computation). */
  code: CodeRecord[]
  /** Index of the effect in the step (for keys and tests). */
  effect: number
}

type Notice = Extract<Effect, { op: 'notice' | 'warning' }>

const PREFIX = 'not simulated: '

const asRecord = (v: unknown): CodeRecord | null => {
  if (typeof v !== 'object' || v === null) return null
  const r = v as Record<string, unknown>
  if (typeof r.kind !== 'string' || typeof r.text !== 'string') return null
  return {
    kind: r.kind,
    text: r.text,
    ...(typeof r.language === 'string' ? { language: r.language } : {}),
    ...(typeof r.apexType === 'string' ? { apexType: r.apexType } : {}),
    ...(typeof r.role === 'string' ? { role: r.role } : {}),
  }
}
const whenRecord = (c: unknown): CodeRecord | null => (typeof c === 'object' && c !== null ? asRecord((c as Record<string, unknown>).notSimulated) : null)

/**
 * The item a message is about: "source of item X: …" / "default of item X: …"
 * (a run that failed, the role named) or "… of item X" at the end (the render
 * could not plan it).
 */
export function itemNamed(message: string): { name: string; role?: 'source' | 'default' } | null {
  const run = /^(source|default) of item ([A-Za-z0-9_$#]+)/.exec(message)
  if (run) return { name: run[2]!, role: run[1] as 'source' | 'default' }
  const planned = /\bof item ([A-Za-z0-9_$#]+)$/.exec(message)
  return planned ? { name: planned[1]! } : null
}

/** Every code record an item holds (its `notSimulated` and the `moreNotSimulated` the importer adds for default / post computation). */
export function itemCode(item: { notSimulated?: unknown } & Record<string, unknown>): CodeRecord[] {
  const more = Array.isArray(item.moreNotSimulated) ? (item.moreNotSimulated as unknown[]) : []
  return [item.notSimulated, ...more].map(asRecord).filter((r): r is CodeRecord => r !== null)
}

interface Labelled {
  label: string
  /** The component's own code. */
  own: CodeRecord | null
  /** Its condition's code. */
  condition: CodeRecord | null
}

const hasCode = (l: Labelled): boolean => l.own !== null || l.condition !== null

/** Labels per definition: made once, as the inspector asks again on every step. */
const LABELS = new WeakMap<AppDefinition, Labelled[]>()

/** The engine's label of every component that can carry code (as compile-app.ts names them). */
function labels(app: AppDefinition): Labelled[] {
  const cached = LABELS.get(app)
  if (cached) return cached
  const out: Labelled[] = []
  LABELS.set(app, out)
  const add = (label: string, own: unknown, when: unknown) => out.push({ label, own: asRecord(own), condition: whenRecord(when) })
  ;(app.computations ?? []).forEach((c, i) => add(`application computation #${i + 1} (${c.item.toUpperCase()})`, c.notSimulated, c.when))
  for (const p of app.processes ?? []) add(`application process '${p.name}'`, p.type === 'notSimulated' ? p.notSimulated : undefined, p.when)
  for (const pg of app.pages) {
    ;(pg.computations ?? []).forEach((c, i) => add(`computation #${i + 1} on page ${pg.id}`, c.notSimulated, c.when))
    for (const v of pg.validations ?? []) add(`validation '${v.name}' on page ${pg.id}`, v.notSimulated, v.when)
    for (const p of pg.processes ?? []) add(`process '${p.name}' on page ${pg.id}`, p.type === 'notSimulated' ? p.notSimulated : undefined, p.when)
    ;(pg.branches ?? []).forEach((b, i) => add(`branch #${i + 1} on page ${pg.id}`, b.notSimulated, b.when))
    for (const b of pg.buttons ?? []) add(`button ${b.name}`, undefined, (b as Record<string, unknown>).displayWhen)
  }
  return out
}

/** The code a not-simulated message is about, found by the component's label (and page, when the notice names one). */
export function codeForMessage(message: string, app: AppDefinition, item?: string, pageId?: number | null): { where: string | null; code: CodeRecord[] } {
  const page = pageId === undefined || pageId === null ? undefined : app.pages.find((p) => p.id === pageId)
  const named = itemNamed(message)
  const itemName = item ?? named?.name
  if (itemName !== undefined) {
    const wanted = itemName.toUpperCase()
    for (const pg of page ? [page] : app.pages) {
      const it = (pg.items ?? []).find((x) => x.name.toUpperCase() === wanted)
      if (!it) continue
      const all = itemCode(it as Record<string, unknown>)
      // "default of item X: …" (a run that failed) is about the default only; "… of item X" from the render about any part.
      const role = named?.role
      const ofRole = role === undefined ? all : all.filter((r) => (r.role ?? 'source') === role)
      return { where: `${role ? `${role} of ` : ''}item ${wanted} on page ${pg.id}`, code: ofRole.length ? ofRole : all }
    }
  }
  let best: Labelled | null = null
  for (const l of labels(app)) {
    if (!message.includes(l.label)) continue
    // "#1 on page 1" is a prefix of "#1 on page 10": the label must end at a word boundary.
    const after = message.charAt(message.indexOf(l.label) + l.label.length)
    if (/[A-Za-z0-9_]/.test(after)) continue
    // Equal labels (a button SAVE on several pages; the notice names no page): the one with code.
    const better = best === null || l.label.length > best.label.length || (l.label.length === best.label.length && !hasCode(best) && hasCode(l))
    if (better) best = l
  }
  if (best === null) return { where: null, code: [] }
  const aboutCondition = message.includes(`condition of ${best.label}`)
  const record = aboutCondition ? best.condition : (best.own ?? best.condition)
  return { where: aboutCondition ? `condition of ${best.label}` : best.label, code: record ? [record] : [] }
}

/** The not-simulated notices among `effects`, each with the component's original code. */
export function notSimulatedParts(effects: readonly Effect[], apps: readonly AppDefinition[], appId: number | null | undefined): NotSimulatedPart[] {
  const out: NotSimulatedPart[] = []
  effects.forEach((e, i) => {
    if (e.op !== 'notice' && e.op !== 'warning') return
    const n = e as Notice
    if (n.code !== 'notSimulated' && !n.message.startsWith(PREFIX)) return
    const reason = n.message.startsWith(PREFIX) ? n.message.slice(PREFIX.length) : n.message
    const app = apps.find((a) => a.id === (n.app ?? appId)) ?? (apps.length === 1 ? apps[0] : undefined)
    const found = app ? codeForMessage(reason, app, n.item, n.page) : { where: null, code: [] }
    out.push({ reason, where: found.where, code: found.code, effect: i })
  })
  return out
}

/**
 * The page's items whose value the simulator could not work out, with why.
 * The engine's word first: the not-simulated notices of the page's last
 * render name their item. Without a render yet, the definition decides: code
 * with no way to run (`run` absent) can never run; code with one may compile
 * when the app loads, so it is not badged ahead of the engine.
 */
export function itemBadges(page: PageDefinition, render: { effects: readonly Effect[] } | null): Map<string, string> {
  const out = new Map<string, string>()
  if (render) {
    for (const e of render.effects) {
      if (e.op !== 'notice' && e.op !== 'warning') continue
      const n = e as Notice
      if (n.code !== 'notSimulated') continue
      const reason = n.message.startsWith(PREFIX) ? n.message.slice(PREFIX.length) : n.message
      // A failed run names the item only in its message.
      const itemName = n.item ?? itemNamed(reason)?.name
      if (itemName === undefined) continue
      const name = itemName.toUpperCase()
      out.set(name, out.has(name) ? `${out.get(name)}; ${reason}` : reason)
    }
    return out
  }
  for (const it of page.items ?? []) {
    const item = it as Record<string, unknown> & { name: string }
    const never = [item.notSimulated, ...(Array.isArray(item.moreNotSimulated) ? (item.moreNotSimulated as unknown[]) : [])].filter(
      (r) => asRecord(r) !== null && typeof (r as Record<string, unknown>).run !== 'string',
    )
    // An expression source or default stands in for the code (the engine uses it).
    if (never.length === 0 || item.source !== undefined || item.default !== undefined) continue
    out.set(it.name.toUpperCase(), never.map((r) => asRecord(r)!.kind).join('; ') + ' (no way to run it)')
  }
  return out
}
