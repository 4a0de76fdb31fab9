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
import { followPlayheadInUrl, parseStartStep } from './stores/step-url.js'

const { api, kind, start } = chooseTransport()
const services = createServices(api)
// `?step=`: checked here (a bad value opens step 0 and says so once the workspace is open), then used once by the load.
const startStep = parseStartStep(start.startStep)
void services.actions.init({ startStep: startStep.ok ? startStep.value : null })
// The browser host's address follows the playhead; the Electron window has no address bar to update.
if (kind === 'ws') followPlayheadInUrl(services, startStep)
mount(document.getElementById('root')!, services)
