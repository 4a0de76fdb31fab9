/**
 * The entry: picks the transport, creates the services (no React) and
 * starts talking to the engine, then mounts the views. One bundle: the
 * browser host serves files and answers the engine API on one thread, so a
 * views chunk fetched after the first state was asked for would wait behind
 * it; the engine prepares the first state while the views mount.
 */
import './styles.css'
import { chooseTransport } from './transport/choose-transport.js'
import { createServices } from './stores/services.js'
import { mount } from './mount.js'

const { api, start } = chooseTransport()
const services = createServices(api)
void services.actions.init({ startStep: start.startStep })
mount(document.getElementById('root')!, services)
