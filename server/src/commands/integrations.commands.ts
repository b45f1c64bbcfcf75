import { randomUUID } from 'node:crypto';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { NOTIFICATION_KINDS, PLAYER_KINDS } from '@marquee/read-models';
import { z } from 'zod';
import { NotificationDelivery, NotificationTarget } from '../domain/integrations/notification.entity.js';
import { Player } from '../domain/integrations/player.entity.js';
import { LibraryError, LibraryErrorCode } from '../domain/library/library.errors.js';
import { appendToOutbox } from '../domain/outbox/outbox.js';
import { LIFECYCLE_EVENT_TYPES, type LifecycleEvent } from '../events/lifecycle.js';
import type { Config } from '../infra/config.js';
import { attemptDelivery } from '../integrations/notify/deliver.js';
import { checkOutgoingUrl, OutgoingUrlError } from '../integrations/outgoing-http.js';
import { playerClient } from '../integrations/players/player-client.js';
import type { SecretBox } from '../integrations/secret-box.js';
import { parse, UUID } from './command-support.js';

const mapping = z.object({ from: z.string().trim().min(1, 'must not be empty').max(4096), to: z.string().trim().min(1, 'must not be empty').max(4096) });
const name = z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters');
const secret = z.string().min(1, 'must not be empty').max(4096).nullable();

const playerFields = {
  name,
  kind: z.enum(PLAYER_KINDS, { error: `must be one of ${PLAYER_KINDS.join(', ')}` }),
  url: z.string().trim().max(2048),
  username: z.string().trim().max(200).nullable(),
  credentials: secret,
  enabled: z.boolean(),
  libraryIds: z.array(z.string().regex(UUID, 'must be library ids')).max(100),
  pathMappings: z.array(mapping).max(20, 'must have at most 20 mappings'),
};
const createPlayer = z.object(playerFields).partial({ username: true, credentials: true, enabled: true, libraryIds: true, pathMappings: true });
const updatePlayer = z.object(playerFields).partial();

const targetFields = {
  name,
  kind: z.enum(NOTIFICATION_KINDS, { error: `must be one of ${NOTIFICATION_KINDS.join(', ')}` }),
  url: z.string().trim().max(2048),
  secret,
  enabled: z.boolean(),
  events: z.array(z.enum(LIFECYCLE_EVENT_TYPES, { error: `must list events from ${LIFECYCLE_EVENT_TYPES.join(', ')}` })).transform((e) => [...new Set(e)]),
};
const createTarget = z.object(targetFields).partial({ secret: true, enabled: true, events: true });
const updateTarget = z.object(targetFields).partial();

/** Players and notification targets: the write side (plus their test probes). */
export class IntegrationCommands {
  constructor(
    private readonly orm: MikroORM,
    private readonly box: SecretBox,
    private readonly config: Config,
  ) {}

  private checkUrl(raw: string): string {
    try {
      const url = checkOutgoingUrl(raw, this.config.outgoing);
      return url.toString().replace(/\/+$/, '');
    } catch (err) {
      if (err instanceof OutgoingUrlError) throw new LibraryError(LibraryErrorCode.InvalidInput, `url ${err.message}`, 'url');
      throw err;
    }
  }

  private async loadPlayer(em: EntityManager, id: string): Promise<Player> {
    const player = UUID.test(id) ? await em.findOne(Player, { id }) : null;
    if (!player) throw new LibraryError(LibraryErrorCode.LibraryNotFound, `Player ${id} was not found`, 'id');
    return player;
  }

  private async loadTarget(em: EntityManager, id: string): Promise<NotificationTarget> {
    const target = UUID.test(id) ? await em.findOne(NotificationTarget, { id }) : null;
    if (!target) throw new LibraryError(LibraryErrorCode.LibraryNotFound, `Notification target ${id} was not found`, 'id');
    return target;
  }

  private playerEvent(p: Player) {
    return { aggregateType: 'player' as const, aggregateId: p.id, aggregateVersion: p.version, type: 'PlayerChanged' as const, payload: p.toState() };
  }

  private targetEvent(t: NotificationTarget) {
    return { aggregateType: 'notificationtarget' as const, aggregateId: t.id, aggregateVersion: t.version, type: 'NotificationTargetChanged' as const, payload: t.toState() };
  }

  async createPlayer(input: Record<string, unknown>): Promise<Player> {
    const data = parse(createPlayer, input);
    return this.orm.em.fork().transactional(async (em) => {
      const player = em.create(Player, { ...data, url: this.checkUrl(data.url), username: data.username ?? null, credentials: data.credentials ? this.box.seal(data.credentials) : null });
      await em.flush();
      await appendToOutbox(em, [this.playerEvent(player)]);
      return player;
    });
  }

