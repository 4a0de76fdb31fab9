#!/usr/bin/env node
// Runs the TypeScript CLI straight from source through tsx, so
// `npx session-scope …` works right after `npm install` with no build step.
import { register } from 'tsx/esm/api'

register()
const { main } = await import('../src-main/cli/main.ts')
process.exitCode = await main(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
})
