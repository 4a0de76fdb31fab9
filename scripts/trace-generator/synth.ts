/**
 * Recorded effects without the engine: a compact re-enactment of the
 * generator's apps that produces steps (phases, effects with before/after
 * images, outcomes, redirect follow-ups) for the journeys' plans, fast
 * enough for million-event traces.
 *
 * It is *not* the simulator — expressions are not evaluated, only the few
 * shapes the generator's apps use — but every effect goes through the
 * engine's own StepRecorder, session lifecycle and row-writing helpers on a
 * real SessionState, so the effects have the engine's shapes and always
 * apply cleanly, forward and backward (tests check it).
 */
import type { AppDefinition, Page } from '../../src-main/engine/model/app-definition.js'
import type { Operation } from '../../src-main/engine/model/operation.js'
import type { Outcome, Step, StepKind } from '../../src-main/engine/model/step.js'
import { toStoredValue } from '../../src-main/engine/model/values.js'
import type { EngineContext, EffectiveSettings } from '../../src-main/engine/runtime/engine-context.js'
import { SeededIdSource, SessionIdAllocator } from '../../src-main/engine/runtime/session-ids.js'
import { expiryReason, touchGroup } from '../../src-main/engine/runtime/session-lifecycle.js'
import { removeAllRows, resetRow, writeRow, writeUserValue } from '../../src-main/engine/runtime/state-writes.js'
import type { GroupRecord, SessionRecord } from '../../src-main/engine/model/effect.js'
import { StepRecorder } from '../../src-main/engine/runtime/step-recorder.js'
import { SessionState } from '../../src-main/engine/state/session-state.js'
import type { Plan } from './journeys.js'

interface Outcome0 {
  outcome: Outcome
  session: number | null
  app: number | null
  page: number | null
  reason?: string
  redirect?: { app: number; page: number; clear: string[]; items: [string, string][] }
  errors?: { validation: string; item?: string; message: string }[]
}

interface ItemInfo {
  app: number
  /** Where the row is stored: app 0 for GLOBAL items. */
  storageApp: number
  page: number | null
  storage: 'session' | 'request' | 'user'
  def?: string
}

const VALIDATED: Record<string, string> = { P30_NAME: 'Name', P30_EMAIL: 'Email', P43_ENAME: 'Name', P5_SUBJECT: 'Subject', P20_QTY: 'Quantity' }

export class RecordedSynth {
  readonly state = new SessionState()
  private readonly ctx: EngineContext
  private readonly apps: Map<number, AppDefinition>
  private readonly items = new Map<string, ItemInfo>()
  private readonly aliases = new Map<string, number>()
  private readonly aliasesOf = new Map<number, string[]>()
  /** Live members of each clone group (the engine scans every session for this; too slow for a million events). */
  private readonly members = new Map<number, Set<number>>()
  private index = 0

  constructor(apps: readonly AppDefinition[], seed: number, settings: EffectiveSettings) {
    this.apps = new Map(apps.map((a) => [a.id, a]))
    for (const a of apps) {
      for (const it of a.items ?? []) this.items.set(`${a.id}:${it.name}`, { app: a.id, storageApp: it.scope === 'GLOBAL' ? 0 : a.id, page: null, storage: it.storage ?? 'session' })
      for (const p of a.pages)
        for (const it of p.items ?? [])
          this.items.set(`${a.id}:${it.name}`, { app: a.id, storageApp: a.id, page: p.id, storage: it.storage ?? 'session', ...(it.default ? { def: it.default } : {}) })
    }
    const state = this.state
    this.ctx = {
      state,
      apps: new Map(),
      appAliases: new Map(),
      settings,
      ids: new SessionIdAllocator(new SeededIdSource(seed), (id) => state.sessions.has(id) || state.groups.has(id)),
      now: 0,
    }
  }

