/** A label selector box that says, as it is typed, what is wrong with it. */
import { useMemo } from 'react';
import { parseLabelSelector } from '../../lib/k8s/labels';

export interface SelectorMatch {
  match: (labels: Record<string, string>) => boolean;
  error?: string;
}

/** useSelector compiles a selector; a malformed one matches nothing and carries the parser's error. */
export function useSelector(selector: string): SelectorMatch {
  return useMemo(() => {
    try {
      return { match: parseLabelSelector(selector) };
    } catch (err) {
      return { match: () => false, error: (err as Error).message };
    }
  }, [selector]);
}

/** SelectorInput is the box and its error line. */
export function SelectorInput({
  value,
  onChange,
  error,
  testId = 'label-filter',
  placeholder = 'Label selector, e.g. app=web,tier!=db',
  label = 'Label selector',
  errorTestId = 'selector-error',
}: {
  value: string;
  onChange: (v: string) => void;
  error?: string;
  testId?: string;
  placeholder?: string;
  label?: string;
  errorTestId?: string;
}) {
  return (
    <span className="selector-input">
      <input
        type="text"
        placeholder={placeholder}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        data-testid={testId}
        aria-label={label}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${testId}-error` : undefined}
        className={error ? 'invalid' : undefined}
      />
      {error ? (
        <span className="filter-error" id={`${testId}-error`} role="alert" data-testid={errorTestId}>
          Invalid {label.toLowerCase()}: {error}
        </span>
      ) : null}
    </span>
  );
}
