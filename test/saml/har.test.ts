/**
 * SAML logins recorded as HAR: a service provider and an identity provider on 127.0.0.1 (node:http), the
 * AuthnRequest by the redirect binding, the signed response (fixtures.ts) posted back by the browser, which is the
 * recorder of the OIDC tests. The identity provider is told to get one thing wrong per test.
 */
import {createServer, type Server} from 'node:http'
import type {AddressInfo} from 'node:net'
import {inflateRawSync} from 'node:zlib'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {diagnoseHar, type HarFlow} from '../../src/har/index.js'
import {scrubHar} from '../../src/har/scrub-file.js'
import {Recorder} from '../har/recorder.js'
import {authnRequest, postBinding, redirectBinding, type ResponseSpec, samlResponse} from './fixtures.js'

let sp: Server
let idp: Server
let spOrigin = ''
let idpOrigin = ''
let fault: Partial<ResponseSpec> = {}
const SP_ENTITY = 'https://sp.errcode.test/metadata'

async function listen(s: Server): Promise<string> {
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}`
}

beforeAll(async () => {
  sp = createServer((req, res) => {
    if (req.url?.startsWith('/login')) {
      const xml = authnRequest({
        acs: `${spOrigin}/saml/acs`,
        id: '_sp-request-1',
        idpSso: `${idpOrigin}/sso`,
        sp: SP_ENTITY,
      })
      const q = new URLSearchParams({RelayState: '/home', SAMLRequest: redirectBinding(xml)})
      res.writeHead(302, {location: `${idpOrigin}/sso?${q}`}).end()
    } else res.writeHead(200, {'content-type': 'text/html'}).end('<p>signed in</p>')
  })
  idp = createServer((req, res) => {
    const q = new URL(req.url ?? '/', idpOrigin).searchParams
    const request = inflateRawSync(Buffer.from(q.get('SAMLRequest') ?? '', 'base64')).toString()
    const id = /\bID="([^"]+)"/.exec(request)?.[1]
    const acs = `${spOrigin}/saml/acs`
    const xml = samlResponse({acs, audience: SP_ENTITY, idp: `${idpOrigin}/metadata`, inResponseTo: id, ...fault})
    const page = `<html><body onload="document.forms[0].submit()"><form method="post" action="${acs}"><input type="hidden" name="SAMLResponse" value="${postBinding(xml)}"/><input type="hidden" name="RelayState" value="${q.get('RelayState')}"/></form></body></html>`
    res.writeHead(200, {'content-type': 'text/html'}).end(page)
  })
  spOrigin = await listen(sp)
  idpOrigin = await listen(idp)
})
afterAll(() => {
  sp.close()
  idp.close()
})

async function record(f: Partial<ResponseSpec>): Promise<string> {
  fault = f
  const rec = new Recorder()
  const page = await rec.follow(`${spOrigin}/login`)
  const action = /action="([^"]+)"/.exec(page.body)![1]
  const fields = new URLSearchParams([...page.body.matchAll(/name="(\w+)" value="([^"]*)"/g)].map((m) => [m[1], m[2]]))
  await rec.send(action, {body: fields.toString()})
  return JSON.stringify(rec.har())
}

async function samlLogin(f: Partial<ResponseSpec> = {}): Promise<HarFlow> {
  const report = diagnoseHar(await record(f))
  expect(report.flows).toHaveLength(1)
  return report.flows[0]
}

const ids = (f: HarFlow) => f.findings.map((x) => x.id)

describe('SAML flows in a HAR', () => {
  it('a good login: request and response linked by InResponseTo, no error, the SP as client, the IdP as issuer', async () => {
    const flow = await samlLogin()
    expect(flow.steps.map((s) => s.role)).toEqual(['saml-request', 'saml-response'])
    expect(flow).toMatchObject({
      clientId: SP_ENTITY,
      firstFailure: null,
      issuer: `${idpOrigin}/metadata`,
      kind: 'saml',
      provider: 'saml',
    })
    expect(flow.findings.filter((f) => f.severity === 'error')).toEqual([])
    expect(JSON.stringify(flow)).not.toContain('alice@example.test')
  })

  it('an error status: saml-status explained by the catalog, first failure at the ACS post', async () => {
    const flow = await samlLogin({message: 'No such user', status: 'Responder', subStatus: 'UnknownPrincipal'})
    const f = flow.findings.find((x) => x.id === 'saml-status')!
    expect(f.message).toBe('The identity provider answered Responder / UnknownPrincipal: No such user.')
    expect(f.explanation?.id).toBe('saml/urn:oasis:names:tc:SAML:2.0:status:UnknownPrincipal')
    expect(flow.firstFailure).toBe(1)
    expect(flow.steps[1].error?.code).toBe('urn:oasis:names:tc:SAML:2.0:status:UnknownPrincipal')
  })

  it('the wrong audience, an expired assertion, another request, an unsigned response, another destination', async () => {
    expect(ids(await samlLogin({audience: 'https://other-sp.errcode.test'}))).toContain('saml-audience')
    expect(ids(await samlLogin({validFor: -30}))).toContain('saml-expired')
    expect(ids(await samlLogin({inResponseTo: '_someone-elses-request'}))).toContain('saml-in-response-to')
    expect(ids(await samlLogin({sign: false}))).toContain('saml-unsigned')
    const wrong = await samlLogin({destination: 'https://sp.errcode.test/old-acs'})
    expect(wrong.findings.find((x) => x.id === 'saml-destination')?.message).toMatch(
      /^The response's Destination is https:\/\/sp\.errcode\.test\/old-acs but it was posted to http:\/\/127\.0\.0\.1:\d+\/saml\/acs\.$/,
    )
  })

  it('scrub replaces the subject and attribute values of the assertion, and the copy still shows the wrong audience', async () => {
    const har = await record({audience: 'https://other-sp.errcode.test'})
    expect(
      Buffer.from(
        /SAMLResponse=([^&"]+)/.exec(har)![1].replaceAll('%2B', '+').replaceAll('%2F', '/').replaceAll('%3D', '='),
        'base64',
      ).toString(),
    ).toContain('Alice Liddell')
    const {output, summary} = scrubHar(har)
    expect(summary.replaced.find((r) => r.kind === 'saml_attribute')).toMatchObject({distinct: 2})
    const flow = diagnoseHar(output).flows[0]
    expect(ids(flow)).toContain('saml-audience')
    const posted = /"text": "SAMLResponse=([^&"]+)/.exec(output)![1]
    const xml = Buffer.from(decodeURIComponent(posted), 'base64').toString()
    expect(xml).not.toContain('alice@example.test')
    expect(xml).not.toContain('Alice Liddell')
    expect(xml).toContain('https://other-sp.errcode.test')
  })
})