  /** The steps of one planned action at time t (the clock never goes back). */
  run(plan: Plan, op: Operation, t: number): Step[] {
    if (t > this.ctx.now) this.ctx.now = t
    switch (plan.type) {
      case 'request': {
        const id = plan.newSession ? null : this.live(plan.alias)
        if (!plan.newSession && id === null) return [this.errorStep(op, 'show', `session "${plan.alias}" does not exist any more`)]
        return this.withRedirects(op, 'show', (rec) => this.show(rec, id, plan.alias, plan.app, plan.page, plan.clear, plan.items, `request f?p=${plan.app}:${plan.page}`))
      }
      case 'submit': {
        const id = this.live(plan.alias)
        if (id === null) return [this.errorStep(op, 'accept', `session "${plan.alias}" does not exist any more`)]
        return this.withRedirects(op, 'accept', (rec) => this.submit(rec, id, plan))
      }
      case 'wait':
        return [
          this.record(op, 'wait', (rec) => {
            this.ctx.now += plan.seconds
            rec.phase('wait', `Wait ${plan.seconds} s (clock now ${this.ctx.now} s)`)
            for (const s of this.state.liveSessions()) {
              const why = expiryReason(this.state.groups.get(s.groupId), this.ctx.now)
              if (why) rec.notice(`session ${s.id} is now past its limits: ${why}; its next request fails as expired`, { code: 'pastLimit', session: s.id })
            }
            return { outcome: 'ok', session: null, app: null, page: null }
          }),
        ]
      default: {
        const id = this.live(plan.alias)
        const kind = plan.type
        if (id === null) return [this.errorStep(op, kind, `session "${plan.alias}" does not exist any more`)]
        return [this.record(op, kind, (rec) => this.sessionOp(rec, id, plan))]
      }
    }
  }

  private name(alias: string, id: number): void {
    this.aliases.set(alias, id)
    const list = this.aliasesOf.get(id)
    if (list) list.push(alias)
    else this.aliasesOf.set(id, [alias])
  }

  private live(alias: string): number | null {
    const id = this.aliases.get(alias)
    if (id === undefined) return null
    const s = this.state.sessions.get(id)
    return s && s.ended === null ? id : null
  }

  private record(op: Operation, kind: StepKind, fn: (rec: StepRecorder) => Outcome0, causedBy?: number): Step {
    const rec = new StepRecorder(this.state)
    const t = this.ctx.now
    const r = fn(rec)
    rec.close()
    const step: Step = { index: this.index++, t, kind, input: op, session: r.session, app: r.app, page: r.page, outcome: r.outcome, phases: rec.phases, effects: rec.effects }
    if (r.reason !== undefined) step.reason = r.reason
    if (r.errors) step.errors = r.errors
    if (causedBy !== undefined) step.causedBy = causedBy
    else if (op.note !== undefined) step.note = op.note
    ;(step as Step & { redirect?: unknown }).redirect = r.redirect
    return step
  }

  private withRedirects(op: Operation, kind: StepKind, fn: (rec: StepRecorder) => Outcome0): Step[] {
    const out: Step[] = []
    let step = this.record(op, kind, fn)
    for (;;) {
      const redirect = (step as Step & { redirect?: Outcome0['redirect'] }).redirect
      delete (step as Step & { redirect?: unknown }).redirect
      out.push(step)
      if (!redirect || step.session === null) break
      const id = step.session
      step = this.record(op, 'show', (rec) => this.show(rec, id, null, redirect.app, redirect.page, redirect.clear, redirect.items, `f?p=${redirect.app}:${redirect.page}:${id}`), step.index)
    }
    return out
  }

  private errorStep(op: Operation, kind: StepKind, reason: string): Step {
    return { index: this.index++, t: this.ctx.now, kind, input: op, session: null, app: null, page: null, outcome: 'error', reason, phases: [], effects: [] }
  }

  /** An expired session is deleted by the request that finds it so. */
  private expire(rec: StepRecorder, id: number): Outcome0 | null {
    const s = this.state.sessions.get(id)!
    const why = expiryReason(this.state.groups.get(s.groupId), this.ctx.now)
    if (!why) return null
    rec.phase('deleteSessions', `Session ${id} expired`)
    this.endSession(rec, id, 'expired', `session ${id} expired: ${why}`)
    return { outcome: 'expired', session: id, app: s.currentApp, page: s.currentPage, reason: `session ${id} expired: ${why}` }
  }


