import { describe, expect, it } from 'vitest';
import { changesFrom, conflictingFields, type TitleDraft } from './title-fields.ts';

const base: TitleDraft = {
	name: 'Akira',
	originalTitle: '',
	year: '1988',
	runtime: '124',
	status: 'RELEASED',
	genres: 'Animation, Sci-Fi',
	overview: 'Neo-Tokyo.'
};

describe('changesFrom', () => {
	it('sends only what changed, typed for the API', () => {
		expect(changesFrom(base, { ...base, year: '1989', genres: 'Animation,  Sci-Fi ', originalTitle: 'アキラ' })).toEqual({
			year: 1989,
			originalTitle: 'アキラ'
		});
	});

	it('clears a field emptied by the user', () => {
		expect(changesFrom(base, { ...base, runtime: ' ', overview: '', status: '' })).toEqual({
			runtime: null,
			overview: null,
			status: null
		});
	});

	it('is empty when nothing changed', () => {
		expect(changesFrom(base, { ...base })).toEqual({});
	});
});

describe('conflictingFields', () => {
	it('lists fields both sides changed differently, not ones only one side touched', () => {
		const mine = { ...base, name: 'AKIRA', year: '1990', overview: 'Mine.' };
		const theirs = { ...base, name: 'Akira (1988)', year: '1990', runtime: '120' };
		expect(conflictingFields(base, mine, theirs)).toEqual([{ key: 'name', theirs: 'Akira (1988)', mine: 'AKIRA' }]);
	});
});
