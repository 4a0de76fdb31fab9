/** The top bar: open, demos, live workspace, export, presenter mode, theme, help; presenter mode's caption below it. */
import { useRef } from 'react'
import { useEngine, useServices, useUi } from '../../stores/app-context.js'
import type { ThemeChoice } from '../../stores/ui-stores.js'
import { isHarFile, readFileText } from './files.js'
import { saveTrace } from './save-trace.js'
import { exportState } from './export-state.js'
import { ImportApexButton } from './ImportApexButton.js'
import { ImportApexResult } from './ImportApexResult.js'
import { PresenterCaption, PresenterToggle, usePresenterDocument } from './PresenterMode.js'
import { ExercisePanel, ExerciseToggle } from '../exercise/ExercisePanel.js'
import { returnFocusAfterChoice } from './shortcuts.js'

export function Toolbar() {
  const s = useServices()
  const workspace = useEngine((e) => e.workspace)
  const demos = useEngine((e) => e.demos)
  const theme = useUi((u) => u.layout, (l) => l.theme)
  const fileRef = useRef<HTMLInputElement>(null)
  usePresenterDocument()

  const onFile = async (file: File | undefined) => {
    if (!file) return
    try {
      const text = await readFileText(file)
      await (isHarFile(file.name) ? s.actions.openHarText(text, file.name) : s.actions.openTraceText(text, file.name))
    } catch (err) {
      s.actions.reportError(err, `Could not read ${file.name}`)
    }
  }

  return (
    <>
      <header className="toolbar" role="toolbar" aria-label="Workspace">
        <span className="brand" aria-hidden="true">
          ◎ Session Scope
        </span>
        <button type="button" onClick={() => fileRef.current?.click()} title="Open a trace file (.sstrace) or a browser recording (.har); you can also drop one on the window">
          Open…
        </button>
        <input
          ref={fileRef}
          type="file"
          accept=".sstrace,.ndjson,.jsonl,.json,.txt,.har"
          hidden
          data-testid="open-file-input"
          aria-label="Trace file"
          onChange={(e) => {
            void onFile(e.target.files?.[0])
            e.target.value = ''
          }}
        />
        <label className="inline">
          <span className="sr-only">Open a built-in demo</span>
          <select
            id="demo-select"
            aria-label="Open a built-in demo"
            value=""
            onChange={(e) => {
              const name = e.target.value
              const select = e.currentTarget
              // Focus leaves the list: the next → steps the demo's timeline instead of opening the next demo.
              // Cancelled (the unsaved-steps question): focus comes back to the list, nothing was chosen.
              returnFocusAfterChoice(select)
              if (name) void s.actions.openDemo(name).then((opened) => !opened && select.isConnected && select.focus())
            }}
          >
            <option value="">Demos…</option>
            {demos.map((d) => (
              <option key={d.name} value={d.name}>
                {d.title}
              </option>
            ))}
          </select>
        </label>
        <ImportApexButton />
        <ImportApexResult />
        <button type="button" onClick={() => void saveTrace(s)} disabled={!workspace} title="Save the workspace as a trace file (with recorded effects)">
          Save / export
        </button>
        {/* One row: "State" then its two formats (names say the whole action for screen readers, starting with the visible word). */}
        <span role="group" aria-label="Export state" style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }}>
          <span aria-hidden="true">State</span>
          <button type="button" onClick={() => void exportState(s, 'csv')} disabled={!workspace} data-testid="export-state-csv" aria-label="CSV: export the state" title="The state at the end of the timeline, every session's rows, as CSV">
            CSV
          </button>
          <button type="button" onClick={() => void exportState(s, 'json')} disabled={!workspace} data-testid="export-state-json" aria-label="JSON: export the state" title="The state at the end of the timeline (sessions, rows, Per User values) as JSON">
            JSON
          </button>
        </span>
        <span className="title" data-testid="workspace-title" title={workspace?.title}>
          {workspace ? workspace.title : 'No workspace'}
          {workspace?.recordedOnly ? <span className="badge">recorded only</span> : null}
        </span>
        {workspace?.unsavedSteps ? (
          <span
            className="badge unsaved"
            data-testid="unsaved-badge"
            data-count={workspace.unsavedSteps}
            title={`${workspace.unsavedSteps} live step${workspace.unsavedSteps === 1 ? ' is' : 's are'} in no trace file yet: Save / export keeps ${workspace.unsavedSteps === 1 ? 'it' : 'them'}`}
          >
            ● {workspace.unsavedSteps} unsaved
          </span>
        ) : null}
        <span className="spacer" />
        <PresenterToggle />
        <ExerciseToggle />
        <label className="inline">
          <span className="sr-only">Theme</span>
          <select aria-label="Theme" value={theme} onChange={(e) => {
              s.ui.layout.getState().setTheme(e.target.value as ThemeChoice)
              returnFocusAfterChoice(e.currentTarget)
            }}>
            <option value="system">Theme: system</option>
            <option value="light">Theme: light</option>
            <option value="dark">Theme: dark</option>
          </select>
        </label>
        <button type="button" aria-label="Keyboard shortcuts" onClick={() => s.ui.layout.getState().setHelp(true)}>
          ?
        </button>
      </header>
      <PresenterCaption />
      <ExercisePanel />
    </>
  )
}