  // Session lifecycle with the engine's effect shapes (session-lifecycle.ts),
  // but with an index of live group members instead of scanning all sessions.
  private createSession(rec: StepRecorder, alias: string | null, cause: string): number {
    const ctx = this.ctx
    const id = ctx.ids.allocate()
    const group: GroupRecord = { id, createdAt: ctx.now, lastActivity: ctx.now, maxSessionLengthSec: ctx.settings.maxSessionLengthSec, maxSessionIdleSec: ctx.settings.maxSessionIdleSec }
    rec.emit({ op: 'group', event: 'created', groupId: id, from: null, to: group, cause })
    const session: SessionRecord = { id, alias, user: 'nobody', createdAt: ctx.now, groupId: id, apps: [], currentApp: null, currentPage: null, ended: null, endedAt: null }
    rec.emit({ op: 'session', event: 'created', session: id, from: null, to: session, cause })
    this.members.set(id, new Set([id]))
    return id
  }

  private updateSession(rec: StepRecorder, id: number, event: 'loggedIn' | 'joinedApp' | 'pageShown', patch: Partial<SessionRecord>, cause: string): void {
    const from = this.state.sessions.get(id)!
    let changed = false
    for (const [k, v] of Object.entries(patch)) {
      const old = (from as unknown as Record<string, unknown>)[k]
      if (Array.isArray(v) ? JSON.stringify(v) !== JSON.stringify(old) : v !== old) changed = true
    }
    if (!changed) return
    const to: SessionRecord = { ...from, ...patch, apps: patch.apps ?? [...from.apps] }
    rec.emit({ op: 'session', event, session: id, from: { ...from, apps: [...from.apps] }, to, cause })
  }

  private endSession(rec: StepRecorder, id: number, how: 'expired' | 'loggedOut', cause: string): void {
    const s = this.state.sessions.get(id)
    if (!s || s.ended) return
    removeAllRows(this.state, rec, id, cause)
    rec.emit({ op: 'session', event: how === 'expired' ? 'expired' : 'deleted', session: id, from: { ...s, apps: [...s.apps] }, to: { ...s, apps: [...s.apps], ended: how, endedAt: this.ctx.now }, cause })
    const members = this.members.get(s.groupId)
    members?.delete(id)
    const g = this.state.groups.get(s.groupId)
    if ((!members || members.size === 0) && g) {
      rec.emit({ op: 'group', event: 'deleted', groupId: g.id, from: { ...g }, to: null, cause })
      this.members.delete(s.groupId)
    }
  }

  private info(app: number, item: string): ItemInfo | undefined {
    return this.items.get(`${app}:${item}`)
  }

  private set(rec: StepRecorder, id: number, app: number, item: string, value: string | null, cause: string): void {
    const info = this.info(app, item)
    if (!info || info.storage === 'request') return
    const s = this.state.sessions.get(id)!
    if (info.storage === 'user' && s.user !== 'nobody') {
      writeUserValue(this.state, rec, s.user, info.storageApp, item, value, cause, id)
      return
    }
    writeRow(this.state, rec, { session: id, app: info.storageApp, page: info.page, item }, toStoredValue(value), cause)
  }

  private get(id: number, app: number, item: string, posted?: Record<string, string | null>): string | null {
    if (posted && item in posted) return toStoredValue(posted[item])
    const info = this.info(app, item)
    if (!info) return null
    return this.state.getRow(id, info.storageApp, info.page, item)?.value ?? null
  }

  private clearTokens(rec: StepRecorder, id: number, app: AppDefinition, tokens: readonly string[], cause: string): void {
    for (const token of tokens) {
      if (token === 'APP') {
        for (const p of app.pages) for (const it of p.items ?? []) resetRow(this.state, rec, { session: id, app: app.id, page: p.id, item: it.name }, `${cause} (APP)`)
        for (const it of app.items ?? []) if (it.scope !== 'GLOBAL') resetRow(this.state, rec, { session: id, app: app.id, page: null, item: it.name }, `${cause} (APP)`)
        continue
      }
      const page = app.pages.find((p) => String(p.id) === token)
      if (page) for (const it of page.items ?? []) resetRow(this.state, rec, { session: id, app: app.id, page: page.id, item: it.name }, `ClearCache token ${token} in ${cause}`)
    }
  }

