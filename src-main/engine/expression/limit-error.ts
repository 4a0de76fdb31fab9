/**
 * An expression went past a bound that protects the host: a computed string
 * longer than the value limit, or a LIKE that needs more work than allowed.
 *
 * Unlike ordinary run-time problems (which warn and give null, semantics §7),
 * this one stops the step: silently storing null would hide that the app
 * asked for something the debugger refuses to hold, and the same input must
 * give the same error in the desktop app, the service and the CLI. The engine
 * turns it into an error step; `where` names the component (e.g.
 * "computation #1 on page 1") once the evaluation knows it.
 */
export class ExpressionLimitError extends Error {
  constructor(
    readonly problem: string,
    readonly where: string | null = null,
  ) {
    super(where === null ? problem : `${where}: ${problem}`)
    this.name = 'ExpressionLimitError'
  }

  /** The same problem, placed in a component (kept when already placed). */
  at(where: string | undefined): ExpressionLimitError {
    return this.where !== null || where === undefined || where === '' ? this : new ExpressionLimitError(this.problem, where)
  }
}
