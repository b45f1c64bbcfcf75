import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { TitleField, TitleKind, TitleValueField } from '@marquee/read-models';
import { ExternalId } from '../domain/catalog/external-id.entity.js';
import type { Season } from '../domain/catalog/season.entity.js';
import { applyTitleChanges, initialProvenance, type ChangeSource, type TitleChanges } from '../domain/catalog/title-changes.js';
import { Title } from '../domain/catalog/title.entity.js';
import type { NfoApplied } from '../domain/library/media-file.entity.js';
import { MediaFileStore } from '../domain/library/media-file.repository.js';
import { appendToOutbox } from '../domain/outbox/outbox.js';
import { matchKey } from '../jobs/scan/identify.js';
import type { NfoEpisodeFacts, NfoSeasonFacts, NfoTitleFacts } from '../jobs/scan/nfo-facts.js';
import { fieldSchemas, mergeSeasons, seasonEvent, TITLE_GRAPH, titleEvent, touch } from './catalog.commands.js';
import { writeTransaction } from './command-support.js';
import { applyNamedCredits } from './enrich-credits.js';
import { personEvent } from './person.commands.js';
import { episodeInputSchema, externalIdsSchema, seasonInputSchema } from './season.schemas.js';

/** What a library's NFO files say about one title, each part with the NFO it comes from. */
export interface NfoPlan {
  /** Applied in order, so the last (the nearest NFO) wins where they differ. */
  titles: Array<{ facts: NfoTitleFacts; origin: string }>;
  seasons: Array<{ facts: NfoSeasonFacts; origin: string }>;
  /** `origin` null: a row for an episode file that no episode NFO describes (numbers only). */
  episodes: Array<{ facts: NfoEpisodeFacts; origin: string | null }>;
}

/** An NFO id the title could not take: it has another id from that provider, or another title has this one. */
export interface NfoIdConflict {
  nfo: string;
  provider: string;
  value: string;
  /** The title's own id for that provider, kept. */
  kept: string | null;
  /** The title that already has this id. */
  ownerTitleId: string | null;
}

export interface NfoOutcome {
  changed: boolean;
  fields: TitleField[];
  protectedFields: TitleField[];
  externalIdsAdded: number;
  seasonsChanged: number;
  conflicts: NfoIdConflict[];
  /** Values the NFO gave that Marquee does not accept (`<nfo>: <field>`), left out. */
  rejected: string[];
}

const nfoSource = (origin: string | null): ChangeSource => ({ source: 'nfo', origin });

/** The fields Marquee accepts, validated one by one so one bad value does not lose the rest. */
function validFields(facts: NfoTitleFacts, origin: string, rejected: string[]): TitleChanges {
  const valid: TitleChanges = {};
  for (const [field, value] of Object.entries(facts.fields) as Array<[TitleValueField, unknown]>) {
    if (field === 'kind') continue;
    const parsed = fieldSchemas[field].safeParse(value);
    if (parsed.success) (valid as Record<string, unknown>)[field] = parsed.data;
    else rejected.push(`${origin}: ${field}`);
  }
  return valid;
}

function validIds(facts: NfoTitleFacts, origin: string, rejected: string[]): Array<{ provider: string; value: string }> {
  return facts.externalIds.flatMap((x) => {
    const parsed = externalIdsSchema.safeParse([x]);
    if (!parsed.success) rejected.push(`${origin}: ${x.provider} id`);
    return parsed.success ? parsed.data : [];
  });
}

/**
 * Write side of reading a library's NFO files (the scan phase): titles an NFO names and the catalog
 * lacks are created, and what NFOs say is applied to titles, seasons and episodes with the
 * catalog's rules and provenance `nfo` (origin: the NFO's path in its library). Locked fields are
 * never changed; ids already set are never replaced.
 */
export class NfoCommands {
  constructor(private readonly orm: MikroORM) {}

  /**
   * Creates the title an NFO describes, unless one of its ids belongs to a title already or a title
   * with its name, kind and year was created since `since` (another scan racing this one: creations
   * are serialised by an advisory lock, and each re-checks what the others created). Returns the
   * title's id and whether it was created here.
   */
  async createTitle(
    kind: TitleKind,
    name: string,
    facts: NfoTitleFacts,
    origin: string,
    since: Date,
  ): Promise<{ titleId: string; created: boolean; rejected: string[] } | null> {
    const rejected: string[] = [];
    const fields = validFields(facts, origin, rejected);
    const parsedName = fieldSchemas.name.safeParse(fields.name ?? name);
    if (!parsedName.success) return null;
    const ids = validIds(facts, origin, rejected);
    return writeTransaction(this.orm, 'The title', async (em) => {
      await em.execute(`select pg_advisory_xact_lock(hashtext('marquee:nfo-create'))`);
      const owner = await this.ownerOf(em, ids);
      if (owner) return { titleId: owner, created: false, rejected };
      const recent = await em.execute<Array<{ id: string; name: string; original_title: string | null; synonyms: string[]; year: number | null }>>(
        `select id, name, original_title, synonyms, year from title where deleted_at is null and kind = ? and created_at >= ?`,
        [kind, new Date(since.getTime() - 60_000)],
      );
      const key = matchKey(parsedName.data);
      const twin = recent.find((t) => (t.year ?? null) === (fields.year ?? null) && [t.name, t.original_title, ...t.synonyms].some((n) => n && matchKey(n) === key));
      if (twin) return { titleId: twin.id, created: false, rejected };

      const by = nfoSource(origin);
      const values = { ...fields, kind, name: parsedName.data };
      const title = em.create(Title, { ...values, provenance: initialProvenance(values, by) });
      for (const x of ids) if (!title.externalIds.getItems().some((e) => e.provider === x.provider)) title.externalIds.add(em.create(ExternalId, { title, ...x }));
      const { created } = facts.credits.length ? await applyNamedCredits(em, title, facts.credits, by) : { created: [] };
      await em.flush();
      await appendToOutbox(em, [...created.map((p) => personEvent('PersonCreated', p)), titleEvent('TitleCreated', title)]);
      return { titleId: title.id, created: true, rejected };
    });
  }

