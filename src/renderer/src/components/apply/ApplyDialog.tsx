/**
 * The YAML apply dialog: paste or pick files, then a preview of what the
 * server's dry run says each object would do (or why it cannot be applied),
 * then the apply and its result per object. With any invalid document nothing
 * is applied unless the user ticks "apply the valid ones".
 */
import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { useFocusTrap } from '../../hooks/use-focus-trap';
import { parseManifestFiles, type ManifestFile } from '../../lib/yaml/parse-manifests';
import { applyItem, applyOrder, itemLabel, planManifests, type ApplyResult, type PlanItem } from '../../lib/yaml/apply-plan';
import { readDroppedFiles } from '../../hooks/use-file-drop';
import { showValue } from '../../lib/yaml/field-diff';
import { findFieldLine } from '../../lib/yaml/field-line';
import type { YamlEditorProps } from './YamlEditor';

/** PlainEditor is a textarea: the editor while the schema-aware one loads, or when it cannot be loaded. */
function PlainEditor(props: YamlEditorProps) {
  return (
    <textarea
      ref={props.inputRef}
      className="yaml-input mono"
      value={props.value}
      onChange={(e) => props.onChange(e.target.value)}
      placeholder={props.placeholder}
      spellCheck={false}
      data-testid={props.testId}
      aria-label={props.label}
    />
  );
}

/**
 * lazyYamlEditor loads the editor (schema checks and completion) when the
 * dialog first shows it, not with the first screen. A failed load (the server
 * away) gives the plain textarea instead of an error that would close the
 * dialog and lose the text, and the next dialog tries the load again.
 */
function lazyYamlEditor() {
  return lazy(() =>
    import('./YamlEditor').catch(() => {
      YamlEditor = lazyYamlEditor();
      return { default: PlainEditor };
    }),
  );
}
let YamlEditor = lazyYamlEditor();

/** Editor is the schema-aware editor, a plain textarea while it loads. */
function Editor(props: YamlEditorProps) {
  return (
    <Suspense fallback={<PlainEditor {...props} />}>
      <YamlEditor {...props} />
    </Suspense>
  );
}

export type ApplyRequest = { files: ManifestFile[] } | { paste: true };

type Phase = 'input' | 'planning' | 'preview' | 'applying' | 'done';

const ACTION_TEXT = { create: 'will be created', configure: 'will be configured', unchanged: 'unchanged' } as const;

