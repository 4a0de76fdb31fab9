/** The top bar: open, demos, import, the workspace's title, presenter mode, save and export, exercise mode, theme, help (one line: in a narrow window save to theme are in its More menu); presenter mode's caption below it. */
import { useEffect, useRef, useState } from 'react'
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
  const [moreOpen, setMoreOpen] = useState(false)
  const moreRef = useRef<HTMLButtonElement>(null)
  const overflowRef = useRef<HTMLDivElement>(null)
  usePresenterDocument()
  // The More menu closes on a click or focus outside it, and on Escape.
  useEffect(() => {
    if (!moreOpen) return
    const outside = (e: Event) => {
      const t = e.target as Node | null
      if (t && !overflowRef.current?.contains(t) && !moreRef.current?.contains(t)) setMoreOpen(false)
    }
    // Escape in the menu (or on More) closes it and gives focus back to More; the app's shortcuts do not see it.
    const escape = (e: KeyboardEvent) => {
      const t = e.target as Node | null
      if (e.key !== 'Escape' || !t || !(overflowRef.current?.contains(t) || moreRef.current?.contains(t))) return
      e.stopPropagation()
      setMoreOpen(false)
      moreRef.current?.focus()
    }
    document.addEventListener('mousedown', outside)
    document.addEventListener('focusin', outside)
    document.addEventListener('keydown', escape, true)
    return () => {
      document.removeEventListener('mousedown', outside)
      document.removeEventListener('focusin', outside)
      document.removeEventListener('keydown', escape, true)
    }
  }, [moreOpen])

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
        {/* Below 1100 px the toolbar stays one line: these controls go into the More menu (styles.css), the same elements, so keyboard and names are unchanged. */}
        <button
          ref={moreRef}
          type="button"
          className="toolbar-more"
          aria-expanded={moreOpen}
          aria-controls="toolbar-overflow"
          data-testid="toolbar-more"
          onClick={() => setMoreOpen((open) => !open)}
          title="More: save, export the state, exercise mode, theme"
        >
          More ▾
        </button>
        <div
          id="toolbar-overflow"
          ref={overflowRef}
          className="toolbar-overflow"
          data-open={moreOpen}
          role="group"
          aria-label="More workspace actions"
        >
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
        </div>
        <button type="button" aria-label="Keyboard shortcuts" onClick={() => s.ui.layout.getState().setHelp(true)}>
          ?
        </button>
      </header>
      <PresenterCaption />
      <ExercisePanel />
    </>
  )
}
