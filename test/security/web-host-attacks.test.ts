/**
 * Issue #12, the browser host: the attacks found on it, each as it was made.
 *  - A malformed cookie (`ss_token=%`) or request target (`http://[`) threw in
 *    the upgrade handler before the token check, and the process exited.
 *  - A client that never reads made the host buffer answers without limit.
 *  - Work queued by a client kept running after it disconnected.
 * The crash attacks run against `npm run web` in a child process (the real
 * entry point: a crash there is the process exiting); the rest against a
 * host started in this process, with small limits so the tests stay small.
 */
import { spawn } from 'node:child_process'
import { StandInSocket } from '../helpers/stand-in-socket.js'
import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { EngineService } from '../../src-main/api/engine-service.js'
import { startWebHost } from '../../src-main/web-host/server.js'
import type { WebHost } from '../../src-main/web-host/server.js'
import { CLOSE_NOT_READING, createWsHub } from '../../src-main/web-host/ws-transport.js'
import { clientFrame, closeFrame, closeOf, parseServerFrames, rawExchange, rawUpgrade, requestFrame, statusOf } from './helpers/raw-ws.js'
import type { ServerFrame } from './helpers/raw-ws.js'

const ROOT = join(import.meta.dirname, '..', '..')
let staticDir = ''

beforeAll(() => {
  staticDir = mkdtempSync(join(tmpdir(), 'ss-attack-web-'))
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>t</title>')
})

