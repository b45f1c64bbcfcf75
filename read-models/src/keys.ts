/**
 * The Redis key schema of the read models.
 *
 * Every read-model key lives in a namespace (`v1`, `r1700000000000`, …) so a rebuild can fill a
 * fresh namespace while queries are served from the active one. The namespace is wrapped in a
 * hash tag so the multi-key Lua scripts (document + version map + checkpoint) stay inside one
 * Redis Cluster slot.
 */
export interface KeySpace {
  /** Prefix shared by every key Marquee writes, e.g. `marquee:`. */
  readonly prefix: string;
}

export const keys = {
  /** String: name of the namespace queries read from. */
  activeNamespace: (k: KeySpace) => `${k.prefix}rm:active`,
  /** Pub/sub channel announcing a namespace switch. */
  namespaceChannel: (k: KeySpace) => `${k.prefix}rm:switch`,
  /** Pub/sub channel announcing projected changes ({ type, id, version }). */
  changesChannel: (k: KeySpace) => `${k.prefix}rm:changes`,
  /** Sorted set: live projector processes, scored by their last heartbeat (ms). */
  projectors: (k: KeySpace) => `${k.prefix}rm:projectors`,
  /** String: ready-to-send JSON document. */
  doc: (k: KeySpace, ns: string, model: string, id: string) => `${k.prefix}rm:{${ns}}:${model}:${id}`,
  /** Hash: `<model>:<id>` → last applied aggregate version (kept after deletes as a tombstone). */
  versions: (k: KeySpace, ns: string) => `${k.prefix}rm:{${ns}}:versions`,
  /** Sorted set listing of a model; score chosen by the projection. */
  listing: (k: KeySpace, ns: string, name: string) => `${k.prefix}rm:{${ns}}:list:${name}`,
  /** String: `<txId>:<outboxId>` of the last outbox row of a partition applied to the namespace. */
  checkpoint: (k: KeySpace, ns: string, partition: number) => `${k.prefix}rm:{${ns}}:checkpoint:${partition}`,
  /** Hash: outbox id → JSON of an event no projection could apply (see apply-batch.ts). */
  deadLetters: (k: KeySpace, ns: string) => `${k.prefix}rm:{${ns}}:dead`,
  /** String: how many partitions the namespace was projected with. */
  partitions: (k: KeySpace, ns: string) => `${k.prefix}rm:{${ns}}:partitions`,
  /** Pattern matching every key of a namespace (for dropping an old one). */
  namespacePattern: (k: KeySpace, ns: string) => `${k.prefix}rm:{${ns}}:*`,
} as const;

export const DEFAULT_NAMESPACE = 'v1';
