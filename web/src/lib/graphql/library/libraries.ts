import { graphql, type ResultOf, type VariablesOf } from '../graphql.ts';

export const LibraryFields = graphql(`
	fragment LibraryFields on Library @_unmask {
		id
		name
		kind
		rootPath
		phases
		scanSchedule
		pathMappings {
			from
			to
		}
		version
		updatedAt
		lastScan {
			at
			files
			added
			changed
			missing
			matched
			unmatched
			durationMs
		}
	}
`);

export type LibraryDetails = ResultOf<typeof LibraryFields>;
export type LibraryKind = LibraryDetails['kind'];
export type LibraryPhase = LibraryDetails['phases'][number];

export const LibrariesDocument = graphql(
	`
		query Libraries {
			libraries {
				...LibraryFields
			}
		}
	`,
	[LibraryFields]
);

export const CreateLibraryDocument = graphql(
	`
		mutation CreateLibrary($input: CreateLibraryInput!) {
			createLibrary(input: $input) {
				...LibraryFields
			}
		}
	`,
	[LibraryFields]
);

export type CreateLibraryInput = VariablesOf<typeof CreateLibraryDocument>['input'];

export const UpdateLibraryDocument = graphql(
	`
		mutation UpdateLibrary($id: ID!, $input: UpdateLibraryInput!) {
			updateLibrary(id: $id, input: $input) {
				...LibraryFields
			}
		}
	`,
	[LibraryFields]
);

export const DeleteLibraryDocument = graphql(`
	mutation DeleteLibrary($id: ID!) {
		deleteLibrary(id: $id)
	}
`);

export const ScanLibraryDocument = graphql(`
	mutation ScanLibrary($libraryId: ID!) {
		scanLibrary(libraryId: $libraryId) {
			id
			queue
		}
	}
`);

export const LIBRARY_KINDS: readonly { kind: LibraryKind; label: string }[] = [
	{ kind: 'MOVIES', label: 'Movies' },
	{ kind: 'SERIES', label: 'Series' },
	{ kind: 'ANIME', label: 'Anime' },
	{ kind: 'MIXED', label: 'Mixed' }
];

/** The optional phases after a scan, in pipeline order, with what each does. */
export const LIBRARY_PHASES: readonly { phase: LibraryPhase; label: string; description: string }[] = [
	{ phase: 'ENRICH', label: 'Enrich', description: 'fetch metadata and artwork from providers' },
	{ phase: 'PUBLISH', label: 'Publish', description: 'write NFO files and artwork next to the media' },
	{ phase: 'SYNC_PLAYERS', label: 'Sync players', description: 'ask Kodi, Jellyfin and Plex to refresh' },
	{ phase: 'NOTIFY', label: 'Notify', description: 'send notifications about changes' },
	{ phase: 'VERIFY', label: 'Verify cache', description: 'compare the artwork cache with the library' }
];