describe('malformed headers and request targets, against `npm run web` (the process must survive them)', () => {
  let child: ChildProcess
  let port = 0
  let token = ''

  beforeAll(async () => {
    child = spawn(process.execPath, ['--import', 'tsx', 'scripts/web.ts', '--no-build', '--out', staticDir, '--port', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
    const url = await new Promise<string>((resolve, reject) => {
      let out = ''
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString()
        const line = out.split('\n').find((l) => l.startsWith('http'))
        if (line) resolve(line)
      })
      child.once('exit', (code) => reject(new Error(`host exited (${code}) before printing its URL`)))
    })
    const u = new URL(url)
    port = Number(u.port)
    token = u.searchParams.get('token')!
  })
  afterAll(() => {
    child.kill('SIGTERM')
  })

  function upgrade(target: string, extra = ''): string {
    return `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n${extra}\r\n`
  }
  function get(target: string, extra = '', host = `127.0.0.1:${port}`): string {
    return `GET ${target} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n${extra}\r\n`
  }

  /** The host still serves the page: it did not exit. */
  async function expectAlive(): Promise<void> {
    expect(child.exitCode).toBeNull()
    expect(statusOf(await rawExchange(port, get(`/?token=${token}`)))).toBe(200)
  }

  it('a WebSocket upgrade with the cookie ss_token=% gets 401 (it threw URIError and the host exited)', async () => {
    expect(statusOf(await rawExchange(port, upgrade('/api', 'Cookie: ss_token=%\r\n')))).toBe(401)
    await expectAlive()
  })

  it('a WebSocket upgrade to the target http://[ gets 400 (it threw in new URL and the host exited)', async () => {
    expect(statusOf(await rawExchange(port, upgrade('http://[')))).toBe(400)
    await expectAlive()
  })

  it('other malformed cookies and targets, on upgrades and page requests, get 400 or 401', async () => {
    for (const cookie of ['ss_token=%', 'ss_token=%E0%A4%A', 'ss_token', '=;;=%;ss_token=%zz', `a=%; ss_token=${token}%`]) {
      expect(statusOf(await rawExchange(port, upgrade('/api', `Cookie: ${cookie}\r\n`))), cookie).toBe(401)
      expect(statusOf(await rawExchange(port, get('/', `Cookie: ${cookie}\r\n`))), cookie).toBe(401)
    }
    for (const target of ['http://[', 'http://[/api', 'http://127.0.0.1:1/api?token=x', '*', 'api', `//evil.example/api?token=${token}`]) {
      const up = statusOf(await rawExchange(port, upgrade(target)))
      expect([400, 401, 404], target).toContain(up)
      const page = statusOf(await rawExchange(port, get(target)))
      expect([400, 401, 404], target).toContain(page)
    }
    expect(statusOf(await rawExchange(port, get('http://[')))).toBe(400)
    await expectAlive()
  })

  it('a malformed Host or Origin gets 403, with or without the token', async () => {
    expect(statusOf(await rawExchange(port, get(`/?token=${token}`, '', '[')))).toBe(403)
    expect(statusOf(await rawExchange(port, get(`/?token=${token}`, '', `127.0.0.1:${port}%`)))).toBe(403)
    for (const origin of ['null', 'http://[', '%', `http://127.0.0.1:${port}/x`]) {
      expect(statusOf(await rawExchange(port, get(`/?token=${token}`, `Origin: ${origin}\r\n`))), origin).toBe(403)
      expect(statusOf(await rawExchange(port, upgrade(`/api?token=${token}`, `Origin: ${origin}\r\n`))), origin).toBe(403)
    }
    await expectAlive()
  })

  it('a token with a valid cookie still opens the WebSocket after all of that', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/api`, { headers: { cookie: `other=%; ss_token=${encodeURIComponent(token)}` } })
    await new Promise<void>((resolve, reject) => {
      ws.on('open', () => resolve())
      ws.on('unexpected-response', (_q, res) => reject(new Error(`status ${res.statusCode}`)))
    })
    ws.close()
  })
})

describe('clients that do not read, disconnect with work queued, or send too much (host in this process)', () => {
  let host: WebHost
  let service: EngineService
  const LIMITS = { maxBufferedBytes: 256 * 1024, maxWaitingRequests: 64, maxWaitingBytes: 64 * 1024 }

  beforeAll(async () => {
    service = new EngineService({ workspaceDir: mkdtempSync(join(tmpdir(), 'ss-attack-ws-')) })
    host = await startWebHost({ service, staticDir, port: 0, limits: LIMITS })
  })
  afterAll(async () => {
    await host.close()
    service.close()
  })

  function client(): Promise<{ ws: WebSocket; call: (method: string, payload: unknown) => Promise<{ ok: boolean; result?: unknown }> }> {
    return new Promise((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api?token=${host.token}`)
      let id = 0
      const waiting = new Map<number, (r: { ok: boolean; result?: unknown }) => void>()
      ws.on('message', (d) => {
        const msg = JSON.parse(d.toString()) as { id?: number; response?: { ok: boolean } }
        if (typeof msg.id === 'number') waiting.get(msg.id)?.(msg.response!)
      })
      ws.on('open', () =>
        resolve({
          ws,
          call: (method, payload) =>
            new Promise((r) => {
              waiting.set(++id, r)
              ws.send(JSON.stringify({ id, method, payload }))
            }),
        }),
      )
    })
  }

  function openConnections(): Promise<number> {
    return new Promise((resolve) => host.server.getConnections((_e, n) => resolve(n)))
  }

  // Raw sockets of a test are destroyed after it, so a failing test does not hold the host for the next one.
  const rawSockets: { destroy(): void }[] = []
  afterEach(() => {
    for (const s of rawSockets.splice(0)) s.destroy()
  })
  async function raw() {
    const r = await rawUpgrade(host.port, host.token)
    rawSockets.push(r.socket)
    return r
  }

  /** Reads what the host sends until it closes the connection or `answers` answers have come (the host that never closes). */
  function readUntilClosed(r: Awaited<ReturnType<typeof raw>>, answers: number): Promise<ServerFrame[]> {
    return new Promise((resolve) => {
      const frames: ServerFrame[] = []
      let rest = Buffer.alloc(0)
      let answered = 0
      let done = false
      const take = (d: Buffer) => {
        const parsed = parseServerFrames(rest.length ? Buffer.concat([rest, d]) : d)
        rest = Buffer.from(parsed.rest)
        for (const f of parsed.frames) {
          frames.push(f)
          if (f.opcode === 0x1 && f.payload.includes('"id":')) answered++
        }
        if (answered >= answers) finish()
      }
      const finish = () => {
        if (done) return
        done = true
        resolve(frames)
      }
      take(r.received())
      r.socket.removeAllListeners('data')
      r.socket.on('data', take)
      r.socket.on('close', finish)
      r.socket.on('end', finish)
      r.socket.resume()
    })
  }

  /** Waits (polling, at most `polls` times) until the host holds `n` connections or fewer; true when it does. */
  async function connectionsDropTo(n: number, polls = 400): Promise<boolean> {
    for (let i = 0; i < polls; i++) {
      if ((await openConnections()) <= n) return true
      await new Promise((r) => setTimeout(r, 50))
    }
    return false
  }

  it('closes a connection whose client does not read its answers (they piled up to 2.9 GB), and keeps serving the others', async () => {
    const page = await client()
    expect((await page.call('workspace.openDemo', { name: 'onboarding-wizard' })).ok).toBe(true)
    const connectionsBefore = await openConnections()
    const r = await raw()
    r.socket.pause() // never reads while it asks
    const ASKED = 4000 // about 33 KB each: 130 MB of answers
    const frames: Buffer[] = []
    for (let i = 1; i <= ASKED; i++) frames.push(requestFrame(i, 'workspace.exportTraceText', {}))
    r.socket.write(Buffer.concat(frames))
    // The other page is still served while the flood is handled.
    expect((await page.call('steps.count', {})).result).toEqual({ count: 14 })
    // The host ends the connection by itself (before the fix it kept it, buffering every answer).
    expect(await connectionsDropTo(connectionsBefore)).toBe(true)
    const got = await readUntilClosed(r, ASKED)
    const answers = got.filter((f) => f.opcode === 0x1 && f.payload.includes('"id":')).length
    expect(answers).toBeLessThan(ASKED / 10)
    // A client that never reads never takes the close frame (it waits behind the unread answers); if it came, it says why.
    const close = got.find((f) => f.opcode === 0x8)
    if (close) expect(closeOf(close).code).toBe(CLOSE_NOT_READING)
    expect((await page.call('steps.count', {})).result).toEqual({ count: 14 })
    page.ws.close()
  }, 60_000)

  it('drops the work a client queued when it disconnects (it kept running)', async () => {
    const page = await client()
    expect((await page.call('workspace.new', { use: ['demo:onboarding'], title: 'queue' })).ok).toBe(true)
    const before = ((await page.call('steps.count', {})).result as { count: number }).count
    const connectionsBefore = await openConnections()
    const r = await raw()
    const QUEUED = 300
    const frames: Buffer[] = []
    for (let i = 1; i <= QUEUED; i++) frames.push(requestFrame(i, 'operate', { op: { type: 'wait', seconds: 1 } }))
    r.socket.end(Buffer.concat([...frames, closeFrame()]))
    // Wait until the host has seen that connection go.
    expect(await connectionsDropTo(connectionsBefore)).toBe(true)
    // The host takes one request per connection per turn of its event loop: after this page's QUEUED
    // requests, one after the other, a host that kept the dropped connection's work would have run it all.
    for (let i = 0; i < QUEUED; i++) await page.call('engine.info', {})
    const after = ((await page.call('steps.count', {})).result as { count: number }).count
    console.log(`queued ${QUEUED} operations, then disconnected: ${after - before} ran`)
    // At most the requests taken before the close frame was read may have run — far fewer than were queued.
    expect(after - before).toBeLessThan(QUEUED / 10)
    page.ws.close()
  })

  it('reads a connection with many requests waiting no further until they are answered, then answers them all, in order', async () => {
    const r = await raw()
    const SENT = 3000 // far above maxWaitingRequests: the host pauses this socket and resumes it as its queue drains
    const frames: Buffer[] = []
    for (let i = 1; i <= SENT; i++) frames.push(requestFrame(i, 'engine.info', {}))
    r.socket.write(Buffer.concat(frames))
    const got = await readUntilClosed(r, SENT)
    const ids = got.filter((f) => f.opcode === 0x1 && f.payload.includes('"id":')).map((f) => (JSON.parse(f.payload.toString()) as { id: number }).id)
    expect(ids).toEqual(Array.from({ length: SENT }, (_, i) => i + 1))
  }, 60_000)

  it('answers every request of a client that sends many at once and reads them (the limits do not hit a normal client)', async () => {
    const page = await client()
    const answers = await Promise.all(Array.from({ length: 500 }, () => page.call('engine.info', {})))
    expect(answers.every((a) => a.ok)).toBe(true)
    page.ws.close()
  })

  it('refuses a message larger than the cap with close code 1009 before reading it', async () => {
    const r = await raw()
    // A frame header announcing 1 GiB (only the header is sent).
    const head = clientFrame(0x1, Buffer.alloc(70_000)).subarray(0, 10)
    head.writeBigUInt64BE(BigInt(1024 * 1024 * 1024), 2)
    r.socket.write(Buffer.concat([head, Buffer.alloc(4)]))
    const close = (await readUntilClosed(r, 1)).find((f) => f.opcode === 0x8)
    // 1009 is RFC 6455's "message too big"; ws sends it without a reason text.
    expect(close && closeOf(close).code).toBe(1009)
  })
})

