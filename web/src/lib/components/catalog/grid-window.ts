/**
 * Which cards of a poster grid to render: the rows the viewport shows plus a few on either side.
 * Pure arithmetic, so the grid component only measures and renders.
 */

export interface GridGeometry {
	/** Inner width of the grid, px. */
	width: number;
	/** Narrowest a column may be, px (the CSS minmax minimum). */
	minColumn: number;
	/** Gap between columns, px. */
	columnGap: number;
	/** Height of one card, px (cards are all the same height). */
	rowHeight: number;
	/** Gap between rows, px. */
	rowGap: number;
}

/** As many columns as fit, at least one: what `repeat(auto-fill, minmax(min, 1fr))` would lay out. */
export function columnCount(width: number, minColumn: number, columnGap: number): number {
	if (width <= 0 || minColumn <= 0) return 1;
	return Math.max(1, Math.floor((width + columnGap) / (minColumn + columnGap)));
}

export interface GridRange {
	/** First rendered index (inclusive). */
	start: number;
	/** One past the last rendered index. */
	end: number;
	columns: number;
	/** Rows of the whole loaded list, rendered or not. */
	rows: number;
	/** Last row the viewport reaches (not counting overscan), for loading the next page early. */
	lastVisibleRow: number;
}

/**
 * The cards to render for a viewport showing `[top, bottom)` of the grid (px from the grid's top
 * edge; negative when the grid starts below the viewport's top), with `overscan` extra rows above
 * and below so a scroll by less than that never shows an empty row.
 */
export function gridRange(count: number, geometry: GridGeometry, top: number, bottom: number, overscan: number): GridRange {
	const columns = columnCount(geometry.width, geometry.minColumn, geometry.columnGap);
	const rows = Math.ceil(count / columns);
	const stride = Math.max(1, geometry.rowHeight + geometry.rowGap);
	const firstVisibleRow = Math.max(0, Math.floor(Math.max(0, top) / stride));
	const lastVisibleRow = Math.min(rows - 1, Math.max(0, Math.floor(Math.max(0, bottom) / stride)));
	const firstRow = Math.max(0, Math.min(firstVisibleRow, rows - 1) - overscan);
	const lastRow = Math.min(rows - 1, lastVisibleRow + overscan);
	if (rows === 0 || bottom <= 0) return { start: 0, end: Math.min(count, (overscan + 1) * columns), columns, rows, lastVisibleRow: 0 };
	return { start: firstRow * columns, end: Math.min(count, (lastRow + 1) * columns), columns, rows, lastVisibleRow };
}

/**
 * The indices to render: the range, plus `pinned` (the card holding keyboard focus) when it lies
 * outside, so scrolling away never takes focus from it. Ascending, so the DOM (and tab) order
 * stays the grid's order.
 */
export function renderedIndices(range: Pick<GridRange, 'start' | 'end'>, count: number, pinned: number | null): number[] {
	const indices: number[] = [];
	if (pinned !== null && pinned >= 0 && pinned < count && pinned < range.start) indices.push(pinned);
	for (let index = range.start; index < Math.min(range.end, count); index += 1) indices.push(index);
	if (pinned !== null && pinned >= 0 && pinned < count && pinned >= range.end) indices.push(pinned);
	return indices;
}
