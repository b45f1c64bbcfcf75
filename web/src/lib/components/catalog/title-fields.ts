import type { EditableTitle, TitleChanges, TitleField, TitleStatus } from '#lib/graphql/catalog/title-detail.ts';
import { titleKindLabel } from './title-kind.ts';

/** Every field the title page lists, in reading order, with how its value reads. */
export const TITLE_FIELDS: readonly { field: TitleField; label: string; show: (title: EditableTitle) => string }[] = [
	{ field: 'NAME', label: 'Name', show: (t) => t.name },
	{ field: 'ORIGINAL_TITLE', label: 'Original title', show: (t) => t.originalTitle ?? '' },
	{ field: 'KIND', label: 'Kind', show: (t) => titleKindLabel(t.kind) },
	{ field: 'YEAR', label: 'Year', show: (t) => (t.year === null ? '' : String(t.year)) },
	{ field: 'STATUS', label: 'Status', show: (t) => (t.status ? statusLabel(t.status) : '') },
	{ field: 'RUNTIME', label: 'Runtime', show: (t) => (t.runtime === null ? '' : `${t.runtime} min`) },
	{ field: 'GENRES', label: 'Genres', show: (t) => t.genres.join(', ') },
	{ field: 'STUDIOS', label: 'Studios', show: (t) => t.studios.join(', ') },
	{ field: 'TAGS', label: 'Tags', show: (t) => t.tags.join(', ') },
	{ field: 'SYNONYMS', label: 'Also known as', show: (t) => t.synonyms.join(', ') },
	{ field: 'OVERVIEW', label: 'Overview', show: (t) => t.overview ?? '' },
	{ field: 'RATING', label: 'Rating', show: (t) => (t.rating === null ? '' : t.rating.toFixed(1)) },
	{ field: 'VOTES', label: 'Votes', show: (t) => (t.votes === null ? '' : String(t.votes)) },
	{ field: 'POPULARITY', label: 'Popularity', show: (t) => (t.popularity === null ? '' : t.popularity.toFixed(1)) }
];

export const TITLE_STATUSES: readonly TitleStatus[] = ['ANNOUNCED', 'IN_PRODUCTION', 'RELEASED', 'CONTINUING', 'ENDED', 'CANCELLED'];

export function statusLabel(status: TitleStatus): string {
	const words = status.toLowerCase().replace('_', ' ');
	return words.charAt(0).toUpperCase() + words.slice(1);
}

export const SOURCE_LABELS = { USER: 'Edited by hand', PROVIDER: 'Provider', NFO: 'NFO file', PARSER: 'Catalog import' } as const;

/** What the edit form holds: text as typed, so half-typed numbers stay as they are. */
export interface TitleDraft {
	name: string;
	originalTitle: string;
	year: string;
	runtime: string;
	status: TitleStatus | '';
	genres: string;
	overview: string;
}

export function draftOf(title: EditableTitle): TitleDraft {
	return {
		name: title.name,
		originalTitle: title.originalTitle ?? '',
		year: title.year === null ? '' : String(title.year),
		runtime: title.runtime === null ? '' : String(title.runtime),
		status: title.status ?? '',
		genres: title.genres.join(', '),
		overview: title.overview ?? ''
	};
}

const list = (text: string) =>
	text
		.split(',')
		.map((part) => part.trim())
		.filter(Boolean);
const numberOrNull = (text: string) => (text.trim() === '' ? null : Number(text.trim()));
const textOrNull = (text: string) => (text.trim() === '' ? null : text.trim());

/** The update for what the draft changed compared with `base`; unchanged fields are left out. */
export function changesFrom(base: TitleDraft, draft: TitleDraft): TitleChanges {
	const changes: TitleChanges = {};
	if (draft.name.trim() !== base.name.trim()) changes.name = draft.name.trim();
	if (draft.originalTitle.trim() !== base.originalTitle.trim()) changes.originalTitle = textOrNull(draft.originalTitle);
	if (draft.year.trim() !== base.year.trim()) changes.year = numberOrNull(draft.year);
	if (draft.runtime.trim() !== base.runtime.trim()) changes.runtime = numberOrNull(draft.runtime);
	if (draft.status !== base.status) changes.status = draft.status === '' ? null : draft.status;
	if (list(draft.genres).join('\n') !== list(base.genres).join('\n')) changes.genres = list(draft.genres);
	if (draft.overview.trim() !== base.overview.trim()) changes.overview = textOrNull(draft.overview);
	return changes;
}

/** Fields both you and someone else changed since `base`, with their value and yours. */
export function conflictingFields(
	base: TitleDraft,
	mine: TitleDraft,
	theirs: TitleDraft
): { key: keyof TitleDraft; theirs: string; mine: string }[] {
	return (Object.keys(base) as (keyof TitleDraft)[])
		.filter((key) => mine[key] !== base[key] && theirs[key] !== base[key] && theirs[key] !== mine[key])
		.map((key) => ({ key, theirs: theirs[key], mine: mine[key] }));
}
