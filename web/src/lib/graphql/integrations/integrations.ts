import type { OperationResult } from '@urql/core';
import { graphql, type ResultOf, type VariablesOf } from '../graphql.ts';
import { toProblems, type GraphqlProblem } from '../problems.ts';

export const PlayerFields = graphql(`
	fragment PlayerFields on Player @_unmask {
		id
		name
		kind
		url
		username
		hasCredentials
		enabled
		libraryIds
		pathMappings {
			from
			to
		}
		lastStatus
		lastStatusAt
		version
	}
`);

export const TargetFields = graphql(`
	fragment TargetFields on NotificationTarget @_unmask {
		id
		name
		kind
		displayUrl
		hasSecret
		enabled
		events
		version
	}
`);

export const DeliveryFields = graphql(`
	fragment DeliveryFields on NotificationDelivery @_unmask {
		id
		targetId
		eventId
		eventType
		state
		attempts
		lastStatus
		lastError
		test
		createdAt
		deliveredAt
	}
`);

export type PlayerDetails = ResultOf<typeof PlayerFields>;
export type PlayerKind = PlayerDetails['kind'];
export type TargetDetails = ResultOf<typeof TargetFields>;
export type NotificationKind = TargetDetails['kind'];
export type DeliveryDetails = ResultOf<typeof DeliveryFields>;

export const IntegrationsDocument = graphql(
	`
		query Integrations {
			players {
				...PlayerFields
			}
			notificationTargets {
				...TargetFields
			}
			notificationEventTypes
			libraries {
				id
				name
			}
		}
	`,
	[PlayerFields, TargetFields]
);

export const CreatePlayerDocument = graphql(
	`
		mutation CreatePlayer($input: PlayerInput!) {
			createPlayer(input: $input) {
				...PlayerFields
			}
		}
	`,
	[PlayerFields]
);

export const UpdatePlayerDocument = graphql(
	`
		mutation UpdatePlayer($id: ID!, $input: PlayerInput!) {
			updatePlayer(id: $id, input: $input) {
				...PlayerFields
			}
		}
	`,
	[PlayerFields]
);

export type PlayerInput = VariablesOf<typeof CreatePlayerDocument>['input'];

export const DeletePlayerDocument = graphql(`
	mutation DeletePlayer($id: ID!) {
		deletePlayer(id: $id) {
			id
		}
	}
`);

export const TestPlayerDocument = graphql(
	`
		mutation TestPlayer($id: ID!) {
			testPlayer(id: $id) {
				ok
				message
				player {
					...PlayerFields
				}
			}
		}
	`,
	[PlayerFields]
);

export const CreateTargetDocument = graphql(
	`
		mutation CreateNotificationTarget($input: NotificationTargetInput!) {
			createNotificationTarget(input: $input) {
				...TargetFields
			}
		}
	`,
	[TargetFields]
);

export const UpdateTargetDocument = graphql(
	`
		mutation UpdateNotificationTarget($id: ID!, $input: NotificationTargetInput!) {
			updateNotificationTarget(id: $id, input: $input) {
				...TargetFields
			}
		}
	`,
	[TargetFields]
);

export type TargetInput = VariablesOf<typeof CreateTargetDocument>['input'];

export const DeleteTargetDocument = graphql(`
	mutation DeleteNotificationTarget($id: ID!) {
		deleteNotificationTarget(id: $id) {
			id
		}
	}
`);

export const TestTargetDocument = graphql(
	`
		mutation TestNotificationTarget($id: ID!) {
			testNotificationTarget(id: $id) {
				...DeliveryFields
			}
		}
	`,
	[DeliveryFields]
);

export const DeliveriesDocument = graphql(
	`
		query NotificationDeliveries($targetId: ID, $first: Int!) {
			notificationDeliveries(targetId: $targetId, first: $first) {
				...DeliveryFields
			}
		}
	`,
	[DeliveryFields]
);

export const PLAYER_KINDS: readonly { kind: PlayerKind; label: string; credentials: string; url: string }[] = [
	{ kind: 'KODI', label: 'Kodi', credentials: 'Password', url: 'http://kodi.local:8080' },
	{ kind: 'JELLYFIN', label: 'Jellyfin', credentials: 'API key', url: 'http://jellyfin.local:8096' },
	{ kind: 'PLEX', label: 'Plex', credentials: 'Token', url: 'http://plex.local:32400' }
];

export const NOTIFICATION_KINDS: readonly { kind: NotificationKind; label: string; secret: string | null }[] = [
	{ kind: 'WEBHOOK', label: 'Webhook (JSON)', secret: 'Signing secret (HMAC)' },
	{ kind: 'DISCORD', label: 'Discord', secret: null },
	{ kind: 'SLACK', label: 'Slack', secret: null },
	{ kind: 'NTFY', label: 'ntfy', secret: 'Access token' },
	{ kind: 'GOTIFY', label: 'Gotify', secret: 'App token' }
];

export const playerKindLabel = (kind: PlayerKind) => PLAYER_KINDS.find((option) => option.kind === kind)?.label ?? kind;
export const notificationKindLabel = (kind: NotificationKind) =>
	NOTIFICATION_KINDS.find((option) => option.kind === kind)?.label ?? kind;

/**
 * What a write-only secret field sends on save: left empty it keeps what is stored (the field is
 * left out), `remove` clears it (null), anything typed replaces it.
 */
export function secretChange(typed: string, remove: boolean): { value?: string | null } {
	if (remove) return { value: null };
	return typed ? { value: typed } : {};
}

/**
 * Runs a create or update mutation and hands the saved connection on; the problems (none when
 * saved) are for the form to show.
 */
export async function saveConnection<D, T>(
	pending: PromiseLike<OperationResult<D>>,
	saved: (data: D) => T,
	onsaved: (value: T) => void
): Promise<GraphqlProblem[]> {
	const result = await pending;
	if (result.data) onsaved(saved(result.data));
	return toProblems(result.error);
}
