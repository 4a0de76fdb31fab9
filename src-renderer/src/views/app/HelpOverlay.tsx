/** The keyboard help (?): every shortcut, from the same table that installs them. */
import { useEffect, useRef } from 'react'
import { useServices, useUi } from '../../stores/app-context.js'
import { SHORTCUTS } from './shortcuts.js'

export function HelpOverlay() {
  const s = useServices()
  const open = useUi((u) => u.layout, (l) => l.helpOpen)
  const ref = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (open) ref.current?.focus()
  }, [open])
  if (!open) return null
  return (
    <div className="overlay" role="dialog" aria-modal="true" aria-label="Keyboard shortcuts" data-testid="help-overlay" tabIndex={-1} ref={ref}>
      <div className="overlay-card">
        <h2>Keyboard shortcuts</h2>
        <p>They work anywhere in the window except while typing in a field.</p>
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
        <button type="button" onClick={() => s.ui.layout.getState().setHelp(false)}>
          Close
        </button>
      </div>
    </div>
  )
}
