/**
 * The `expiresAt` for a key chosen to expire on a calendar day (an `<input type="date">` value):
 * the end of that day in the viewer's time zone. Null when no day (or no valid day) is given.
 */
export function endOfDay(day: string): string | null {
	const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
	if (!match) return null;
	const [year, month, date] = [Number(match[1]), Number(match[2]), Number(match[3])];
	const end = new Date(year, month - 1, date, 23, 59, 59, 999);
	// new Date rolls 2026-02-31 over into March; such a day does not exist.
	if (end.getFullYear() !== year || end.getMonth() !== month - 1 || end.getDate() !== date) return null;
	return end.toISOString();
}
