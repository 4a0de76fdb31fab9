/**
 * The entry: asks for the views' code (React and everything it renders, a
 * second chunk), then picks the transport, creates the services and starts
 * talking to the engine at once. The first state — the one big request —
 * is sent once the views' code is in (the browser host serves files and
 * answers the engine API on one thread: the chunk must not wait behind it);
 * the engine prepares it while the views mount.
 */
import './styles.css'
import { chooseTransport } from './transport/choose-transport.js'
import { createServices } from './stores/services.js'

const views = import('./mount.js')
const { api, start } = chooseTransport()
const services = createServices(api)
void services.controller.init({ startStep: start.startStep, viewsReady: views })
void views.then((m) => m.mount(document.getElementById('root')!, services))
