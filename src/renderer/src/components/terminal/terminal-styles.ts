/**
 * xterm.js's DOM renderer styles itself in two ways the renderer's CSP
 * (src/main/app/csp.ts: style-src 'self', no inline style) refuses:
 * - <style> elements it creates for its sizes and palette: their text is
 *   mirrored into a constructed stylesheet (document.adoptedStyleSheets),
 *   which CSP does not govern because only the page's own script can build one;
 * - `style` attributes on the cells of a row (selection, search-match
 *   background, 24-bit colours), written with setAttribute: they are
 *   re-applied through the CSSOM (element.style.cssText), which CSP allows.
 * Both only touch elements under the terminal's own root, whose text xterm
 * writes as text nodes, so no markup from a log can get here.
 */

function applyBlockedStyle(el: Element): void {
  if (!(el instanceof HTMLElement)) return;
  const attr = el.getAttribute('style');
  // A refused attribute leaves the declaration block empty; once applied through the CSSOM it is not.
  if (attr && el.style.length === 0) el.style.cssText = attr;
}

/** mirrorTerminalStyles makes xterm's run-time styles under `root` take effect despite the CSP; call the result to stop. */
export function mirrorTerminalStyles(root: HTMLElement): () => void {
  const sheet = new CSSStyleSheet();
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  let last = '';
  const syncSheet = () => {
    const text = Array.from(root.querySelectorAll('style'), (s) => s.textContent ?? '').join('\n');
    if (text !== last) {
      last = text;
      sheet.replaceSync(text);
    }
  };
  syncSheet();
  const observer = new MutationObserver((records) => {
    let styles = false;
    for (const r of records) {
      if (r.type === 'attributes') {
        applyBlockedStyle(r.target as Element);
        continue;
      }
      const target = r.target.nodeType === Node.TEXT_NODE ? r.target.parentNode : r.target;
      if (target instanceof HTMLStyleElement) styles = true;
      for (const n of r.addedNodes) {
        if (!(n instanceof HTMLElement)) continue;
        if (n instanceof HTMLStyleElement) styles = true;
        applyBlockedStyle(n);
        if (n.firstElementChild) for (const child of n.querySelectorAll('[style]')) applyBlockedStyle(child);
      }
    }
    if (styles) syncSheet();
  });
  observer.observe(root, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['style'] });
  return () => {
    observer.disconnect();
    document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== sheet);
  };
}
