/**
 * Hostile-input bench (merged into bench-results.json by bench/run.ts;
 * runnable alone with `node --import tsx bench/hostile-input.bench.ts`): the
 * time the parsers and matchers take on input built to make them slow. Unit
 * tests hold no clock (issue #12): they check the answers and, where the code
 * counts its work, the work; the time is measured here, in milliseconds,
 * against a linear baseline of the same size.
 *
 *  hostile.toNumberMs        TO_NUMBER of 200,000 digits and a stray letter
 *  hostile.likeLinearMs      LIKE '%a%a…%a b' (200 wildcards) on 5,000 characters
 *  hostile.likeLiteralMs     LIKE '%a…a b' (1,000 'a') on 200,000 'a': piece by piece, linear
 *  hostile.likeLimitMs       LIKE '%a_a_…b' on 200,000 'a': runs into the 20M-step limit
 *  hostile.exportParserMs    the export-call parser on 50,000 calls that never close
 *  hostile.baselineMs        one pass over 1 MiB (String.prototype.indexOf of a missing character)
 */
import { pathToFileURL } from 'node:url'
import { parseExportCalls } from '../src-main/apex-import/export-call-parser.js'
import { evaluate, parseExpression } from '../src-main/engine/expression/index.js'
import { likeMatches } from '../src-main/engine/expression/like.js'

/** Median of `runs` timings of `fn`, in milliseconds. */
function median(fn: () => unknown, runs = 5): number {
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now()
    fn()
    times.push(performance.now() - t0)
  }
  times.sort((a, b) => a - b)
  return times[Math.floor(times.length / 2)]!
}

export async function run(): Promise<Record<string, number>> {
  const digits = '1'.repeat(200_000) + 'x'
  const toNumber = parseExpression('TO_NUMBER(:X)')
  const ctx = { lookup: () => digits, warn: () => undefined }
  const aText = 'a'.repeat(200_000)
  const aPattern = '%' + 'a'.repeat(1000) + 'b'
  const aWildPattern = '%' + 'a_'.repeat(500) + 'b'
  const unclosed = "wwv_flow_api.create_page_item(p_name=>'x',\n".repeat(50_000)
  const mib = 'y'.repeat(1024 * 1024)
  return {
    'hostile.toNumberMs': median(() => evaluate(toNumber, ctx)),
    'hostile.likeLinearMs': median(() => likeMatches('a'.repeat(5_000), '%a'.repeat(200) + 'b')),
    'hostile.likeLiteralMs': median(() => likeMatches(aText, aPattern)),
    'hostile.likeLimitMs': median(() => {
      try {
        likeMatches(aText, aWildPattern)
      } catch {
        // The step limit: what is timed is how long reaching it takes.
      }
    }, 3),
    'hostile.exportParserMs': median(() => parseExportCalls(unclosed, 'big.sql'), 3),
    'hostile.baselineMs': median(() => mib.indexOf('z')),
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(await run())
}
