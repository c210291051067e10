/**
 * The store's card on the Overview: which backend holds the cluster's state
 * and how it is doing (SQLite's file and size; etcd's members, leader and
 * database size; the revision and the last compaction). Kubedeck's own
 * cluster only: other clusters do not serve /kubedeck/v1/store.
 */
import type { StoreHealth } from '../../../../shared/api/store-health';
import { formatBytes } from '../../lib/format';
import { isOwnCluster } from '../../lib/k8s/context';
import { storeSummary, useStoreHealth } from '../../lib/k8s/store-health';
import './store-card.css';

function Bytes({ value, testId }: { value: number | undefined; testId: string }) {
  if (value === undefined) return <span className="muted">unknown</span>;
  return (
    <span data-testid={testId} data-bytes={value} title={`${value} bytes`}>
      {formatBytes(value)}B
    </span>
  );
}

function Compaction({ h }: { h: StoreHealth }) {
  const c = h.lastCompaction;
  if (!c) return <span className="muted">unknown</span>;
  if (c.revision === 0) return <span data-testid="store-compacted" data-revision={0}>never</span>;
  return (
    <span data-testid="store-compacted" data-revision={c.revision}>
      at revision {c.revision}
      {c.time ? `, ${new Date(c.time).toLocaleTimeString()}` : ''}
    </span>
  );
}

function EtcdMembers({ etcd }: { etcd: NonNullable<StoreHealth['etcd']> }) {
  return (
    <table className="store-members" data-testid="store-members">
      <thead>
        <tr>
          <th>Member</th>
          <th>URL</th>
          <th>Health</th>
          <th>DB size</th>
          <th>Revision</th>
        </tr>
      </thead>
      <tbody>
        {etcd.members.map((m) => (
          <tr key={m.id || m.url} data-testid="store-member" data-name={m.name} data-id={m.id} data-healthy={m.healthy} data-leader={m.isLeader}>
            <td>
              {m.name || m.id || '—'}
              {m.isLeader ? <span className="badge tone-ok store-leader">leader</span> : null}
            </td>
            <td className="mono small">{m.url}</td>
            <td>
              <span className={`badge ${m.healthy ? 'tone-ok' : 'tone-error'}`} title={m.error}>
                {m.healthy ? 'healthy' : 'unhealthy'}
              </span>
            </td>
            <td>
              <Bytes value={m.dbSizeBytes} testId="store-member-db-size" />
            </td>
            <td>{m.revision ?? '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** StoreCard shows the store's health; nothing for clusters other than Kubedeck's own. */
export function StoreCard() {
  const own = isOwnCluster();
  const q = useStoreHealth(own);
  if (!own) return null;
  const h = q.data;
  const summary = h ? storeSummary(h) : undefined;
  return (
    <section className="card store-card" data-testid="store-card" data-backend={h?.backend} aria-label="Store">
      <header className="card-header">
        <h2>Store: {h ? (h.backend === 'sqlite' ? 'SQLite' : 'etcd') : '…'}</h2>
        {summary ? (
          <span className={`badge tone-${summary.tone}`} data-testid="store-status">
            {summary.text}
          </span>
        ) : null}
      </header>
      {q.error && !h ? <p className="muted small">Store health unavailable: {(q.error as Error).message}</p> : null}
      {h ? (
        <dl className="store-facts">
          {h.sqlite ? (
            <>
              <dt>File</dt>
              <dd className="mono small" data-testid="store-file">
                {h.sqlite.file}
              </dd>
              <dt>Size</dt>
              <dd>
                <Bytes value={h.sqlite.sizeBytes} testId="store-size" /> <span className="muted small">(+ <Bytes value={h.sqlite.walBytes} testId="store-wal-size" /> write-ahead log)</span>
              </dd>
            </>
          ) : null}
          {h.etcd ? (
            <>
              <dt>Prefix</dt>
              <dd className="mono small" data-testid="store-prefix">
                {h.etcd.prefix}
              </dd>
              <dt>Leader</dt>
              <dd data-testid="store-leader">{h.etcd.leader || 'none'}</dd>
              <dt>DB size</dt>
              <dd>
                <Bytes value={h.etcd.dbSizeBytes} testId="store-size" />
              </dd>
            </>
          ) : null}
          <dt>Revision</dt>
          <dd data-testid="store-revision" data-revision={h.revision}>
            {h.revision ?? 'unknown'}
          </dd>
          <dt>Last compaction</dt>
          <dd>
            <Compaction h={h} />
          </dd>
          {h.error ? (
            <>
              <dt>Error</dt>
              <dd className="small">{h.error}</dd>
            </>
          ) : null}
        </dl>
      ) : null}
      {h?.etcd ? <EtcdMembers etcd={h.etcd} /> : null}
    </section>
  );
}
