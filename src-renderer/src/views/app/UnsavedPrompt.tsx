/**
 * Asked before a replace (new workspace, demo, another trace) when the
 * workspace holds live steps no file has: Save trace… (then the replace goes
 * on, once saved), Don't save, or Cancel (Esc). Modal: while it is open the
 * window's shortcuts do not step the timeline behind it.
 */
import { useRef, useState } from 'react'
import type { KeyboardEvent } from 'react'
import { useServices, useUi } from '../../stores/app-context.js'
import { ModalDialog } from './ModalDialog.js'
import { saveTrace } from './save-trace.js'

export function UnsavedPrompt() {
  const s = useServices()
  const pending = useUi((u) => u.unsaved, (p) => p.pending)
  const [saving, setSaving] = useState(false)
  const saveRef = useRef<HTMLButtonElement>(null)
  if (!pending) return null
  const answer = (mayReplace: boolean) => s.ui.unsaved.getState().answer(mayReplace, pending)
  const onSave = async () => {
    if (saving) return
    setSaving(true)
    try {
      // Not saved (cancelled, failed): the prompt stays, nothing is replaced. Answered only
      // if this request is still the one shown (a newer replace may have taken its place).
      if (await saveTrace(s)) answer(true)
    } finally {
      setSaving(false)
      saveRef.current?.focus()
    }
  }
  const onKeyDown = (e: KeyboardEvent<HTMLDialogElement>) => {
    // The window's shortcuts (arrows, Space, Home/End) must not act behind a modal prompt.
    e.stopPropagation()
    if (e.key === 'Escape') {
      e.preventDefault()
      answer(false)
    } else if (e.key === 'Tab') {
      // Focus stays on the prompt's three buttons.
      const buttons = [...e.currentTarget.querySelectorAll('button')]
      const at = buttons.indexOf(document.activeElement as HTMLButtonElement)
      const next = (at + (e.shiftKey ? buttons.length - 1 : 1)) % buttons.length
      e.preventDefault()
      buttons[next]?.focus()
    }
  }
  const { count, what } = pending
  const one = count === 1
  return (
    // Keyed by the request: a newer question is a new dialog, focused on its Save button again.
    <ModalDialog
      key={`${count}:${what}`}
      role="alertdialog"
      labelledBy="unsaved-title"
      describedBy="unsaved-text"
      testId="unsaved-prompt"
      data={{ 'data-count': count }}
      initialFocus={saveRef}
      onKeyDown={onKeyDown}
      onClose={() => answer(false)}
    >
      <div className="overlay-card">
        <h2 id="unsaved-title">{one ? 'Save the live step first?' : `Save the ${count} live steps first?`}</h2>
        <p id="unsaved-text">
          {what} replaces this workspace. {one ? 'Its last step was recorded live and is' : `Its last ${count} steps were recorded live and are`} in no trace file: without
          saving, {one ? 'it is' : 'they are'} lost.
        </p>
        <div className="prompt-actions">
          {/* aria-disabled, not disabled, while saving: a disabled button would drop the keyboard focus out of the prompt. */}
          <button type="button" ref={saveRef} data-testid="unsaved-save" aria-disabled={saving} onClick={() => void onSave()}>
            Save trace…
          </button>
          <button type="button" data-testid="unsaved-discard" aria-disabled={saving} onClick={() => !saving && answer(true)}>
            Don’t save
          </button>
          <button type="button" data-testid="unsaved-cancel" onClick={() => answer(false)}>
            Cancel
          </button>
        </div>
      </div>
    </ModalDialog>
  )
}
