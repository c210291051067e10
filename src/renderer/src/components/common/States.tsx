/** Loading, error and empty states shared by the screens. */
import type { ReactNode } from 'react';

export function Loading({ what }: { what: string }) {
  return <p className="state muted">Loading {what}…</p>;
}

export function ErrorBox({ error }: { error: Error }) {
  return (
    <p className="state error-text" role="alert">
      {error.message}
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="state muted">{children}</p>;
}

/** ListState renders loading/error/empty or the children. */
export function ListState({ what, isLoading, error, count, children }: { what: string; isLoading: boolean; error: Error | null; count: number; children: ReactNode }) {
  if (isLoading) return <Loading what={what} />;
  if (error && count === 0) return <ErrorBox error={error} />;
  if (count === 0) return <Empty>No {what}.</Empty>;
  return <>{children}</>;
}
