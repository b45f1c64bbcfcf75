import { graphql, type ResultOf, type VariablesOf } from '../graphql.ts';

/** The fields the title page edits, locks and explains; mutations answer with the same. */
export const TitleEditableFields = graphql(`
	fragment TitleEditableFields on Title @_unmask {
		id
		version
		kind
		name
		originalTitle
		year
		overview
		runtime
		status
		rating
		votes
		popularity
		genres
		studios
		tags
		synonyms
		lockedFields
		provenance {
			field
			source
			origin
			at
		}
		updatedAt
	}
`);

export type EditableTitle = ResultOf<typeof TitleEditableFields>;
export type TitleField = EditableTitle['lockedFields'][number];
export type TitleStatus = NonNullable<EditableTitle['status']>;

export const TitleDetailDocument = graphql(
	`
		query TitleDetail($id: ID!) {
			title(id: $id) {
				...TitleEditableFields
				externalIds {
					provider
					value
				}
				artwork {
					id
					kind
					url
					selected
					seasonNumber
					width
					height
					provider
				}
				seasons {
					id
					number
					name
					airDate
					episodeCount
					episodes {
						id
						number
						absoluteNumber
						name
						airDate
						runtime
					}
				}
				files {
					id
					path
					size
					missingSince
					match {
						method
						seasonNumber
						episodeNumbers
					}
					media {
						container
						durationSeconds
						bitRate
						video {
							codec
							width
							height
							hdr
							frameRate
						}
						audio {
							codec
							channels
							language
						}
						subtitles {
							codec
							language
							forced
						}
					}
				}
			}
		}
	`,
	[TitleEditableFields]
);

export type TitleDetail = ResultOf<typeof TitleDetailDocument>['title'];
export type TitleFile = TitleDetail['files'][number];
export type TitleArtwork = TitleDetail['artwork'][number];
export type TitleSeason = TitleDetail['seasons'][number];

export const CurrentTitleDocument = graphql(
	`
		query CurrentTitle($id: ID!) {
			title(id: $id) {
				...TitleEditableFields
			}
		}
	`,
	[TitleEditableFields]
);

export const UpdateTitleDocument = graphql(
	`
		mutation UpdateTitle($input: UpdateTitleInput!) {
			updateTitle(input: $input) {
				...TitleEditableFields
			}
		}
	`,
	[TitleEditableFields]
);

export type TitleChanges = Omit<VariablesOf<typeof UpdateTitleDocument>['input'], 'id' | 'expectedVersion' | 'lock'>;

export const LockTitleFieldsDocument = graphql(
	`
		mutation LockTitleFields($id: ID!, $fields: [TitleField!]!) {
			lockTitleFields(id: $id, fields: $fields) {
				...TitleEditableFields
			}
		}
	`,
	[TitleEditableFields]
);

export const UnlockTitleFieldsDocument = graphql(
	`
		mutation UnlockTitleFields($id: ID!, $fields: [TitleField!]!) {
			unlockTitleFields(id: $id, fields: $fields) {
				...TitleEditableFields
			}
		}
	`,
	[TitleEditableFields]
);

export const SelectArtworkDocument = graphql(`
	mutation SelectArtwork($titleId: ID!, $artworkId: ID!) {
		selectArtwork(titleId: $titleId, artworkId: $artworkId) {
			id
			artwork {
				id
				selected
			}
		}
	}
`);
