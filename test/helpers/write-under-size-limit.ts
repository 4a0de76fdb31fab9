/**
 * Child process for test/shell/write-file-atomic.test.ts: saves `text` of
 * `bytes` bytes to `path` with writeFileAtomic and prints the outcome as one
 * JSON line. The test runs it under `ulimit -f` (with SIGXFSZ ignored), so the
 * write fails half-way with EFBIG, like a full disk — a failure the kernel
 * injects whatever the user, root included (permissions would not stop root).
 */
import { writeFileAtomic } from '../../src-main/shell/write-file-atomic.js'

const [path, bytes] = process.argv.slice(2)
try {
  await writeFileAtomic(path!, 'x'.repeat(Number(bytes)))
  console.log(JSON.stringify({ ok: true }))
} catch (err) {
  console.log(JSON.stringify({ ok: false, code: (err as NodeJS.ErrnoException).code ?? null, message: (err as Error).message }))
}
