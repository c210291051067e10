/**
 * The log pane: an xterm.js terminal fed by one or more followed log streams.
 * Memory is bounded by the terminal's scrollback (SCROLLBACK_LINES); the pane
 * says when older lines were dropped. Scrolling up pauses following, "Jump to
 * end" resumes it. Search uses xterm's search add-on (highlighted matches,
 * count, case and regex).
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { SearchAddon } from '@xterm/addon-search';
import { createTerminal, type KubedeckTerminal } from '../terminal/create-terminal';
import { streamLog, type StreamState } from '../../lib/logs/log-stream';
import type { LogOptions, LogSource } from '../../lib/logs/log-source';
import { ResumeCursor, formatTimestamp, timestampKey, type TimestampedLine } from '../../lib/logs/log-lines';
import { PrefixColours, prefixLine } from '../../lib/logs/log-prefix';
import { SCROLLBACK_LINES, ScrollbackCounter } from '../../lib/logs/scrollback';
import { LogSearchBar } from './LogSearchBar';

/** MERGE_MS is how long interleaved lines wait to be merged in time order with the other pods' (polls of all pods land within it). */
const MERGE_MS = 250;

/** WIDE_COLS is the line width when wrapping is off: longer lines still wrap (xterm has no unwrapped mode). */
export const WIDE_COLS = 300;

export interface LogViewerProps {
  sources: LogSource[];
  options: LogOptions;
  timestamps: boolean;
  wrap: boolean;
  /** prefix puts each source's label in front of its lines (interleaved logs). */
  prefix: boolean;
  /** notStarted explains, from the pod's status, why a source has no log yet. */
  notStarted?: string;
  /** actions sit at the end of the search row (download, copy the kubectl command). */
  actions?: ReactNode;
}

interface Run {
  abort: AbortController;
  streams: Map<string, AbortController>;
  states: Map<string, StreamState>;
  /** cursors outlive a source's stream: one that leaves and comes back resumes where the pane is. */
  cursors: Map<string, ResumeCursor>;
}

function summary(states: Map<string, StreamState>): { waiting?: string; error?: string; ended: boolean } {
  let waiting: string | undefined;
  let error: string | undefined;
  let ended = states.size > 0;
  for (const s of states.values()) {
    if (s.kind === 'waiting') waiting ??= s.message;
    if (s.kind === 'error') error ??= s.message;
    if (s.kind !== 'ended' && s.kind !== 'error') ended = false;
  }
  return { waiting, error, ended };
}

