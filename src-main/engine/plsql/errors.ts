/**
 * A raised PL/SQL exception travelling through the interpreter as a JS throw.
 * `name` is the exception's upper-cased name when it has one (NO_DATA_FOUND,
 * a user-declared exception, ...) so `WHEN name THEN` can match it; `code` is
 * the SQLCODE (positive ORA number here; SQLCODE reports it negated, and a
 * user exception without PRAGMA EXCEPTION_INIT has SQLCODE 1).
 */
export class PlsqlError extends Error {
  line = 0
  col = 0
  constructor(
    message: string,
    readonly code: number,
    readonly exceptionName?: string,
  ) {
    super(message)
  }

  /** Remember where it was raised, once (the innermost position wins). */
  at(line: number, col: number): this {
    if (this.line === 0) {
      this.line = line
      this.col = col
    }
    return this
  }
}

/** Oracle's predefined exceptions, by name → ORA number and message. */
export const PREDEFINED_EXCEPTIONS: Record<string, { code: number; message: string }> = {
  NO_DATA_FOUND: { code: 1403, message: 'ORA-01403: no data found' },
  TOO_MANY_ROWS: { code: 1422, message: 'ORA-01422: exact fetch returns more than requested number of rows' },
  VALUE_ERROR: { code: 6502, message: 'ORA-06502: PL/SQL: numeric or value error' },
  ZERO_DIVIDE: { code: 1476, message: 'ORA-01476: divisor is equal to zero' },
  INVALID_NUMBER: { code: 1722, message: 'ORA-01722: invalid number' },
  DUP_VAL_ON_INDEX: { code: 1, message: 'ORA-00001: unique constraint violated' },
  CASE_NOT_FOUND: { code: 6592, message: 'ORA-06592: CASE not found while executing CASE statement' },
  CURSOR_ALREADY_OPEN: { code: 6511, message: 'ORA-06511: PL/SQL: cursor already open' },
  INVALID_CURSOR: { code: 1001, message: 'ORA-01001: invalid cursor' },
  COLLECTION_IS_NULL: { code: 6531, message: 'ORA-06531: Reference to uninitialized collection' },
  SUBSCRIPT_BEYOND_COUNT: { code: 6533, message: 'ORA-06533: Subscript beyond count' },
  SUBSCRIPT_OUTSIDE_LIMIT: { code: 6532, message: 'ORA-06532: Subscript outside of limit' },
  PROGRAM_ERROR: { code: 6501, message: 'ORA-06501: PL/SQL: program error' },
  STORAGE_ERROR: { code: 6500, message: 'ORA-06500: PL/SQL: storage error' },
  LOGIN_DENIED: { code: 1017, message: 'ORA-01017: invalid username/password; logon denied' },
  NOT_LOGGED_ON: { code: 1012, message: 'ORA-01012: not logged on' },
  TIMEOUT_ON_RESOURCE: { code: 51, message: 'ORA-00051: timeout occurred while waiting for a resource' },
  ROWTYPE_MISMATCH: { code: 6504, message: 'ORA-06504: PL/SQL: Return types of Result Set variables or query do not match' },
  ACCESS_INTO_NULL: { code: 6530, message: 'ORA-06530: Reference to uninitialized composite' },
  SELF_IS_NULL: { code: 30625, message: 'ORA-30625: method dispatch on NULL SELF argument is disallowed' },
}

export function predefined(name: string): PlsqlError {
  const p = PREDEFINED_EXCEPTIONS[name]
  if (!p) return new PlsqlError(`unknown exception ${name}`, 6510, name)
  return new PlsqlError(p.message, p.code, name)
}

/** Thrown when the step budget runs out: never caught by WHEN OTHERS (it is not a PL/SQL exception). */
export class BudgetExceeded extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly col: number,
  ) {
    super(message)
  }
}
