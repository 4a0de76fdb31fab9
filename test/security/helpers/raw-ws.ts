/**
 * A WebSocket client written by hand on a raw TCP socket, for the attacks a
 * well-behaved library will not make: a client that never reads, frames
 * sent together with a close, a frame header announcing a huge payload.
 * Client frames are masked with a zero key (valid, and leaves the bytes as they are).
 */
import { connect } from 'node:net'
import type { Socket } from 'node:net'

export interface ServerFrame {
  opcode: number
  payload: Buffer
}

/** One client frame (FIN set, masked with a zero key). */
export function clientFrame(opcode: number, payload: Buffer | string): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload
  let head: Buffer
  if (body.length < 126) head = Buffer.from([0x80 | opcode, 0x80 | body.length])
  else if (body.length < 65536) {
    head = Buffer.alloc(4)
    head[0] = 0x80 | opcode
    head[1] = 0x80 | 126
    head.writeUInt16BE(body.length, 2)
  } else {
    head = Buffer.alloc(10)
    head[0] = 0x80 | opcode
    head[1] = 0x80 | 127
    head.writeBigUInt64BE(BigInt(body.length), 2)
  }
  return Buffer.concat([head, Buffer.alloc(4), body])
}

/** A text frame holding one API request. */
export function requestFrame(id: number, method: string, payload: unknown): Buffer {
  return clientFrame(0x1, JSON.stringify({ id, method, payload }))
}

/** The close frame a client sends (code 1000). */
export function closeFrame(): Buffer {
  const b = Buffer.alloc(2)
  b.writeUInt16BE(1000, 0)
  return clientFrame(0x8, b)
}

/** Splits the server's bytes into whole frames (server frames are not masked); returns the frames and the bytes left over. */
export function parseServerFrames(data: Buffer): { frames: ServerFrame[]; rest: Buffer } {
  const frames: ServerFrame[] = []
  let at = 0
  for (;;) {
    if (data.length - at < 2) break
    const opcode = data[at]! & 0x0f
    let len = data[at + 1]! & 0x7f
    let head = 2
    if (len === 126) {
      if (data.length - at < 4) break
      len = data.readUInt16BE(at + 2)
      head = 4
    } else if (len === 127) {
      if (data.length - at < 10) break
      len = Number(data.readBigUInt64BE(at + 2))
      head = 10
    }
    if (data.length - at < head + len) break
    frames.push({ opcode, payload: data.subarray(at + head, at + head + len) })
    at += head + len
  }
  return { frames, rest: data.subarray(at) }
}

export interface RawClient {
  socket: Socket
  /** Response head of the upgrade (status line and headers). */
  head: string
  /** Bytes received after the head (frames). */
  received(): Buffer
}

/** Opens a socket and sends `text` as is; resolves with everything the server sends until it closes (or `settleMs` of silence). */
export function rawExchange(port: number, text: string | Buffer, settleMs = 2000): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    let out = ''
    const done = () => {
      socket.destroy()
      resolve(out)
    }
    socket.setTimeout(settleMs, done)
    socket.on('data', (d) => (out += d.toString('latin1')))
    socket.on('close', done)
    socket.on('error', done)
    socket.write(text)
  })
}

/** The status code of a raw HTTP answer ("HTTP/1.1 401 ..."), or null when there was none. */
export function statusOf(answer: string): number | null {
  const m = /^HTTP\/1\.1 (\d{3})/.exec(answer)
  return m ? Number(m[1]) : null
}

/** Upgrades a raw socket to a WebSocket on /api with the token; resolves once the 101 head has arrived. */
export function rawUpgrade(port: number, token: string): Promise<RawClient> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1')
    let buf = Buffer.alloc(0)
    let head: string | null = null
    socket.on('error', reject)
    socket.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d])
      if (head !== null) return
      const end = buf.indexOf('\r\n\r\n')
      if (end < 0) return
      head = buf.subarray(0, end).toString('latin1')
      buf = buf.subarray(end + 4)
      if (!head.startsWith('HTTP/1.1 101')) return reject(new Error(`upgrade refused: ${head.split('\r\n')[0]}`))
      resolve({ socket, head, received: () => buf })
    })
    socket.write(
      `GET /api?token=${token} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    )
  })
}

/** The close code and reason of a close frame's payload. */
export function closeOf(frame: ServerFrame): { code: number; reason: string } {
  return { code: frame.payload.length >= 2 ? frame.payload.readUInt16BE(0) : 1005, reason: frame.payload.subarray(2).toString('utf8') }
}