  private show(rec: StepRecorder, existing: number | null, alias: string | null, appId: number, pageId: number, clear: readonly string[], items: readonly [string, string][], cause: string): Outcome0 {
    const app = this.apps.get(appId)!
    const page = app.pages.find((p) => p.id === pageId)!
    rec.phase('resolveSession', 'Parse URL and resolve session')
    let id: number
    if (existing === null) {
      id = this.createSession(rec, alias, cause)
      if (alias) this.name(alias, id)
    } else {
      id = existing
      const expired = this.expire(rec, id)
      if (expired) return expired
      touchGroup(this.ctx, rec, this.state.sessions.get(id)!.groupId, cause)
    }
    const s = this.state.sessions.get(id)!
    if (!s.apps.includes(appId)) {
      rec.phase('onNewInstance', `On New Instance (app ${appId})`)
      this.updateSession(rec, id, 'joinedApp', { apps: [...s.apps, appId] }, cause)
      for (const c of app.computations ?? []) if (c.point === 'onNewInstance') this.set(rec, id, appId, c.item, literal(c.expression), `application computation (${c.item})`)
    }
    if (clear.length > 0) {
      rec.phase('clearCache', `Clear cache: ${clear.join(',')}`)
      this.clearTokens(rec, id, app, clear, `URL ${cause}`)
    }
    if (items.length > 0) {
      rec.phase('setUrlItems', 'Set URL item values')
      for (const [item, value] of items) this.set(rec, id, appId, item, value, `URL ${cause}`)
    }
    this.render(rec, id, app, page)
    return { outcome: 'ok', session: id, app: appId, page: pageId }
  }

  /** Before Header computations, items render (defaults), end of request. */
  private render(rec: StepRecorder, id: number, app: AppDefinition, page: Page): void {
    rec.phase('beforeHeader', 'Before Header')
    for (const c of page.computations ?? []) if (c.point === 'beforeHeader') this.set(rec, id, app.id, c.item, literal(c.expression), `computation on page ${page.id} (${c.item})`)
    rec.phase('itemsRender', `Items render (page ${page.id})`)
    const dropped: string[] = []
    for (const it of page.items ?? []) {
      if ((it.storage ?? 'session') === 'request') {
        dropped.push(it.name)
        continue
      }
      if (it.default && this.get(id, app.id, it.name) === null) this.set(rec, id, app.id, it.name, literal(it.default), `default of ${it.name}`)
    }
    rec.phase('endOfRequest', 'End of request: commit session state')
    if (dropped.length > 0) rec.notice(`Per Request values dropped at end of request: ${dropped.join(', ')}`, { code: 'requestValuesDropped', session: id })
    this.updateSession(rec, id, 'pageShown', { currentApp: app.id, currentPage: page.id }, `page ${page.id} of app ${app.id} shown`)
  }

