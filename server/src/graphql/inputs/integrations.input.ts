import { Field, ID, InputType } from 'type-graphql';
import { NotificationKind, PlayerKind } from '../types/integrations.type.js';
import { PathMappingInput } from './library.input.js';

@InputType('PlayerInput', { description: 'On update, fields left out stay as they are; credentials null removes them' })
export class PlayerInput {
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => PlayerKind, { nullable: true }) kind?: string | null;
  @Field(() => String, { nullable: true, description: 'http(s)://host:port of the player (Kodi: its web server)' }) url?: string | null;
  @Field(() => String, { nullable: true, description: "Kodi's web server user" }) username?: string | null;
  @Field(() => String, { nullable: true, description: 'Kodi password, Jellyfin API key or Plex token (write-only)' }) credentials?: string | null;
  @Field(() => Boolean, { nullable: true }) enabled?: boolean | null;
  @Field(() => [ID], { nullable: true }) libraryIds?: string[] | null;
  @Field(() => [PathMappingInput], { nullable: true, description: 'Marquee path prefix → the player’s' }) pathMappings?: PathMappingInput[] | null;
}

@InputType('NotificationTargetInput', { description: 'On update, fields left out stay as they are; secret null removes it' })
export class NotificationTargetInput {
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => NotificationKind, { nullable: true }) kind?: string | null;
  @Field(() => String, { nullable: true, description: 'Where to POST (webhook URL, ntfy topic URL, Gotify server URL)' }) url?: string | null;
  @Field(() => String, { nullable: true, description: 'HMAC key (WEBHOOK) or access token (NTFY, GOTIFY); write-only' }) secret?: string | null;
  @Field(() => Boolean, { nullable: true }) enabled?: boolean | null;
  @Field(() => [String], { nullable: true, description: 'Lifecycle event types to deliver; empty or left out: all' }) events?: string[] | null;
}
