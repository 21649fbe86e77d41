/**
 * A SAML message in a scrubbed HAR: the subject's NameID and every attribute value become stable placeholders;
 * IDs, InResponseTo, Destination, Audience, Issuer, times, status and the signature elements are kept, so
 * `errcode har` still reads the scrubbed copy (the signature no longer verifies, which is fine for a ticket).
 * Encrypted assertions are left as they are: nothing personal can be read in them.
 */
import type {Element} from '@xmldom/xmldom'
import {deflateRawSync} from 'node:zlib'

import {samlXml, xmldom} from '../decode/saml.js'
import type {Placeholders} from './scrub.js'

const ASSERTION = 'urn:oasis:names:tc:SAML:2.0:assertion'

/** The scrubbed value in the encoding it came in (base64, deflated base64, or XML). */
export function scrubSaml(value: string, p: Placeholders): string {
  const x = samlXml(value)
  if (!x || /<!DOCTYPE|<!ENTITY/i.test(x.xml)) return p.for('assertion', value)
  let doc
  try {
    doc = new (xmldom().DOMParser)({
      onError(level) {
        if (level !== 'warning') throw new Error('malformed XML')
      },
    }).parseFromString(x.xml, 'text/xml')
  } catch {
    return p.for('assertion', value)
  }

  let changed = false
  for (const name of ['NameID', 'AttributeValue']) {
    for (const e of [...doc.getElementsByTagNameNS(ASSERTION, name)] as Element[]) {
      const text = e.textContent?.trim()
      if (!text) continue
      while (e.firstChild) e.removeChild(e.firstChild)
      e.appendChild(doc.createTextNode(p.for('saml_attribute', text)))
      changed = true
    }
  }

  if (!changed) return value
  const xml = new (xmldom().XMLSerializer)().serializeToString(doc)
  if (x.binding === 'xml') return xml
  return (x.binding === 'redirect' ? deflateRawSync(Buffer.from(xml)) : Buffer.from(xml)).toString('base64')
}
