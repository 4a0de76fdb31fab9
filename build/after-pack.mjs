// electron-builder afterPack hook (electron-builder.yml): puts the Electron
// build of better-sqlite3 for the package's platform and architecture at
// <resources>/native/better_sqlite3.node, outside the asar, before signing.
// The logic lives in src-main/shell/native-sqlite.ts (loaded through tsx);
// node_modules is never rebuilt in place (npmRebuild: false).
import { tsImport } from 'tsx/esm/api'

export default async function afterPack(context) {
  const native = await tsImport('../src-main/shell/native-sqlite.ts', import.meta.url)
  try {
    native.installPackagedBinding(context)
  } catch (err) {
    const attempts = (err.attempts ?? []).map((a) => `  - ${a.label}:\n      ${a.output.replaceAll('\n', '\n      ')}`).join('\n')
    throw new Error(`better-sqlite3 for Electron could not be prepared for this package.\n${attempts || err.message}`, { cause: err })
  }
}
