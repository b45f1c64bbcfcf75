import { graphql, type ResultOf } from '../graphql.ts';

export const UserListFields = graphql(`
	fragment UserListFields on UserList @_unmask {
		id
		name
		description
		visibility
		slug
		version
		updatedAt
		forkedFromSlug
		sections {
			id
			name
		}
		entries {
			id
			titleId
			sectionId
			note
			title {
				id
				name
				year
			}
		}
	}
`);

export type UserList = ResultOf<typeof UserListFields>;
export type ListEntry = UserList['entries'][number];
export type ListVisibility = UserList['visibility'];

export const MyListsDocument = graphql(`
	query MyLists {
		myLists {
			id
			name
			visibility
			slug
			updatedAt
			entries {
				id
			}
		}
	}
`);

export const MyListDocument = graphql(
	`
		query MyList($id: ID!) {
			myList(id: $id) {
				...UserListFields
			}
		}
	`,
	[UserListFields]
);

export const CreateListDocument = graphql(
	`
		mutation CreateList($input: CreateListInput!) {
			createList(input: $input) {
				...UserListFields
			}
		}
	`,
	[UserListFields]
);

export const UpdateListDocument = graphql(
	`
		mutation UpdateList($input: UpdateListInput!) {
			updateList(input: $input) {
				...UserListFields
			}
		}
	`,
	[UserListFields]
);

export const AddListEntryDocument = graphql(
	`
		mutation AddListEntry($input: AddListEntryInput!) {
			addListEntry(input: $input) {
				...UserListFields
			}
		}
	`,
	[UserListFields]
);

export const UpdateListEntryDocument = graphql(
	`
		mutation UpdateListEntry($input: UpdateListEntryInput!) {
			updateListEntry(input: $input) {
				...UserListFields
			}
		}
	`,
	[UserListFields]
);

export const RemoveListEntryDocument = graphql(
	`
		mutation RemoveListEntry($input: RemoveListEntryInput!) {
			removeListEntry(input: $input) {
				...UserListFields
			}
		}
	`,
	[UserListFields]
);

export const AddListSectionDocument = graphql(
	`
		mutation AddListSection($input: AddListSectionInput!) {
			addListSection(input: $input) {
				...UserListFields
			}
		}
	`,
	[UserListFields]
);

export const ArrangeListDocument = graphql(
	`
		mutation ArrangeList($input: ArrangeListInput!) {
			arrangeList(input: $input) {
				...UserListFields
			}
		}
	`,
	[UserListFields]
);

export const RevokeListLinkDocument = graphql(
	`
		mutation RevokeListLink($id: ID!) {
			revokeListLink(id: $id) {
				...UserListFields
			}
		}
	`,
	[UserListFields]
);

export const ForkListDocument = graphql(`
	mutation ForkList($slug: String!) {
		forkList(slug: $slug) {
			id
		}
	}
`);

export const PublicListDocument = graphql(`
	query PublicList($slug: String!) {
		publicList(slug: $slug) {
			slug
			name
			description
			ownerName
			visibility
			updatedAt
			sections {
				id
				name
			}
			entries {
				id
				sectionId
				note
				title {
					id
					name
					year
					kind
					posterUrl
				}
			}
		}
	}
`);

export type PublicList = ResultOf<typeof PublicListDocument>['publicList'];