/** LogViewer shows and follows the logs of `sources`. */
export function LogViewer({ sources, options, timestamps, wrap, prefix, notStarted, actions }: LogViewerProps) {
  const hostRef = useRef<HTMLDivElement>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const termRef = useRef<KubedeckTerminal | null>(null);
  const [search, setSearch] = useState<SearchAddon | null>(null);
  const runRef = useRef<Run | null>(null);
  const counter = useRef(new ScrollbackCounter(SCROLLBACK_LINES));
  const colours = useRef(new PrefixColours());
  const [lines, setLines] = useState(0);
  const [dropped, setDropped] = useState(0);
  const [atBottom, setAtBottom] = useState(true);
  const [status, setStatus] = useState<{ waiting?: string; error?: string; ended: boolean }>({ ended: false });
  const [width, setWidth] = useState<number | undefined>(undefined);

  // The terminal lives as long as the pane.
  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const t = createTerminal(host, { scrollback: SCROLLBACK_LINES, disableStdin: true, convertEol: true, cursorBlink: false, cursorInactiveStyle: 'none' });
    const addon = new SearchAddon();
    t.term.loadAddon(addon);
    termRef.current = t;
    setSearch(addon);
    const onScroll = t.term.onScroll(() => {
      const b = t.term.buffer.active;
      setAtBottom(b.viewportY >= b.baseY);
    });
    // Scroll events from the user's wheel arrive before xterm moves; read the position after it has.
    const onWheel = () => requestAnimationFrame(() => {
      const b = t.term.buffer.active;
      setAtBottom(b.viewportY >= b.baseY);
    });
    host.addEventListener('wheel', onWheel, { passive: true });
    return () => {
      host.removeEventListener('wheel', onWheel);
      onScroll.dispose();
      runRef.current?.abort.abort();
      t.dispose();
      termRef.current = null;
      setSearch(null);
    };
  }, []);

  // Fit rows to the pane; columns too when wrapping, else a wide fixed width with a horizontal scrollbar.
  useEffect(() => {
    const host = hostRef.current;
    const scroller = scrollRef.current;
    const t = termRef.current;
    if (!host || !scroller || !t) return;
    const layout = () => {
      const dims = t.fit.proposeDimensions();
      if (!dims || !Number.isFinite(dims.cols) || !Number.isFinite(dims.rows)) return;
      // The host's width follows `wrap` in the same render (see the JSX), so the fit measures the right width now.
      if (wrap) {
        if (dims.cols !== t.term.cols || dims.rows !== t.term.rows) t.term.resize(Math.max(dims.cols, 20), Math.max(dims.rows, 5));
      } else {
        // dims.cols is what fits the host as it is now (narrow or already wide), so this is one cell's width either way.
        const cellWidth = host.clientWidth / Math.max(dims.cols, 1);
        setWidth(Math.ceil(cellWidth * WIDE_COLS) + 20);
        if (t.term.cols !== WIDE_COLS || dims.rows !== t.term.rows) t.term.resize(WIDE_COLS, Math.max(dims.rows, 5));
      }
      counter.current.setCapacity(SCROLLBACK_LINES + t.term.rows);
    };
    layout();
    const ro = new ResizeObserver(() => layout());
    ro.observe(scroller);
    return () => ro.disconnect();
  }, [wrap]);

  // A change of options starts over: clear the pane and reopen every stream.
  const epoch = JSON.stringify([options, timestamps, prefix]);
  const sourceKey = sources.map((s) => `${s.id}=${s.label ?? ''}`).join('|');
  useEffect(() => {
    const t = termRef.current;
    if (!t) return;
    const run: Run = { abort: new AbortController(), streams: new Map(), states: new Map(), cursors: new Map() };
    runRef.current = run;
    t.term.reset();
    t.term.write('\x1b[?25l'); // no cursor in a log
    counter.current.reset();
    setLines(0);
    setDropped(0);
    setAtBottom(true);
    setStatus({ ended: false });
    return () => run.abort.abort();
  }, [epoch]);

  // Streams follow the sources: a pod that appears joins, one that goes away is let go.
  useEffect(() => {
    const run = runRef.current;
    const t = termRef.current;
    if (!run || !t) return;
    const width = Math.max(0, ...sources.map((s) => (s.label ?? '').length));
    // Interleaved logs are held for a moment and merged by timestamp, so each pod's batch does not land as a block.
    let pending: { key: string; text: string }[] = [];
    let scheduled = false;
    const flush = () => {
      scheduled = false;
      if (run.abort.signal.aborted || pending.length === 0) return;
      const batch = prefix ? pending.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)) : pending;
      pending = [];
      t.term.write(batch.map((p) => p.text).join('\n') + '\n');
      counter.current.add(batch.length);
      setLines(counter.current.total);
      setDropped(counter.current.dropped);
    };
    const schedule = () => {
      if (scheduled) return;
      scheduled = true;
      if (prefix) setTimeout(flush, MERGE_MS);
      else requestAnimationFrame(flush);
    };
    const format = (src: LogSource, l: TimestampedLine): string => {
      let text = l.text;
      if (prefix) text = prefixLine(src.label ?? src.container, colours.current.colourOf(src.id), text, width);
      if (timestamps && l.ts) text = `\x1b[2m${formatTimestamp(l.ts)}\x1b[0m ${text}`;
      return text;
    };
    const updateStatus = () => setStatus(summary(run.states));
    for (const src of sources) {
      if (run.streams.has(src.id)) continue;
      const ctl = new AbortController();
      run.abort.signal.addEventListener('abort', () => ctl.abort());
      run.streams.set(src.id, ctl);
      let cursor = run.cursors.get(src.id);
      if (!cursor) run.cursors.set(src.id, (cursor = new ResumeCursor()));
      void streamLog(
        src,
        options,
        {
          onLines(ls) {
            for (const l of ls) pending.push({ key: l.ts ? timestampKey(l.ts) : '', text: format(src, l) });
            // While the page is hidden frames do not run: keep no more than the pane could show anyway.
            if (pending.length > SCROLLBACK_LINES) {
              const extra = pending.length - SCROLLBACK_LINES;
              pending.splice(0, extra);
              counter.current.add(extra);
            }
            schedule();
          },
          onState(s) {
            run.states.set(src.id, s);
            updateStatus();
          },
        },
        ctl.signal,
        // One open stream per view at most: several would wait for connections the live lists hold (see FollowMode).
        prefix ? 'poll' : 'stream',
        cursor,
      );
    }
    const wanted = new Set(sources.map((s) => s.id));
    for (const [id, ctl] of run.streams) {
      if (!wanted.has(id)) {
        ctl.abort();
        run.streams.delete(id);
        run.states.delete(id);
      }
    }
    updateStatus();
    // Streams outlive this effect (they are keyed by source); only the epoch's abort ends them.
  }, [epoch, sourceKey]);

  const jumpToEnd = () => {
    termRef.current?.term.scrollToBottom();
    setAtBottom(true);
  };

  let empty: string | undefined;
  if (lines === 0) {
    if (sources.length === 0) empty = 'No pods to show logs for.';
    else if (status.waiting || notStarted) empty = notStarted ?? `Not started yet: ${status.waiting}`;
    else if (status.error) empty = undefined;
    else if (status.ended) empty = options.previous ? 'The previous instance left no log lines.' : 'This container has no logs.';
    else empty = options.follow && !options.previous ? 'No log lines yet: waiting for the container to print something…' : 'Loading…';
  }

  return (
    <div className="log-viewer" data-testid="log-viewer" data-lines={lines} data-dropped={dropped} data-following={options.follow && atBottom ? 'true' : 'false'}>
      <div className="log-toolbar">
        <LogSearchBar search={search} />
        <span className="spacer" />
        {actions}
      </div>
      {status.error ? (
        <div className="log-notice error-text" role="alert" data-testid="log-error">
          {status.error}
        </div>
      ) : null}
      {dropped > 0 ? (
        <div className="log-notice muted" data-testid="log-dropped">
          Showing the last {SCROLLBACK_LINES.toLocaleString('en')} lines; {dropped.toLocaleString('en')} earlier lines were dropped from the view (Download has the whole log).
        </div>
      ) : null}
      <div className="log-scroller" ref={scrollRef}>
        <div className="log-host" ref={hostRef} style={!wrap && width ? { width } : undefined} data-testid="log-terminal" role="region" aria-label="Log output" />
        {empty ? (
          <div className="log-empty" data-testid="log-empty">
            {empty}
          </div>
        ) : null}
      </div>
      {!atBottom ? (
        <div className="log-paused" data-testid="log-paused">
          <span>{options.follow ? 'Following paused while you read.' : 'Scrolled up.'}</span>
          <button type="button" className="button primary" onClick={jumpToEnd} data-testid="log-jump-to-end">
            Jump to end
          </button>
        </div>
      ) : null}
    </div>
  );
}
