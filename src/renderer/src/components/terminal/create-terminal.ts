/** One place that builds an xterm.js terminal the way Kubedeck shows them: dark, monospace, readable by assistive technology. */
import { Terminal, type ITerminalOptions } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import '@xterm/xterm/css/xterm.css';
import { mirrorTerminalStyles } from './terminal-styles';

export interface KubedeckTerminal {
  term: Terminal;
  fit: FitAddon;
  dispose(): void;
}

/** TERMINAL_THEME is the console palette (dark whatever the app theme, as consoles are). */
const TERMINAL_THEME: ITerminalOptions['theme'] = {
  background: '#15171c',
  foreground: '#e6e8ec',
  cursor: '#e6e8ec',
  selectionBackground: '#3b5998aa',
};

/**
 * createTerminal opens a terminal in `host`. Screen reader mode keeps the
 * visible text in an accessibility tree in the DOM, so screen readers (and
 * tests) read what is shown.
 */
export function createTerminal(host: HTMLElement, options: ITerminalOptions): KubedeckTerminal {
  const term = new Terminal({
    fontFamily: "ui-monospace, 'SF Mono', 'Cascadia Code', 'DejaVu Sans Mono', monospace",
    fontSize: 13,
    theme: TERMINAL_THEME,
    screenReaderMode: true,
    allowProposedApi: true, // the search add-on's match decorations use the decoration API
    ...options,
  });
  const fit = new FitAddon();
  term.loadAddon(fit);
  const stopStyles = mirrorTerminalStyles(host);
  term.open(host);
  return {
    term,
    fit,
    dispose() {
      term.dispose();
      stopStyles();
    },
  };
}