function PreviewRow({ item, result, skipped, onField }: { item: PlanItem; result?: ApplyResult; skipped?: boolean; onField?: (field: string) => void }) {
  const state = result ? (result.ok ? 'applied' : 'failed') : skipped ? 'skipped' : item.error ? 'error' : (item.action ?? 'unknown');
  return (
    <li className={`apply-row apply-${state}`} data-testid="apply-row" data-key={item.key} data-state={state} data-kind={item.kind} data-name={item.name}>
      <div className="apply-row-head">
        <span className="apply-object">{item.kind ? itemLabel(item) : `${item.file}`}</span>
        <span className="apply-source muted small">
          {item.file}
          {item.document ? ` · document ${item.document}` : ''}
        </span>
      </div>
      {result ? (
        <div className={result.ok ? 'apply-result ok-text' : 'apply-result error-text'} data-testid="apply-result">
          {result.message}
        </div>
      ) : item.error ? (
        <div className="apply-error error-text" data-testid="apply-error">
          {skipped ? (
            <strong className="skipped-label" data-testid="apply-skipped">
              Skipped, not applied:{' '}
            </strong>
          ) : null}
          {item.error}
          {item.fields && item.fields.length > 0 ? (
            <div className="apply-fields">
              {item.fields.map((f) =>
                onField ? (
                  <button key={f} type="button" className="link-button" onClick={() => onField(f)} title="Select it in the editor" data-testid="apply-goto-field">
                    <code data-testid="apply-error-field">{f}</code>
                  </button>
                ) : (
                  <code key={f} data-testid="apply-error-field">
                    {f}
                  </code>
                ),
              )}
            </div>
          ) : null}
        </div>
      ) : (
        <>
          <div className="apply-action" data-testid="apply-action">
            {ACTION_TEXT[item.action ?? 'create']}
          </div>
          {item.action === 'configure' && item.changes?.length ? (
            <table className="apply-diff" data-testid="apply-diff">
              <tbody>
                {item.changes.map((c) => (
                  <tr key={c.path} data-testid="apply-diff-row" data-path={c.path}>
                    <td className="mono">{c.path}</td>
                    <td className="mono diff-before">{showValue(c.before)}</td>
                    <td aria-hidden="true">→</td>
                    <td className="mono diff-after">{showValue(c.after)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </>
      )}
    </li>
  );
}

/** ApplyDialog walks one batch of manifests from input to results. */
export function ApplyDialog({ request, namespace, onClose }: { request: ApplyRequest; namespace: string | undefined; onClose: () => void }) {
  const [phase, setPhase] = useState<Phase>('files' in request ? 'planning' : 'input');
  const [text, setText] = useState('');
  const [items, setItems] = useState<PlanItem[]>([]);
  const [results, setResults] = useState<Map<string, ApplyResult>>(new Map());
  const [applyValid, setApplyValid] = useState(false);
  const [failure, setFailure] = useState<string>();

  const plan = (files: ManifestFile[]) => {
    setPhase('planning');
    setResults(new Map());
    setApplyValid(false);
    setFailure(undefined);
    planManifests(parseManifestFiles(files), namespace ?? 'default')
      .then((planned) => {
        setItems(planned);
        setPhase('preview');
      })
      .catch((err: unknown) => {
        setFailure(err instanceof Error ? err.message : String(err));
        setPhase('input');
      });
  };

  // A new request (another drop) replaces the batch.
  useEffect(() => {
    if ('files' in request) plan(request.files);
  }, [request]);

  const invalid = items.filter((i) => i.error);
  const valid = items.filter((i) => !i.error);
  const canApply = phase === 'preview' && valid.length > 0 && (invalid.length === 0 || applyValid);
  const dialogRef = useRef<HTMLDivElement>(null);
  useFocusTrap(dialogRef);
  // The editor stays beside the preview for pasted text: edit, preview again.
  const pasted = !('files' in request);
  const editorRef = useRef<HTMLTextAreaElement>(null);
  // A field an error names is selected in the editor (the line that sets it).
  const showField = (field: string) => {
    const span = findFieldLine(text, field);
    const ta = editorRef.current;
    if (!span || !ta) return;
    ta.focus();
    ta.setSelectionRange(span.start, span.end);
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && phase !== 'applying') onClose();
      // Ctrl/Cmd+Enter: preview what is typed, or apply what is previewed.
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        if (canApply) void apply();
        else if ((phase === 'input' || phase === 'preview') && pasted && text.trim()) plan([{ name: 'pasted', text }]);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const apply = async () => {
    setPhase('applying');
    const out = new Map<string, ApplyResult>();
    // In order, one at a time: a Namespace must exist before what goes in it.
    for (const item of applyOrder(valid)) {
      const r = await applyItem(item);
      out.set(item.key, r);
      setResults(new Map(out));
    }
    setPhase('done');
  };

  return (
    <div className="modal-backdrop">
      <div ref={dialogRef} className={pasted && phase !== 'input' ? 'modal modal-wide' : 'modal'} role="dialog" aria-modal="true" aria-labelledby="apply-title" data-testid="apply-dialog" data-phase={phase}>
        <header className="modal-header">
          <h2 id="apply-title">Apply YAML</h2>
          <button type="button" className="button ghost" onClick={onClose} aria-label="Close" data-testid="apply-close" disabled={phase === 'applying'}>
            ✕
          </button>
        </header>

        {phase === 'input' ? (
          <div className="modal-body">
            <p className="muted">Paste one or more manifests (separate documents with ---), choose files, or drop files on the window.</p>
            <Editor value={text} onChange={setText} placeholder={'apiVersion: v1\nkind: Pod\nmetadata:\n  name: hello\n…'} testId="apply-textarea" label="Manifest YAML" />
            <input
              type="file"
              multiple
              accept=".yaml,.yml,.json"
              data-testid="apply-file-input"
              onChange={(e) => {
                if (e.target.files?.length) void readDroppedFiles(e.target.files).then(plan);
              }}
            />
            {failure ? <p className="error-text">{failure}</p> : null}
          </div>
        ) : null}

        {phase === 'planning' ? (
          <div className="modal-body">
            <p className="muted" data-testid="apply-planning">
              Checking with the server (dry run)…
            </p>
          </div>
        ) : null}

        {phase === 'preview' || phase === 'applying' || phase === 'done' ? (
          <div className={pasted ? 'modal-body apply-split' : 'modal-body'} data-testid="apply-preview">
            {pasted && phase === 'preview' ? (
              <div className="apply-editor">
                <Editor inputRef={editorRef} value={text} onChange={setText} testId="apply-textarea" label="Manifest YAML" />
                <button type="button" className="button" disabled={!text.trim()} onClick={() => plan([{ name: 'pasted', text }])} data-testid="apply-repreview">
                  Preview again
                </button>
              </div>
            ) : null}
            <div className="apply-preview-list">
            <p className="muted small">
              {phase === 'preview'
                ? `${valid.length} object${valid.length === 1 ? '' : 's'} valid, ${invalid.length} invalid. Dry run by the server; existing objects are merge-patched with the manifest.`
                : phase === 'applying'
                  ? 'Applying…'
                  : 'Done.'}
            </p>
            <ul className="apply-list">
              {items.map((item) => (
                <PreviewRow key={item.key} item={item} result={results.get(item.key)} skipped={phase !== 'preview' && !!item.error} onField={pasted && phase === 'preview' ? showField : undefined} />
              ))}
            </ul>
            {invalid.length > 0 && valid.length > 0 && phase === 'preview' ? (
              <label className="checkbox">
                <input type="checkbox" checked={applyValid} onChange={(e) => setApplyValid(e.target.checked)} data-testid="apply-valid-only" disabled={valid.length === 0} />
                Apply the valid ones anyway ({invalid.length} document{invalid.length === 1 ? '' : 's'} will be skipped)
              </label>
            ) : null}
            </div>
          </div>
        ) : null}

        <footer className="modal-footer">
          {phase === 'input' ? (
            <button type="button" className="button primary" disabled={!text.trim()} onClick={() => plan([{ name: 'pasted', text }])} data-testid="apply-preview-button">
              Preview
            </button>
          ) : null}
          {phase === 'preview' ? (
            <button type="button" className="button primary" disabled={!canApply} onClick={() => void apply()} data-testid="apply-confirm" title="Ctrl+Enter">
              Apply
            </button>
          ) : null}
          <button type="button" className="button" onClick={onClose} disabled={phase === 'applying'} data-testid="apply-cancel">
            {phase === 'done' ? 'Close' : 'Cancel'}
          </button>
        </footer>
      </div>
    </div>
  );
}
