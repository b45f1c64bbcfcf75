import type { NotificationDeliveryState, NotificationTargetState, PlayerState } from '../events.js';
import type { Projection } from '../projection.js';
import { sortName } from '../text.js';

export interface PlayerDoc extends PlayerState {
  version: number;
}
export interface NotificationTargetDoc extends NotificationTargetState {
  version: number;
}
export interface NotificationDeliveryDoc extends NotificationDeliveryState {
  version: number;
}

/** Every player, by name: members `<sort name>\0<id>`. */
export const PLAYER_LISTING = 'players';
/** Every notification target, by name: members `<sort name>\0<id>`. */
export const NOTIFICATION_TARGET_LISTING = 'notification-targets';
/** Every delivery, newest first (score: created at, ms). Members are delivery ids. */
export const NOTIFICATION_DELIVERIES = 'deliveries:all';
export const deliveriesOfTarget = (targetId: string) => `deliveries:target:${targetId}`;

export const playerProjection: Projection<PlayerDoc> = {
  name: 'player',
  version: 1,
  handles: ['PlayerChanged', 'PlayerRemoved'],
  documentId: (event) => event.aggregateId,
  apply(doc, event) {
    if (event.type === 'PlayerChanged') return { ...event.payload, version: event.aggregateVersion };
    if (event.type === 'PlayerRemoved') return null;
    return doc;
  },
  listings: (doc) => [{ listing: PLAYER_LISTING, member: `${sortName(doc.name)}\u0000${doc.id}`, score: 0 }],
};

export const notificationTargetProjection: Projection<NotificationTargetDoc> = {
  name: 'notificationtarget',
  version: 1,
  handles: ['NotificationTargetChanged', 'NotificationTargetRemoved'],
  documentId: (event) => event.aggregateId,
  apply(doc, event) {
    if (event.type === 'NotificationTargetChanged') return { ...event.payload, version: event.aggregateVersion };
    if (event.type === 'NotificationTargetRemoved') return null;
    return doc;
  },
  listings: (doc) => [{ listing: NOTIFICATION_TARGET_LISTING, member: `${sortName(doc.name)}\u0000${doc.id}`, score: 0 }],
};

export const notificationDeliveryProjection: Projection<NotificationDeliveryDoc> = {
  name: 'notificationdelivery',
  version: 1,
  handles: ['NotificationDeliveryChanged'],
  documentId: (event) => event.aggregateId,
  apply: (doc, event) => (event.type === 'NotificationDeliveryChanged' ? { ...event.payload, version: event.aggregateVersion } : doc),
  listings(doc) {
    const score = Date.parse(doc.createdAt);
    return [
      { listing: NOTIFICATION_DELIVERIES, member: doc.id, score },
      { listing: deliveriesOfTarget(doc.targetId), member: doc.id, score },
    ];
  },
};
