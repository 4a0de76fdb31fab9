/**
 * Rejoin Sessions (APEX 5.0+, reference §8.3): whether a URL *without* a
 * session ID may continue the session the browser's cookie points to.
 *
 * Three levels, each a cap on the next:
 * - instance (`REJOIN_EXISTING_SESSIONS`, default P: "a more restrictive
 *   setting at instance level ... overrides application and page settings",
 *   APEX 24.2 wwv_flow_instance_admin spec) — the trace header's
 *   `settings.rejoinSessions`;
 * - application (`p_rejoin_existing_sessions` of create_flow; absent in a
 *   definition = disabled, issue #16) — `app.settings.rejoinSessions`;
 * - page (`p_rejoin_existing_sessions` of create_page, default null = the
 *   application's) — `page.settings.rejoinSessions`.
 */
import type { RejoinSessions } from '../model/app-definition.js'

export type { RejoinSessions }

/** APEX's codes: N, P, Y. */
export const REJOIN_CODES: Readonly<Record<string, RejoinSessions>> = { N: 'disabled', P: 'public', Y: 'all' }

/** The instance default (APEX 24.2: "If P (the default)"). */
export const INSTANCE_DEFAULT_REJOIN: RejoinSessions = 'public'
/** The app default when a definition says nothing (issue #16: `disabled` default). */
export const APP_DEFAULT_REJOIN: RejoinSessions = 'disabled'

const RANK: Record<RejoinSessions, number> = { disabled: 0, public: 1, all: 2 }

export interface RejoinLevels {
  instance?: RejoinSessions
  app?: RejoinSessions
  page?: RejoinSessions
}

export interface EffectiveRejoin {
  setting: RejoinSessions
  /** Which level decided it, in words ("page 4", "application", "instance cap"). */
  why: string
}

/** The setting that applies to one request: the page's, else the app's, else disabled — capped by the instance. */
export function effectiveRejoin(levels: RejoinLevels, pageId?: number): EffectiveRejoin {
  const instance = levels.instance ?? INSTANCE_DEFAULT_REJOIN
  const own: EffectiveRejoin =
    levels.page !== undefined
      ? { setting: levels.page, why: `page${pageId === undefined ? '' : ` ${pageId}`} setting` }
      : levels.app !== undefined
        ? { setting: levels.app, why: 'application setting' }
        : { setting: APP_DEFAULT_REJOIN, why: 'application default' }
  if (RANK[instance] < RANK[own.setting]) return { setting: instance, why: `instance setting (${instance}) caps the ${own.why} (${own.setting})` }
  return own
}

export function rejoinLabel(setting: RejoinSessions): string {
  return setting === 'disabled' ? 'Disabled' : setting === 'public' ? 'Enabled for Public Sessions' : 'Enabled for All Sessions'
}
