/** The keyboard help (?): every shortcut, from the same table that installs them. */
import { useServices, useUi } from '../../stores/app-context.js'
import { ModalDialog } from './ModalDialog.js'
import { SHORTCUTS } from './shortcuts.js'

/** Actions that are buttons or fields only (the keyboard audit of issue #14): each is a tab stop with a name starting with its visible words. */
export const TAB_ONLY = [
  'Toolbar: Import APEX export, Save / export, State CSV and JSON, the presenter’s text size',
  'Timeline: the breakpoint editor, search hits, expect and divergence markers (Enter goes to the step)',
  'Inspector: Pin, Diff against, the clear-cache and clone step-through, the trace’s own text',
  'Page simulator: the URL bar, the page’s fields and buttons (Space and Enter work as in a page there)',
  'Sessions: new session, clone, login, logout, expire; the filter',
  'Flow diagram: zoom, fit, export SVG / PNG; arrows move between pages',
]

export function HelpOverlay() {
  const s = useServices()
  const open = useUi((u) => u.layout, (l) => l.helpOpen)
  if (!open) return null
  const close = () => s.ui.layout.getState().setHelp(false)
  return (
    <ModalDialog label="Keyboard shortcuts" testId="help-overlay" onClose={close}>
      <div className="overlay-card">
        <h2>Keyboard shortcuts</h2>
        <p>
          They work anywhere in the window except while typing in a field or choosing in a list (a list gives focus back once you choose). Space plays and pauses
          even on a focused button (Enter presses it), except on checkboxes, menus and in forms. Every button is also reachable with Tab.
        </p>
        <table>
          <tbody>
            {SHORTCUTS.map((sc) => (
              <tr key={sc.label + sc.does}>
                <td>
                  <kbd>{sc.label}</kbd>
                </td>
                <td>{sc.does}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <h3>Without a key of their own (Tab reaches them, Enter presses them)</h3>
        <ul data-testid="help-tab-only">
          {TAB_ONLY.map((x) => (
            <li key={x}>{x}</li>
          ))}
        </ul>
        <button type="button" onClick={close}>
          Close
        </button>
      </div>
    </ModalDialog>
  )
}
