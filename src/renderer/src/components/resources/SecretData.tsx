/** A Secret's keys; each value stays hidden until revealed (decoded only in the page, never logged). */
import { useState } from 'react';
import { decodeSecretValue, HIDDEN } from '../../lib/kinds/object-yaml';

export function SecretData({ data }: { data: Record<string, string> | undefined }) {
  const [shown, setShown] = useState<ReadonlySet<string>>(new Set());
  const keys = Object.keys(data ?? {}).sort();
  if (keys.length === 0) return <p className="muted">No data.</p>;
  const toggle = (k: string) =>
    setShown((s) => {
      const n = new Set(s);
      if (n.has(k)) n.delete(k);
      else n.add(k);
      return n;
    });
  return (
    <table className="table" data-testid="secret-data">
      <tbody>
        {keys.map((k) => (
          <tr key={k} data-testid="secret-key" data-key={k}>
            <td className="mono">{k}</td>
            <td className="mono pre-wrap" data-testid="secret-value">
              {shown.has(k) ? decodeSecretValue(data![k]!) : HIDDEN}
            </td>
            <td>
              <button type="button" className="button small-button" onClick={() => toggle(k)} aria-label={`${shown.has(k) ? 'Hide' : 'Reveal'} ${k}`} data-testid="secret-reveal">
                {shown.has(k) ? 'Hide' : 'Reveal'}
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
