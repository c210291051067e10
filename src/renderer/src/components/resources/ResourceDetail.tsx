/** The detail page of any browsed kind: metadata, status and conditions, related objects both ways, events, YAML and actions. */
import type { KubeObject } from '../../../../shared/api/meta';
import { apiVersionOf } from '../../../../shared/api/resources';
import { conditionsOf } from '../../lib/kinds/kind';
import { kindByResource, listHref } from '../../lib/kinds/registry';
import { objectYaml } from '../../lib/kinds/object-yaml';
import { useListWatch } from '../../lib/k8s/use-list-watch';
import { useNow } from '../../hooks/use-now';
import { timelineHref } from '../../hooks/use-route';
import { StatusBadge } from '../common/StatusBadge';
import { Loading } from '../common/States';
import { ActionButtons } from '../actions/ActionButtons';
import { ConditionsTable } from './ConditionsTable';
import { KindPanels } from './KindPanels';
import { ObjectEvents } from './ObjectEvents';
import { ObjectMetadata, ObjectRelations } from './ObjectMetadata';
import { SecretData } from './SecretData';
import { YamlBlock } from './YamlBlock';
import { actionTargetOf } from './action-target';

/** ResourceDetail shows one object of `resource`, live. */
export function ResourceDetail({ resource, namespace, name }: { resource: string; namespace?: string; name: string }) {
  const kind = kindByResource(resource)!;
  const list = useListWatch<KubeObject>(kind.gvr, kind.namespaced ? namespace : undefined);
  const now = useNow(1000);
  if (list.isLoading) return <Loading what={kind.title.toLowerCase()} />;
  const obj = list.items.find((o) => o.metadata.name === name);
  const title = (
    <h1>
      <a href={listHref(kind.resource)} className="muted">
        {kind.title}
      </a>{' '}
      / {name}
    </h1>
  );
  if (!obj) {
    return (
      <div className="screen" data-testid="screen-object" data-kind={kind.kind}>
        <div className="screen-header">{title}</div>
        <p className="muted" data-testid="object-missing">
          {kind.kubectlName}/{name}
          {namespace ? ` in namespace ${namespace}` : ''} does not exist (any more). <a href={listHref(kind.resource)}>All {kind.title.toLowerCase()}</a>
        </p>
      </div>
    );
  }
  const status = kind.status?.(obj);
  const target = actionTargetOf(kind.kind, obj);
  return (
    <div className="screen" data-testid="screen-object" data-kind={kind.kind} data-name={name}>
      <div className="screen-header">
        {title}
        {status ? <StatusBadge status={status} testId="object-status" /> : null}
        {kind.namespaced ? (
          <a className="button small" href={timelineHref(kind.resource, namespace, name)} data-testid="timeline-link">
            Timeline
          </a>
        ) : null}
      </div>
      {target ? <ActionButtons target={target} /> : null}
      <ObjectMetadata obj={obj} kind={kind} now={now} />
      <KindPanels kind={kind.kind} obj={obj} />
      {kind.secretData ? (
        <>
          <h2>Data</h2>
          <SecretData data={(obj as { data?: Record<string, string> }).data} />
        </>
      ) : null}
      <ObjectRelations obj={obj} kind={kind} />
      {conditionsOf(obj).length > 0 ? (
        <>
          <h2>Conditions</h2>
          <ConditionsTable conditions={conditionsOf(obj)} now={now} />
        </>
      ) : null}
      {kind.kind === 'Event' ? null : (
        <>
          <h2>Events</h2>
          <ObjectEvents kind={kind.kind} namespace={obj.metadata.namespace} name={name} now={now} />
        </>
      )}
      <h2>YAML</h2>
      <YamlBlock yaml={objectYaml(obj, kind.kind, apiVersionOf(kind.gvr), kind.secretData)} />
    </div>
  );
}
