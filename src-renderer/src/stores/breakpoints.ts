/**
 * Conditional breakpoints checked by playback as it passes a step (the same
 * kinds the contract's timeline.findBreakpoint takes).
 */
import type { Breakpoint, Step } from '../transport/api-types.js'

export function breakpointHit(step: Step, bps: readonly Breakpoint[]): string | null {
  for (const bp of bps) {
    switch (bp.kind) {
      case 'outcomeNotOk':
        if (step.outcome !== 'ok') return `outcome ${step.outcome}`
        break
      case 'itemChanges':
      case 'itemEquals': {
        const name = bp.item.toUpperCase()
        for (const e of step.effects) {
          if (e.op !== 'set' || e.item.toUpperCase() !== name) continue
          if (bp.session !== undefined && e.session !== bp.session) continue
          if (bp.kind === 'itemChanges' && e.from !== e.to) return `${e.item} changed`
          if (bp.kind === 'itemEquals' && e.to === bp.value) return `${e.item} = ${bp.value ?? 'null'}`
        }
        break
      }
      case 'event':
        for (const ev of bp.events) {
          if (ev === 'clone' && step.kind === 'clone') return 'clone'
          if (ev === 'clearCache' && (step.kind === 'clearCache' || step.phases.some((p) => p.kind === 'clearCache'))) return 'clear cache'
          if (ev === 'login' && step.kind === 'login') return 'login'
          if (ev === 'logout' && step.kind === 'logout') return 'logout'
          if (ev === 'expiry' && (step.outcome === 'expired' || step.effects.some((e) => e.op === 'session' && e.event === 'expired'))) return 'expiry'
        }
        break
    }
  }
  return null
}
