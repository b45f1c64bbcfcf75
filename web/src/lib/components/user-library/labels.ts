import type { LibraryStatus } from '#lib/graphql/user-library/library.ts';

export const STATUS_LABELS: Record<LibraryStatus, string> = {
	WATCHING: 'Watching',
	PLANNED: 'Planned',
	COMPLETED: 'Completed',
	ON_HOLD: 'On hold',
	DROPPED: 'Dropped'
};

export const STATUSES = Object.keys(STATUS_LABELS) as LibraryStatus[];

/** `S01E02` for an episode, nothing for a movie. */
export function episodeLabel(season: number | null, episode: number | null): string {
	if (season === null || episode === null) return '';
	return `S${String(season).padStart(2, '0')}E${String(episode).padStart(2, '0')}`;
}

/** How far playback got, as a whole percentage. */
export const percent = (position: number, duration: number) => Math.min(100, Math.round((position / duration) * 100));
