import { describe, expect, it } from 'vitest'
import { fc, test as fcTest } from '@fast-check/vitest'
import { compileProgram, runProgram } from '../../../src-main/engine/sql/regex-vm.js'
import type { RegexProgram } from '../../../src-main/engine/sql/regex-vm.js'

const opts = { ignoreCase: false, dotAll: false, multiline: false }

function program(pattern: string, o = opts): RegexProgram {
  const p = compileProgram(pattern, o)
  if (p === 'backreference') throw new Error('unexpected back-reference')
  return p
}

describe('regex VM', () => {
  it('finds the leftmost-first match with its groups', () => {
    expect(runProgram(program('(a|ab)(c|bcd)(d*)'), 'abcd', 0, { steps: 1e6 })).toEqual({ start: 0, end: 4, groups: ['abcd', 'a', 'bcd', ''] })
    expect(runProgram(program('b+?'), 'abbb', 0, { steps: 1e6 })).toEqual({ start: 1, end: 2, groups: ['b'] })
    expect(runProgram(program('x{2,3}'), 'axxxxa', 0, { steps: 1e6 })?.end).toBe(4)
    expect(runProgram(program('[[:digit:]]+'), 'ab12c', 0, { steps: 1e6 })?.groups[0]).toBe('12')
    expect(runProgram(program('^b'), 'ab', 0, { steps: 1e6 })).toBeNull()
    // Perl keeps a group's last value across iterations (JavaScript would clear group 2 here).
    expect(runProgram(program('(a|(b))*'), 'ba', 0, { steps: 1e6 })?.groups).toEqual(['ba', 'a', 'b'])
  })

  it('reports back-references for the caller to run elsewhere', () => {
    expect(compileProgram('(a)\\1', opts)).toBe('backreference')
  })

  it('stays linear on the classic catastrophic patterns: the work is bounded by input × program size', () => {
    const input = 'a'.repeat(20_000) + '!'
    for (const pattern of ['(a+)+$', '(a|aa)*$', '(a*)*b', 'a*a*a*a*a*b', '(.*a){20}$']) {
      const p = program(pattern)
      // A budget of input length × program size × 4 steps: exponential (or cubic) behaviour would exhaust it.
      const budget = { steps: input.length * p.insts.length * 4 }
      expect(() => runProgram(p, input, 0, budget), pattern).not.toThrow()
    }
  })

  it('stops with a clear error when the work budget runs out', () => {
    expect(() => runProgram(program('(a|b)*c'), 'ab'.repeat(1000), 0, { steps: 100 })).toThrow(/work limit/)
  })

  /**
   * Patterns from a small grammar JavaScript reads the same way (no back-references, no POSIX classes).
   * Only sub-patterns that cannot match the empty string are repeated: on repeated empty matches a
   * backtracking engine and an NFA legitimately pick different (equally valid) matches.
   */
  type Gen = { src: string; nullable: boolean }
  const atom = fc.constantFrom('a', 'b', '.', '[ab]', '[^a]', '\\d', 'x').map((src): Gen => ({ src, nullable: false }))
  const pattern: fc.Arbitrary<string> = (fc.letrec((tie) => ({
    expr: fc.oneof(
      { depthSize: 'small' },
      atom,
      fc.tuple(tie('expr') as fc.Arbitrary<Gen>, tie('expr') as fc.Arbitrary<Gen>).map(([a, b]): Gen => ({ src: `${a.src}${b.src}`, nullable: a.nullable && b.nullable })),
      fc.tuple(tie('expr') as fc.Arbitrary<Gen>, tie('expr') as fc.Arbitrary<Gen>).map(([a, b]): Gen => ({ src: `(${a.src}|${b.src})`, nullable: a.nullable || b.nullable })),
      fc.tuple(tie('expr') as fc.Arbitrary<Gen>, fc.constantFrom('*', '+', '?', '*?', '+?', '??', '{1,2}', '{2}')).map(([a, q]): Gen =>
        a.nullable ? a : { src: `(${a.src})${q}`, nullable: q !== '+' && q !== '+?' && q !== '{1,2}' && q !== '{2}' },
      ),
    ),
  })).expr as fc.Arbitrary<Gen>).map((g) => g.src)
  const subject = fc.string({ unit: fc.constantFrom('a', 'b', 'x', '1', '\n'), maxLength: 12 })

  fcTest.prop([pattern, subject, fc.nat(3)], { numRuns: 800 })('agrees with JavaScript’s RegExp on where the match starts and ends', (source, text, from) => {
    const start = Math.min(from, text.length)
    const re = new RegExp(source, 'g')
    re.lastIndex = start
    const js = re.exec(text)
    const vm = runProgram(program(source), text, start, { steps: 1e7 })
    // Groups inside a repetition are compared by the unit tests only: JavaScript clears them at every
    // iteration, Perl (and so this engine, like Oracle's Perl-style matching) keeps the last value.
    if (!js) expect(vm).toBeNull()
    else expect(vm && [vm.start, vm.end, vm.groups[0]]).toEqual([js.index, js.index + js[0].length, js[0]])
  })
})
