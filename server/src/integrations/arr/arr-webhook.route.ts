import path from 'node:path';
import express, { Router, type ErrorRequestHandler } from 'express';
import type { MikroORM } from '@mikro-orm/postgresql';
import { allows, LIBRARY_WRITE } from '../../auth/policy.js';
import { AuthError } from '../../auth/auth.errors.js';
import type { Authenticator } from '../../auth/authenticate.js';
import type { CatalogCommands } from '../../commands/catalog.commands.js';
import type { EnrichCommands } from '../../commands/enrich.commands.js';
import type { LibraryCommands } from '../../commands/library.commands.js';
import type { RecycleBinCommands } from '../../commands/recycle-bin.commands.js';
import { CatalogError } from '../../domain/catalog/catalog.errors.js';
import { Library } from '../../domain/library/library.entity.js';
import { LibraryError } from '../../domain/library/library.errors.js';
import { appendToOutbox } from '../../domain/outbox/outbox.js';
import { upgradeHintKey } from '../../events/lifecycle.js';
import type { Logger } from '../../infra/logger.js';
import { unmapPath } from '../players/player-client.js';
import { ARR_APPS, arrAction, ArrPayloadError, type ArrApp, type ArrTitle } from './arr-webhook.js';

export interface ArrWebhookDeps {
  orm: MikroORM;
  authenticator: Authenticator;
  library: LibraryCommands;
  catalog: CatalogCommands;
  /** Deletes go through the bin (restorable); a re-added title comes back from it. */
  recycleBin: RecycleBinCommands;
  enrich: EnrichCommands;
  logger: Logger;
}

/** An *arr path as Marquee sees it: through the first library whose mappings cover it, else unchanged. */
function toLocal(foreign: string, libraries: readonly Library[]): string {
  for (const lib of libraries) {
    const local = unmapPath(foreign, lib.pathMappings);
    if (local) return local;
  }
  return foreign;
}

function libraryOf(abs: string, libraries: readonly Library[]): Library | null {
  return libraries.filter((l) => abs === l.rootPath || abs.startsWith(l.rootPath + path.sep)).sort((a, b) => b.rootPath.length - a.rootPath.length)[0] ?? null;
}

const reply = (res: express.Response, status: number, body: Record<string, unknown>) => res.status(status).type('application/json').send(JSON.stringify(body));

/**
 * `POST /webhooks/{radarr|sonarr|lidarr}`: authenticated by an API key with the library:write scope
 * (`X-Api-Key` header, `?apikey=`, `Authorization: Bearer`, or HTTP Basic with the key as password —
 * the *arr apps offer each of these). Every request is answered: 200 for what was done or
 * deliberately ignored, 4xx with a reason for what was not understood, never a crash.
 */
export function arrWebhookRoutes(deps: ArrWebhookDeps): Router {
  const router = Router();
  const json = express.json({ limit: '2mb', type: () => true });
  router.post('/webhooks/:app', async (req, res, next) => {
    const app = req.params.app?.toLowerCase() as ArrApp;
    const log = (req.log ?? deps.logger).child({ webhook: app });
    if (!ARR_APPS.includes(app)) return reply(res, 404, { error: `Unknown webhook source "${String(req.params.app).slice(0, 40)}" (radarr, sonarr or lidarr)` });
    try {
      const headers = { ...req.headers };
      const query = typeof req.query.apikey === 'string' ? req.query.apikey : undefined;
      const basic = /^Basic\s+(\S+)$/i.exec(typeof headers.authorization === 'string' ? headers.authorization : '');
      if (basic) {
        delete headers.authorization;
        headers['x-api-key'] = Buffer.from(basic[1]!, 'base64').toString('utf8').split(':').slice(1).join(':');
      } else if (query !== undefined && headers['x-api-key'] === undefined && headers.authorization === undefined) headers['x-api-key'] = query;
      const { principal } = await deps.authenticator.authenticate(headers, req.socket.remoteAddress ?? '');
      if (principal.kind === 'anonymous') return reply(res, 401, { error: 'Send an API key (X-Api-Key header or ?apikey=)' });
      if (!allows(principal, LIBRARY_WRITE)) return reply(res, 403, { error: 'The API key needs the library:write scope' });
    } catch (err) {
      if (err instanceof AuthError) return reply(res, 401, { error: err.message });
      return next(err);
    }
    json(req, res, async (parseError?: unknown) => {
      if (parseError) {
        log.warn({ reason: 'not JSON' }, 'webhook refused');
        return reply(res, 400, { error: 'The body is not valid JSON' });
      }
      try {
        reply(res, 200, await handle(deps, app, req.body, log));
      } catch (err) {
        if (err instanceof ArrPayloadError) {
          log.warn({ reason: err.message, eventType: typeof req.body?.eventType === 'string' ? req.body.eventType.slice(0, 60) : null }, 'webhook refused');
          return reply(res, err.status, { error: err.message });
        }
        next(err);
      }
    });
  });
  const errors: ErrorRequestHandler = (err, req, res, _next) => {
    (req.log ?? deps.logger).error({ err }, 'webhook failed');
    if (!res.headersSent) reply(res, 500, { error: 'The webhook could not be processed' });
  };
  router.use('/webhooks', errors);
  return router;
}