  async updatePlayer(id: string, input: Record<string, unknown>): Promise<Player> {
    const data = parse(updatePlayer, input);
    return this.orm.em.fork().transactional(async (em) => {
      const player = await this.loadPlayer(em, id);
      const { credentials, url, ...rest } = data;
      for (const [k, v] of Object.entries(rest)) if (v !== undefined) (player as unknown as Record<string, unknown>)[k] = v;
      if (url !== undefined) player.url = this.checkUrl(url);
      if (credentials !== undefined) player.credentials = credentials === null ? null : this.box.seal(credentials);
      await em.flush();
      await appendToOutbox(em, [this.playerEvent(player)]);
      return player;
    });
  }

  async deletePlayer(id: string): Promise<{ id: string }> {
    await this.orm.em.fork().transactional(async (em) => {
      const player = await this.loadPlayer(em, id);
      const version = player.version + 1;
      await em.execute('delete from player_sync_request where player_id = ?', [player.id]);
      em.remove(player);
      await em.flush();
      await appendToOutbox(em, [{ aggregateType: 'player', aggregateId: id, aggregateVersion: version, type: 'PlayerRemoved', payload: { id } }]);
    });
    return { id };
  }

  /** Probes the player; the outcome is recorded as its last status. */
  async testPlayer(id: string): Promise<{ ok: boolean; message: string; player: Player }> {
    const em = this.orm.em.fork();
    const player = await this.loadPlayer(em, id);
    const credential = player.credentials ? this.box.open(player.credentials) : null;
    let ok = true;
    let message: string;
    try {
      message = await playerClient({ kind: player.kind, url: player.url, username: player.username, credential }, this.config.outgoing).test(AbortSignal.timeout(15_000));
    } catch (err) {
      ok = false;
      message = err instanceof Error ? err.message : String(err);
    }
    player.lastStatus = ok ? 'OK' : message;
    player.lastStatusAt = new Date();
    await em.transactional(async (tx) => {
      await tx.flush();
      await appendToOutbox(tx, [this.playerEvent(player)]);
    });
    return { ok, message, player };
  }

  async createTarget(input: Record<string, unknown>): Promise<NotificationTarget> {
    const data = parse(createTarget, input);
    return this.orm.em.fork().transactional(async (em) => {
      const url = this.checkUrl(data.url);
      const display = new URL(url);
      const target = em.create(NotificationTarget, {
        name: data.name,
        kind: data.kind,
        url: this.box.seal(url),
        displayUrl: `${display.origin}${data.kind === 'DISCORD' || data.kind === 'SLACK' ? '/…' : display.pathname}`,
        secret: data.secret ? this.box.seal(data.secret) : null,
        enabled: data.enabled ?? true,
        events: data.events ?? [],
      });
      await em.flush();
      await appendToOutbox(em, [this.targetEvent(target)]);
      return target;
    });
  }

  async updateTarget(id: string, input: Record<string, unknown>): Promise<NotificationTarget> {
    const data = parse(updateTarget, input);
    return this.orm.em.fork().transactional(async (em) => {
      const target = await this.loadTarget(em, id);
      if (data.name !== undefined) target.name = data.name;
      if (data.kind !== undefined) target.kind = data.kind;
      if (data.enabled !== undefined) target.enabled = data.enabled;
      if (data.events !== undefined) target.events = data.events;
      if (data.secret !== undefined) target.secret = data.secret === null ? null : this.box.seal(data.secret);
      if (data.url !== undefined) {
        const url = this.checkUrl(data.url);
        target.url = this.box.seal(url);
        const display = new URL(url);
        target.displayUrl = `${display.origin}${target.kind === 'DISCORD' || target.kind === 'SLACK' ? '/…' : display.pathname}`;
      }
      await em.flush();
      await appendToOutbox(em, [this.targetEvent(target)]);
      return target;
    });
  }

  async deleteTarget(id: string): Promise<{ id: string }> {
    await this.orm.em.fork().transactional(async (em) => {
      const target = await this.loadTarget(em, id);
      const version = target.version + 1;
      em.remove(target);
      await em.flush();
      await appendToOutbox(em, [{ aggregateType: 'notificationtarget', aggregateId: id, aggregateVersion: version, type: 'NotificationTargetRemoved', payload: { id } }]);
    });
    return { id };
  }

  /** The test button: one delivery of a `health.changed` test event, sent now and kept in the history. */
  async testTarget(id: string): Promise<NotificationDelivery> {
    const em = this.orm.em.fork();
    const target = await this.loadTarget(em, id);
    const eventId = `test:${randomUUID()}`;
    const event: LifecycleEvent = { id: eventId, type: 'health.changed', occurredAt: new Date().toISOString(), libraryId: null, titleId: null, fileId: null, path: null, data: { source: 'marquee', test: true, message: 'Test notification from Marquee' } };
    const delivery = em.create(NotificationDelivery, { targetId: target.id, eventId, eventType: event.type, event: event as unknown as Record<string, unknown>, test: true });
    await em.flush();
    await attemptDelivery(em, delivery, target, this.box, this.config.outgoing, () => true, AbortSignal.timeout(15_000));
    return delivery;
  }
}
