/**
 * Play / pause: one step every 500 ms at 1× (Redux DevTools' slider pace).
 * The engine's timeline says where each tick goes and stops the ticks where
 * a breakpoint hits (`timeline.playback` with the breakpoints); playback
 * also pauses at the end.
 */
import { call } from './api-call.js'
import { breakpointsOf } from './breakpoints.js'
import type { Playhead } from './playhead.js'
import type { StoreContext } from './store-context.js'

/** Milliseconds per step at 1×. */
const STEP_MS = 500

export interface Playback {
  play(): void
  pause(): void
  toggle(): void
}

export function createPlayback({ api, engine, ui }: StoreContext, playhead: Playhead): Playback {
  let timer: ReturnType<typeof setTimeout> | null = null
  // Each play and each pause starts a new run: a tick whose answer arrives after a pause (or after a
  // pause and a new play) belongs to an ended run and must not move the playhead — else Pause, then
  // Home, lands one step later when the old tick's answer comes in.
  let run = 0
  const playing = () => ui.playback.getState().playing

  const pause = () => {
    run++
    if (timer) clearTimeout(timer)
    timer = null
    ui.playback.getState().setPlaying(false)
  }

  const tick = async (mine: number) => {
    const current = () => mine === run && playing()
    if (!current()) return
    const { stepBreakpoints, conditions } = ui.playback.getState()
    const breakpoints = breakpointsOf(stepBreakpoints, conditions)
    try {
      const r = await call(api, 'timeline.playback', {
        from: { step: engine.getState().point.step, phase: null },
        speed: 1,
        count: 1,
        unit: 'over',
        ...(breakpoints.length > 0 ? { breakpoints } : {}),
      })
      if (!current()) return
      const next = r.ticks[0]
      if (!next) return pause()
      await playhead.goTo({ step: next.point.step, phase: null })
      if (!current()) return
      if (r.breakpoint) {
        pause()
        ui.toasts.getState().push({ kind: 'info', title: `Paused at step ${r.breakpoint.point.step}: ${r.breakpoint.reason}` })
        return
      }
    } catch (err) {
      if (!current()) return
      ui.toasts.getState().error(err, 'Playback')
      return pause()
    }
    if (engine.getState().point.step >= engine.getState().stepCount - 1) return pause()
    if (current()) timer = setTimeout(() => void tick(mine), STEP_MS / ui.playback.getState().speed)
  }

  const play = () => {
    const { stepCount, point } = engine.getState()
    if (stepCount === 0) return
    if (point.step >= stepCount - 1) void playhead.first()
    const mine = ++run
    if (timer) clearTimeout(timer)
    ui.playback.getState().setPlaying(true)
    timer = setTimeout(() => void tick(mine), STEP_MS / ui.playback.getState().speed)
  }

  return { play, pause, toggle: () => (playing() ? pause() : play()) }
}
