/** The object's YAML with a Copy button. */
import { useState } from 'react';

export function YamlBlock({ yaml, testId = 'object-yaml' }: { yaml: string; testId?: string }) {
  const [copied, setCopied] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = () =>
    navigator.clipboard.writeText(yaml).then(
      () => setCopied('copied'),
      // No clipboard permission (plain http): the text stays selectable.
      () => setCopied('failed'),
    );
  return (
    <div className="yaml-block">
      <div className="yaml-tools">
        <button type="button" className="button small-button" onClick={() => void copy()} data-testid="copy-yaml">
          {copied === 'copied' ? 'Copied' : 'Copy YAML'}
        </button>
        {copied === 'failed' ? <span className="muted small">select the text to copy it</span> : null}
      </div>
      <pre className="yaml card" data-testid={testId}>
        {yaml}
      </pre>
    </div>
  );
}
