/**
 * Opens a better-sqlite3 database, loading the native binding from
 * SESSION_SCOPE_SQLITE_BINDING when the desktop shell sets it: Electron needs
 * a build for its own ABI, while tests, the CLI and the browser host keep
 * node_modules' Node build. Nothing is ever rebuilt in place (docs/desktop.md).
 */
import Database from 'better-sqlite3'

export const SQLITE_BINDING_ENV = 'SESSION_SCOPE_SQLITE_BINDING'

export function openDatabase(path: string, options: Database.Options = {}): Database.Database {
  const nativeBinding = process.env[SQLITE_BINDING_ENV]
  return new Database(path, nativeBinding ? { ...options, nativeBinding } : options)
}
