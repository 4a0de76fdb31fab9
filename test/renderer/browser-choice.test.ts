/**
 * The URL bar's browser choice lives in a store per app's services
 * (stores/browser-choice.ts): two app instances in one process — two
 * windows, or two tests — never see each other's choice or opened count.
 */
import { describe, expect, it } from 'vitest'
import { EngineService } from '../../src-main/api/engine-service.js'
import { createServices } from '../../src-renderer/src/stores/app-context.js'
import { browserChoiceOf } from '../../src-renderer/src/stores/browser-choice.js'
import { inProcessApi } from './helpers/in-process.js'

const app = () => createServices(inProcessApi(new EngineService()))

describe('browser choice: one store per app', () => {
  it('keeps each app’s choice and opened count to itself, and the same store for the same app', () => {
    const first = app()
    const second = app()
    expect(browserChoiceOf(first)).toBe(browserChoiceOf(first))
    browserChoiceOf(first).getState().opened('B1', 3)
    browserChoiceOf(first).getState().choose('Alice', 3)
    expect(browserChoiceOf(first).getState()).toMatchObject({ chosen: 'Alice', chosenIn: 3, openedCount: 1 })
    // The other app still has no choice and has opened nothing.
    expect(browserChoiceOf(second).getState()).toMatchObject({ chosen: null, chosenIn: -1, openedCount: 0 })
    browserChoiceOf(second).getState().choose('Bob', 1)
    expect(browserChoiceOf(first).getState().chosen).toBe('Alice')
  })
})