async function handle(deps: ArrWebhookDeps, app: ArrApp, body: unknown, log: Logger): Promise<Record<string, unknown>> {
  const action = arrAction(app, body);
  const eventType = (body as { eventType: string }).eventType;
  const instance = typeof (body as { instanceName?: unknown }).instanceName === 'string' ? (body as { instanceName: string }).instanceName : app;
  switch (action.kind) {
    case 'test':
      log.info({ instance }, 'webhook test received');
      return { ok: true, event: eventType, message: 'Marquee received the test' };
    case 'ignore':
      log.info({ eventType }, 'webhook ignored');
      return { ok: true, event: eventType, ignored: action.reason };
    case 'health': {
      const em = deps.orm.em.fork();
      await em.transactional(async (tx) => {
        await appendToOutbox(tx, [
          {
            aggregateType: 'lifecycle',
            aggregateId: `${app}:${instance}`,
            aggregateVersion: 1,
            type: 'LifecycleRaised',
            payload: { type: 'health.changed', data: { source: app, instance, healthy: action.healthy, level: action.level, message: action.message, check: action.check } },
          },
        ]);
      });
      return { ok: true, event: eventType, health: action.healthy ? 'restored' : action.level };
    }
    case 'ensure-title':
      return { ok: true, event: eventType, ...(await ensureTitle(deps, app as 'radarr' | 'sonarr', action.title, action.directory, log)) };
    case 'scan':
    case 'delete-title': {
      const em = deps.orm.em.fork();
      const libraries = await em.find(Library, {});
      const dirs = action.kind === 'scan' ? action.directories : [action.directory];
      const scans: Array<{ path: string; jobId?: string; error?: string }> = [];
      if (action.kind === 'scan') {
        for (const file of action.upgradedFiles) {
          const local = toLocal(file, libraries);
          const lib = libraryOf(local, libraries);
          if (!lib) continue;
          const rel = path.relative(lib.rootPath, local).split(path.sep).join('/');
          await em.execute(`insert into event_stream_state (key, value, updated_at) values (?, 'upgrade', now()) on conflict (key) do update set value = 'upgrade', updated_at = now()`, [upgradeHintKey(lib.id, rel)]);
        }
      }
      for (const dir of dirs) {
        const local = toLocal(dir, libraries);
        try {
          scans.push({ path: local, jobId: (await deps.library.scanPath(local)).id });
        } catch (err) {
          if (!(err instanceof LibraryError)) throw err;
          scans.push({ path: local, error: err.message });
        }
      }
      const recycled: string[] = [];
      if (action.kind === 'delete-title' && action.filesDeleted) {
        const local = toLocal(action.directory, libraries);
        const lib = libraryOf(local, libraries);
        if (lib) {
          const rel = path.relative(lib.rootPath, local).split(path.sep).join('/');
          const rows = await em.execute<Array<{ title_id: string }>>(
            `select distinct title_id from media_file where library_id = ? and title_id is not null and (rel_path = ? or starts_with(rel_path, ?))`,
            [lib.id, rel, `${rel}/`],
          );
          for (const r of rows) recycled.push((await deps.recycleBin.deleteTitle(r.title_id)).id);
        }
      }
      if (scans.every((s) => s.error)) throw new ArrPayloadError(`No library holds ${scans.map((s) => s.path).join(', ')}; check the library path mappings`, 422);
      log.info({ eventType, scans: scans.length, recycled: recycled.length }, 'webhook handled');
      return { ok: true, event: eventType, scans, ...(recycled.length ? { recycledTitles: recycled } : {}) };
    }
  }
}

const COMPATIBLE: Record<ArrTitle['kind'], Array<'MOVIE' | 'ANIME_MOVIE' | 'SERIES' | 'ANIME_SERIES'>> = {
  MOVIE: ['MOVIE', 'ANIME_MOVIE'],
  SERIES: ['SERIES', 'ANIME_SERIES'],
  ANIME_SERIES: ['ANIME_SERIES', 'SERIES'],
};

/**
 * MovieAdded / SeriesAdd: the app now manages this title, so the catalog has it (found by id,
 * brought back from the recycle bin, or created). A new title is enriched when the library holding
 * its folder has that phase on, like a title a scan found.
 */
async function ensureTitle(deps: ArrWebhookDeps, app: 'radarr' | 'sonarr', wanted: ArrTitle, directory: string | null, log: Logger): Promise<Record<string, unknown>> {
  let found;
  try {
    found = await deps.catalog.ensureTitle({ ...wanted, compatibleKinds: COMPATIBLE[wanted.kind], origin: app });
  } catch (err) {
    if (err instanceof CatalogError) throw new ArrPayloadError(`${app === 'radarr' ? 'movie' : 'series'}${err.field ? `.${err.field}` : ''}: ${err.message}`, 422);
    throw err;
  }
  let { title } = found;
  let outcome: string = found.outcome;
  if (found.outcome === 'RECYCLED') {
    try {
      title = await deps.recycleBin.restoreTitle(title.id);
    } catch (err) {
      // Its files cannot go back (another file stands in the way): the title comes back without them.
      if (!(err instanceof LibraryError)) throw err;
      title = await deps.catalog.restoreTitle(title.id);
    }
    outcome = 'RESTORED';
  }
  let enrich: { jobId: string } | { skipped: string } | null = null;
  if (outcome === 'CREATED') {
    const libraries = await deps.orm.em.fork().find(Library, {});
    const lib = directory ? libraryOf(toLocal(directory, libraries), libraries) : null;
    if (!lib) enrich = { skipped: 'no library holds its folder' };
    else if (!lib.phases.includes('enrich')) enrich = { skipped: `enrichment is off for the library ${lib.name}` };
    else {
      try {
        enrich = { jobId: (await deps.enrich.requestEnrich(title.id, false)).id };
      } catch (err) {
        if (!(err instanceof CatalogError)) throw err;
        enrich = { skipped: err.message };
      }
    }
  }
  log.info({ titleId: title.id, outcome }, 'webhook title ensured');
  return { title: { id: title.id, name: title.name, outcome }, ...(enrich ? { enrich } : {}) };
}
