/** ControllerRevisions (apps/v1): a controller's template snapshots; data is immutable. */
import type { ControllerRevision } from '../../../../shared/api/apps';
import { invalidValue, required, type FieldError } from '../../status';
import { controllerRevisionPrinter } from '../../table/stateful';
import { topLevel } from '../schema';
import type { Strategy } from '../strategy';
import { dns1123Subdomain, validateImmutable } from '../validation';

/** controllerRevisionStrategy declares controllerrevisions. */
export const controllerRevisionStrategy: Strategy = {
  schema: topLevel({ data: true, revision: 'int64' }),
  nameValidator: dns1123Subdomain,
  specOf: () => undefined,
  validate(obj) {
    const cr = obj as ControllerRevision;
    const errs: FieldError[] = [];
    if (cr.revision === undefined) errs.push(required('revision'));
    else if (!(cr.revision >= 0)) errs.push(invalidValue('revision', cr.revision, 'must be greater than or equal to 0'));
    return errs;
  },
  validateUpdate: (obj, old) => validateImmutable((obj as ControllerRevision).data, (old as ControllerRevision).data, 'data'),
  printer: controllerRevisionPrinter,
};
