import { graphql, type ResultOf } from '../graphql.ts';

const UserFields = graphql(`
	fragment UserFields on User @_unmask {
		id
		username
		displayName
		role
		disabled
		createdAt
		lastLoginAt
	}
`);

export type UserDetails = ResultOf<typeof UserFields>;
export type Role = UserDetails['role'];

export const ROLES: readonly { role: Role; label: string; description: string }[] = [
	{ role: 'ADMIN', label: 'Admin', description: 'everything, including users and libraries' },
	{ role: 'MEMBER', label: 'Member', description: 'edits the catalog and follows jobs' },
	{ role: 'GUEST', label: 'Guest', description: 'browses the catalog' }
];

export const UsersDocument = graphql(
	`
		query Users {
			users {
				...UserFields
			}
		}
	`,
	[UserFields]
);

export const CreateUserDocument = graphql(
	`
		mutation CreateUser($input: CreateUserInput!) {
			createUser(input: $input) {
				...UserFields
			}
		}
	`,
	[UserFields]
);

export const UpdateUserDocument = graphql(
	`
		mutation UpdateUser($input: UpdateUserInput!) {
			updateUser(input: $input) {
				...UserFields
			}
		}
	`,
	[UserFields]
);

export const DeleteUserDocument = graphql(`
	mutation DeleteUser($id: ID!) {
		deleteUser(id: $id)
	}
`);
