import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { PathMappingType } from './library.type.js';

export enum PlayerKind {
  KODI = 'KODI',
  JELLYFIN = 'JELLYFIN',
  PLEX = 'PLEX',
}
registerEnumType(PlayerKind, { name: 'PlayerKind' });

export enum NotificationKind {
  WEBHOOK = 'WEBHOOK',
  DISCORD = 'DISCORD',
  SLACK = 'SLACK',
  NTFY = 'NTFY',
  GOTIFY = 'GOTIFY',
}
registerEnumType(NotificationKind, { name: 'NotificationKind', description: 'WEBHOOK is the generic JSON webhook (HMAC-signed when a secret is set)' });

export enum DeliveryState {
  PENDING = 'PENDING',
  DELIVERED = 'DELIVERED',
  RETRYING = 'RETRYING',
  DEAD = 'DEAD',
}
registerEnumType(DeliveryState, { name: 'DeliveryState' });

@ObjectType('Player', { description: 'A media player Marquee asks to refresh changed folders; credentials are write-only' })
export class PlayerType {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field(() => PlayerKind) kind!: string;
  @Field() url!: string;
  @Field(() => String, { nullable: true }) username!: string | null;
  @Field({ description: 'Whether a password, API key or token is stored (it is never returned)' }) hasCredentials!: boolean;
  @Field() enabled!: boolean;
  @Field(() => [ID], { description: 'Libraries it refreshes for; empty means all' }) libraryIds!: string[];
  @Field(() => [PathMappingType]) pathMappings!: PathMappingType[];
  @Field(() => String, { nullable: true, description: 'OK, or why the last refresh or test failed' }) lastStatus!: string | null;
  @Field(() => String, { nullable: true, description: 'ISO 8601' }) lastStatusAt!: string | null;
  @Field(() => Int) version!: number;
}

@ObjectType('PlayerTestResult')
export class PlayerTestResultType {
  @Field() ok!: boolean;
  @Field({ description: 'What the player said it is, or why it could not be reached' }) message!: string;
  @Field(() => PlayerType) player!: PlayerType;
}

@ObjectType('NotificationTarget')
export class NotificationTargetType {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field(() => NotificationKind) kind!: string;
  @Field({ description: 'The URL without tokens' }) displayUrl!: string;
  @Field({ description: 'Whether a secret (HMAC key or token) is stored (it is never returned)' }) hasSecret!: boolean;
  @Field() enabled!: boolean;
  @Field(() => [String], { description: 'Lifecycle event types delivered; empty means all' }) events!: string[];
  @Field(() => Int) version!: number;
}

@ObjectType('NotificationDelivery')
export class NotificationDeliveryType {
  @Field(() => ID) id!: string;
  @Field(() => ID) targetId!: string;
  @Field() eventId!: string;
  @Field() eventType!: string;
  @Field(() => DeliveryState) state!: string;
  @Field(() => Int) attempts!: number;
  @Field(() => Int, { nullable: true }) lastStatus!: number | null;
  @Field(() => String, { nullable: true }) lastError!: string | null;
  @Field() test!: boolean;
  @Field({ description: 'ISO 8601' }) createdAt!: string;
  @Field(() => String, { nullable: true, description: 'ISO 8601' }) deliveredAt!: string | null;
}

@ObjectType('LifecycleEvent', { description: 'One fact of the event stream (see docs/api.md for the types)' })
export class LifecycleEventType {
  @Field(() => ID) id!: string;
  @Field() type!: string;
  @Field({ description: 'ISO 8601' }) occurredAt!: string;
  @Field(() => ID, { nullable: true }) libraryId!: string | null;
  @Field(() => ID, { nullable: true }) titleId!: string | null;
  @Field(() => ID, { nullable: true }) fileId!: string | null;
  @Field(() => String, { nullable: true }) path!: string | null;
  @Field(() => GraphQLJSONObject) data!: Record<string, unknown>;
}
