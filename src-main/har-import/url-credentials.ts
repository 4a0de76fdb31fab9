/**
 * A URL may carry a user name and password before its host
 * (`https://user:secret@host/…`, HTTP Basic authentication typed into the
 * address bar, or a Location header that carries them on). The trace never
 * holds them: they are cut out of every URL the importer writes (the
 * event's `url`, `observed.location`). The URL parser's origin rule (WHATWG
 * URL) decides what is the user-info part, so a `@` in a path or query is
 * left alone.
 */

/** `url` without `user:password@`, and whether there was one. A text that is no absolute URL is returned as it is. */
export function withoutCredentials(url: string): { url: string; removed: boolean } {
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(url)
  if (scheme === null) return { url, removed: false }
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    // Not parseable, but the text before the first '/', '?' or '#' after the scheme is where credentials would sit.
    return cutAuthority(url, scheme[0].length)
  }
  if (parsed.username === '' && parsed.password === '') return { url, removed: false }
  return cutAuthority(url, scheme[0].length)
}

/** Removes everything up to the last '@' of the authority (the part from `start` to the first '/', '?' or '#'). */
function cutAuthority(url: string, start: number): { url: string; removed: boolean } {
  let end = url.length
  for (const stop of ['/', '?', '#']) {
    const at = url.indexOf(stop, start)
    if (at !== -1 && at < end) end = at
  }
  const at = url.lastIndexOf('@', end - 1)
  if (at < start) return { url, removed: false }
  return { url: url.slice(0, start) + url.slice(at + 1), removed: true }
}
