import { describe, expect, it } from 'vitest';
import { moveEntry } from './arrange.ts';

const entries = [
	{ id: 'a', sectionId: null },
	{ id: 'b', sectionId: 's1' },
	{ id: 'c', sectionId: 's1' },
	{ id: 'd', sectionId: 's2' }
];
const ids = (list: { id: string; sectionId: string | null }[]) => list.map((e) => `${e.id}:${e.sectionId ?? '-'}`);

describe('moveEntry', () => {
	it('reorders within a section', () => {
		expect(ids(moveEntry(entries, ['s1', 's2'], 'c', 's1', 'b'))).toEqual(['a:-', 'c:s1', 'b:s1', 'd:s2']);
	});
	it('moves to the end of another section', () => {
		expect(ids(moveEntry(entries, ['s1', 's2'], 'a', 's2', null))).toEqual(['b:s1', 'c:s1', 'd:s2', 'a:s2']);
	});
	it('follows the section order', () => {
		expect(ids(moveEntry(entries, ['s2', 's1'], 'b', 's2', 'd'))).toEqual(['a:-', 'b:s2', 'd:s2', 'c:s1']);
	});
	it('leaves the list alone when dropped on itself', () => {
		expect(ids(moveEntry(entries, ['s1', 's2'], 'b', 's1', 'b'))).toEqual(ids(entries));
	});
});
