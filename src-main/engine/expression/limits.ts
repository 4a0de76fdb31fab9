/**
 * Expressions come from imported apps and hand-written traces, so they are
 * untrusted: a bound on nesting keeps parsing, evaluation and formatting (all
 * recursive) far away from the JavaScript stack limit.
 */
export const MAX_NESTING_DEPTH = 200
