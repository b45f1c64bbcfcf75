/**
 * A projector checkpoint: the (transaction id, outbox id) of the last applied row.
 * Outbox rows are consumed in (txId, id) order, see projector.ts.
 */
export interface Checkpoint {
  txId: string;
  id: string;
}

export const ZERO_CHECKPOINT: Checkpoint = { txId: '0', id: '0' };

export function formatCheckpoint(c: Checkpoint): string {
  return `${c.txId}:${c.id}`;
}

export function parseCheckpoint(raw: string | null | undefined): Checkpoint {
  if (!raw) return ZERO_CHECKPOINT;
  const [txId, id] = raw.split(':');
  if (!txId || !id || !/^\d+$/.test(txId) || !/^\d+$/.test(id)) {
    throw new Error(`Malformed projector checkpoint "${raw}"`);
  }
  return { txId, id };
}

function cmp(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function compareCheckpoints(a: Checkpoint, b: Checkpoint): number {
  return cmp(a.txId, b.txId) || cmp(a.id, b.id);
}
