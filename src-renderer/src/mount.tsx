/** The views: React and everything it renders, loaded by the entry (main.tsx) as a second chunk. */
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { ServicesProvider } from './stores/app-context.js'
import type { AppServices } from './stores/services.js'
import { App } from './views/app/App.js'

export function mount(el: HTMLElement, services: AppServices): void {
  createRoot(el).render(
    <StrictMode>
      <ServicesProvider services={services}>
        <App />
      </ServicesProvider>
    </StrictMode>,
  )
}
