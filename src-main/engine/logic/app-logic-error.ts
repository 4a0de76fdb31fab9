/**
 * A component's SQL or PL/SQL failed while a request ran (an error raised, a
 * missing row, a step budget spent). The request ends with outcome `error`
 * and this message, which names the component (page, process) and the line;
 * everything the request did is rolled back, the database included.
 */
export class AppLogicError extends Error {
  constructor(
    readonly where: string,
    readonly problem: string,
    readonly oraCode?: number,
  ) {
    super(`${where}: ${problem}`)
    this.name = 'AppLogicError'
  }
}
