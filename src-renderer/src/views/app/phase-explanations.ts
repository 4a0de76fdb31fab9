/**
 * One sentence per phase and per step kind, for presenter mode's caption:
 * what APEX does at this point of a request, in words a class follows
 * (the rules are the engine's; these only say them).
 */

export const PHASE_EXPLANATIONS: Record<string, string> = {
  resolveSession: 'APEX finds the session the request names (or starts a new one) and checks it has not expired.',
  onNewInstance: 'A new session: the On New Instance computations and processes run once, before anything else.',
  afterLogin: 'After a login APEX runs the post-authentication code; the session keeps its values under its new ID.',
  clearCache: 'Clear cache: the items the URL names (by item, page or APP/SESSION) are set to null before the page runs.',
  setUrlItems: 'The item values in the URL are stored in session state, as if the user had typed them.',
  beforeHeader: 'Before Header: computations, processes and branches that run before anything is drawn.',
  afterHeader: 'After Header: code that runs once the page header is rendered.',
  beforeRegions: 'Before Regions: code that runs just before the regions and their items are rendered.',
  itemsRender: 'Items render: each item shows its session-state value, or its source or default when it has none.',
  afterRegions: 'After Regions: code that runs once the regions are rendered.',
  beforeFooter: 'Before Footer: code that runs before the page footer.',
  afterFooter: 'After Footer: the last rendering code; the page is complete.',
  postValues: 'The submitted values are stored in session state (Per Request items only for this request).',
  afterSubmit: 'After Submit: computations and branches that run as soon as the values are posted.',
  validating: 'APEX checks the button pressed and prepares to validate the posted values.',
  validations: 'Validations run; if one fails the page is shown again with its errors and no process runs.',
  processing: 'Processing: the page processes run in order (for example saving a row).',
  afterProcessing: 'After Processing: the branches are tried in order; the first whose condition holds is taken.',
  branch: 'The branch decides where the user goes next: a redirect to another URL, or a page shown in this request.',
  redisplay: 'Validation failed: the same page is shown again with the errors, keeping what was typed.',
  cloneAllocate: 'The clone gets a new session ID in the same group as the original.',
  cloneCopy: 'Every session-state value of the original is copied into the clone.',
  cloneGroup: 'Clones share one group: idle time and logout apply to the whole group.',
  cloneRender: 'The clone shows the page the original was on.',
  rotateId: 'The login gives the session a new ID; its values move with it.',
  deleteSessions: 'The session ends (logout or timeout) and its values are deleted.',
  setState: 'A value is set in session state directly (as APEX_UTIL.SET_SESSION_STATE would).',
  wait: 'Time passes on the simulated clock; sessions idle past their limit expire.',
  endOfRequest: 'End of request: session state is committed and Per Request values are dropped.',
  ajaxSubmit: 'The Ajax call stores its Items to Submit in session state first.',
  ajaxRun: 'The Ajax call runs its server-side code against session state.',
  ajaxReturn: 'The Ajax call answers with the session-state values of its Items to Return.',
}

export const STEP_EXPLANATIONS: Record<string, string> = {
  show: 'A page request: APEX resolves the session, clears and sets what the URL says, then renders the page from session state.',
  accept: 'A page submit: APEX stores the posted values, validates them, runs the processes and follows a branch.',
  clone: 'A session clone: a second session starts with a copy of every value, in the same group.',
  login: 'A login: the session gets a new ID and the user name; its values stay.',
  logout: 'A logout: the session and every clone in its group end, and their values are gone.',
  wait: 'Time passes on the simulated clock; sessions idle past their limit expire.',
  setState: 'A value is set in session state directly, without a page request.',
  clearCache: 'A clear cache: the named items are set back to null.',
  ajax: 'An Ajax call: the page sends some items, server code runs, and items come back without a new page.',
}

/** The sentence for a point: the phase's when inside a step, else the step kind's. */
export function explain(stepKind: string, phaseKind: string | null, phaseLabel: string | null): string {
  if (phaseKind !== null) return PHASE_EXPLANATIONS[phaseKind] ?? (phaseLabel ? `${phaseLabel}.` : '')
  return STEP_EXPLANATIONS[stepKind] ?? ''
}
