/**
 * Just what the browser host's WebSocket hub (src-main/web-host/ws-transport.ts createWsHub) uses of a ws
 * WebSocket: messages are emitted by the test, what the hub sends is kept, pause/resume and close are
 * recorded. For the transport's rules a real client cannot show (a client that never reads, a request held).
 */
import { EventEmitter } from 'node:events'

export class StandInSocket extends EventEmitter {
  readonly OPEN = 1
  readyState = 1
  bufferedAmount = 0
  isPaused = false
  sent: string[] = []
  closed: { code: number; reason: string } | null = null
  send(text: string) {
    this.sent.push(text)
  }
  pause() {
    this.isPaused = true
  }
  resume() {
    this.isPaused = false
  }
  close(code: number, reason: string) {
    this.closed = { code, reason }
    this.readyState = 2
  }
  terminate() {
    this.readyState = 3
  }
}
