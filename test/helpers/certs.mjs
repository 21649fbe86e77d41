/**
 * Test certificates made by openssl for one run only (node:crypto cannot issue certificates): P-256 keys, two days
 * valid, written to a directory as NAME.key and NAME.pem. Shared by the mTLS provider and the re-signing proxy.
 */
import {spawnSync} from 'node:child_process'
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'

const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes']
const DAYS = ['-days', '2']

function openssl(args, dir) {
  const made = spawnSync('openssl', args, {cwd: dir, encoding: 'utf8'})
  if (made.status !== 0) throw new Error(`openssl ${args[0]} failed: ${made.stderr || made.error?.message}`)
}

/** A self-signed certificate (a CA, or a self_signed_tls_client_auth client) with this subject. */
export function selfSigned(dir, name, subject) {
  openssl(['req', '-x509', ...EC, '-keyout', `${name}.key`, '-out', `${name}.pem`, '-subj', subject, ...DAYS], dir)
}

/** A certificate for `subject` signed by the CA `ca` (made by selfSigned), with optional x509v3 extension lines. */
export function issued(dir, ca, name, subject, extensions) {
  openssl(['req', ...EC, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subject], dir)
  const ext = extensions ? ['-extfile', `${name}.ext`] : []
  if (extensions) writeFileSync(join(dir, `${name}.ext`), `${extensions}\n`)
  const sign = ['-CA', `${ca}.pem`, '-CAkey', `${ca}.key`, '-CAcreateserial', '-out', `${name}.pem`]
  openssl(['x509', '-req', '-in', `${name}.csr`, ...sign, ...ext, ...DAYS], dir)
}
