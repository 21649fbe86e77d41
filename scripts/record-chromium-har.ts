/**
 * Records the Chromium HARs of the tests (test/fixtures/har/chromium-*.har): the test suite's oidc-provider and app
 * (test/har/login.ts) on 127.0.0.1, headless Chromium (Debian's `chromium` package) running a single-page app
 * (scripts/chromium-spa.html) through the authorization code + PKCE login, with the development login and consent
 * forms filled in, and the DevTools protocol's Network and Page events turned into HAR 1.2 by chrome-har, the
 * converter sitespeed.io uses. Chromium has no flag that writes a HAR; DevTools' "Export HAR" builds it from the
 * same events.
 *
 *   apt-get install chromium
 *   npx tsx scripts/record-chromium-har.ts [--chromium /usr/bin/chromium] [--out test/fixtures/har] [--only NAME]...
 *
 * No Chromium on CI: the recordings are committed, and the tests read them.
 */
import {spawn} from 'node:child_process'
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {parseArgs} from 'node:util'

import {harFromMessages} from 'chrome-har'

import {startLoginServers} from '../test/har/login.js'
import {Cdp} from './cdp-pipe.js'

interface Variant {
  /** The SPA's `?break=`: how the app gets the login wrong. */
  break?: 'redirect-uri' | 'reuse' | 'silent' | 'verifier'
  /** Press "[ Cancel ]" on the consent page: the provider sends access_denied to the callback. */
  cancelConsent?: boolean
  name: string
}

const VARIANTS: Variant[] = [
  {name: 'ok'},
  {break: 'redirect-uri', name: 'redirect-uri-mismatch'},
  {break: 'verifier', name: 'no-verifier'},
  {cancelConsent: true, name: 'access-denied'},
  {break: 'reuse', name: 'code-reused'},
  {break: 'silent', name: 'silent-renew'},
]

function options() {
  try {
    return parseArgs({
      options: {
        chromium: {default: '/usr/bin/chromium', type: 'string'},
        /** Record only these variants (by name), leaving the other files as they are. */
        only: {multiple: true, type: 'string'},
        out: {default: 'test/fixtures/har', type: 'string'},
      },
    }).values
  } catch (error) {
    console.error(`record-chromium-har: ${(error as Error).message}`)
    process.exit(2)
  }
}

