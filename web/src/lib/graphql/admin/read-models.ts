import { graphql, type ResultOf } from '../graphql.ts';

export const RebuildReadModelsDocument = graphql(`
	mutation RebuildReadModels {
		rebuildReadModels
	}
`);

export const VerifyReadModelsDocument = graphql(`
	mutation VerifyReadModels {
		verifyReadModels
	}
`);

/** A finished maintenance run: its output says what it did (namespace, events, drift). */
export const MaintenanceRunDocument = graphql(`
	query MaintenanceRun($id: ID!) {
		jobRun(id: $id) {
			id
			state
			error
			output
			finishedAt
		}
	}
`);

export type MaintenanceRun = ResultOf<typeof MaintenanceRunDocument>['jobRun'];
