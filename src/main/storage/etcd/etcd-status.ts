/**
 * The etcd cluster's health as the app shows it (and `etcdctl endpoint
 * status` prints it): the members from the member list, each asked for its
 * status on its own connection (a dead member must show as unhealthy, not be
 * hidden behind a live one), the leader, the database size.
 */
import { noop } from 'cockatiel';
import { Etcd3, type IMember, type IStatusResponse } from 'etcd3';
import type { EtcdMemberHealth } from '../../../shared/api/store-health';
import type { EtcdStoreOptions } from './etcd-store';

/** How long one member may take to answer its status call. */
const STATUS_TIMEOUT_MS = 1_500;

/** EtcdClusterStatus is what the probe found. */
export interface EtcdClusterStatus {
  members: EtcdMemberHealth[];
  leader: string;
  dbSizeBytes?: number;
}

/** hexId prints an etcd member id as etcdctl does. */
export function hexId(id: string): string {
  try {
    return BigInt(id).toString(16);
  } catch {
    return id;
  }
}

/** EtcdStatusProbe keeps one connection per member and asks each for its status. */
export class EtcdStatusProbe {
  private readonly clients = new Map<string, Etcd3>();
  private readonly cluster: Etcd3;

  constructor(private readonly opts: Pick<EtcdStoreOptions, 'endpoints' | 'tls'>) {
    this.cluster = this.connect(opts.endpoints);
  }

  private connect(hosts: string[]): Etcd3 {
    const tls = this.opts.tls;
    return new Etcd3({
      hosts,
      dialTimeout: STATUS_TIMEOUT_MS,
      ...(tls?.ca ? { credentials: { rootCertificate: tls.ca, ...(tls.key ? { privateKey: tls.key } : {}), ...(tls.cert ? { certChain: tls.cert } : {}) } } : {}),
      defaultCallOptions: () => ({ deadline: Date.now() + STATUS_TIMEOUT_MS }),
      // One try per call: a probe reports, it does not wait for a member to come back.
      faultHandling: { global: noop, host: () => noop },
    });
  }

  private member(url: string): Etcd3 {
    let c = this.clients.get(url);
    if (!c) {
      c = this.connect([url]);
      this.clients.set(url, c);
    }
    return c;
  }

  /** status lists the members (the configured endpoints when no member answers the list) and asks each. */
  async status(): Promise<EtcdClusterStatus> {
    let listed: Pick<IMember, 'ID' | 'name' | 'clientURLs'>[];
    try {
      listed = (await this.cluster.cluster.memberList({})).members;
    } catch {
      listed = this.opts.endpoints.map((url) => ({ ID: '', name: '', clientURLs: [url] }));
    }
    const answers = await Promise.all(
      listed.map(async (m): Promise<{ m: (typeof listed)[number]; res?: IStatusResponse; error?: string }> => {
        const url = m.clientURLs[0] ?? '';
        if (!url) return { m, error: 'the member has no client URL (not started yet)' };
        try {
          return { m, res: await this.member(url).maintenance.status() };
        } catch (err) {
          return { m, error: err instanceof Error ? err.message : String(err) };
        }
      }),
    );
    const leaderId = answers.find((a) => a.res && a.res.leader !== '0')?.res?.leader ?? '';
    const members = answers.map(({ m, res, error }): EtcdMemberHealth => {
      const id = m.ID || res?.header.member_id || '';
      return {
        id: hexId(id),
        name: m.name,
        url: m.clientURLs[0] ?? '',
        healthy: !!res && res.leader !== '0',
        isLeader: !!leaderId && id === leaderId,
        ...(res ? { version: res.version, dbSizeBytes: Number(res.dbSize), revision: Number(res.header.revision) } : {}),
        ...(error ? { error } : res?.leader === '0' ? { error: 'no leader' } : {}),
      };
    });
    members.sort((a, b) => a.name.localeCompare(b.name) || a.url.localeCompare(b.url));
    const leader = members.find((m) => m.isLeader);
    const sizes = members.flatMap((m) => (m.dbSizeBytes === undefined ? [] : [m.dbSizeBytes]));
    const dbSizeBytes = leader?.dbSizeBytes ?? (sizes.length ? Math.max(...sizes) : undefined);
    return { members, leader: leader?.name ?? '', ...(dbSizeBytes !== undefined ? { dbSizeBytes } : {}) };
  }

  /** close ends every connection. */
  close(): void {
    this.cluster.close();
    for (const c of this.clients.values()) c.close();
    this.clients.clear();
  }
}
