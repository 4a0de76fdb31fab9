/**
 * The window: toolbar, then either the empty state or the debugger — sessions
 * and timeline on the left, the state table in the middle, the inspector,
 * simulator, flow diagram and tables on the right, playback at the bottom.
 * The panes are resizable (react-resizable-panels: drag a separator, or
 * focus it and use the arrow keys) and their sizes are kept per user
 * (stores/layout.ts). Each pane has a minimum width, so none collapses in a
 * narrow window or at 200 % zoom; what does not fit scrolls inside its pane.
 */
import { useEffect, useMemo, useState } from 'react'
import { Group, Panel, Separator } from 'react-resizable-panels'
import type { Layout, LayoutChangedMeta } from 'react-resizable-panels'
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
import { usePresentation } from '../../stores/presentation.js'
import { defaultLayoutStorage, readPaneLayout, savePaneLayout } from '../../stores/layout.js'
import { useShortWindowMark } from './short-window.js'

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

/**
 * A group of resizable panes whose sizes are read from and kept in the per-user layout store. Only
 * sizes the user chose (a drag, a key on a separator) are kept: the sizes the panes are squeezed to
 * in a small window must not replace the chosen ones for the next, larger one.
 */
function useKeptLayout(group: string, paneIds: readonly string[]) {
  const key = paneIds.join(',')
  const defaultLayout = useMemo(() => readPaneLayout(defaultLayoutStorage(), group, key.split(',')), [group, key])
  const onLayoutChanged = (layout: Layout, meta: LayoutChangedMeta) => {
    if (meta.isUserInteraction) savePaneLayout(defaultLayoutStorage(), group, key.split(','), meta.requestedLayout ?? layout)
  }
  return { defaultLayout, onLayoutChanged }
}

/** Pane minimums (CSS px): the smallest in which each still shows its controls and a few columns. */
const MIN_LEFT = 220
const MIN_TABLE = 260
const MIN_SIDE = 220
const MIN_SESSIONS = 110
const MIN_TIMELINE = 140
/**
 * In a short window (≤ 500 CSS px, e.g. 200 % zoom) the sessions pane's action buttons wrap to several
 * lines in the narrow left column: it starts taller (and may not be squeezed below that) so a few
 * session rows still show under them; the timeline keeps its list below its search.
 */
const MIN_SESSIONS_SHORT = 230
const MIN_TIMELINE_SHORT = 100

function Workbench({ short }: { short: boolean }) {
  // Presenter mode shows the state table and the side panels only (presenter.css scales them).
  const presenting = usePresentation((p) => p.presenting)
  const paneIds = presenting ? ['state', 'side'] : ['left', 'state', 'side']
  const columns = useKeptLayout('workbench', paneIds)
  const rows = useKeptLayout('left-column', ['sessions', 'timeline'])
  const sessionsMin = short ? MIN_SESSIONS_SHORT : MIN_SESSIONS
  const timelineMin = short ? MIN_TIMELINE_SHORT : MIN_TIMELINE
  return (
    <main className="workbench" aria-label="Debugger">
      {/* Keyed by its panes: the other mode's group starts from its own kept layout. */}
      <Group key={paneIds.join(',')} id="workbench-panes" className="panes" orientation="horizontal" defaultLayout={columns.defaultLayout} onLayoutChanged={columns.onLayoutChanged}>
        {presenting ? null : (
          <>
            <Panel id="left" className="pane" minSize={MIN_LEFT} defaultSize="26%">
              <Group id="left-column" className="panes" orientation="vertical" defaultLayout={rows.defaultLayout} onLayoutChanged={rows.onLayoutChanged}>
                <Panel id="sessions" className="pane" minSize={sessionsMin} defaultSize="40%">
                  <ErrorBoundary name="Sessions">
                    <SessionsView />
                  </ErrorBoundary>
                </Panel>
                <Separator className="pane-separator" aria-label="Resize the sessions and the timeline" data-testid="separator-sessions-timeline" />
                <Panel id="timeline" className="pane" minSize={timelineMin}>
                  <ErrorBoundary name="Timeline">
                    <TimelineView />
                  </ErrorBoundary>
                </Panel>
              </Group>
            </Panel>
            <Separator className="pane-separator" aria-label="Resize the sessions and timeline column and the state table" data-testid="separator-left-state" />
          </>
        )}
        <Panel id="state" className="pane" minSize={MIN_TABLE}>
          <ErrorBoundary name="State table">
            <StateTableView />
          </ErrorBoundary>
        </Panel>
        <Separator className="pane-separator" aria-label="Resize the state table and the side panels" data-testid="separator-state-side" />
        <Panel id="side" className="pane" minSize={MIN_SIDE} defaultSize={presenting ? '42%' : '28%'}>
          <SidePanels />
        </Panel>
      </Group>
    </main>
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
  const short = useShortWindowMark()
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
          <Workbench short={short} />
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
