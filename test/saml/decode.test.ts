/** SAML in decode: signed responses generated at test time (fixtures.ts), pasted the ways people paste them. */
import {describe, expect, it} from 'vitest'

import {decode} from '../../src/decode/index.js'
import {parseSamlXml, readSaml} from '../../src/decode/saml.js'
import {cli} from '../helpers/cli.js'
import {authnRequest, postBinding, redirectBinding, samlResponse, verifies} from './fixtures.js'

const spec = {
  acs: 'https://sp.errcode.test/saml/acs',
  audience: 'https://sp.errcode.test',
  idp: 'https://idp.errcode.test/metadata',
}

describe('reading a SAMLResponse', () => {
  it('a signed response (xml-crypto verifies it) decodes to issuer, status, audience, times, signature and certificate', () => {
    const xml = samlResponse({...spec, inResponseTo: '_req1'})
    expect(verifies(xml)).toBe(true)
    const m = readSaml(postBinding(xml))!
    expect(m).toMatchObject({
      binding: 'post',
      destination: spec.acs,
      inResponseTo: '_req1',
      issuer: spec.idp,
      type: 'Response',
    })
    expect(m.status).toEqual({code: 'urn:oasis:names:tc:SAML:2.0:status:Success', message: null, subCode: null})
    expect(m.assertions[0]).toMatchObject({
      audiences: [spec.audience],
      encrypted: false,
      nameId: 'alice@example.test',
      recipient: spec.acs,
    })
    expect(m.signatures).toHaveLength(1)
    expect(m.signatures[0]).toMatchObject({
      algorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
      on: 'Assertion',
    })
    expect(m.signatures[0].certificate?.subject).toContain('CN=idp.errcode.test')
  })

  it('reads the redirect binding (deflated), the XML itself and a SAMLResponse= form body', () => {
    const xml = authnRequest({acs: spec.acs, id: '_abc', idpSso: 'https://idp.errcode.test/sso', sp: spec.audience})
    expect(readSaml(redirectBinding(xml))).toMatchObject({
      acsUrl: spec.acs,
      binding: 'redirect',
      id: '_abc',
      type: 'AuthnRequest',
    })
    expect(readSaml(xml)?.binding).toBe('xml')
    const r = decode(`SAMLResponse=${encodeURIComponent(postBinding(samlResponse(spec)))}&RelayState=%2Fhome`)
    expect(r.input.kind).toBe('saml')
  })

  it('refuses a document type declaration (no entity expansion) and malformed XML', () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol">&b;</samlp:Response>`
    expect(parseSamlXml(bomb)).toBeNull()
    expect(parseSamlXml('<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"><unclosed>')).toBeNull()
    expect(readSaml('A'.repeat(2_000_000))).toBeNull()
  })
})

describe('decode explains the status with the catalog', () => {
  it('Responder / AuthnFailed: the second-level code, explained by the saml entries', () => {
    const xml = samlResponse({
      ...spec,
      message: 'The user could not be authenticated',
      status: 'Responder',
      subStatus: 'AuthnFailed',
    })
    const r = decode(postBinding(xml))
    const e = r.errors[0]
    expect(e.code).toBe('urn:oasis:names:tc:SAML:2.0:status:AuthnFailed')
    expect(e.description).toBe('The user could not be authenticated')
    expect(e.matches[0].id).toBe('saml/urn:oasis:names:tc:SAML:2.0:status:AuthnFailed')
    expect(e.fields.alternativeCodes).toEqual(['urn:oasis:names:tc:SAML:2.0:status:Responder'])
  })

  it('an expired assertion: a note against now; the pasted value never comes back', () => {
    const value = postBinding(samlResponse({...spec, validFor: -3600}))
    const r = decode(value)
    expect(r.notes.some((n) => /^The assertion expired 1 h ago/.test(n))).toBe(true)
    expect(JSON.stringify(r)).not.toContain(value)
  })

  it('the CLI prints the SAML fields and exits 0', () => {
    const r = cli(['decode', postBinding(samlResponse({...spec, status: 'Requester', subStatus: 'RequestDenied'}))])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('RequestDenied')
    expect(r.stdout).toContain('https://idp.errcode.test/metadata')
    expect(r.stdout).toMatch(/The SAML message/)
  })
})
