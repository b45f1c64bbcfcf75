/** "45 seconds", "1 minute", "14 minutes", "2 hours": rounded up, so nobody is told to retry too early. */
export function formatDuration(seconds: number): string {
	const whole = Math.max(1, Math.ceil(seconds));
	const [amount, unit] =
		whole < 60 ? [whole, 'second'] : whole < 3600 ? [Math.ceil(whole / 60), 'minute'] : [Math.ceil(whole / 3600), 'hour'];
	return `${amount} ${unit}${amount === 1 ? '' : 's'}`;
}

export interface DateTimeFormat {
	/** BCP 47 locale; the runtime's default when omitted. */
	locale?: string;
	/** IANA time zone; the runtime's (in the browser: the viewer's) when omitted. */
	timeZone?: string;
}

/** An ISO timestamp as a short date and time, e.g. "21 Nov 2026, 10:31". */
export function formatDateTime(iso: string, { locale, timeZone }: DateTimeFormat = {}): string {
	const date = new Date(iso);
	if (Number.isNaN(date.getTime())) return iso;
	return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(date);
}

/** A size in bytes for people: "512 B", "4.2 MB", "1.3 GB" (powers of 1024). */
export function formatBytes(bytes: number): string {
	const units = ['B', 'KB', 'MB', 'GB', 'TB'];
	let value = bytes;
	let unit = 0;
	while (value >= 1024 && unit < units.length - 1) {
		value /= 1024;
		unit += 1;
	}
	return `${unit === 0 ? value : value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}