describe('the WebSocket transport’s rules, on a stand-in socket (what a client that never reads cannot see)', () => {
  const service = { dispatch: async () => ({ ok: true, result: {} }), subscribe: () => () => {}, summary: () => ({}) } as unknown as Parameters<typeof createWsHub>[0]
  const settle = async () => {
    for (let i = 0; i < 50; i++) await new Promise((r) => setImmediate(r))
  }

  it('closes with CLOSE_NOT_READING and says why when more than maxBufferedBytes are unsent', async () => {
    let dispatched = 0
    const hub = createWsHub(service, { maxBufferedBytes: 1000 }, async () => {
      dispatched++
      return { ok: true, result: {} } as never
    })
    const ws = new StandInSocket()
    hub.attach(ws as unknown as WebSocket)
    ws.bufferedAmount = 1001
    ws.emit('message', Buffer.from('{"id":1,"method":"engine.info"}'), false)
    ws.emit('message', Buffer.from('{"id":2,"method":"engine.info"}'), false)
    await settle()
    expect(ws.closed).toEqual({ code: CLOSE_NOT_READING, reason: expect.stringMatching(/not reading its answers \(1001 bytes unsent\)/) })
    // The first request ran (its answer found the page not reading); the second, queued behind it, was dropped.
    expect(dispatched).toBe(1)
    hub.close()
  })

  it('pauses reading at maxWaitingRequests and resumes when the queue drains', async () => {
    const hub = createWsHub(service, { maxWaitingRequests: 3 })
    const ws = new StandInSocket()
    hub.attach(ws as unknown as WebSocket)
    for (let i = 1; i <= 3; i++) ws.emit('message', Buffer.from(`{"id":${i},"method":"engine.info"}`), false)
    expect(ws.isPaused).toBe(true)
    await settle()
    expect(ws.isPaused).toBe(false)
    expect(ws.sent.filter((t) => t.includes('"id":')).length).toBe(3)
    hub.close()
  })

  it('drops requests still queued when the socket closes', async () => {
    let dispatched = 0
    const hub = createWsHub(service, {}, async () => {
      dispatched++
      return { ok: true, result: {} } as never
    })
    const ws = new StandInSocket()
    hub.attach(ws as unknown as WebSocket)
    for (let i = 1; i <= 10; i++) ws.emit('message', Buffer.from(`{"id":${i},"method":"engine.info"}`), false)
    ws.readyState = 3
    ws.emit('close')
    await settle()
    expect(dispatched).toBe(0)
    hub.close()
  })
})
