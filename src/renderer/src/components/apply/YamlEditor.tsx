/**
 * The YAML editor of the Apply and Edit dialogs: a textarea with line
 * numbers, checked as you type against the cluster's own OpenAPI v3 schemas
 * (unknown fields, wrong types, enums, required fields, YAML syntax: a marker
 * in the gutter and a message list the textarea is described by), and field
 * completion at a mapping key (Ctrl+Space; arrows, Enter or Tab inserts
 * `name: `, Escape closes). Loaded lazily with the dialogs, so the first
 * screen does not carry the schema code.
 */
import { useEffect, useId, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import { checkYamlText, type CheckResult } from '../../lib/yaml/schema/check-text';
import { suggestFields, type Suggestion } from '../../lib/yaml/schema/completion';
import { keyContextAt } from '../../lib/yaml/schema/outline';
import { clusterSchemas } from '../../lib/yaml/schema/schema-cache';
import './yaml-editor.css';

/** CHECK_DELAY_MS is how long typing pauses before the text is checked. */
const CHECK_DELAY_MS = 300;

/** YamlEditorProps: the text is the dialog's state; the ref lets the dialog select a line a server error names. */
export interface YamlEditorProps {
  value: string;
  onChange: (value: string) => void;
  label: string;
  testId: string;
  placeholder?: string;
  inputRef?: RefObject<HTMLTextAreaElement | null>;
}

interface Suggest {
  items: Suggestion[];
  selected: number;
  /** where the list is drawn, in pixels from the editor frame's top left (below the caret's line, or above it when there is no room below). */
  top?: number;
  bottom?: number;
  left: number;
}

/** caretCell is the 0-based line and column of an offset. */
function caretCell(text: string, offset: number): { line: number; col: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, col: offset - (before.lastIndexOf('\n') + 1) };
}

/** selectLine selects a 1-based line of a textarea and scrolls to it. */
function selectLine(ta: HTMLTextAreaElement, line: number): void {
  const lines = ta.value.split('\n');
  const start = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0);
  ta.focus();
  ta.setSelectionRange(start, start + (lines[line - 1]?.length ?? 0));
  const lh = parseFloat(getComputedStyle(ta).lineHeight) || 18;
  ta.scrollTop = Math.max(0, (line - 3) * lh);
}

