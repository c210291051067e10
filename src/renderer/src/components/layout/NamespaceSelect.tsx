import type { Namespace } from '../../lib/k8s/namespace';
import { NAMESPACE_GVR } from '../../lib/k8s/namespace';
import { useListWatch } from '../../lib/k8s/use-list-watch';

/** NamespaceSelect switches between all namespaces and one. */
export function NamespaceSelect({ value, onChange }: { value: string | undefined; onChange: (ns: string | undefined) => void }) {
  const { items } = useListWatch<Namespace>(NAMESPACE_GVR);
  const names = items.map((n) => n.metadata.name ?? '').sort();
  if (value && !names.includes(value)) names.unshift(value);
  return (
    <label className="namespace-select">
      <span className="muted">Namespace</span>
      <select data-testid="namespace-select" value={value ?? ''} onChange={(e) => onChange(e.target.value || undefined)}>
        <option value="">All namespaces</option>
        {names.map((n) => (
          <option key={n} value={n}>
            {n}
          </option>
        ))}
      </select>
    </label>
  );
}
