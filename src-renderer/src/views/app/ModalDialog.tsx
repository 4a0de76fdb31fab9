/**
 * A modal as the platform's own `<dialog>` opened with showModal(): the
 * browser puts it in the top layer, makes the rest of the window inert (no
 * click or Tab reaches behind it) and turns Esc into a `cancel` event. Open
 * while mounted: the caller renders it only when the modal should show.
 * Esc asks `onClose` (the dialog is closed by React unmounting it, so the
 * store stays the one truth), and focus goes back to where it was before.
 */
import { useEffect, useLayoutEffect, useRef } from 'react'
import type { KeyboardEvent, ReactNode, RefObject } from 'react'
import './dialog.css'

interface Props {
  /** Esc (the dialog's cancel) asks this; it should make the caller stop rendering the dialog. */
  onClose(): void
  /** The element to focus when it opens; the dialog itself when absent. */
  initialFocus?: RefObject<HTMLElement | null>
  /** role="alertdialog" for a question that needs an answer. */
  role?: 'dialog' | 'alertdialog'
  label?: string
  labelledBy?: string
  describedBy?: string
  testId: string
  data?: Record<`data-${string}`, string | number>
  onKeyDown?(e: KeyboardEvent<HTMLDialogElement>): void
  children: ReactNode
}

export function ModalDialog({ onClose, initialFocus, role, label, labelledBy, describedBy, testId, data, onKeyDown, children }: Props) {
  const ref = useRef<HTMLDialogElement>(null)
  // The latest onClose, for the cancel listener added once (refs are written after render, not during it).
  const close = useRef(onClose)
  // The element to focus, as it was when the dialog opened (it opens once per mount).
  const firstFocus = useRef(initialFocus)
  useLayoutEffect(() => {
    close.current = onClose
  })
  useEffect(() => {
    const dialog = ref.current
    if (!dialog) return
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null
    if (!dialog.open) dialog.showModal()
    ;(firstFocus.current?.current ?? dialog).focus()
    // Esc: the browser fires cancel, then would close the dialog behind React's back.
    const cancel = (e: Event) => {
      e.preventDefault()
      close.current()
    }
    dialog.addEventListener('cancel', cancel)
    return () => {
      dialog.removeEventListener('cancel', cancel)
      if (dialog.open) dialog.close()
      // Focus returns to what had it (if it is still there: a replaced workspace may have removed it).
      if (before?.isConnected) before.focus()
    }
    // Opened once per mount.
  }, [])
  const keyDown = (e: KeyboardEvent<HTMLDialogElement>) => {
    onKeyDown?.(e)
    if (e.defaultPrevented) return
    // Where the platform sends no cancel for Esc (older engines, test DOMs), the key closes it too.
    if (e.key === 'Escape') {
      e.preventDefault()
      close.current()
    }
  }
  return (
    <dialog
      ref={ref}
      className="overlay modal-dialog"
      role={role === 'alertdialog' ? 'alertdialog' : undefined}
      aria-modal="true"
      aria-label={label}
      aria-labelledby={labelledBy}
      aria-describedby={describedBy}
      data-testid={testId}
      tabIndex={-1}
      onKeyDown={keyDown}
      {...data}
    >
      {children}
    </dialog>
  )
}
