/**
 * APEX execution point codes → the engine's points (trace-format-v1 "Points").
 * The same code means different things per component: a process at
 * `AFTER_SUBMIT` runs in "Processing", a computation at `AFTER_SUBMIT` runs
 * right after submit, before validations (reference §5.2).
 */
import type { Point } from '../engine/model/app-definition.js'

/** Points shared by computations and processes (render and session events). */
const RENDER_POINTS: Record<string, Point> = {
  ON_NEW_INSTANCE: 'onNewInstance',
  AFTER_LOGIN: 'afterLogin',
  BEFORE_HEADER: 'beforeHeader',
  AFTER_HEADER: 'afterHeader',
  BEFORE_BOX_BODY: 'beforeRegions',
  AFTER_BOX_BODY: 'afterRegions',
  BEFORE_FOOTER: 'beforeFooter',
  AFTER_FOOTER: 'afterFooter',
}

const PROCESS_POINTS: Record<string, Point> = {
  ...RENDER_POINTS,
  ON_SUBMIT_BEFORE_COMPUTATION: 'onSubmitBeforeComputation',
  AFTER_SUBMIT: 'processing',
}

const COMPUTATION_POINTS: Record<string, Point> = {
  ...RENDER_POINTS,
  AFTER_SUBMIT: 'afterSubmit',
}

const BRANCH_POINTS: Record<string, Point> = {
  BEFORE_HEADER: 'beforeHeader',
  BEFORE_COMPUTATION: 'afterSubmit',
  BEFORE_VALIDATION: 'validating',
  BEFORE_PROCESSING: 'processing',
  AFTER_PROCESSING: 'afterProcessing',
}

/** Undefined when the point has no place in the engine's page flow (Ajax callbacks, error pages). */
export const processPoint = (code: string): Point | undefined => PROCESS_POINTS[code]
export const computationPoint = (code: string): Point | undefined => COMPUTATION_POINTS[code]
export const branchPoint = (code: string): Point | undefined => BRANCH_POINTS[code]

/** Sort key for components of one page: point order first, then APEX sequence. */
export function pointIndex(point: Point): number {
  return POINT_ORDER.indexOf(point)
}

const POINT_ORDER: readonly Point[] = [
  'onNewInstance',
  'afterLogin',
  'beforeHeader',
  'afterHeader',
  'beforeRegions',
  'afterRegions',
  'beforeFooter',
  'afterFooter',
  'afterSubmit',
  'onSubmitBeforeComputation',
  'validating',
  'processing',
  'afterProcessing',
]
