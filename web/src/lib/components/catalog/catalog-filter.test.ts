import { describe, expect, it } from 'vitest';
import { catalogSearchParams, listingVariables, parseCatalogFilter } from './catalog-filter.ts';

describe('catalog filter in the address', () => {
	it('reads and writes the same filter', () => {
		const params = new URLSearchParams('q=akira&kind=MOVIE&kind=ANIME_MOVIE&genre=Horror&decade=1980&sort=NAME&order=reversed');
		const filter = parseCatalogFilter(params);
		expect(filter).toEqual({
			query: 'akira',
			kinds: ['MOVIE', 'ANIME_MOVIE'],
			genre: 'Horror',
			decade: 1980,
			sort: 'NAME',
			reversed: true
		});
		expect(catalogSearchParams(filter).toString()).toBe(params.toString());
	});

	it('ignores what it does not know', () => {
		expect(parseCatalogFilter(new URLSearchParams('kind=BOOK&decade=1985&sort=RANDOM'))).toEqual({
			query: '',
			kinds: [],
			genre: '',
			decade: null,
			sort: 'CREATED',
			reversed: false
		});
		expect(catalogSearchParams(parseCatalogFilter(new URLSearchParams())).toString()).toBe('');
	});
});

describe('listingVariables', () => {
	it('turns a decade into a year range and keeps natural directions', () => {
		const filter = parseCatalogFilter(new URLSearchParams('decade=1990&kind=SERIES&sort=NAME'));
		expect(listingVariables(filter)).toEqual({
			sort: 'NAME',
			descending: false,
			filter: { kinds: ['SERIES'], yearFrom: 1990, yearTo: 1999 }
		});
		expect(listingVariables({ ...filter, sort: 'YEAR', reversed: true }).descending).toBe(false);
	});
});
