import type { TitleKind } from '#lib/graphql/catalog/catalog.ts';

const labels: Record<TitleKind, string> = {
	MOVIE: 'Movie',
	SERIES: 'Series',
	ANIME_SERIES: 'Anime series',
	ANIME_MOVIE: 'Anime movie'
};

export function titleKindLabel(kind: TitleKind): string {
	return labels[kind] ?? kind;
}
