/**
 * APEX export import: export files → app definitions (architecture: the
 * `apex-import` layer; pure Node, no UI).
 */
export { importApexExport } from './import-apex-export.js'
export { importApexFiles } from './import-apex-files.js'
export type { ExportFileText } from './import-apex-files.js'
export { summarize } from './summarize.js'
export type { ImportOptions, ImportProblem, ImportResult, ImportSummary } from './import-types.js'
export { parseExportCalls } from './export-call-parser.js'
export type { ArgValue, ExportCall } from './export-call.js'
export { translateExpression } from './plsql-translator.js'
export { appCoverage } from './coverage.js'
export type { AppCoverage, KindCoverage } from './coverage.js'
