/** The URL layer of the engine: APEX page-request URLs, f?p and friendly, parsed and built by pure, total functions. */
export type { FriendlyLayout, FriendlyPath, UrlError, UrlForm, UrlItem, UrlParam, UrlParseResult, UrlRequest } from './url-request.js'
export { parseUrl } from './parse-url.js'
export { buildUrl } from './build-url.js'
export { splitItemValues, joinItemValues } from './item-values.js'
export { toForm, type ToFormOptions } from './to-form.js'
export { FRIENDLY_EXTRA_PARAMS, isReservedFriendlyName } from './friendly-params.js'
