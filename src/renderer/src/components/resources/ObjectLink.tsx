/** A link to an object's detail page, spelled as kubectl spells it (`deployment.apps/web`); plain text for kinds without a page. */
import { objectHref, objectLabel } from '../../lib/kinds/registry';

export function ObjectLink({ kind, name, namespace, label }: { kind: string; name: string; namespace?: string; label?: string }) {
  const href = objectHref(kind, namespace, name);
  const text = label ?? objectLabel(kind, name);
  return href ? (
    <a href={href} data-testid="object-link" data-kind={kind} data-name={name}>
      {text}
    </a>
  ) : (
    <span>{text}</span>
  );
}
