/**
 * One broken view never blanks the window: React unmounts the whole tree when
 * a render throws and nothing catches it, so each panel (and the app as a
 * whole, last) sits inside this boundary. It shows which panel broke and
 * what was thrown, and "Try again" renders the panel afresh (the stores kept
 * their state, so a fault that came from one answer often goes away).
 * Error boundaries can only be class components in React 19.
 */
import { Component } from 'react'
import type { ErrorInfo, ReactNode } from 'react'

interface Props {
  /** The panel's name as the user knows it ("State table", "Step inspector"). */
  name: string
  children: ReactNode
}

interface State {
  error: Error | null
}

export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null }

  static getDerivedStateFromError(thrown: unknown): State {
    return { error: thrown instanceof Error ? thrown : new Error(String(thrown)) }
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    // The console keeps the component stack for whoever reports the fault.
    console.error(`${this.props.name} failed to render:`, error, info.componentStack)
  }

  private readonly retry = () => this.setState({ error: null })

  override render(): ReactNode {
    const { error } = this.state
    if (!error) return this.props.children
    return (
      <section className="panel panel-broken" role="alert" aria-label={`${this.props.name} (failed)`} data-testid="panel-broken" data-panel={this.props.name}>
        <h2>{this.props.name} could not be shown</h2>
        <p>The rest of the window still works. What broke:</p>
        <pre>{error.message || error.name}</pre>
        <button type="button" onClick={this.retry}>
          Try again
        </button>
      </section>
    )
  }
}
