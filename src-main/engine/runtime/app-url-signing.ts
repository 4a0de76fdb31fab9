/**
 * Session State Protection for URLs the app builds (issue #16): the checksum
 * key of an app, who a URL is signed for, what a page and its items demand —
 * used by a request's `sign` and a redirect the engine follows (runShow), and
 * by the APEX API an app's own PL/SQL calls to build links
 * (APEX_UTIL.PREPARE_URL, APEX_PAGE.GET_URL), so every link the app builds
 * carries the checksum a typed URL would lack.
 */
import type { CompiledApp, CompiledPage } from '../app/compiled-app.js'
import type { SessionRecord } from '../model/effect.js'
import { ANONYMOUS_USER, isDigits, normalizeName } from '../model/values.js'
import type { ChecksumContext, ChecksumKey, ChecksumScope, ProtectionRules } from '../url/checksum.js'
import { checksumKey, demandedChecksum, hasPayload, signUrl } from '../url/checksum.js'
import { buildUrl, parseUrl } from '../url/index.js'
import type { EngineContext } from './engine-context.js'
import { findApp } from './engine-context.js'

/** The checksum key of an app in this workspace. */
export function checksumKeyOf(ctx: EngineContext, app: CompiledApp): ChecksumKey {
  return checksumKey(ctx.checksumSecret ?? '', app.def.checksumSalt ?? '')
}

/** Who and where a URL to `page` is signed for. */
export function checksumContext(_ctx: EngineContext, app: CompiledApp, page: CompiledPage, session: SessionRecord | undefined): ChecksumContext {
  return { app: app.id, page: page.id, user: session?.user ?? ANONYMOUS_USER, session: session?.id ?? 0 }
}

/** What page `page` and the app's items demand (the definition's issue #16 fields). */
export function protectionRules(app: CompiledApp, page: CompiledPage): ProtectionRules {
  return {
    enabled: app.def.sessionStateProtection !== false,
    argumentsMustHaveChecksum: page.def.argumentsMustHaveChecksum === true,
    itemScope: (name) => app.items.get(normalizeName(name))?.def.checksumRequired,
  }
}

/** A page of `app` by number or alias. */
export function findPage(app: CompiledApp, ref: string): CompiledPage | undefined {
  const r = ref.trim()
  if (isDigits(r)) return app.pages.get(Number(r))
  const id = app.pageAliases.get(r.toUpperCase())
  return id === undefined ? undefined : app.pages.get(id)
}

/**
 * A link the app's code builds, signed as APEX signs it for `session`:
 * at `scope` (APEX_UTIL.PREPARE_URL's checksum type) when it carries a payload
 * (item values, a request or a clear cache), or — with `scope`
 * null — at session level only when the target page or its items demand a
 * checksum (APEX_PAGE.GET_URL). A URL that is not an f?p/friendly URL of an
 * app in this workspace, or one that already carries `cs=`, is returned as it is.
 */
export function signAppUrl(ctx: EngineContext, url: string, scope: ChecksumScope | null, session: SessionRecord | undefined): string {
  const parsed = parseUrl(url)
  if (!parsed.ok) return url
  const u = parsed.value
  if (u.extra.some((p) => p.name.toLowerCase() === 'cs')) return url
  const app = findApp(ctx, u.app)
  const page = app ? findPage(app, u.page) : undefined
  if (!app || !page) return url
  const rules = protectionRules(app, page)
  if (!rules.enabled) return url
  // PREPARE_URL adds cs= "if one is required": a URL without a payload (items, request, clear cache) needs none.
  const at = scope !== null ? (hasPayload(u) ? scope : null) : demandedChecksum(page.id, u, rules) !== null ? 'session' : null
  if (at === null) return url
  return buildUrl(signUrl(checksumKeyOf(ctx, app), at, checksumContext(ctx, app, page, session), u))
}
