import { fileURLToPath } from 'node:url';

/** schema.graphql at the top of the repository (same depth from src/ and dist/). */
export const SCHEMA_FILE = fileURLToPath(new URL('../../../schema.graphql', import.meta.url));