  private submit(rec: StepRecorder, id: number, plan: Extract<Plan, { type: 'submit' }>): Outcome0 {
    const { form, values } = plan
    const app = this.apps.get(form.app)!
    const page = app.pages.find((p) => p.id === form.page)!
    rec.phase('resolveSession', 'Resolve session')
    const expired = this.expire(rec, id)
    if (expired) return expired
    touchGroup(this.ctx, rec, this.state.sessions.get(id)!.groupId, `submit of page ${page.id}`)
    rec.phase('postValues', `Posted values (REQUEST = ${form.button})`)
    for (const [item, value] of Object.entries(values)) this.set(rec, id, app.id, item, value, `posted value (submit of page ${page.id})`)
    rec.phase('validations', 'Validations')
    const errors = Object.entries(values)
      .filter(([item, v]) => v === null && VALIDATED[item])
      .map(([item]) => ({ validation: VALIDATED[item]!, item, message: `${VALIDATED[item]} is required.` }))
    if (errors.length > 0) {
      rec.phase('redisplay', `Show page ${page.id} again with ${errors.length} error${errors.length === 1 ? '' : 's'}`)
      rec.phase('endOfRequest', 'End of request: commit session state')
      return { outcome: 'validationFailed', session: id, app: app.id, page: page.id, errors }
    }
    rec.phase('processing', 'Processing: branches, processes')
    for (const p of page.processes ?? []) {
      if (p.when?.button !== form.button) continue
      if (p.type === 'setItems') {
        for (const [item, expr] of Object.entries(p.items)) this.set(rec, id, app.id, item, this.evaluate(id, app.id, expr, values), `process ${p.name}`)
      } else if (p.type === 'clearCache') {
        this.clearTokens(rec, id, app, p.tokens.split(','), `process ${p.name}`)
      } else if (p.type === 'insertRow') {
        const row: Record<string, string | null> = {}
        for (const [col, expr] of Object.entries(p.columns)) row[col] = this.evaluate(id, app.id, expr, values)
        const index = this.state.tableRows(app.id, p.table).length
        rec.emit({ op: 'insertRow', app: app.id, table: p.table, index, row, session: id, cause: `process ${p.name}` })
      }
    }
    rec.phase('branch', `Branch (redirect) to f?p=${app.id}:${form.next}:${id}${form.clear ? `::NO:${form.clear}` : ''}`)
    rec.phase('endOfRequest', 'End of request: commit session state')
    // Item values the branch's URL passes (f?p=…:ITEMS:VALUES), as the branch found them after processing.
    const items = this.branchItems(page, form.button).map(([item, value]): [string, string] => [item, this.substitute(id, app.id, value)])
    return { outcome: 'ok', session: id, app: app.id, page: page.id, redirect: { app: app.id, page: form.next, clear: form.clear ? form.clear.split(',') : [], items } }
  }

  /** The item names and value texts of the redirect a button takes (the 7th and 8th f?p arguments of its branch target). */
  private branchItems(page: Page, button: string): [string, string][] {
    const branch = (page.branches ?? []).find((b) => b.when?.button === button && typeof (b as { target?: unknown }).target === 'string')
    const target = (branch as { target?: string } | undefined)?.target
    if (!target) return []
    const args = target.replace(/^f\?p=/, '').split(':')
    const names = (args[6] ?? '').split(',').filter((n) => n !== '')
    const values = (args[7] ?? '').split(',')
    return names.map((n, i) => [n, values[i] ?? ''])
  }