  /** The live title that has any of these ids. */
  private async ownerOf(em: EntityManager, ids: ReadonlyArray<{ provider: string; value: string }>): Promise<string | null> {
    for (const x of ids) {
      const owner = await em.findOne(ExternalId, { provider: x.provider, value: x.value }, { populate: ['title'] });
      if (owner && !owner.title.deletedAt) return owner.title.id;
    }
    return null;
  }

  /**
   * Applies a plan to a title in one transaction and records, in the same transaction, what was
   * read (`marks`), so a crash never leaves an NFO applied but unrecorded or the reverse. Nothing
   * changed: no title event (the marks alone are written).
   */
  async apply(libraryId: string, titleId: string, plan: NfoPlan, marks: ReadonlyArray<{ relPath: string; applied: NfoApplied }>): Promise<NfoOutcome> {
    return writeTransaction(this.orm, 'The title', async (em) => {
      const outcome: NfoOutcome = { changed: false, fields: [], protectedFields: [], externalIdsAdded: 0, seasonsChanged: 0, conflicts: [], rejected: [] };
      const title = await em.findOne(Title, { id: titleId }, { populate: TITLE_GRAPH });
      if (!title || title.deletedAt) {
        await new MediaFileStore(em).nfoRead(libraryId, marks.map((m) => ({ relPath: m.relPath, applied: { ...m.applied, titleId: null, outcome: 'UNMATCHED' } })));
        return outcome;
      }
      let newPeople: Awaited<ReturnType<typeof applyNamedCredits>>['created'] = [];
      for (const { facts, origin } of plan.titles) {
        const by = nfoSource(origin);
        const applied = applyTitleChanges(title, validFields(facts, origin, outcome.rejected), by);
        outcome.fields.push(...applied.changed);
        outcome.protectedFields.push(...applied.protectedByLock);
        for (const x of validIds(facts, origin, outcome.rejected)) {
          const own = title.externalIds.getItems().find((e) => e.provider === x.provider);
          if (own) {
            if (own.value !== x.value) outcome.conflicts.push({ nfo: origin, provider: x.provider, value: x.value, kept: own.value, ownerTitleId: null });
            continue;
          }
          const owner = await em.findOne(ExternalId, { provider: x.provider, value: x.value }, { populate: ['title'] });
          if (owner) {
            outcome.conflicts.push({ nfo: origin, provider: x.provider, value: x.value, kept: null, ownerTitleId: owner.title.id });
            continue;
          }
          title.externalIds.add(em.create(ExternalId, { title, ...x }));
          outcome.externalIdsAdded += 1;
        }
        if (facts.credits.length) {
          const credits = await applyNamedCredits(em, title, facts.credits, by);
          if (credits.result === 'changed') outcome.fields.push('credits');
          if (credits.result === 'locked') outcome.protectedFields.push('credits');
          newPeople = [...newPeople, ...credits.created];
        }
      }
      const changedSeasons = new Set<Season>();
      const merge = (input: unknown, origin: string | null) => {
        for (const s of mergeSeasons(em, title, input as Parameters<typeof mergeSeasons>[2], nfoSource(origin))) changedSeasons.add(s);
      };
      for (const { facts, origin } of plan.seasons) {
        const parsed = seasonInputSchema.safeParse(facts);
        if (parsed.success) merge([parsed.data], origin);
        else outcome.rejected.push(`${origin}: season ${facts.number}`);
      }
      for (const { facts, origin } of plan.episodes) {
        const { season, ...episode } = facts;
        const parsed = episodeInputSchema.safeParse(episode);
        const seasonOk = seasonInputSchema.shape.number.safeParse(season).success;
        if (parsed.success && seasonOk) merge([{ number: season, episodes: [parsed.data] }], origin);
        else outcome.rejected.push(`${origin ?? 'file name'}: episode ${season}x${facts.number}`);
      }
      outcome.fields = [...new Set(outcome.fields)];
      outcome.protectedFields = [...new Set(outcome.protectedFields)];
      outcome.seasonsChanged = changedSeasons.size;
      outcome.changed = outcome.fields.length > 0 || outcome.externalIdsAdded > 0 || changedSeasons.size > 0;
      if (outcome.changed) touch(title);
      await em.flush();
      if (newPeople.length) await appendToOutbox(em, newPeople.map((p) => personEvent('PersonCreated', p)));
      if (outcome.changed) await appendToOutbox(em, [titleEvent('TitleUpdated', title), ...[...changedSeasons].map((s) => seasonEvent(title, s))]);
      await new MediaFileStore(em).nfoRead(libraryId, marks);
      return outcome;
    });
  }
}
