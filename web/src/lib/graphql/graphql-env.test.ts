/// <reference types="node" />
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = path.dirname(fileURLToPath(import.meta.url));
const webDir = path.resolve(here, '../../..');

describe('graphql-env.d.ts', () => {
	it('matches schema.graphql (regenerate with `npm run generate -w web`)', () => {
		const dir = mkdtempSync(path.join(tmpdir(), 'marquee-gql-env-'));
		try {
			const output = path.join(dir, 'graphql-env.d.ts');
			execFileSync(path.join(webDir, '../node_modules/.bin/gql-tada'), ['generate', 'output', '--output', output], { cwd: webDir });
			expect(readFileSync(path.join(here, 'graphql-env.d.ts'), 'utf8')).toBe(readFileSync(output, 'utf8'));
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});
