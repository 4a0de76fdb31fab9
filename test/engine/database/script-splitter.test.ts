import { describe, expect, it } from 'vitest'
import { fc, test as fcTest } from '@fast-check/vitest'
import { splitScript } from '../../../src-main/engine/database/script-splitter.js'

describe('splitScript', () => {
  it('ends SQL at ; or a / line, PL/SQL units only at a / line, and keeps lines', () => {
    const script = [
      'create table t (a varchar2(5) default \';\');', // 1
      '-- a comment; with a semicolon', // 2
      'insert into t values (\'x;y\')', // 3
      '/', // 4
      'create or replace trigger t_bi before insert on t for each row', // 5
      'begin', // 6
      '  :new.a := \'z\';', // 7
      'end;', // 8
      '/', // 9
      'PROMPT loading; done', // 10
      'begin null; end;', // 11
      '/', // 12
      'select 1 from dual', // 13
    ].join('\n')
    expect(splitScript(script).map((s) => [s.kind, s.line, s.text.split('\n')[0]])).toEqual([
      ['sql', 1, "create table t (a varchar2(5) default ';')"],
      ['sql', 3, "insert into t values ('x;y')"],
      ['plsql', 5, 'create or replace trigger t_bi before insert on t for each row'],
      ['sqlplus', 10, 'PROMPT loading; done'],
      ['plsql', 11, 'begin null; end;'],
      ['sql', 13, 'select 1 from dual'],
    ])
    expect(splitScript(script)[2]?.text).toBe("create or replace trigger t_bi before insert on t for each row\nbegin\n  :new.a := 'z';\nend;")
  })

  it('keeps reading after a SQL*Plus line with an unbalanced quote', () => {
    expect(splitScript("rem don't stop here\ncreate table t (a number);").map((s) => [s.kind, s.line])).toEqual([['sqlplus', 1], ['sql', 2]])
  })

  it('gives the rest of a script with an unterminated string as one statement', () => {
    const parts = splitScript("create table a (x number);\ninsert into a values ('oops);\n")
    expect(parts.map((s) => [s.line, s.text.split('\n')[0]])).toEqual([[1, 'create table a (x number)'], [2, "insert into a values ('oops);"]])
  })

  fcTest.prop([fc.string({ maxLength: 300 })], { numRuns: 300 })('never throws; every statement is a slice of the script at its line', (text) => {
    for (const s of splitScript(text)) {
      expect(s.text.length).toBeGreaterThan(0)
      expect(text.includes(s.text)).toBe(true)
      expect(s.line).toBeGreaterThanOrEqual(1)
    }
  })
})
