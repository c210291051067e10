/** What an unknown route shows: it says so, instead of landing on Overview silently. */
export function NotFound({ path }: { path: string }) {
  return (
    <div className="screen" data-testid="screen-not-found">
      <h1>Page not found</h1>
      <p>
        There is no page at <code className="mono">{path}</code>. <a href="#/overview">Go to Overview</a>
      </p>
    </div>
  );
}
