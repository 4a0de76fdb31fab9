/**
 * The Sessions panel's two asks, timeline.sessions and timeline.browsers,
 * answered in slices (timeline/work-slices.ts): at 100,000 sessions an ask at
 * a new point is 75–325 ms of engine work, and a key press sent meanwhile
 * (timeline.navigate) is answered between two slices instead of after all of
 * it.
 *
 * Between slices other calls run, and some change what the answer is made
 * from: an operation appends steps, opening a workspace replaces the
 * timeline, browser.open adds a browser at the last step. The work depends
 * on the workspace, its timeline, the timeline's step and effect counts and
 * the opened browsers; when any of them changed between two slices, the work
 * so far is dropped and the ask starts again from the state of that moment
 * (its point checked again), so an answer is never made of two states.
 */
import type { TimelinePoint } from './contract.js'
import type { Point } from '../timeline/timeline.js'
import type { Workspace } from '../timeline/workspace.js'
import type { BrowserWindow } from '../timeline/browser-window.js'
import type { SessionWindow, SessionWindowRequest } from '../timeline/session-window.js'
import { sessionsWindowInSlices } from '../timeline/sessions-at-point.js'
import { answerInSlices } from '../timeline/work-slices.js'
import type { SliceCount, SlicedRun } from '../timeline/work-slices.js'
import { browsersWindowInSlices, openedVersion } from './browser-service.js'
import type { BrowsersRequest } from './browser-service.js'

/** The methods answered here, in slices: a transport that queues a connection's requests lets the next ones run meanwhile (web-host/ws-transport.ts). */
export const ANSWERED_IN_SLICES: ReadonlySet<string> = new Set(['timeline.sessions', 'timeline.browsers'])

/** The service as these answers see it: the workspace open now (read again before each slice). */
export interface PanelHost {
  readonly current: Workspace
}

/** How the answers run their slices (tests act between slices and count them). */
export interface PanelSlicing {
  between?: SlicedRun['between']
  count?: SliceCount
}

/** What a panel answer depends on: a change between two slices drops the work done (answerInSlices). */
function generationOf(host: PanelHost): readonly unknown[] {
  const w = host.current
  return [w, w.timeline, w.timeline.stepCount, w.timeline.effectCount, openedVersion(w)]
}

export interface SessionsAsk extends SessionWindowRequest {
  point: TimelinePoint
  liveOnly?: boolean
}

/** timeline.sessions: one window of the flat list at a point; `toPoint` checks the point against the timeline of the moment. */
export function sessionsWindowAnswer(host: PanelHost, ask: SessionsAsk, toPoint: (p: TimelinePoint) => Point, slicing: PanelSlicing = {}): Promise<SessionWindow> {
  const make = () => sessionsWindowInSlices(host.current.timeline, toPoint(ask.point), ask.liveOnly === true, { offset: ask.offset, limit: ask.limit, ...(ask.filter !== undefined ? { filter: ask.filter } : {}) })
  return answerInSlices(make, { generation: () => generationOf(host), ...(slicing.between ? { between: slicing.between } : {}) }, slicing.count)
}

export interface BrowsersAsk extends Omit<BrowsersRequest, 'point'> {
  point: TimelinePoint
}

/** timeline.browsers: one window of the tree under browsers at a point. */
export function browsersWindowAnswer(host: PanelHost, ask: BrowsersAsk, toPoint: (p: TimelinePoint) => Point, slicing: PanelSlicing = {}): Promise<BrowserWindow> {
  const make = () => {
    const w = host.current
    return browsersWindowInSlices(w, { ...ask, point: toPoint(ask.point) })
  }
  return answerInSlices(make, { generation: () => generationOf(host), ...(slicing.between ? { between: slicing.between } : {}) }, slicing.count)
}
