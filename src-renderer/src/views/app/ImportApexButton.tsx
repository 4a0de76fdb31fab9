/**
 * "Import APEX export…": in a browser a small menu — a single `.sql` file or
 * a split-export folder — each behind a hidden file input; in the desktop app
 * one button that runs main's File → Import APEX Export… (native dialog).
 * Keyboard: Enter/Space opens the menu on its first choice, ↑/↓ move, Esc closes.
 */
import { useEffect, useRef, useState } from 'react'
import type { KeyboardEvent } from 'react'
import { useServices } from '../../stores/app-context.js'
import { useStore } from 'zustand'
import { importPicked, importStore, isDesktop, runDesktopImport } from './import-apex.js'
import './import-apex.css'

export interface ImportApexButtonProps {
  /** Where it sits: ids and test ids carry it (the toolbar's and the empty state's can be on screen together). */
  place?: 'toolbar' | 'empty-state'
  label?: string
}

export function ImportApexButton({ place = 'toolbar', label = 'Import APEX export…' }: ImportApexButtonProps) {
  const s = useServices()
  const busy = useStore(importStore(s), (st) => st.busy)
  const [open, setOpen] = useState(false)
  const fileRef = useRef<HTMLInputElement>(null)
  const folderRef = useRef<HTMLInputElement>(null)
  const buttonRef = useRef<HTMLButtonElement>(null)
  const menuRef = useRef<HTMLDivElement>(null)
  const suffix = place === 'toolbar' ? '' : `-${place}`
  const desktop = isDesktop()
  /** A pick from either hidden input; the input is emptied so the same file can be picked again. */
  const onPicked = (input: HTMLInputElement, fromFolder: boolean) => {
    const files = input.files ? Array.from(input.files) : null
    input.value = ''
    void importPicked(s, files, fromFolder)
  }

  useEffect(() => {
    // Not in React's attribute types: the folder picker.
    folderRef.current?.setAttribute('webkitdirectory', '')
    folderRef.current?.setAttribute('directory', '')
  }, [])

  useEffect(() => {
    if (!open) return
    menuRef.current?.querySelector<HTMLButtonElement>('[role=menuitem]')?.focus()
    const outside = (e: MouseEvent) => {
      if (!menuRef.current?.contains(e.target as Node) && e.target !== buttonRef.current) setOpen(false)
    }
    document.addEventListener('mousedown', outside)
    return () => document.removeEventListener('mousedown', outside)
  }, [open])

  const close = (refocus: boolean) => {
    setOpen(false)
    if (refocus) buttonRef.current?.focus()
  }

  const choose = (input: HTMLInputElement | null) => {
    close(true)
    input?.click()
  }

  const onMenuKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const items = Array.from(menuRef.current?.querySelectorAll<HTMLButtonElement>('[role=menuitem]') ?? [])
    const at = items.indexOf(document.activeElement as HTMLButtonElement)
    if (e.key === 'Escape' || e.key === 'Tab') {
      if (e.key === 'Escape') e.preventDefault()
      close(e.key === 'Escape')
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault()
      const next = (at + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length
      items[next]?.focus()
    } else if (e.key === 'Home' || e.key === 'End') {
      e.preventDefault()
      items[e.key === 'Home' ? 0 : items.length - 1]?.focus()
    }
  }

  return (
    <span className="import-apex">
      <button
        ref={buttonRef}
        type="button"
        id={`import-apex-button${suffix}`}
        data-testid={`import-apex-button${suffix}`}
        disabled={busy}
        aria-haspopup={desktop ? undefined : 'menu'}
        aria-expanded={desktop ? undefined : open}
        aria-controls={desktop || !open ? undefined : `import-apex-menu${suffix}`}
        title="Import an Oracle APEX application export (f123.sql or a split-export folder) and open its home page in a new session"
        onClick={() => (desktop ? void runDesktopImport(s) : setOpen((o) => !o))}
      >
        {label}
      </button>
      {open && !desktop ? (
        <div className="import-apex-menu" role="menu" tabIndex={-1} id={`import-apex-menu${suffix}`} aria-label="Import APEX export from" ref={menuRef} onKeyDown={onMenuKey}>
          <button type="button" role="menuitem" data-testid={`import-apex-choose-file${suffix}`} onClick={() => choose(fileRef.current)}>
            Single-file export (.sql)…
          </button>
          <button type="button" role="menuitem" data-testid={`import-apex-choose-folder${suffix}`} onClick={() => choose(folderRef.current)}>
            Split-export folder…
          </button>
        </div>
      ) : null}
      <input
        ref={fileRef}
        type="file"
        accept=".sql"
        hidden
        data-testid={`import-apex-file-input${suffix}`}
        aria-label="APEX export file (.sql)"
        onChange={(e) => onPicked(e.target, false)}
      />
      <input
        ref={folderRef}
        type="file"
        multiple
        hidden
        data-testid={`import-apex-folder-input${suffix}`}
        aria-label="APEX split-export folder"
        onChange={(e) => onPicked(e.target, true)}
      />
    </span>
  )
}
