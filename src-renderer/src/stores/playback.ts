/**
 * Play / pause: one step every 500 ms at 1× (Redux DevTools' slider pace),
 * pausing at the end, at a step breakpoint or where a conditional breakpoint
 * matches.
 */
import { breakpointHit } from './breakpoints.js'
import type { EngineController } from './engine-controller.js'

export class Playback {
  private timer: ReturnType<typeof setTimeout> | null = null

  constructor(private readonly c: EngineController) {}

  play(): void {
    const { c } = this
    const pb = c.ui.playback
    const { stepCount, point } = c.engine.getState()
    if (stepCount === 0) return
    if (point.step >= stepCount - 1) void c.first()
    pb.getState().setPlaying(true)
    const tick = async () => {
      if (!pb.getState().playing) return
      if (c.engine.getState().point.step >= c.engine.getState().stepCount - 1) return this.pause()
      await c.stepBy(1)
      const now = c.engine.getState().point.step
      const s = c.step(now)
      const hit = pb.getState().stepBreakpoints.has(now) ? `breakpoint at step ${now}` : s ? breakpointHit(s, pb.getState().conditions) : null
      if (hit) {
        this.pause()
        c.ui.toasts.getState().push({ kind: 'info', title: `Paused at step ${now}: ${hit}` })
        return
      }
      if (!pb.getState().playing) return
      this.timer = setTimeout(() => void tick(), 500 / pb.getState().speed)
    }
    this.timer = setTimeout(() => void tick(), 500 / pb.getState().speed)
  }

  pause(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    this.c.ui.playback.getState().setPlaying(false)
  }

  toggle(): void {
    if (this.c.ui.playback.getState().playing) this.pause()
    else this.play()
  }
}
