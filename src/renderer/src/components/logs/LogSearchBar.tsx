/** Search in the log pane: xterm's search add-on with highlighted matches, a match count, next/previous, case and regex. */
import { useEffect, useState } from 'react';
import type { ISearchOptions, SearchAddon } from '@xterm/addon-search';

const DECORATIONS: ISearchOptions['decorations'] = {
  matchBackground: '#6b5900',
  matchBorder: '#b59a00',
  matchOverviewRuler: '#b59a00',
  activeMatchBackground: '#d97706',
  activeMatchBorder: '#ffffff',
  activeMatchColorOverviewRuler: '#d97706',
};

/** LogSearchBar drives the search add-on of the pane's terminal. */
export function LogSearchBar({ search }: { search: SearchAddon | null }) {
  const [query, setQuery] = useState('');
  const [caseSensitive, setCaseSensitive] = useState(false);
  const [regex, setRegex] = useState(false);
  const [results, setResults] = useState<{ index: number; count: number } | null>(null);
  const [invalid, setInvalid] = useState(false);

  useEffect(() => {
    const addon = search;
    if (!addon) return;
    const sub = addon.onDidChangeResults((r) => setResults({ index: r.resultIndex, count: r.resultCount }));
    return () => sub.dispose();
  }, [search]);

  const options = (incremental: boolean): ISearchOptions => ({ caseSensitive, regex, incremental, decorations: DECORATIONS });

  const find = (direction: 'next' | 'previous', incremental = false) => {
    const addon = search;
    if (!addon) return;
    if (!query) {
      addon.clearDecorations();
      setResults(null);
      return;
    }
    if (regex) {
      try {
        new RegExp(query);
      } catch {
        setInvalid(true);
        addon.clearDecorations();
        setResults(null);
        return;
      }
    }
    setInvalid(false);
    if (direction === 'next') addon.findNext(query, options(incremental));
    else addon.findPrevious(query, options(incremental));
  };

  // Typing searches as you go; changing case or regex searches again.
  useEffect(() => {
    find('next', true);
  }, [query, caseSensitive, regex, search]);

  let count = '';
  if (query && results) {
    if (results.count === 0) count = 'No matches';
    else if (results.index < 0) count = `${results.count}${results.count >= 1000 ? '+' : ''} matches`;
    else count = `${results.index + 1} of ${results.count}${results.count >= 1000 ? '+' : ''}`;
  }

  return (
    <div className="log-search" role="search">
      <input
        type="search"
        placeholder="Search the log"
        aria-label="Search the log"
        value={query}
        className={invalid ? 'invalid' : undefined}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            find(e.shiftKey ? 'previous' : 'next');
          } else if (e.key === 'Escape') {
            setQuery('');
          }
        }}
        data-testid="log-search"
      />
      <label className="checkbox" title="Match case">
        <input type="checkbox" checked={caseSensitive} onChange={(e) => setCaseSensitive(e.target.checked)} data-testid="log-search-case" /> Aa
      </label>
      <label className="checkbox" title="Regular expression">
        <input type="checkbox" checked={regex} onChange={(e) => setRegex(e.target.checked)} data-testid="log-search-regex" /> .*
      </label>
      <button type="button" className="button ghost" onClick={() => find('previous')} aria-label="Previous match" data-testid="log-search-prev">
        ↑
      </button>
      <button type="button" className="button ghost" onClick={() => find('next')} aria-label="Next match" data-testid="log-search-next">
        ↓
      </button>
      <span className="muted small" aria-live="polite" data-testid="log-search-count">
        {invalid ? 'Invalid regular expression' : count}
      </span>
    </div>
  );
}