const args = options()
const unknown = (args.only ?? []).filter((n) => !VARIANTS.some((v) => v.name === n))
if (unknown.length > 0) {
  console.error(`record-chromium-har: no variant ${unknown.join(', ')} (${VARIANTS.map((v) => v.name).join(', ')})`)
  process.exit(2)
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** What the page shows: the driver acts on each document once (a new document forgets the mark). */
const LOOK = `(() => {
  if (document.title.startsWith('done: ')) return {done: document.title.slice(6)}
  if (window.__errcodeDriven || document.readyState !== 'complete') return {wait: true}
  window.__errcodeDriven = true
  const prompt = document.querySelector('input[name=prompt]')?.value ?? null
  return {prompt}
})()`

type Message = {method: string; params: Record<string, unknown>}

/**
 * The headers as sent and received (Cookie, Set-Cookie) come in separate ExtraInfo events, one per hop of a redirect
 * chain, all under the request's id and in either order with the main events. chrome-har 1.3.1 matches them by id
 * alone, so a redirect's Set-Cookie lands on the next hop's entry. Pair the n-th ExtraInfo of an id with its n-th
 * hop instead, put the wire headers on that hop, and leave the ExtraInfo events out of the conversion.
 */
function pairExtraInfo(messages: Message[]): Message[] {
  const hops = new Map<string, {requests: Record<string, unknown>[]; responses: Record<string, unknown>[]}>()
  const extra = new Map<string, {requests: Record<string, unknown>[]; responses: Record<string, unknown>[]}>()
  const slot = (m: typeof hops, id: string) => {
    if (!m.has(id)) m.set(id, {requests: [], responses: []})
    return m.get(id)!
  }

  for (const {method, params} of messages) {
    const id = params.requestId as string
    if (method === 'Network.requestWillBeSent') {
      if (params.redirectResponse) slot(hops, id).responses.push(params.redirectResponse as Record<string, unknown>)
      slot(hops, id).requests.push(params.request as Record<string, unknown>)
    } else if (method === 'Network.responseReceived')
      slot(hops, id).responses.push(params.response as Record<string, unknown>)
    else if (method === 'Network.requestWillBeSentExtraInfo') slot(extra, id).requests.push(params)
    else if (method === 'Network.responseReceivedExtraInfo') slot(extra, id).responses.push(params)
  }

  for (const [id, e] of extra) {
    const h = hops.get(id)
    if (!h) continue
    // Only when every hop has its ExtraInfo (and the statuses agree): else a shifted pairing would be worse.
    if (e.requests.length === h.requests.length)
      e.requests.forEach((x, n) => {
        if (x.headers) h.requests[n].headers = x.headers
      })
    if (
      e.responses.length === h.responses.length &&
      e.responses.every((x, n) => x.statusCode === h.responses[n].status)
    )
      e.responses.forEach((x, n) => {
        if (x.headers) h.responses[n].headers = x.headers
      })
    else console.warn(`request ${id}: ExtraInfo events do not pair with its hops; chrome-har's own headers kept`)
  }

  return messages.filter((m) => !m.method.endsWith('ExtraInfo'))
}

async function record(v: Variant): Promise<object> {
  const appPage = readFileSync(new URL('chromium-spa.html', import.meta.url), 'utf8')
  const s = await startLoginServers({appPage})
  const profile = mkdtempSync(join(tmpdir(), 'errcode-chromium-'))
  const chromium = spawn(
    args.chromium,
    [
      '--headless',
      '--no-sandbox',
      '--remote-debugging-pipe',
      `--user-data-dir=${profile}`,
      '--no-first-run',
      '--no-default-browser-check',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      // Nothing but the loopback servers resolves: the provider's pages link a web font, and it must not be fetched.
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
      'about:blank',
    ],
    {stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe']},
  )
  let stderr = ''
  chromium.stderr!.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000)
  })
  const cdp = new Cdp(chromium.stdio[3] as NodeJS.WritableStream, chromium.stdio[4] as NodeJS.ReadableStream)
  try {
    const {targetInfos} = (await cdp.send('Target.getTargets')) as {targetInfos: {targetId: string; type: string}[]}
    const page = targetInfos.find((t) => t.type === 'page')
    if (!page) throw new Error('Chromium opened no page')
    const {sessionId} = (await cdp.send('Target.attachToTarget', {flatten: true, targetId: page.targetId})) as {
      sessionId: string
    }
    const send = (method: string, params: Record<string, unknown> = {}) => cdp.send(method, params, sessionId)

    // Every Page and Network event, in order; bodies are fetched while Chromium still holds them and added the way
    // chrome-har reads them (response.body, request.postData).
    const messages: Message[] = []
    const pending: Promise<unknown>[] = []
    const lastResponse = new Map<string, Record<string, unknown>>()
    cdp.onEvent = (method, params, sid) => {
      if (sid !== sessionId || !/^(?:Page|Network)\./.test(method)) return
      messages.push({method, params})
      const id = params.requestId as string
      if (method === 'Network.requestWillBeSent') {
        const request = params.request as {hasPostData?: boolean; postData?: string}
        if (request.hasPostData && request.postData === undefined)
          pending.push(
            send('Network.getRequestPostData', {requestId: id}).then(
              (r) => (request.postData = (r as {postData: string}).postData),
              () => {},
            ),
          )
      }

      if (method === 'Network.responseReceived') lastResponse.set(id, params.response as Record<string, unknown>)
      if (method === 'Network.loadingFinished') {
        const response = lastResponse.get(id)
        if (response)
          pending.push(
            send('Network.getResponseBody', {requestId: id}).then(
              (r) => {
                const {base64Encoded, body} = r as {base64Encoded: boolean; body: string}
                response.body = body
                if (base64Encoded) response.encoding = 'base64'
              },
              () => {},
            ),
          )
      }
    }

    await send('Page.enable')
    await send('Network.enable', {maxPostDataSize: 65_536, maxResourceBufferSize: 5e6, maxTotalBufferSize: 2e7})
    const start = new URL(s.appOrigin)
    start.searchParams.set('issuer', s.issuer)
    if (v.break) start.searchParams.set('break', v.break)
    await send('Page.navigate', {url: start.toString()})

    // Bounded: a login is a dozen page loads; 30 s is ample on a loaded machine.
    let outcome = ''
    for (let tick = 0; tick < 150 && !outcome; tick++) {
      await sleep(200)
      const {result} = (await send('Runtime.evaluate', {expression: LOOK, returnByValue: true})) as {
        result: {value?: {done?: string; prompt?: null | string; wait?: boolean}}
      }
      const look = result.value ?? {wait: true}
      if (look.done) outcome = look.done
      else if (look.prompt === 'login') {
        for (const [field, text] of [
          ['login', 'alice@example.test'],
          ['password', 'correct-horse-battery'],
        ]) {
          await send('Runtime.evaluate', {expression: `document.querySelector('input[name=${field}]').focus()`})
          await send('Input.insertText', {text})
        }

        await send('Runtime.evaluate', {expression: `document.querySelector('button[type=submit]').click()`})
      } else if (look.prompt === 'consent') {
        const target = v.cancelConsent
          ? `[...document.links].find((a) => /cancel/i.test(a.textContent))`
          : `document.querySelector('button[type=submit]')`
        await send('Runtime.evaluate', {expression: `${target}.click()`})
      }
    }

    if (!outcome) throw new Error('the login did not finish within 30 s')
    // The last fetches' loadingFinished may still be on its way.
    await sleep(500)
    await Promise.all(pending)
    console.log(`${v.name}: ${outcome} (${messages.length} events)`)
    return harFromMessages(pairExtraInfo(messages), {includeTextFromResponseBody: true})
  } catch (error) {
    throw new Error(`${v.name}: ${(error as Error).message}\n${stderr}`)
  } finally {
    await cdp.send('Browser.close').catch(() => {})
    const exited = new Promise((r) => chromium.once('exit', r))
    if (chromium.exitCode === null) await Promise.race([exited, sleep(5000)])
    if (chromium.exitCode === null) chromium.kill('SIGKILL')
    rmSync(profile, {force: true, recursive: true})
    await s.close()
  }
}

