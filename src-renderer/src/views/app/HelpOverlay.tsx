/** The keyboard help (?): every shortcut, from the same table that installs them. */
import { useServices, useUi } from '../../stores/app-context.js'
import { ModalDialog } from './ModalDialog.js'
import { SHORTCUTS } from './shortcuts.js'

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
        <button type="button" onClick={close}>
          Close
        </button>
      </div>
    </ModalDialog>
  )
}
