/**
 * Certificate trust of the Kubedeck window: the only TLS server it may talk to
 * is the cluster's own API, whose certificate is signed by the cluster CA in
 * the data dir. Everything else is refused (the window never browses).
 */
import { X509Certificate } from 'node:crypto';

/** Chromium's verify-proc results (net error codes): 0 trusts, -2 fails. */
export const CERT_TRUSTED = 0;
export const CERT_REFUSED = -2;

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/**
 * verifyClusterCertificate decides a certificate presented by `hostname`:
 * trusted only for a loopback host whose leaf certificate is currently valid
 * and signed by the cluster CA.
 */
export function verifyClusterCertificate(hostname: string, certPem: string, caPem: string | undefined, now = new Date()): number {
  if (!caPem || !LOOPBACK.has(hostname)) return CERT_REFUSED;
  try {
    const leaf = new X509Certificate(certPem);
    const ca = new X509Certificate(caPem);
    if (!leaf.checkIssued(ca) || !leaf.verify(ca.publicKey)) return CERT_REFUSED;
    if (now < new Date(leaf.validFrom) || now > new Date(leaf.validTo)) return CERT_REFUSED;
    const host = hostname.replace(/^\[|\]$/g, '');
    const matches = /^[\d.:]+$/.test(host) ? leaf.checkIP(host) : leaf.checkHost(host);
    return matches ? CERT_TRUSTED : CERT_REFUSED;
  } catch {
    return CERT_REFUSED;
  }
}
