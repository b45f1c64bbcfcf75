import { createHash, randomUUID } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { ARTWORK_KINDS, type ArtworkKind, type TitleField, type TitleValueField } from '@marquee/read-models';
import type { PgBoss } from 'pg-boss';
import { CatalogError, CatalogErrorCode } from '../domain/catalog/catalog.errors.js';
import { Artwork } from '../domain/catalog/artwork.entity.js';
import { autoSelect, selectByUser } from '../domain/catalog/artwork-selection.js';
import { ExternalId } from '../domain/catalog/external-id.entity.js';
import { SourceRecord } from '../domain/catalog/source-record.entity.js';
import { applyTitleChanges, type TitleChanges } from '../domain/catalog/title-changes.js';
import { Title } from '../domain/catalog/title.entity.js';
import { appendToOutbox } from '../domain/outbox/outbox.js';
import { JobName } from '../jobs/job-names.js';
import { jobKeys } from '../jobs/job-keys.js';
import { sendKeyed } from '../jobs/send-keyed.js';
import type { JobRuns } from '../jobs/job-runs.js';
import { artworkScore } from '../jobs/enrich/artwork-score.js';
import type { MergePlan } from '../jobs/enrich/merge-providers.js';
import type { ProviderTitle } from '../integrations/providers/provider.types.js';
import { fieldSchemas, mergeSeasons, seasonEvent, TITLE_GRAPH, titleEvent, touch, upsertArtwork } from './catalog.commands.js';
import { UUID, writeTransaction } from './command-support.js';
import { applyProviderCredits } from './enrich-credits.js';
import { personEvent } from './person.commands.js';
import { artworkInputSchema, seasonsInputSchema } from './season.schemas.js';
import { UPLOAD_URL_PREFIX, uploadDir } from '../domain/asset/uploads.js';

export interface EnrichOutcome {
  changed: boolean;
  /** Field → provider that set it in this run. */
  fields: Partial<Record<TitleField, string>>;
  /** Fields a provider had a new value for but the user had locked. */
  protectedFields: TitleField[];
  /** Fields a provider had a new value for but the library's NFO had set (NFOs outrank providers). */
  heldByNfo: TitleField[];
  /** Values a provider sent that Marquee does not accept (kept out, reported). */
  rejected: string[];
  artworkCandidates: number;
  seasonsChanged: number;
  externalIdsAdded: number;
}

