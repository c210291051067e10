/**
 * Node registration and status: the Node object a kubelet registers (labels,
 * configured taints) and keeps current (conditions, capacity, addresses) —
 * written at once when readiness changes, else at most every 40 s — and the
 * node's Lease renewed every heartbeat. The content is computed by the pure
 * helpers of node-status.ts; this file writes it.
 */
import type { Node, Taint } from '../../shared/api/core';
import { GVR } from '../../shared/api/resources';
import { isAlreadyExists, isConflict } from '../../shared/errors';
import type { ApiClient } from '../client/types';
import { renewNodeLease } from './node-lease';
import { buildNode, nodeStatus, type NodeSpecInput } from './node-status';

/** How often the Node's status is rewritten when nothing changed (Kubernetes' nodeStatusReportFrequency is 5 min; leases carry liveness). */
const STATUS_REPORT_MS = 40_000;

function nowSeconds(): string {
  return new Date().toISOString().replace(/\.\d+Z$/, 'Z');
}

/** NodeReporter registers one node and writes its status and Lease. */
export class NodeReporter {
  private lastWrite = 0;
  private lastReady?: boolean;
  private lastReason?: string;

  constructor(
    private readonly client: ApiClient,
    private readonly input: () => NodeSpecInput,
    private readonly configuredTaints: Taint[] = [],
  ) {}

  /** register creates the Node, or refreshes the labels and configured taints of an existing one, then its status. */
  async register(): Promise<void> {
    const input = this.input();
    const now = nowSeconds();
    try {
      await this.client.create<Node>(GVR.nodes, undefined, buildNode(input, now));
      this.noteWritten(input);
      return;
    } catch (err) {
      if (!isAlreadyExists(err)) throw err;
    }
    for (let i = 0; i < 5; i++) {
      const cur = await this.client.get<Node>(GVR.nodes, undefined, input.name);
      const next: Node = { ...cur, metadata: { ...cur.metadata, labels: { ...cur.metadata.labels, ...buildNode(input, now).metadata.labels } } };
      // Add configured taints that are missing; never drop others (the node lifecycle controller owns those).
      if (this.configuredTaints.length) {
        const have = cur.spec?.taints ?? [];
        const missing = this.configuredTaints.filter((t) => !have.some((h) => h.key === t.key && h.effect === t.effect));
        if (missing.length) next.spec = { ...cur.spec, taints: [...have, ...missing] };
      }
      try {
        await this.client.update<Node>(GVR.nodes, undefined, next);
        break;
      } catch (e) {
        if (!isConflict(e)) throw e;
      }
    }
    await this.writeStatus(true);
  }

  private noteWritten(input: NodeSpecInput): void {
    this.lastWrite = Date.now();
    this.lastReady = input.health.ready;
    this.lastReason = input.health.message;
  }

  /** writeStatus writes the Node's status when forced, when readiness or its reason changed, or when the last write is old. */
  async writeStatus(force: boolean): Promise<void> {
    const input = this.input();
    const changed = this.lastReady !== input.health.ready || this.lastReason !== input.health.message;
    if (!force && !changed && Date.now() - this.lastWrite < STATUS_REPORT_MS) return;
    const now = nowSeconds();
    for (let i = 0; i < 5; i++) {
      const cur = await this.client.get<Node>(GVR.nodes, undefined, input.name);
      cur.status = nodeStatus(cur.status, input, now);
      try {
        await this.client.updateStatus<Node>(GVR.nodes, undefined, cur);
        this.noteWritten(input);
        return;
      } catch (err) {
        if (!isConflict(err)) throw err;
      }
    }
  }

  /** renewLease renews the node's Lease (created if missing). */
  renewLease(): Promise<void> {
    return renewNodeLease(this.client, this.input().name, Date.now());
  }
}
