import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { PgBoss } from 'pg-boss';
import { Player, PlayerSyncRequest } from '../../domain/integrations/player.entity.js';
import { Library } from '../../domain/library/library.entity.js';
import { appendToOutbox } from '../../domain/outbox/outbox.js';
import type { Config } from '../../infra/config.js';
import { mapPath, playerClient, PlayerError, type RefreshTarget } from '../../integrations/players/player-client.js';
import { SecretBox } from '../../integrations/secret-box.js';
import { resolveAuthSecret } from '../../infra/service-token.js';
import type { JobContext, JobHandler } from '../job-context.js';
import { JobName, type JobPayloads } from '../job-names.js';
import { nextQueue } from '../pipeline.js';

type SyncPayload = JobPayloads[JobName.SyncPlayers];

/** Requests this old are taken as orphaned (their job gave up): a new request schedules a fresh job. */
const STALE_REQUEST_MS = 10 * 60_000;

/**
 * The directory a changed path asks to refresh: the path itself when it is a folder, else its
 * folder (players scan folders). Paths are relative to the library root; '' is the root.
 */
export function directoryOf(relPath: string): string {
  const clean = relPath.replace(/^\/+|\/+$/g, '');
  if (clean === '') return '';
  return /\.[A-Za-z0-9]{2,4}$/.test(path.posix.basename(clean)) ? path.posix.dirname(clean).replace(/^\.$/, '') : clean;
}

/** Fewest directories that cover the changes: a directory inside another requested one is dropped. */
export function coalesceDirectories(dirs: Iterable<string>): string[] {
  const sorted = [...new Set(dirs)].sort();
  const out: string[] = [];
  for (const d of sorted) {
    const parent = out.find((p) => p === '' || d === p || d.startsWith(p + '/'));
    if (parent === undefined) out.push(d);
  }
  return out;
}

/** Players that refresh for a library: enabled, and listing it (or listing none). */
async function playersFor(em: EntityManager, libraryId: string): Promise<Player[]> {
  return (await em.find(Player, { enabled: true })).filter((p) => p.libraryIds.length === 0 || p.libraryIds.includes(libraryId));
}

/**
 * Records directories to refresh on every player of the library and schedules each player's sync
 * job after the debounce window, unless one is already waiting to drain its requests: changes
 * inside the window become one refresh per player and directory.
 */
export async function requestPlayerSync(
  services: { orm: import('@mikro-orm/postgresql').MikroORM; boss: PgBoss; config: Config },
  libraryId: string,
  relPaths: readonly string[],
  removed: boolean,
): Promise<number> {
  const em = services.orm.em.fork();
  const library = await em.findOne(Library, { id: libraryId });
  if (!library) return 0;
  const dirs = coalesceDirectories(relPaths.map(directoryOf)).map((d) => (d ? path.join(library.rootPath, d) : library.rootPath));
  let scheduled = 0;
  for (const player of await playersFor(em, libraryId)) {
    const pending = await em.execute<Array<{ oldest: Date | null }>>('select min(requested_at) as oldest from player_sync_request where player_id = ?', [player.id]);
    const oldest = pending[0]?.oldest ? new Date(pending[0].oldest).getTime() : null;
    for (const directory of dirs) {
      await em.execute(
        `insert into player_sync_request (player_id, directory, library_id, removed, requested_at) values (?, ?, ?, ?, now())
         on conflict (player_id, directory) do update set removed = player_sync_request.removed or excluded.removed, requested_at = now()`,
        [player.id, directory, libraryId, removed],
      );
    }
    if (oldest !== null && Date.now() - oldest < STALE_REQUEST_MS) continue;
    await services.boss.send(JobName.SyncPlayers, { libraryId, paths: [], playerId: player.id } satisfies SyncPayload, {
      retryLimit: services.config.integrationRetryLimit,
      retryDelay: services.config.integrationRetrySeconds,
      retryBackoff: true,
    });
    scheduled += 1;
  }
  return scheduled;
}

/**
 * Queues the player refresh straight after a scan when the phases between (enrich, publish) will
 * not run for this library (disabled, or without a worker) or have nothing to carry it: no title
 * was handed to them, or files went missing (the player cleans those now; no NFO is awaited).
 * Otherwise the publish phase asks for it, with the scan's changes handed down the chain.
 */
export async function syncAfterScan(ctx: JobContext, library: Library, relPaths: readonly string[], removed: boolean, handedOver: number): Promise<number> {
  if (relPaths.length === 0 || !library.phases.includes('sync-players') || !ctx.queues?.has(JobName.SyncPlayers)) return 0;
  if (handedOver > 0 && !removed) {
    for (let q: JobName | null = JobName.ScanLibrary; q; q = nextQueue(q, library.phases, ctx.queues)) {
      if (q === JobName.PublishAssets) return 0;
    }
  }
  return requestPlayerSync(ctx.services, library.id, relPaths, removed);
}

