/**
 * Browser recordings (HAR) → traces with the server's answers (issue #15).
 * docs/har-import.md describes what is read and how each APEX request maps
 * to a trace event.
 */
export { importHar, importHarToMemory, type HarImportOptions, type HarImportSink } from './import-har.js'
export { HarConverter, EVENT_KINDS, aliasName, type HarImportSummary, type ImportProblem, type ImportedSession, type ImportedEventKind } from './har-converter.js'
export { streamHar, type HarStreamResult } from './har-stream.js'
export { MASKED_VALUE, ItemPrivacy, globMatches } from './masking.js'
export { SKIPPED_KINDS, type SkippedKind } from './apex-request.js'
