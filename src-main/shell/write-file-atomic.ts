/**
 * Writes a file the user chose (a saved trace, an exported state) so that it
 * is either the old file or the new one, whole: the text goes to a temporary
 * file beside it, is flushed to disk, and is renamed over the target. A
 * failed write (disk full, no permission) leaves an existing file untouched.
 */
import { randomUUID } from 'node:crypto'
import { open, rename, rm } from 'node:fs/promises'

export async function writeFileAtomic(path: string, text: string): Promise<void> {
  // Unique per write: two saves to one path at once (the menu and a prompt) must not share it.
  const partial = `${path}.partial-${randomUUID()}`
  try {
    const handle = await open(partial, 'w')
    try {
      await handle.writeFile(text, 'utf8')
      await handle.sync()
    } finally {
      await handle.close()
    }
    await rename(partial, path)
  } catch (err) {
    await rm(partial, { force: true })
    throw err
  }
}
