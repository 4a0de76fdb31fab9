/**
 * An effect given back from the effect columns as the engine's object (key
 * order may differ from the event line; the line itself is the exact form).
 */
import type { Effect } from '../engine/model/effect.js'
import { ABSENT, GROUP_EVENTS, OP_BROWSER, OP_COOKIE, OP_GROUP, OP_INSERT, OP_NOTICE, OP_OTHER, OP_REKEY, OP_ROW, OP_SESSION, OP_SET, OP_USERSET, SESSION_EVENT_CODES, ROW_CHANGES, STATUS_CODES } from './codes.js'
import type { TimelineColumns } from './timeline-columns.js'

/** The effect at global position i, as the engine emitted it (key order may differ). */
export function decodeEffect(cols: TimelineColumns, i: number): Effect {
  const op = cols.effectOp.get(i)
  const cause = cols.effectCause.get(i)
  const causeText = cause < 0 ? undefined : cols.causes.get(cause)
  let e: Record<string, unknown>
  const val = (v: number) => (v < 0 ? null : cols.values.get(v))
  switch (op) {
    case OP_SET: {
      const page = cols.effectPage.get(i)
      e = {
        op: 'set',
        session: cols.sessionIds.get(cols.effectSession.get(i)),
        app: cols.effectApp.get(i),
        page: page === -1 ? null : page,
        item: cols.names.get(cols.effectItem.get(i)),
        from: val(cols.effectFrom.get(i)),
        fromStatus: STATUS_CODES[cols.effectFromStatus.get(i)] ?? null,
        to: val(cols.effectTo.get(i)),
        toStatus: STATUS_CODES[cols.effectToStatus.get(i)] ?? null,
        cause: causeText,
      }
      break
    }
    case OP_USERSET: {
      const k = cols.effectKey.get(i)
      const sess = cols.effectSession.get(i)
      e = { op: 'userSet', user: cols.names.get(cols.userKeyUser.get(k)), app: cols.effectApp.get(i), item: cols.names.get(cols.effectItem.get(i)), from: val(cols.effectFrom.get(i)), to: val(cols.effectTo.get(i)) }
      if (sess >= 0) e.session = cols.sessionIds.get(sess)
      e.cause = causeText
      break
    }
    case OP_SESSION: {
      const from = cols.effectFrom.get(i)
      const to = cols.effectTo.get(i)
      e = {
        op: 'session',
        event: SESSION_EVENT_CODES[cols.effectFromStatus.get(i)] ?? 'created',
        session: cols.sessionIds.get(cols.effectSession.get(i)),
        from: from < 0 ? null : cols.sessionRecords.get(from),
        to: to < 0 ? null : cols.sessionRecords.get(to),
        cause: causeText,
      }
      break
    }
    case OP_GROUP: {
      const from = cols.effectFrom.get(i)
      const to = cols.effectTo.get(i)
      e = {
        op: 'group',
        event: GROUP_EVENTS[cols.effectFromStatus.get(i)] ?? 'touched',
        groupId: cols.groupIds.get(cols.effectKey.get(i)),
        from: from < 0 ? null : cols.groupRecords.get(from),
        to: to < 0 ? null : cols.groupRecords.get(to),
        cause: causeText,
      }
      break
    }
    case OP_REKEY:
      e = { op: 'rekey', from: cols.sessionIds.get(cols.effectSession.get(i)), to: cols.sessionIds.get(cols.effectKey.get(i)), cause: causeText }
      break
    case OP_INSERT: {
      const t = cols.effectKey.get(i)
      const sess = cols.effectSession.get(i)
      e = { op: 'insertRow', app: cols.effectApp.get(i), table: cols.names.get(cols.tableName.get(t)), index: cols.effectFrom.get(i), row: JSON.parse(cols.misc.get(cols.effectTo.get(i))) as unknown }
      if (sess >= 0) e.session = cols.sessionIds.get(sess)
      e.cause = causeText
      break
    }
    case OP_ROW: {
      const t = cols.effectKey.get(i)
      const sess = cols.effectSession.get(i)
      const image = (id: number) => (id < 0 ? null : (JSON.parse(cols.misc.get(id)) as unknown))
      e = {
        op: 'row',
        app: cols.effectApp.get(i),
        table: cols.names.get(cols.tableName.get(t)),
        key: cols.names.get(cols.effectItem.get(i)),
        change: ROW_CHANGES[cols.effectFromStatus.get(i)],
        from: image(cols.effectFrom.get(i)),
        to: image(cols.effectTo.get(i)),
      }
      if (sess >= 0) e.session = cols.sessionIds.get(sess)
      e.cause = causeText
      break
    }
    case OP_BROWSER:
      e = { op: 'browser', event: 'created', browser: cols.names.get(cols.effectItem.get(i)), cause: causeText }
      break
    case OP_COOKIE: {
      const sess = cols.effectSession.get(i)
      e = {
        op: 'cookie',
        browser: cols.names.get(cols.effectKey.get(i)),
        name: cols.names.get(cols.effectItem.get(i)),
        path: cols.names.get(cols.effectPage.get(i)),
        from: val(cols.effectFrom.get(i)),
        to: val(cols.effectTo.get(i)),
      }
      if (sess >= 0) e.session = cols.sessionIds.get(sess)
      e.cause = causeText
      break
    }
    case OP_OTHER: {
      // Kept only in the step's event line: given back from there.
      const step = cols.stepOfEffect(i)
      return cols.step(step).effects[i - cols.stepFirstEffect.get(step)]!
    }
    default: {
      const sess = cols.effectSession.get(i)
      const app = cols.effectApp.get(i)
      const page = cols.effectPage.get(i)
      const item = cols.effectItem.get(i)
      const code = cols.effectFrom.get(i)
      e = { op: op === OP_NOTICE ? 'notice' : 'warning', message: causeText }
      if (code >= 0) e.code = cols.names.get(code)
      if (sess >= 0) e.session = cols.sessionIds.get(sess)
      if (app !== ABSENT) e.app = app
      if (page !== ABSENT) e.page = page === -1 ? null : page
      if (item >= 0) e.item = cols.names.get(item)
    }
  }
  if (e.cause === undefined) delete e.cause
  return e as unknown as Effect
}
