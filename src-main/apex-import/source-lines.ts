/**
 * Offset → line number for one export file. Every call and every problem is
 * reported with its line, and exports run to tens of thousands of lines, so
 * the line starts are indexed once and searched by bisection.
 */
export class SourceLines {
  private readonly starts: number[] = [0]

  constructor(text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1)
  }

  /** 1-based line of the character at `offset`. */
  lineOf(offset: number): number {
    let lo = 0
    let hi = this.starts.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if ((this.starts[mid] ?? 0) <= offset) lo = mid
      else hi = mid - 1
    }
    return lo + 1
  }

  /** Offset where the 1-based `line` begins (the text length past the last line). */
  startOf(line: number): number {
    return this.starts[line - 1] ?? Number.POSITIVE_INFINITY
  }
}