  /** A URL value: `&ITEM.` is the item's session value (null as ''), anything else is literal. */
  private substitute(id: number, app: number, text: string): string {
    const m = /^&([A-Z0-9_$#]+)\.$/i.exec(text)
    return m ? (this.get(id, app, m[1]!.toUpperCase()) ?? '') : text
  }

  /** The expression shapes of the generator's apps. */
  private evaluate(id: number, app: number, expr: string, posted: Record<string, string | null>): string | null {
    // TO_NUMBER(NVL(:X, 'n')) + 1 (a null X counts as n) and TO_NUMBER(:X) + 1 (null stays null, as in SQL).
    const inc = /^TO_NUMBER\((?:NVL\()?:(\w+)(?:, '(\d+)'\))?\) \+ 1$/.exec(expr)
    if (inc) {
      const v = this.get(id, app, inc[1]!, posted) ?? inc[2] ?? null
      return v === null ? null : String(Number(v) + 1)
    }
    const ref = /^:(\w+)$/.exec(expr)
    if (ref) return this.get(id, app, ref[1]!, posted)
    return literal(expr)
  }

  private sessionOp(rec: StepRecorder, id: number, plan: Exclude<Plan, { type: 'request' | 'submit' | 'wait' }>): Outcome0 {
    rec.phase('resolveSession', 'Resolve session')
    const expired = this.expire(rec, id)
    if (expired) return expired
    const s = this.state.sessions.get(id)!
    const app = s.currentApp
    const base = { outcome: 'ok' as const, session: id, app, page: s.currentPage }
    switch (plan.type) {
      case 'setState': {
        touchGroup(this.ctx, rec, s.groupId, 'APEX_UTIL.SET_SESSION_STATE')
        rec.phase('setState', `APEX_UTIL.SET_SESSION_STATE(${plan.item})`)
        this.set(rec, id, plan.app, plan.item, plan.value, `APEX_UTIL.SET_SESSION_STATE('${plan.item}')`)
        return { ...base, app: plan.app }
      }
      case 'clearCache': {
        touchGroup(this.ctx, rec, s.groupId, 'APEX_UTIL clear cache')
        rec.phase('clearCache', `Clear cache: ${plan.tokens.join(',')}`)
        this.clearTokens(rec, id, this.apps.get(plan.app)!, plan.tokens, `APEX_UTIL clear-cache call (${plan.tokens.join(',')})`)
        return { ...base, app: plan.app }
      }
      case 'clone': {
        const cause = `clone of session ${id}`
        const newId = this.ctx.ids.allocate()
        rec.phase('cloneAllocate', `Allocate new session ID ${newId}`, { original: id, clone: newId })
        rec.emit({ op: 'session', event: 'cloned', session: newId, from: null, to: { ...s, id: newId, alias: plan.as, createdAt: this.ctx.now, apps: [...s.apps], ended: null, endedAt: null }, cause })
        const rows = this.state.rowsOf(id)
        rec.phase('cloneCopy', `Copy ${rows.length} stored row${rows.length === 1 ? '' : 's'} from session ${id}`, { rows: rows.length })
        for (const r of rows) rec.emit({ op: 'set', session: newId, app: r.app, page: r.page, item: r.item, from: null, fromStatus: null, to: r.value, toStatus: r.status, cause })
        rec.phase('cloneGroup', `Join clone group ${s.groupId}`, { groupId: s.groupId })
        touchGroup(this.ctx, rec, s.groupId, cause)
        this.name(plan.as, newId)
        this.members.get(s.groupId)?.add(newId)
        return { ...base, session: newId }
      }
      case 'login': {
        const newId = this.ctx.ids.allocate()
        rec.phase('rotateId', `Authenticate ${plan.user}: session ID ${id} → ${newId}`, { from: id, to: newId })
        rec.emit({ op: 'rekey', from: id, to: newId, cause: `login of ${plan.user} rotates the session ID` })
        this.updateSession(rec, newId, 'loggedIn', { user: plan.user }, `login of ${plan.user}`)
        touchGroup(this.ctx, rec, s.groupId, `login of ${plan.user}`)
        const names = this.aliasesOf.get(id) ?? []
        for (const alias of names) this.aliases.set(alias, newId)
        this.aliasesOf.delete(id)
        this.aliasesOf.set(newId, names)
        const group = this.members.get(s.groupId)
        if (group?.delete(id)) group.add(newId)
        if (app !== null) {
          rec.phase('afterLogin', `After Authentication (app ${app})`)
          for (const c of this.apps.get(app)?.computations ?? [])
            if (c.point === 'afterLogin') {
              const info = this.info(app, c.item)
              const current = info ? (this.state.getUserRow(plan.user, info.storageApp, c.item)?.value ?? null) : null
              this.set(rec, newId, app, c.item, current ?? literal(c.expression.replace(/^NVL\([^,]+, /, '').replace(/\)$/, '')), `application computation (${c.item})`)
            }
        }
        return { ...base, session: newId }
      }
      case 'logout': {
        const members = [...(this.members.get(s.groupId) ?? [id])]
        rec.phase('deleteSessions', `Logout: delete ${members.length} session${members.length === 1 ? '' : 's'} of clone group ${s.groupId}`, { sessions: members })
        for (const m of members) this.endSession(rec, m, 'loggedOut', m === id ? `logout of session ${id}` : `logout of session ${id} (same clone group)`)
        return base
      }
    }
  }
}

/** The value of a quoted literal expression ('CLERK' → CLERK); anything else yields its text. */
function literal(expr: string): string | null {
  const m = /^'(.*)'$/.exec(expr.trim())
  return toStoredValue(m ? m[1]!.replace(/''/g, "'") : expr)
}
