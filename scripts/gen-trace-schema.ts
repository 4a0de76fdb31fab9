/**
 * Writes the published JSON Schema of trace format v1 from the zod schemas:
 *   npx tsx scripts/gen-trace-schema.ts
 * Run after changing src-main/trace/schema.ts or the shared model; the test
 * test/trace/json-schema.test.ts fails while the committed file is stale.
 */
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { renderTraceJsonSchema } from '../src-main/trace/json-schema.js'

const TRACE_SCHEMA_FILE = fileURLToPath(new URL('../resources/schema/session-trace-v1.schema.json', import.meta.url))

writeFileSync(TRACE_SCHEMA_FILE, renderTraceJsonSchema(), 'utf8')
console.log(`wrote ${TRACE_SCHEMA_FILE}`)
