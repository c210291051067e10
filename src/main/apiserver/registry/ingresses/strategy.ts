/**
 * Ingresses (pkg/registry/networking/ingress/strategy.go), with the
 * DefaultIngressClass admission plugin's one job: an Ingress created without
 * a class (and without the legacy annotation) gets the default IngressClass.
 */
import type { KubeObject } from '../../../../shared/api/meta';
import { isDefaultClass, LEGACY_CLASS_ANNOTATION, type Ingress, type IngressClass } from '../../../../shared/api/networking';
import { ingressPrinter } from '../../table/networking';
import { list, topLevel, type FieldSchema } from '../schema';
import { INGRESS_STATUS } from '../status-schemas';
import type { Strategy, StrategyContext } from '../strategy';
import { dns1123Subdomain } from '../validation';
import { validateIngress } from './ingress-validation';

const BACKEND: FieldSchema = {
  service: { name: 'string', port: { name: 'string', number: 'int' } },
  resource: { apiGroup: 'string', kind: 'string', name: 'string' },
};

/** INGRESS_SPEC is networking/v1 IngressSpec. */
export const INGRESS_SPEC: FieldSchema = {
  ingressClassName: 'string',
  defaultBackend: BACKEND,
  tls: list({ hosts: 'strings', secretName: 'string' }),
  rules: list({ host: 'string', http: { paths: list({ path: 'string', pathType: 'string', backend: BACKEND }) } }),
};

/**
 * defaultIngressClass is what the admission plugin picks: among the classes
 * marked default, the newest (Kubernetes does the same when several are).
 */
async function defaultIngressClass(ctx: StrategyContext): Promise<string | undefined> {
  const classes = ((await ctx.listObjects('ingressclasses')) as IngressClass[]).filter(isDefaultClass);
  classes.sort((a, b) => (b.metadata.creationTimestamp ?? '').localeCompare(a.metadata.creationTimestamp ?? ''));
  return classes[0]?.metadata.name;
}

/** ingressStrategy declares ingresses. */
export const ingressStrategy: Strategy = {
  schema: topLevel({ spec: INGRESS_SPEC, status: INGRESS_STATUS }),
  nameValidator: dns1123Subdomain,
  async prepareForCreate(obj: KubeObject, ctx: StrategyContext) {
    const ing = obj as Ingress;
    if (!ing.spec || typeof ing.spec !== 'object') return;
    if (ing.spec.ingressClassName || ing.metadata.annotations?.[LEGACY_CLASS_ANNOTATION]) return;
    const cls = await defaultIngressClass(ctx);
    if (cls) ing.spec.ingressClassName = cls;
  },
  validate: (obj) => validateIngress(obj as Ingress),
  printer: ingressPrinter,
};
