/**
 * The renderer's Content-Security-Policy, in one place: the UI server sends it
 * as a header, Electron adds it to every response of the window's session, and
 * src/renderer/index.html carries the same policy in a meta tag (minus the
 * directives a meta tag cannot express). Pure: no electron import, so tests
 * and the headless server can use it.
 *
 * Everything the page loads comes from its own origin; the API is reached
 * through the same origin (the UI server forwards it), so connect-src 'self'
 * covers fetch streaming and WebSockets alike. No inline script or style:
 * React sets style properties through the CSSOM, which CSP does not restrict.
 */
export const RENDERER_CSP_DIRECTIVES: Readonly<Record<string, string>> = {
  'default-src': "'none'",
  'script-src': "'self'",
  'style-src': "'self'",
  'img-src': "'self' data:",
  'font-src': "'self'",
  'connect-src': "'self'",
  'manifest-src': "'self'",
  'object-src': "'none'",
  'base-uri': "'none'",
  'form-action': "'none'",
  'frame-ancestors': "'none'",
};

/** META_UNSUPPORTED lists directives browsers ignore in a <meta> policy. */
export const META_UNSUPPORTED = ['frame-ancestors', 'report-uri', 'sandbox'];

function render(directives: Readonly<Record<string, string>>, skip: string[] = []): string {
  return Object.entries(directives)
    .filter(([name]) => !skip.includes(name))
    .map(([name, value]) => `${name} ${value}`)
    .join('; ');
}

/** RENDERER_CSP is the policy sent as a response header. */
export const RENDERER_CSP = render(RENDERER_CSP_DIRECTIVES);

/** RENDERER_META_CSP is the same policy as index.html's meta tag states it. */
export const RENDERER_META_CSP = render(RENDERER_CSP_DIRECTIVES, META_UNSUPPORTED);
