import type { CatalogVariables, TitleKind, TitleSort } from '#lib/graphql/catalog/catalog.ts';

export const TITLE_KINDS: readonly TitleKind[] = ['MOVIE', 'SERIES', 'ANIME_MOVIE', 'ANIME_SERIES'];

export const SORTS: readonly { sort: TitleSort; label: string }[] = [
	{ sort: 'CREATED', label: 'Recently added' },
	{ sort: 'UPDATED', label: 'Recently changed' },
	{ sort: 'NAME', label: 'Name' },
	{ sort: 'YEAR', label: 'Year' },
	{ sort: 'POPULARITY', label: 'Popularity' }
];

/** What the catalog shows, as kept in its address (so it survives reloads and can be shared). */
export interface CatalogFilter {
	query: string;
	kinds: TitleKind[];
	genre: string;
	decade: number | null;
	sort: TitleSort;
	/** The server's default direction is the natural one per sort; this flips it. */
	reversed: boolean;
}

export function parseCatalogFilter(params: URLSearchParams): CatalogFilter {
	const sort = params.get('sort');
	const decade = Number(params.get('decade'));
	return {
		query: params.get('q')?.trim() ?? '',
		kinds: params.getAll('kind').filter((kind): kind is TitleKind => TITLE_KINDS.includes(kind as TitleKind)),
		genre: params.get('genre')?.trim() ?? '',
		decade: params.has('decade') && Number.isInteger(decade) && decade % 10 === 0 ? decade : null,
		sort: SORTS.some((option) => option.sort === sort) ? (sort as TitleSort) : 'CREATED',
		reversed: params.get('order') === 'reversed'
	};
}

export function catalogSearchParams(filter: CatalogFilter): URLSearchParams {
	const params = new URLSearchParams();
	if (filter.query) params.set('q', filter.query);
	for (const kind of filter.kinds) params.append('kind', kind);
	if (filter.genre) params.set('genre', filter.genre);
	if (filter.decade !== null) params.set('decade', String(filter.decade));
	if (filter.sort !== 'CREATED') params.set('sort', filter.sort);
	if (filter.reversed) params.set('order', 'reversed');
	return params;
}

/** The listing's variables (without paging) for a filter. */
export function listingVariables(filter: CatalogFilter): Omit<CatalogVariables, 'first' | 'after'> {
	const defaultDescending = filter.sort !== 'NAME';
	return {
		sort: filter.sort,
		descending: filter.reversed ? !defaultDescending : defaultDescending,
		filter: {
			...(filter.kinds.length > 0 && { kinds: filter.kinds }),
			...(filter.genre && { genres: [filter.genre] }),
			...(filter.decade !== null && { yearFrom: filter.decade, yearTo: filter.decade + 9 })
		}
	};
}
