/**
 * The window: toolbar, then either the empty state or the debugger — sessions
 * and timeline on the left, the state table in the middle, the inspector,
 * simulator, flow diagram and tables on the right, playback at the bottom.
 */
import { useEffect, useState } from 'react'
import { useEngine, useServices, useUi } from '../../stores/app-context.js'
import type { SidePanel } from '../../stores/ui-stores.js'
import { SessionsView } from '../sessions/SessionsView.js'
import { StateTableView } from '../state-table/StateTableView.js'
import { TimelineView } from '../timeline/TimelineView.js'
import { PlaybackBar } from '../timeline/PlaybackBar.js'
import { StepInspector } from '../inspector/StepInspector.js'
import { PageSimulator } from '../simulator/PageSimulator.js'
import { FlowDiagram } from '../flow/FlowDiagram.js'
import { TablesView } from '../tables/TablesView.js'
import { EmptyState } from './EmptyState.js'
import { ErrorBoundary } from './ErrorBoundary.js'
import { HelpOverlay } from './HelpOverlay.js'
import { LoadingBar } from './LoadingBar.js'
import { Toasts } from './Toasts.js'
import { UnsavedPrompt } from './UnsavedPrompt.js'
import { Toolbar } from './Toolbar.js'
import { installShortcuts } from './shortcuts.js'
import { installShellCommands } from './shell-commands.js'
import { isHarFile, readFileText } from './files.js'

const PANELS: { id: SidePanel; label: string }[] = [
  { id: 'inspector', label: 'Inspector' },
  { id: 'simulator', label: 'Simulator' },
  { id: 'flow', label: 'Flow' },
  { id: 'tables', label: 'Tables' },
]

function SidePanels() {
  const s = useServices()
  const panel = useUi((u) => u.selection, (x) => x.panel)
  return (
    <div className="side">
      <div role="tablist" aria-label="Details" className="tabs">
        {PANELS.map((p) => (
          <button
            key={p.id}
            type="button"
            role="tab"
            id={`tab-${p.id}`}
            aria-selected={panel === p.id}
            aria-controls={`view-${p.id}`}
            onClick={() => s.ui.selection.getState().showPanel(p.id)}
          >
            {p.label}
          </button>
        ))}
      </div>
      {/* Keyed by panel: switching tabs gives the next panel a fresh boundary. */}
      {panel === 'inspector' ? (
        <ErrorBoundary key="inspector" name="Step inspector">
          <StepInspector />
        </ErrorBoundary>
      ) : null}
      {panel === 'simulator' ? (
        <ErrorBoundary key="simulator" name="Page simulator">
          <PageSimulator />
        </ErrorBoundary>
      ) : null}
      {panel === 'flow' ? (
        <ErrorBoundary key="flow" name="Flow diagram">
          <FlowDiagram />
        </ErrorBoundary>
      ) : null}
      {panel === 'tables' ? (
        <ErrorBoundary key="tables" name="Tables">
          <TablesView />
        </ErrorBoundary>
      ) : null}
    </div>
  )
}

function useTheme() {
  const theme = useUi((u) => u.layout, (l) => l.theme)
  useEffect(() => {
    const root = document.documentElement
    if (theme === 'system') root.removeAttribute('data-theme')
    else root.setAttribute('data-theme', theme)
  }, [theme])
}

/** The app inside its last-resort boundary: a fault outside every panel still leaves a window that says so. */
export function App() {
  return (
    <ErrorBoundary name="Session Scope">
      <AppWindow />
    </ErrorBoundary>
  )
}

function AppWindow() {
  const s = useServices()
  const workspace = useEngine((e) => e.workspace)
  // While the first workspace opens (a page opened on a running engine), the empty state would only be
  // mounted to be thrown away: the main area stays empty (the loading bar says what happens).
  const firstLoad = useEngine((e) => e.workspaceVersion === 0 && e.loading !== null)
  const [dragging, setDragging] = useState(false)
  useTheme()
  useEffect(() => installShortcuts(window, s), [s])
  useEffect(() => installShellCommands(s), [s])

  useEffect(() => {
    const over = (e: DragEvent) => {
      if (!e.dataTransfer?.types.includes('Files')) return
      e.preventDefault()
      setDragging(true)
    }
    const leave = (e: DragEvent) => {
      if (e.relatedTarget === null) setDragging(false)
    }
    const drop = (e: DragEvent) => {
      setDragging(false)
      // In the desktop app the preload opens dropped traces by path (and says so with preventDefault).
      if (e.defaultPrevented) return
      e.preventDefault()
      const file = e.dataTransfer?.files[0]
      if (!file) return
      readFileText(file).then(
        (text) => (isHarFile(file.name) ? s.actions.openHarText(text, file.name) : s.actions.openTraceText(text, file.name)),
        (err: unknown) => s.actions.reportError(err, `Could not read ${file.name}`),
      )
    }
    window.addEventListener('dragover', over)
    window.addEventListener('dragleave', leave)
    window.addEventListener('drop', drop)
    return () => {
      window.removeEventListener('dragover', over)
      window.removeEventListener('dragleave', leave)
      window.removeEventListener('drop', drop)
    }
  }, [s])

  return (
    <div className="app">
      <ErrorBoundary name="Toolbar">
        <Toolbar />
      </ErrorBoundary>
      <LoadingBar />
      {workspace ? (
        <>
          <main className="workbench" aria-label="Debugger">
            <div className="left">
              <ErrorBoundary name="Sessions">
                <SessionsView />
              </ErrorBoundary>
              <ErrorBoundary name="Timeline">
                <TimelineView />
              </ErrorBoundary>
            </div>
            <ErrorBoundary name="State table">
              <StateTableView />
            </ErrorBoundary>
            <SidePanels />
          </main>
          <ErrorBoundary name="Playback bar">
            <PlaybackBar />
          </ErrorBoundary>
        </>
      ) : firstLoad ? (
        <main className="workbench" aria-label="Debugger" aria-busy="true" />
      ) : (
        <EmptyState />
      )}
      {dragging ? (
        <div className="drop-hint" aria-hidden="true">
          Drop a trace file to open it
        </div>
      ) : null}
      <HelpOverlay />
      <UnsavedPrompt />
      <Toasts />
    </div>
  )
}
