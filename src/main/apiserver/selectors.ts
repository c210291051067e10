/**
 * Label and field selectors for the apiserver: the shared implementation
 * (src/shared/selectors.ts) with its syntax errors turned into the 400
 * BadRequest the `labelSelector`/`fieldSelector` query parameters answer.
 */
import {
  parseFieldSelector as parseFieldSelectorShared,
  parseLabelSelector as parseLabelSelectorShared,
  SelectorError,
  type FieldSelectorMatcher,
  type LabelSelectorMatcher,
} from '../../shared/selectors';
import { badRequest } from './status';

export {
  EVERYTHING,
  formatLabels,
  formatLabelSelector,
  labelKeyError,
  labelSelectorFromObject,
  labelSelectorString,
  labelValueError,
  matchesLabelSelector,
  NOTHING,
  SelectorError,
  type FieldRequirement,
  type FieldSelectorMatcher,
  type LabelOperator,
  type LabelRequirement,
  type LabelSelectorMatcher,
} from '../../shared/selectors';

/** asBadRequest runs parse, answering a SelectorError as 400 BadRequest with the same message. */
function asBadRequest<T>(parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    if (err instanceof SelectorError) throw badRequest(err.message);
    throw err;
  }
}

/**
 * parseLabelSelector parses a labelSelector string; a syntax error is a 400
 * BadRequest as the apiserver returns it.
 */
export function parseLabelSelector(selector: string | undefined): LabelSelectorMatcher {
  return asBadRequest(() => parseLabelSelectorShared(selector));
}

/**
 * parseFieldSelector parses a fieldSelector string. Only the fields in
 * `supported` may be named: another is 400 `field label not supported: x`.
 */
export function parseFieldSelector(selector: string | undefined, supported?: readonly string[]): FieldSelectorMatcher {
  return asBadRequest(() => parseFieldSelectorShared(selector, supported));
}