async function main(): Promise<void> {
  const version = await new Promise<string>((resolve, reject) => {
    const p = spawn(args.chromium, ['--version'], {stdio: ['ignore', 'pipe', 'ignore']})
    let out = ''
    p.stdout.on('data', (d: Buffer) => (out += d.toString()))
    p.on('error', (e) => reject(new Error(`cannot run ${args.chromium} (${e.message}); apt-get install chromium`)))
    p.on('exit', () => resolve(out.trim()))
  })
  // chrome-har names itself as the creator; the browser is the one that ran ("Chromium 156.0.8078.114 built on...").
  const [name, number] = /^(\S+) (\S+)/.exec(version)?.slice(1) ?? ['Chromium', '']
  for (const v of VARIANTS.filter((x) => !args.only || args.only.includes(x.name))) {
    const har = (await record(v)) as {log: {browser?: object; comment?: string}}
    har.log.browser = {name, version: number}
    har.log.comment = `scripts/record-chromium-har.ts, variant ${v.name}, headless`
    const file = join(args.out, `chromium-${v.name}.har`)
    writeFileSync(file, `${JSON.stringify(har, null, 2)}\n`)
    console.log(`wrote ${file}`)
  }
}

try {
  await main()
} catch (error) {
  console.error(`record-chromium-har: ${(error as Error).message}`)
  process.exitCode = 1
}
