import { Arg, Ctx, ID, Int, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import type { NotificationDeliveryState, NotificationTargetState, PlayerState } from '@marquee/read-models';
import { Access, ADMIN, enforce, JOBS } from '../../auth/policy.js';
import type { NotificationTarget } from '../../domain/integrations/notification.entity.js';
import type { Player } from '../../domain/integrations/player.entity.js';
import { lifecycleChannel } from '../../events/event-stream.js';
import { LIFECYCLE_EVENT_TYPES, type LifecycleEvent } from '../../events/lifecycle.js';
import type { GraphQLContext } from '../context.js';
import { notFound } from '../errors.js';
import { NotificationTargetInput, PlayerInput } from '../inputs/integrations.input.js';
import { DeletedType } from '../types/integrations-deleted.type.js';
import { LifecycleEventType, NotificationDeliveryType, NotificationTargetType, PlayerTestResultType, PlayerType } from '../types/integrations.type.js';

type Versioned<T> = T & { version: number };
const playerOut = (p: Player | Versioned<PlayerState>): PlayerType => ('toState' in p ? { ...p.toState(), version: p.version } : p) as PlayerType;
const targetOut = (t: NotificationTarget | Versioned<NotificationTargetState>): NotificationTargetType => ('toState' in t ? { ...t.toState(), version: t.version } : t) as NotificationTargetType;
const deliveryOut = (d: NotificationDeliveryState): NotificationDeliveryType => d as NotificationDeliveryType;
const given = <T extends object>(input: T) => Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));

/** Players, notification targets, their delivery history and the lifecycle event stream. */
@Resolver()
export class IntegrationsResolver {
  @Access(...ADMIN)
  @Query(() => [PlayerType], { description: 'Every player connection, by name' })
  async players(@Ctx() ctx: GraphQLContext): Promise<PlayerType[]> {
    return (await ctx.services.integrations.allPlayers()).map(playerOut);
  }

  @Access(...ADMIN)
  @Query(() => PlayerType)
  async player(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<PlayerType> {
    const doc = await ctx.services.integrations.getPlayer(id);
    if (!doc) throw notFound('Player', id);
    return playerOut(doc);
  }

  @Access(...ADMIN)
  @Query(() => [String], { description: 'The lifecycle event types (e.g. title.added) a notification target can filter on' })
  notificationEventTypes(): string[] {
    return [...LIFECYCLE_EVENT_TYPES];
  }

  @Access(...ADMIN)
  @Query(() => [NotificationTargetType], { description: 'Every notification target, by name' })
  async notificationTargets(@Ctx() ctx: GraphQLContext): Promise<NotificationTargetType[]> {
    return (await ctx.services.integrations.allTargets()).map(targetOut);
  }

  @Access(...ADMIN)
  @Query(() => [NotificationDeliveryType], { description: 'Delivery history, newest first, of one target or all' })
  async notificationDeliveries(
    @Arg('targetId', () => ID, { nullable: true }) targetId: string | null,
    @Arg('first', () => Int, { defaultValue: 50 }) first: number,
    @Ctx() ctx: GraphQLContext,
  ): Promise<NotificationDeliveryType[]> {
    const page = await ctx.services.integrations.deliveryList(targetId ?? null, { first: Math.max(1, Math.min(first, 500)) });
    return page.edges.map((e) => deliveryOut(e.node));
  }

  @Access(...ADMIN)
  @Mutation(() => PlayerType)
  async createPlayer(@Arg('input', () => PlayerInput) input: PlayerInput, @Ctx() ctx: GraphQLContext): Promise<PlayerType> {
    return playerOut(await ctx.services.integrationCommands.createPlayer(given(input)));
  }

  @Access(...ADMIN)
  @Mutation(() => PlayerType)
  async updatePlayer(@Arg('id', () => ID) id: string, @Arg('input', () => PlayerInput) input: PlayerInput, @Ctx() ctx: GraphQLContext): Promise<PlayerType> {
    return playerOut(await ctx.services.integrationCommands.updatePlayer(id, given(input)));
  }

  @Access(...ADMIN)
  @Mutation(() => DeletedType)
  async deletePlayer(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<DeletedType> {
    return ctx.services.integrationCommands.deletePlayer(id);
  }

  @Access(...ADMIN)
  @Mutation(() => PlayerTestResultType, { description: 'Probes the player (Kodi JSONRPC.Ping, Jellyfin /System/Info, Plex /library/sections)' })
  async testPlayer(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<PlayerTestResultType> {
    const r = await ctx.services.integrationCommands.testPlayer(id);
    return { ok: r.ok, message: r.message, player: playerOut(r.player) };
  }

  @Access(...ADMIN)
  @Mutation(() => NotificationTargetType)
  async createNotificationTarget(@Arg('input', () => NotificationTargetInput) input: NotificationTargetInput, @Ctx() ctx: GraphQLContext): Promise<NotificationTargetType> {
    return targetOut(await ctx.services.integrationCommands.createTarget(given(input)));
  }

  @Access(...ADMIN)
  @Mutation(() => NotificationTargetType)
  async updateNotificationTarget(@Arg('id', () => ID) id: string, @Arg('input', () => NotificationTargetInput) input: NotificationTargetInput, @Ctx() ctx: GraphQLContext): Promise<NotificationTargetType> {
    return targetOut(await ctx.services.integrationCommands.updateTarget(id, given(input)));
  }

  @Access(...ADMIN)
  @Mutation(() => DeletedType)
  async deleteNotificationTarget(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<DeletedType> {
    return ctx.services.integrationCommands.deleteTarget(id);
  }

  @Access(...ADMIN)
  @Mutation(() => NotificationDeliveryType, { description: 'The test button: sends a test event now and records the delivery' })
  async testNotificationTarget(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<NotificationDeliveryType> {
    return deliveryOut((await ctx.services.integrationCommands.testTarget(id)).toState());
  }

  @Access(...JOBS)
  @Subscription(() => LifecycleEventType, {
    description: 'The lifecycle event stream (titles, files, artwork, phases, scans, health), optionally of some types',
    subscribe: async ({ args, context }) => {
      const { services, principal } = context as GraphQLContext;
      enforce(principal, JOBS, 'Subscription.lifecycleEvents');
      const types = (args.types as string[] | null | undefined) ?? null;
      const parse = (raw: string) => JSON.parse(raw) as LifecycleEvent;
      return services.pubsub.iterate(lifecycleChannel(services.config.redisPrefix), parse, undefined, (e) => !types || types.length === 0 || types.includes(e.type));
    },
  })
  lifecycleEvents(@Arg('types', () => [String], { nullable: true }) _types: string[] | null, @Root() event: LifecycleEvent): LifecycleEventType {
    return event as LifecycleEventType;
  }
}
