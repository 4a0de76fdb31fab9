import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import './styles.css'
import { chooseTransport } from './transport/choose-transport.js'
import { createServices, ServicesProvider } from './stores/app-context.js'
import { App } from './views/app/App.js'

const { api, start } = chooseTransport()
const services = createServices(api)
void services.controller.init({ startStep: start.startStep })

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ServicesProvider services={services}>
      <App />
    </ServicesProvider>
  </StrictMode>,
)
