/**
 * An expect line as questions for a learner (issue #14 part 5), and how an
 * answer is judged. The right answer is always the trace's expect (what the
 * author wrote); what the replay computed is shown beside it when the two
 * differ. Nothing here recomputes an expect: the engine listed the lines with
 * their verdicts (`workspace.exercises`).
 *
 * The answer rule (docs/ui.md "Exercises"):
 *   - names (a session's status, an event's outcome) are compared
 *     case-insensitively, ignoring surrounding blanks: "Active" = "active";
 *   - values are compared exactly, character for character (no trimming, no
 *     case folding: "King" ≠ "KING", "10" ≠ "10.0"), with APEX's rule that an
 *     empty string is null: leaving the answer empty means "no value";
 *   - numbers (a page, a table's row count) are compared as numbers: "02" = 2.
 */
import type { ExpectLineList } from '../../stores/exercise.js'

/** The engine's listing of one expect line (contract: `workspace.exercises`). */
export type ExpectLine = ExpectLineList['lines'][number]
export type ExpectCheck = ExpectLine['checks'][number]

export type QuestionKind = 'value' | 'page' | 'status' | 'outcome' | 'rowCount'

export interface Question {
  kind: QuestionKind
  /** What the learner reads, e.g. "What is P44_SAL after this step?" */
  prompt: string
  /** The choices of a name question (status, outcome); absent for typed answers. */
  choices?: string[]
  /** The right answer as the trace's expect gives it, in words ("null" for no value). */
  right: string
  /** What the replay computed, in words, when the replay failed this check (the trace and the engine disagree). */
  replayed?: string
  check: ExpectCheck
}

export const STATUS_CHOICES = ['active', 'expired', 'deleted']
export const OUTCOME_CHOICES = ['ok', 'validationFailed', 'expired', 'error']

function sessionWords(line: ExpectLine): string {
  return line.session === null ? '' : ` in session ${line.session}`
}

/** A value in words: null shows as "null (no value)", a string in quotes so blanks are visible. */
export function valueWords(v: unknown): string {
  if (v === null || v === undefined) return 'null (no value)'
  if (typeof v === 'string') return `“${v}”`
  return String(v)
}

/** The questions an expect line asks, one per check (an unknown-session check is no question: it is the trace's mistake). */
export function questionsOf(line: ExpectLine): Question[] {
  const out: Question[] = []
  for (const check of line.checks) {
    const replayed = (words: string) => (check.passed ? {} : { replayed: words })
    switch (check.field) {
      case 'state':
        out.push({
          kind: 'value',
          prompt: `What is ${check.item}${sessionWords(line)} after this step?`,
          right: valueWords(check.expected),
          ...replayed(valueWords(check.actual)),
          check,
        })
        break
      case 'page':
        out.push({
          kind: 'page',
          prompt: line.session === null ? 'Which page does the session show?' : `Which page does session ${line.session} show?`,
          right: String(check.expected),
          ...replayed(check.actual === null ? 'none' : String(check.actual)),
          check,
        })
        break
      case 'status':
        out.push({
          kind: 'status',
          prompt: `Is session ${line.session ?? ''} active, expired or deleted?`,
          choices: STATUS_CHOICES,
          right: String(check.expected),
          ...replayed(String(check.actual)),
          check,
        })
        break
      case 'outcome':
        out.push({
          kind: 'outcome',
          prompt: 'How does this step end?',
          choices: OUTCOME_CHOICES,
          right: String(check.expected),
          ...replayed(String(check.actual ?? 'none')),
          check,
        })
        break
      case 'table':
        out.push({
          kind: 'rowCount',
          prompt: `How many rows does table ${check.item} hold after this step?`,
          right: String((check.expected as unknown[]).length),
          ...replayed(Array.isArray(check.actual) ? String(check.actual.length) : 'none'),
          check,
        })
        break
      case 'session':
        break
    }
  }
  return out
}

/** APEX's rule: an empty string is null. */
function asValue(answer: string): string | null {
  return answer === '' ? null : answer
}

function asNumber(answer: string): number | null {
  const t = answer.trim()
  if (!/^\d+$/.test(t)) return null
  return Number(t)
}

/** True when the learner's answer matches the trace's expect (the rule in the file comment). */
export function isRight(q: Question, answer: string): boolean {
  const expected = q.check.expected
  switch (q.kind) {
    case 'value':
      return asValue(answer) === expected
    case 'page':
      return asNumber(answer) === expected
    case 'rowCount':
      return asNumber(answer) === (expected as unknown[]).length
    case 'status':
    case 'outcome':
      return answer.trim().toLowerCase() === String(expected).toLowerCase()
  }
}
