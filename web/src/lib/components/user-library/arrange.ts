/** An entry's place: the section it is in (null: before the first section). */
export interface Placed {
	id: string;
	sectionId: string | null;
}

/**
 * The entries after moving `entryId` into `sectionId`, before `beforeId` (or to the end of that
 * section), grouped in section order as the server keeps them.
 */
export function moveEntry<E extends Placed>(entries: readonly E[], sectionOrder: readonly string[], entryId: string, sectionId: string | null, beforeId: string | null): E[] {
	const moving = entries.find((e) => e.id === entryId);
	if (!moving || beforeId === entryId) return [...entries];
	const rest = entries.filter((e) => e.id !== entryId);
	const moved = { ...moving, sectionId };
	const at = beforeId ? rest.findIndex((e) => e.id === beforeId) : -1;
	if (at >= 0) rest.splice(at, 0, moved);
	else rest.push(moved);
	const rank = new Map<string | null, number>([[null, -1], ...sectionOrder.map((id, i) => [id, i] as const)]);
	return rest.map((e, i) => ({ e, i })).sort((a, b) => rank.get(a.e.sectionId)! - rank.get(b.e.sectionId)! || a.i - b.i).map((x) => x.e);
}