/** YamlEditor edits YAML with schema checks and field completion. */
export default function YamlEditor({ value, onChange, label, testId, placeholder, inputRef }: YamlEditorProps) {
  const id = useId();
  const ownRef = useRef<HTMLTextAreaElement | null>(null);
  const taRef = inputRef ?? ownRef;
  const gutterRef = useRef<HTMLDivElement>(null);
  const measureRef = useRef<HTMLSpanElement>(null);
  const [result, setResult] = useState<CheckResult>();
  const [checking, setChecking] = useState(false);
  const [suggest, setSuggest] = useState<Suggest>();
  const [hint, setHint] = useState<string>();
  // Mirrors whether the list is open, for the input event an insertion fires before React re-renders.
  const openRef = useRef(false);
  openRef.current = !!suggest;

  // Check after typing pauses; a later check supersedes an earlier one.
  useEffect(() => {
    if (!value.trim()) {
      setResult(undefined);
      return;
    }
    let current = true;
    setChecking(true);
    const timer = setTimeout(() => {
      checkYamlText(value, clusterSchemas)
        .then((r) => current && setResult(r))
        .catch(() => current && setResult(undefined))
        .finally(() => current && setChecking(false));
    }, CHECK_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [value]);

  const lineCount = value.split('\n').length;
  const byLine = useMemo(() => {
    const m = new Map<number, string[]>();
    for (const i of result?.issues ?? []) m.set(i.line, [...(m.get(i.line) ?? []), i.message]);
    return m;
  }, [result]);

  /** openSuggest lists the fields allowed at the caret (or says why there are none). */
  const openSuggest = async (text: string, keepSelection?: string) => {
    const ta = taRef.current;
    if (!ta) return;
    const offset = ta.selectionStart;
    const ctx = keyContextAt(text, offset);
    if (!ctx || !ctx.apiVersion || !ctx.kind) {
      setSuggest(undefined);
      setHint(ctx ? 'Field names are offered once the document has apiVersion and kind.' : 'Field names are offered where a key goes, values after a key with a fixed set of them.');
      return;
    }
    const set = await clusterSchemas(ctx.apiVersion).catch(() => undefined);
    if (taRef.current !== ta || ta.value !== text) return;
    const items = set ? suggestFields(set, ctx) : [];
    if (items.length === 0) {
      setSuggest(undefined);
      setHint(!set?.kindSchema(ctx.apiVersion, ctx.kind) ? `No schema for ${ctx.kind} (${ctx.apiVersion}) on this cluster.` : ctx.at === 'value' ? 'No fixed values to suggest for this field.' : 'No more fields to suggest here.');
      return;
    }
    setHint(undefined);
    const { line, col } = caretCell(text, offset - ctx.word.length);
    const cs = getComputedStyle(ta);
    const lh = parseFloat(cs.lineHeight) || 18;
    const cw = (measureRef.current?.getBoundingClientRect().width ?? 80) / 10;
    const kept = keepSelection ? items.findIndex((s) => s.name === keepSelection) : -1;
    const lineTop = ta.offsetTop + parseFloat(cs.paddingTop) + line * lh - ta.scrollTop;
    const frame = ta.offsetParent?.clientHeight ?? ta.clientHeight;
    // The list's size as yaml-editor.css draws it (rows of about 25 px, at most 14rem high, at most 34rem or 90% wide).
    const rem = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
    const listHeight = Math.min(14 * rem, items.length * 25 + 8);
    const frameWidth = ta.offsetParent?.clientWidth ?? ta.clientWidth;
    const listWidth = Math.min(34 * rem, 0.9 * frameWidth);
    const below = lineTop + lh + listHeight <= frame || lineTop < frame / 2;
    setSuggest({
      items,
      selected: Math.max(0, kept),
      ...(below ? { top: lineTop + lh + 2 } : { bottom: frame - lineTop + 2 }),
      left: Math.max(0, Math.min(frameWidth - listWidth, ta.offsetLeft + parseFloat(cs.paddingLeft) + col * cw - ta.scrollLeft)),
    });
  };

  const insert = (s: Suggestion) => {
    const ta = taRef.current;
    if (!ta) return;
    const ctx = keyContextAt(ta.value, ta.selectionStart);
    const end = ta.selectionStart;
    const start = end - (ctx?.word.length ?? 0);
    const text = s.insert;
    openRef.current = false;
    setSuggest(undefined);
    ta.focus();
    ta.setSelectionRange(start, end);
    // insertText keeps the browser's undo history; the fallback sets the value.
    if (!document.execCommand('insertText', false, text)) {
      onChange(ta.value.slice(0, start) + text + ta.value.slice(end));
      requestAnimationFrame(() => ta.setSelectionRange(start + text.length, start + text.length));
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === ' ' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void openSuggest(e.currentTarget.value);
      return;
    }
    if (!suggest) {
      if (e.key === 'Escape' && hint) setHint(undefined);
      return;
    }
    const n = suggest.items.length;
    const move = (d: number) => setSuggest({ ...suggest, selected: (suggest.selected + d + n) % n });
    const handled: Record<string, () => void> = {
      ArrowDown: () => move(1),
      ArrowUp: () => move(-1),
      PageDown: () => move(Math.min(8, n - 1 - suggest.selected) || 0),
      PageUp: () => move(-Math.min(8, suggest.selected)),
      Enter: () => insert(suggest.items[suggest.selected]!),
      Tab: () => insert(suggest.items[suggest.selected]!),
      // Escape closes the list, not the dialog.
      Escape: () => setSuggest(undefined),
    };
    const act = e.ctrlKey || e.metaKey || e.altKey ? undefined : handled[e.key];
    if (!act) return;
    e.preventDefault();
    e.stopPropagation();
    act();
  };

  // While the list is open, typing narrows it; leaving a key position closes it.
  const change = (text: string) => {
    onChange(text);
    setHint(undefined);
    if (openRef.current && suggest) void openSuggest(text, suggest.items[suggest.selected]?.name);
  };

  // The gutter scrolls with the text.
  const syncGutter = () => {
    if (gutterRef.current && taRef.current) gutterRef.current.scrollTop = taRef.current.scrollTop;
  };
  useLayoutEffect(syncGutter);

  const issues = result?.issues ?? [];
  const listId = `${id}-suggest`;
  const issuesId = `${id}-issues`;
  const optionId = (i: number) => `${id}-option-${i}`;
  const state = !value.trim() ? 'empty' : checking ? 'checking' : issues.length ? 'issues' : 'ok';

  return (
    <div className="yaml-editor" data-testid="yaml-editor">
      <div className="yaml-editor-frame">
        <div className="yaml-gutter mono" ref={gutterRef} aria-hidden="true">
          {Array.from({ length: lineCount }, (_, i) => {
            const msgs = byLine.get(i + 1);
            return (
              <div key={i} className={msgs ? 'yaml-gutter-line has-issue' : 'yaml-gutter-line'} data-line={i + 1} data-testid={msgs ? 'yaml-gutter-issue' : undefined} title={msgs?.join('\n')}>
                {msgs ? <span className="yaml-gutter-marker">●</span> : null}
                {i + 1}
              </div>
            );
          })}
        </div>
        <textarea
          ref={taRef}
          className="yaml-input yaml-editor-input mono"
          value={value}
          onChange={(e) => change(e.target.value)}
          onKeyDown={onKeyDown}
          onScroll={syncGutter}
          onBlur={() => setSuggest(undefined)}
          onClick={() => setSuggest(undefined)}
          placeholder={placeholder}
          spellCheck={false}
          wrap="off"
          aria-label={label}
          aria-describedby={issuesId}
          aria-invalid={issues.length > 0}
          aria-autocomplete="list"
          aria-haspopup="listbox"
          aria-expanded={!!suggest}
          aria-controls={suggest ? listId : undefined}
          aria-activedescendant={suggest ? optionId(suggest.selected) : undefined}
          data-testid={testId}
        />
        <span className="yaml-measure mono" ref={measureRef} aria-hidden="true">
          MMMMMMMMMM
        </span>
        {suggest ? (
          <ul className="yaml-suggest" role="listbox" id={listId} aria-label="Fields" style={{ top: suggest.top, bottom: suggest.bottom, left: suggest.left }} data-testid="yaml-suggest">
            {suggest.items.map((s, i) => (
              <li
                key={s.name}
                id={optionId(i)}
                role="option"
                aria-selected={i === suggest.selected}
                className={i === suggest.selected ? 'yaml-suggest-item selected' : 'yaml-suggest-item'}
                data-name={s.name}
                data-testid="yaml-suggest-item"
                ref={i === suggest.selected ? (el) => el?.scrollIntoView({ block: 'nearest' }) : undefined}
                onMouseDown={(e) => {
                  e.preventDefault();
                  insert(s);
                }}
              >
                <span className="yaml-suggest-name mono">
                  {s.name}
                  {s.required ? <span className="yaml-suggest-required" title="required">*</span> : null}
                </span>
                <span className="yaml-suggest-type mono">{s.type}</span>
                <span className="yaml-suggest-doc" title={s.doc}>
                  {s.doc}
                </span>
              </li>
            ))}
          </ul>
        ) : null}
      </div>
      <div id={issuesId} className="yaml-issues small" role="status" aria-live="polite" data-testid="yaml-issues" data-state={state}>
        {hint ? <p className="muted yaml-hint" data-testid="yaml-hint">{hint}</p> : null}
        {issues.length ? (
          <ul className="yaml-issue-list">
            {issues.map((i, n) => (
              <li key={n} className="yaml-issue" data-testid="yaml-issue" data-line={i.line} data-path={i.path} data-rule={i.rule}>
                <button type="button" className="link-button mono" onClick={() => taRef.current && selectLine(taRef.current, i.line)} title="Go to the line">
                  line {i.line}
                </button>{' '}
                <span className="error-text">{i.message}</span>
              </li>
            ))}
          </ul>
        ) : state === 'ok' ? (
          <p className="muted">
            {result?.unchecked.length ? `No schema on this cluster for ${result.unchecked.join(', ')}; the server checks it at preview. ` : 'Checked against the cluster’s schemas: no problems. '}
            Ctrl+Space suggests field names.
          </p>
        ) : state === 'empty' ? (
          <p className="muted">Checked against the cluster’s schemas as you type. Ctrl+Space suggests field names.</p>
        ) : null}
      </div>
    </div>
  );
}