async function recordStatus(em: EntityManager, player: Player, status: string): Promise<void> {
  const wasOk = player.lastStatus === 'OK';
  const nowOk = status === 'OK';
  player.lastStatus = status;
  player.lastStatusAt = new Date();
  await em.flush();
  const events: Parameters<typeof appendToOutbox>[1][number][] = [{ aggregateType: 'player', aggregateId: player.id, aggregateVersion: player.version, type: 'PlayerChanged', payload: player.toState() }];
  if (wasOk !== nowOk) {
    events.push({
      aggregateType: 'lifecycle',
      aggregateId: player.id,
      aggregateVersion: player.version,
      type: 'LifecycleRaised',
      payload: { type: 'health.changed', data: { source: 'player', playerId: player.id, name: player.name, kind: player.kind, healthy: nowOk, message: status } },
    });
  }
  await appendToOutbox(em, events);
}

/**
 * The sync-players phase. A job from the pipeline (`paths`, no `playerId`) records the request for
 * every player; a player's own job drains what waits for it and refreshes each directory once.
 * A failure leaves the requests in place and fails the job, which pg-boss retries with backoff;
 * other players and other phases never wait for it.
 */
export const syncPlayers: JobHandler<SyncPayload> = async (data, ctx) => {
  if (!data.playerId) {
    const players = await requestPlayerSync(ctx.services, data.libraryId, data.paths, data.removed === true);
    return { requested: data.paths.length, players };
  }
  const em = ctx.services.orm.em.fork();
  const player = await em.findOne(Player, { id: data.playerId });
  if (!player) return { skipped: 'player removed' };
  let requests = await em.find(PlayerSyncRequest, { playerId: player.id }, { orderBy: { directory: 'asc' } });
  if (requests.length === 0) return { refreshed: 0 };
  // The debounce window runs from the first request; what arrives meanwhile joins this refresh.
  // (Waiting here rather than with pg-boss's startAfter: workers wake on NOTIFY, not for deferred jobs.)
  const oldest = Math.min(...requests.map((r) => r.requestedAt.getTime()));
  const wait = oldest + ctx.services.config.playerDebounceSeconds * 1000 - Date.now();
  if (wait > 0) {
    await ctx.progress({ done: 0, total: requests.length, message: `Waiting ${Math.ceil(wait / 1000)} s for more changes` }, true);
    await sleep(wait, undefined, { signal: ctx.signal });
    em.clear();
    requests = await em.find(PlayerSyncRequest, { playerId: player.id }, { orderBy: { directory: 'asc' } });
  }
  // Postgres keeps microseconds, JS dates milliseconds: the next millisecond bounds what was seen.
  const seenAt = new Date(Math.max(...requests.map((r) => r.requestedAt.getTime())) + 1);
  await ctx.progress({ done: 0, total: requests.length, message: `Refreshing ${player.name}` }, true);
  const libraries = new Map<string, Library | null>();
  const targets: RefreshTarget[] = [];
  for (const r of requests) {
    if (!libraries.has(r.libraryId)) libraries.set(r.libraryId, await em.findOne(Library, { id: r.libraryId }));
    const mappings = [...player.pathMappings, ...(libraries.get(r.libraryId)?.pathMappings ?? [])];
    targets.push({ directory: mapPath(r.directory, player.pathMappings.length ? player.pathMappings : mappings), removed: r.removed });
  }
  const credential = player.credentials ? new SecretBox(await resolveAuthSecret(ctx.services.config)).open(player.credentials) : null;
  const client = playerClient({ kind: player.kind, url: player.url, username: player.username, credential }, ctx.services.config.outgoing);
  try {
    await client.refresh(targets, ctx.signal);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    await recordStatus(em, player, message);
    if (err instanceof PlayerError && err.permanent) {
      // Retrying will not help (credentials, mappings): the requests wait for the next change.
      ctx.logger.warn({ player: player.id, reason: message }, 'player refresh refused');
      return { refreshed: 0, error: message };
    }
    throw err;
  }
  // Only what was drained: a directory requested again meanwhile stays for the next job.
  for (const r of requests) await em.execute('delete from player_sync_request where player_id = ? and directory = ? and requested_at < ?', [player.id, r.directory, seenAt]);
  await recordStatus(em, player, 'OK');
  await ctx.progress({ done: requests.length, total: requests.length, message: `Refreshed ${targets.length} director${targets.length === 1 ? 'y' : 'ies'} on ${player.name}` }, true);
  return { refreshed: targets.length, player: player.id, directories: targets.map((t) => t.directory) };
};