/** Images a user may upload, by their first bytes. */
const IMAGE_TYPES: Array<{ ext: string; test: (b: Buffer) => boolean }> = [
  { ext: 'jpg', test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { ext: 'png', test: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  { ext: 'webp', test: (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP' },
];
export { UPLOAD_URL_PREFIX, uploadDir, uploadedFile } from '../domain/asset/uploads.js';

/** Write side of enrichment: queue a refresh, apply what providers said, a user's own image. */
export class EnrichCommands {
  constructor(
    private readonly orm: MikroORM,
    private readonly boss: PgBoss | null,
    private readonly runs: JobRuns | null,
    private readonly dataDir: string,
  ) {}

  private async load(em: EntityManager, id: string): Promise<Title> {
    const title = UUID.test(id) ? await em.findOne(Title, { id }, { populate: TITLE_GRAPH }) : null;
    if (!title || title.deletedAt) throw new CatalogError(CatalogErrorCode.TitleNotFound, `Title ${id} was not found`, 'id');
    return title;
  }

  /**
   * Queues enrichment of one title; `refresh` skips cached provider answers. While one is queued
   * for the title, the request joins it (its id is returned, a refresh carried over); while one
   * runs, a new one is queued behind it, since the title may have changed after it started.
   */
  async requestEnrich(titleId: string, refresh: boolean): Promise<{ id: string; queue: JobName }> {
    await this.load(this.orm.em.fork(), titleId);
    const data = { titleId, libraryId: null, refresh };
    const sent = await sendKeyed(this.boss!, JobName.EnrichMetadata, data, { id: randomUUID(), singletonKey: jobKeys.enrich(titleId) });
    if (!sent) throw new CatalogError(CatalogErrorCode.VersionConflict, `title ${titleId} could not be queued for enrichment`, 'titleId');
    // Recorded after the send: a worker that starts it first records the run itself (JobRuns.update).
    if (!sent.merged) await this.runs!.update(sent.id, {}, { id: sent.id, queue: JobName.EnrichMetadata, titleId, data });
    return { id: sent.id, queue: JobName.EnrichMetadata };
  }

  /**
   * Applies providers' answers (already merged by priority) with the catalog's rules: locked
   * fields are never touched, every changed field records its provider, artwork candidates are
   * stored (not downloaded) and scored, the best per kind is used unless a user chose one, and
   * each provider's raw answer is kept as a source record. Nothing changed: nothing is written.
   */
  async applyEnrichment(titleId: string, plan: MergePlan, results: readonly ProviderTitle[], language: string): Promise<EnrichOutcome> {
    return writeTransaction(this.orm, 'The title', async (em) => {
      const title = await this.load(em, titleId);
      const outcome: EnrichOutcome = { changed: false, fields: {}, protectedFields: [], heldByNfo: [], rejected: [], artworkCandidates: plan.artwork.length, seasonsChanged: 0, externalIdsAdded: 0 };
      const changedSeasons = new Set<import('../domain/catalog/season.entity.js').Season>();
      for (const share of plan.shares) {
        const by = { source: 'provider' as const, origin: share.provider };
        const valid: TitleChanges = {};
        for (const [field, value] of Object.entries(share.fields) as Array<[TitleValueField, unknown]>) {
          if (field === 'kind') continue;
          const parsed = fieldSchemas[field].safeParse(value);
          if (parsed.success) (valid as Record<string, unknown>)[field] = parsed.data;
          else outcome.rejected.push(`${share.provider}.${field}`);
        }
        const applied = applyTitleChanges(title, valid, by);
        for (const f of applied.changed) outcome.fields[f] = share.provider;
        outcome.protectedFields.push(...applied.protectedByLock);
        outcome.heldByNfo.push(...applied.heldByNfo);
        if (share.seasons.length) {
          const seasons = seasonsInputSchema.safeParse(share.seasons);
          if (seasons.success) for (const s of mergeSeasons(em, title, seasons.data, by)) changedSeasons.add(s);
          else outcome.rejected.push(`${share.provider}.seasons`);
        }
      }
      outcome.seasonsChanged = changedSeasons.size;
      const newPeople = plan.credits ? await applyProviderCredits(em, title, plan.credits, outcome) : [];

      const have = new Set(title.externalIds.getItems().map((x) => x.provider));
      for (const x of plan.externalIds) {
        if (have.has(x.provider)) continue;
        const owner = await em.findOne(ExternalId, { provider: x.provider, value: x.value });
        if (owner) continue;
        title.externalIds.add(em.create(ExternalId, { title, provider: x.provider, value: x.value }));
        have.add(x.provider);
        outcome.externalIdsAdded += 1;
      }

      const candidates = plan.artwork.flatMap((a) => {
        const item = { kind: a.kind, seasonNumber: a.seasonNumber, url: a.url, width: a.width, height: a.height, language: a.language, provider: a.provider, score: artworkScore(a, language) };
        const ok = artworkInputSchema.safeParse([item]);
        if (!ok.success) outcome.rejected.push(`${a.provider}.artwork`);
        return ok.success ? [{ ...ok.data[0]!, votes: a.votes }] : [];
      });
      const artworkChanged = candidates.length ? upsertArtwork(em, title, candidates) : false;
      const selectionChanged = autoSelect(title.artwork.getItems());

      for (const r of results) {
        const hash = createHash('sha256').update(JSON.stringify(r.payload)).digest('hex');
        const record = await em.findOne(SourceRecord, { provider: r.provider, externalId: r.externalId }, { populate: ['title'] });
        if (!record) em.create(SourceRecord, { provider: r.provider, externalId: r.externalId, title, contentHash: hash, payload: r.payload });
        else if (record.title.id === title.id && record.contentHash !== hash) Object.assign(record, { contentHash: hash, payload: r.payload, fetchedAt: new Date() });
      }

      outcome.changed = Object.keys(outcome.fields).length > 0 || changedSeasons.size > 0 || outcome.externalIdsAdded > 0 || artworkChanged || selectionChanged;
      if (outcome.changed) touch(title);
      await em.flush();
      if (newPeople.length) await appendToOutbox(em, newPeople.map((p) => personEvent('PersonCreated', p)));
      if (outcome.changed) await appendToOutbox(em, [titleEvent('TitleUpdated', title), ...[...changedSeasons].map((s) => seasonEvent(title, s))]);
      return outcome;
    });
  }

  /**
   * A user's own image for a kind: stored once by content (sha256) under the data directory,
   * recorded as a candidate without a provider, and selected by the user (automation keeps it).
   */
  async uploadArtwork(titleId: string, kind: string, seasonNumber: number | null, base64: string): Promise<Title> {
    if (!(ARTWORK_KINDS as readonly string[]).includes(kind)) throw new CatalogError(CatalogErrorCode.InvalidInput, `kind must be one of ${ARTWORK_KINDS.join(', ')}`, 'kind');
    if ((kind === 'SEASON_POSTER') !== (seasonNumber !== null)) throw new CatalogError(CatalogErrorCode.InvalidInput, 'seasonNumber is required for SEASON_POSTER and only for it', 'seasonNumber');
    if (seasonNumber !== null && (!Number.isInteger(seasonNumber) || seasonNumber < 0)) throw new CatalogError(CatalogErrorCode.InvalidInput, 'seasonNumber must not be negative', 'seasonNumber');
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64.replace(/\s+/g, ''))) throw new CatalogError(CatalogErrorCode.InvalidInput, 'data must be base64', 'data');
    const bytes = Buffer.from(base64, 'base64');
    const type = IMAGE_TYPES.find((t) => t.test(bytes));
    if (!type) throw new CatalogError(CatalogErrorCode.InvalidInput, 'data must be a JPEG, PNG or WebP image', 'data');
    await this.load(this.orm.em.fork(), titleId);
    const name = `${createHash('sha256').update(bytes).digest('hex')}.${type.ext}`;
    const dir = uploadDir(this.dataDir);
    await mkdir(dir, { recursive: true });
    const tmp = path.join(dir, `.${name}.${randomUUID()}`);
    await writeFile(tmp, bytes, { mode: 0o644 });
    await rename(tmp, path.join(dir, name));
    const url = `${UPLOAD_URL_PREFIX}${name}`;
    return writeTransaction(this.orm, 'The title', async (em) => {
      const title = await this.load(em, titleId);
      let art = title.artwork.getItems().find((a) => a.kind === kind && a.seasonNumber === seasonNumber && a.url === url);
      if (!art) {
        art = em.create(Artwork, { title, kind: kind as ArtworkKind, seasonNumber, url, provider: null });
        title.artwork.add(art);
      }
      selectByUser(title.artwork.getItems(), art);
      touch(title);
      await em.flush();
      await appendToOutbox(em, [titleEvent('TitleUpdated', title)]);
      return title;
    });
  }
}
