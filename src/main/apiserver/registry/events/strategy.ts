/** core/v1 Events (pkg/registry/core/event): names need only be path segments; PUT may create. */
import type { Event } from '../../../../shared/api/core';
import { notSupported, required, type FieldError } from '../../status';
import { eventPrinter } from '../../table/config';
import { topLevel } from '../schema';
import type { Strategy } from '../strategy';
import { pathSegmentName } from '../validation';

/** eventStrategy declares events. */
export const eventStrategy: Strategy = {
  schema: topLevel({
    involvedObject: { kind: 'string', namespace: 'string', name: 'string', uid: 'string', apiVersion: 'string', resourceVersion: 'string', fieldPath: 'string' },
    reason: 'string',
    message: 'string',
    source: { component: 'string', host: 'string' },
    firstTimestamp: 'time',
    lastTimestamp: 'time',
    count: 'int',
    type: 'string',
    eventTime: 'time',
    series: { count: 'int', lastObservedTime: 'time' },
    action: 'string',
    related: true,
    reportingComponent: 'string',
    reportingInstance: 'string',
  }),
  nameValidator: pathSegmentName,
  allowCreateOnUpdate: true,
  validate(obj) {
    const e = obj as Event;
    const errs: FieldError[] = [];
    if (!e.involvedObject) errs.push(required('involvedObject'));
    if (e.type !== undefined && e.type !== 'Normal' && e.type !== 'Warning') errs.push(notSupported('type', e.type, ['Normal', 'Warning']));
    return errs;
  },
  fieldSelectors: {
    'involvedObject.kind': (o) => (o as Event).involvedObject?.kind,
    'involvedObject.namespace': (o) => (o as Event).involvedObject?.namespace,
    'involvedObject.name': (o) => (o as Event).involvedObject?.name,
    'involvedObject.uid': (o) => (o as Event).involvedObject?.uid,
    'involvedObject.apiVersion': (o) => (o as Event).involvedObject?.apiVersion,
    'involvedObject.resourceVersion': (o) => (o as Event).involvedObject?.resourceVersion,
    'involvedObject.fieldPath': (o) => (o as Event).involvedObject?.fieldPath,
    reason: (o) => (o as Event).reason,
    reportingComponent: (o) => (o as Event).reportingComponent,
    source: (o) => (o as Event).source?.component,
    type: (o) => (o as Event).type,
  },
  printer: eventPrinter,
};
