/** Number formatting the stores and views share. */

/**
 * A count with thousands separators ("100,000"). Not toLocaleString: its
 * first call loads the ICU number formats, which costs the first paint tens
 * of milliseconds.
 */
export function fmtCount(n: number): string {
  const s = String(Math.trunc(n))
  return Math.abs(n) < 1000 ? s : s.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
}
