/**
 * The PL/SQL interpreter's public face (docs/plsql.md): compile a unit once
 * when the app loads — deciding there whether it can be simulated — and run
 * it any number of times against a PlsqlHost.
 */
export type { PlsqlKind, PlsqlProgram } from './ast'
export type { NotSimulatedReason } from './parser'
export type { PlsqlHost, PlsqlDatabase, ApexContext, BindLookup, SqlValue } from './host'
export { DEFAULT_STEP_BUDGET } from './host'
export { compilePlsql, runPlsql, type CompileOptions, type CompileResult, type RunResult } from './program'
export { PackageRegistry, type LoadResult } from './packages'
export { MemoryCollectionStore, type CollectionStore, apexCollectionsRows, apexCollectionsInlineView, inlineView, APEX_COLLECTIONS_COLUMNS, mentionsApexCollections } from './collections'
export { createPlsqlUnitHook, scriptHost, callPlsqlFunction, callPlsqlTableFunction, type PlsqlUnitResult } from './supporting-objects'
