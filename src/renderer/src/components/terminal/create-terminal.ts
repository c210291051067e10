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
  // Brighter than xterm's defaults, so every ANSI colour (and each pod's prefix) reads on the dark background.
  black: '#3b3f4a',
  red: '#f14c4c',
  green: '#23d18b',
  yellow: '#e5c07b',
  blue: '#5b8def',
  magenta: '#d670d6',
  cyan: '#29b8db',
  white: '#e6e8ec',
  brightBlack: '#7a8190',
  brightRed: '#ff6b6b',
  brightGreen: '#5af0a8',
  brightYellow: '#f5e06e',
  brightBlue: '#82a8ff',
  brightMagenta: '#f08cf0',
  brightCyan: '#6fe0f5',
  brightWhite: '#ffffff',
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
