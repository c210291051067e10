/**
 * xterm.js sizes and colours its DOM renderer with <style> elements it
 * creates at run time. The renderer's CSP (src/main/app/csp.ts) allows no
 * inline style, so the browser refuses them. Rather than weaken the policy
 * for every page, this mirrors their text into a constructed stylesheet
 * (document.adoptedStyleSheets), which CSP does not govern because no markup
 * can inject one: only the page's own script can build it.
 */

/** mirrorTerminalStyles keeps a constructed stylesheet equal to the <style> elements under `root`; call the result to stop. */
export function mirrorTerminalStyles(root: HTMLElement): () => void {
  const sheet = new CSSStyleSheet();
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  let last = '';
  const sync = () => {
    const text = Array.from(root.querySelectorAll('style'), (s) => s.textContent ?? '').join('\n');
    if (text !== last) {
      last = text;
      sheet.replaceSync(text);
    }
  };
  sync();
  const observer = new MutationObserver(sync);
  observer.observe(root, { subtree: true, childList: true, characterData: true });
  return () => {
    observer.disconnect();
    document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== sheet);
  };
}
