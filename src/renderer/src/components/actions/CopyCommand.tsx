/** Shows the kubectl command that does what is on screen, with a button that copies it. */
import { useState } from 'react';

async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // No clipboard permission (plain http pages, tests): the command stays selectable on screen.
    return false;
  }
}

/** CopyCommand renders one kubectl command line and a copy button. */
export function CopyCommand({ command }: { command: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  return (
    <div className="copy-command">
      <code className="mono" data-testid="kubectl-command">
        {command}
      </code>
      <button type="button" className="button small-button" aria-label={`Copy kubectl command: ${command}`} onClick={() => void copyText(command).then((ok) => setState(ok ? 'copied' : 'failed'))}>
        {state === 'copied' ? 'Copied' : 'Copy'}
      </button>
      {state === 'failed' ? <span className="muted small">select the text to copy it</span> : null}
    </div>
  );
}
