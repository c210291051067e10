/**
 * Edit an object's YAML in place, like `kubectl edit`: the PUT carries the
 * resourceVersion it was read at, so if someone changed the object since,
 * the server answers 409 and this dialog shows both versions (yours and the
 * live one) and overwrites nothing. Server validation errors are shown as
 * in Apply, with the fields they name.
 */
import { dump, load } from 'js-yaml';
import { useEffect, useState } from 'react';
import { ApiError } from '../../../../shared/errors';
import type { KubeObject } from '../../../../shared/api/meta';
import { kubectlCommand } from '../../lib/actions/kubectl-command';
import { getObject, replaceObject } from '../../lib/actions/requests';
import { targetLabel, type ActionTarget } from '../../lib/actions/targets';
import { describeApiError } from '../../lib/yaml/apply-plan';
import { errorMessage } from './ActionResult';
import { CopyCommand } from './CopyCommand';
import { Modal } from './Modal';
import YamlEditor from '../apply/YamlEditor';

/** editableYaml prints an object for editing (managedFields left out, as they are noise to a person). */
export function editableYaml(obj: KubeObject): string {
  const copy = structuredClone(obj) as KubeObject & { metadata: { managedFields?: unknown } };
  delete copy.metadata.managedFields;
  return dump(copy, { noRefs: true, lineWidth: 120 });
}

type State =
  | { phase: 'loading' }
  | { phase: 'editing'; error?: { message: string; fields: string[] }; saved?: string }
  | { phase: 'saving' }
  | { phase: 'conflict'; mine: string; live: string; liveVersion: string; message: string };

/** EditYamlDialog loads, edits and saves one object. */
export function EditYamlDialog({ target, onClose }: { target: ActionTarget; onClose: () => void }) {
  const [text, setText] = useState('');
  const [base, setBase] = useState<string>();
  const [state, setState] = useState<State>({ phase: 'loading' });

  const loadLive = () => {
    setState({ phase: 'loading' });
    getObject(target)
      .then((obj) => {
        const y = editableYaml(obj);
        setText(y);
        setBase(obj.metadata.resourceVersion);
        setState({ phase: 'editing' });
      })
      .catch((err: unknown) => setState({ phase: 'editing', error: { message: errorMessage(err), fields: [] } }));
  };
  useEffect(loadLive, [target.kind, target.namespace, target.name]);

  const save = async () => {
    let parsed: unknown;
    try {
      parsed = load(text);
    } catch (err) {
      return setState({ phase: 'editing', error: { message: `YAML: ${errorMessage(err)}`, fields: [] } });
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return setState({ phase: 'editing', error: { message: 'the document must be one object', fields: [] } });
    setState({ phase: 'saving' });
    try {
      const saved = await replaceObject(target, parsed as KubeObject);
      setText(editableYaml(saved));
      setBase(saved.metadata.resourceVersion);
      setState({ phase: 'editing', saved: `${targetLabel(target)} edited (resourceVersion ${saved.metadata.resourceVersion ?? ''})` });
    } catch (err) {
      if (err instanceof ApiError && err.code === 409) {
        const live = await getObject(target).catch(() => undefined);
        return setState({ phase: 'conflict', mine: text, live: live ? editableYaml(live) : '(the object no longer exists)', liveVersion: live?.metadata.resourceVersion ?? '', message: err.message });
      }
      setState({ phase: 'editing', error: describeApiError(err) });
    }
  };

  const footer =
    state.phase === 'conflict' ? (
      <>
        <button type="button" className="button primary" onClick={loadLive} data-testid="edit-reload-live">
          Discard mine, edit the live version
        </button>
        <button type="button" className="button" onClick={() => setState({ phase: 'editing' })} data-testid="edit-back">
          Back to my edit
        </button>
        <button type="button" className="button" onClick={onClose}>
          Close
        </button>
      </>
    ) : (
      <>
        <button type="button" className="button primary" onClick={() => void save()} disabled={state.phase !== 'editing'} data-testid="edit-save">
          Save
        </button>
        <button type="button" className="button" onClick={onClose}>
          Close
        </button>
      </>
    );

  return (
    <Modal title={`Edit ${targetLabel(target)}`} onClose={onClose} testId="edit-dialog" wide busy={state.phase === 'saving'} footer={footer}>
      {state.phase === 'loading' ? <p className="muted">Loading…</p> : null}
      {state.phase === 'conflict' ? (
        <div data-testid="edit-conflict">
          <p className="error-text" role="alert">
            Conflict: {targetLabel(target)} changed since you opened it (you edited resourceVersion {base}, it is now {state.liveVersion}). Nothing was saved. {state.message}
          </p>
          <div className="conflict-panes">
            <section aria-label="Your version">
              <h3>Your version</h3>
              <pre className="mono yaml-pane" data-testid="edit-conflict-mine">
                {state.mine}
              </pre>
            </section>
            <section aria-label="Live version">
              <h3>Live version (resourceVersion {state.liveVersion})</h3>
              <pre className="mono yaml-pane" data-testid="edit-conflict-live">
                {state.live}
              </pre>
            </section>
          </div>
        </div>
      ) : state.phase !== 'loading' ? (
        <>
          <YamlEditor value={text} onChange={setText} label={`YAML of ${targetLabel(target)}`} testId="edit-textarea" />
          {state.phase === 'editing' && state.error ? (
            <div className="apply-error error-text" role="alert" data-testid="edit-error">
              {state.error.message}
              {state.error.fields.length ? (
                <div className="apply-fields">
                  {state.error.fields.map((f) => (
                    <code key={f} data-testid="edit-error-field">
                      {f}
                    </code>
                  ))}
                </div>
              ) : null}
            </div>
          ) : null}
          {state.phase === 'editing' && state.saved ? (
            <p className="ok-text" role="status" data-testid="edit-saved">
              {state.saved}
            </p>
          ) : null}
        </>
      ) : null}
      <CopyCommand command={kubectlCommand('edit', target)} />
    </Modal>
  );
}
