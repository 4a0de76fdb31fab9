/**
 * The timeline stores step kinds, outcomes, phase kinds and group events as
 * their index in the engine model's lists, and workspace files keep those
 * codes: reordering a list would make every saved workspace read wrong.
 * These literal lists pin the order (appending a name means appending here).
 */
import { describe, expect, it } from 'vitest'
import { GROUP_EVENTS, OUTCOMES, PHASE_CLEAR_CACHE, PHASE_KINDS, STEP_KINDS } from '../../src-main/timeline/codes.js'

describe('timeline codes are part of the workspace file format', () => {
  it('keeps every list in its stored order', () => {
    expect(OUTCOMES).toEqual(['ok', 'validationFailed', 'expired', 'error'])
    expect(STEP_KINDS).toEqual(['show', 'accept', 'clone', 'login', 'logout', 'wait', 'setState', 'clearCache', 'ajax'])
    expect(GROUP_EVENTS).toEqual(['created', 'touched', 'deleted'])
    expect(PHASE_KINDS.slice(0, 12)).toEqual(['resolveSession', 'onNewInstance', 'afterLogin', 'clearCache', 'setUrlItems', 'beforeHeader', 'afterHeader', 'beforeRegions', 'itemsRender', 'afterRegions', 'beforeFooter', 'afterFooter'])
    expect(PHASE_KINDS.slice(12)).toEqual(['postValues', 'afterSubmit', 'validating', 'validations', 'processing', 'afterProcessing', 'branch', 'redisplay', 'cloneAllocate', 'cloneCopy', 'cloneGroup', 'cloneRender', 'rotateId', 'deleteSessions', 'setState', 'wait', 'endOfRequest', 'ajaxSubmit', 'ajaxRun', 'ajaxReturn'])
    expect(PHASE_CLEAR_CACHE).toBe(3)
  })
})
