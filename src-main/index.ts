/**
 * Electron entry: a thin shell around the engine. The engine service runs in
 * its own utilityProcess (shell/engine-host.ts); this process owns the window,
 * the menus, the files and the security policy. Everything that touches
 * Electron lives here and under src-main/shell/ (docs/desktop.md,
 * docs/security.md).
 */
import { startDesktopApp } from './shell/desktop-app.js'

startDesktopApp()
