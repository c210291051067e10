/**
 * pod-template-hash: a stable hash of a Deployment's pod template (FNV-32a of
 * the canonical JSON, plus the collision count), rendered with Kubernetes'
 * "safe encode" alphabet so it never spells words and is a valid label value.
 */
import type { PodTemplateSpec } from '../../../shared/api/core';

export const POD_TEMPLATE_HASH = 'pod-template-hash';
const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** canonicalJSON renders v with sorted keys, dropping null/undefined values and empty objects (so defaults and omissions compare equal). */
export function canonicalJSON(v: unknown): string {
  const norm = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(norm);
    if (x && typeof x === 'object') {
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(x).sort()) {
        const val = norm((x as Record<string, unknown>)[k]);
        if (val === undefined || val === null) continue;
        if (typeof val === 'object' && !Array.isArray(val) && Object.keys(val as object).length === 0) continue;
        out[k] = val;
      }
      return out;
    }
    return x;
  };
  return JSON.stringify(norm(v)) ?? '';
}

/** fnv32a hashes a string's UTF-8 bytes. */
export function fnv32a(s: string): number {
  let h = 0x811c9dc5;
  for (const b of new TextEncoder().encode(s)) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** safeEncodeString maps each character onto the safe alphabet, as k8s.io/apimachinery/pkg/util/rand does. */
export function safeEncodeString(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += SAFE_ALPHABET[s.charCodeAt(i) % SAFE_ALPHABET.length];
  return out;
}

/** withoutHash returns the template without the pod-template-hash label (what two templates are compared on). */
export function withoutHash(t: PodTemplateSpec | undefined): PodTemplateSpec | undefined {
  if (!t) return t;
  const labels = { ...(t.metadata?.labels ?? {}) };
  delete labels[POD_TEMPLATE_HASH];
  return { ...t, metadata: { ...(t.metadata ?? {}), labels } };
}

/** computeHash returns the pod-template-hash value for a template and collision count. */
export function computeHash(template: PodTemplateSpec, collisionCount?: number): string {
  let s = canonicalJSON(withoutHash(template));
  if (collisionCount) s += `#${collisionCount}`;
  return safeEncodeString(String(fnv32a(s)));
}

/** equalIgnoreHash compares two templates ignoring the pod-template-hash label. */
export function equalIgnoreHash(a: PodTemplateSpec | undefined, b: PodTemplateSpec | undefined): boolean {
  return canonicalJSON(withoutHash(a)) === canonicalJSON(withoutHash(b));
}
