import type { Redis } from 'ioredis';
import { keys, type KeySpace } from '../keys.js';
import type { NamespaceTracker } from '../namespace.js';
import {
  deliveriesOfTarget,
  NOTIFICATION_DELIVERIES,
  NOTIFICATION_TARGET_LISTING,
  PLAYER_LISTING,
  type NotificationDeliveryDoc,
  type NotificationTargetDoc,
  type PlayerDoc,
} from '../projections/integration.projection.js';
import { idOfMember } from '../projections/title.projection.js';
import { DocumentReader } from './documents.js';
import { readWindow, toPage, type Page, type PageWindow } from './listing-page.js';

/** Players, notification targets and delivery history. */
export class IntegrationReader {
  private readonly players: DocumentReader<PlayerDoc>;
  private readonly targets: DocumentReader<NotificationTargetDoc>;
  private readonly deliveries: DocumentReader<NotificationDeliveryDoc>;

  constructor(
    private readonly redis: Redis,
    private readonly ks: KeySpace,
    private readonly namespaces: NamespaceTracker,
  ) {
    this.players = new DocumentReader(redis, ks, namespaces, 'player');
    this.targets = new DocumentReader(redis, ks, namespaces, 'notificationtarget');
    this.deliveries = new DocumentReader(redis, ks, namespaces, 'notificationdelivery');
  }

  async getPlayer(id: string): Promise<PlayerDoc | null> {
    return (await this.players.getMany([id]))[0] ?? null;
  }

  async getTarget(id: string): Promise<NotificationTargetDoc | null> {
    return (await this.targets.getMany([id]))[0] ?? null;
  }

  async allPlayers(): Promise<PlayerDoc[]> {
    return this.all(PLAYER_LISTING, this.players);
  }

  async allTargets(): Promise<NotificationTargetDoc[]> {
    return this.all(NOTIFICATION_TARGET_LISTING, this.targets);
  }

  /** Deliveries newest first, of one target or of all. */
  async deliveryList(targetId: string | null, window: PageWindow): Promise<Page<NotificationDeliveryDoc>> {
    const ns = await this.namespaces.get();
    const w = await readWindow(this.redis, keys.listing(this.ks, ns, targetId ? deliveriesOfTarget(targetId) : NOTIFICATION_DELIVERIES), true, window);
    return toPage(w, await this.deliveries.getMany(w.entries.map((e) => e.m)));
  }

  private async all<D>(listing: string, reader: DocumentReader<D & { version: number }>): Promise<D[]> {
    const ns = await this.namespaces.get();
    const members = await this.redis.zrange(keys.listing(this.ks, ns, listing), '0', '-1');
    const docs = await reader.getMany(members.map(idOfMember));
    return docs.filter((d): d is NonNullable<typeof d> => d !== null);
  }
}
