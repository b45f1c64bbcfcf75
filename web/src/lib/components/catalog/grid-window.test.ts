import { describe, expect, it } from 'vitest';
import { columnCount, gridRange, renderedIndices, type GridGeometry } from './grid-window.ts';

// 900 px wide, 152 px minimum columns with 16 px gaps: 5 columns; rows 300 px + 20 px gap.
const geometry: GridGeometry = { width: 900, minColumn: 152, columnGap: 16, rowHeight: 300, rowGap: 20 };

describe('grid columns', () => {
	it('fits as many columns as auto-fill would, never fewer than one', () => {
		expect(columnCount(900, 152, 16)).toBe(5);
		expect(columnCount(1000, 152, 16)).toBe(6);
		expect(columnCount(152, 152, 16)).toBe(1);
		expect(columnCount(320, 152, 16)).toBe(2);
		expect(columnCount(100, 152, 16)).toBe(1);
		expect(columnCount(0, 152, 16)).toBe(1);
	});
});

describe('grid window', () => {
	it('renders the visible rows and the overscan around them, whatever the list length', () => {
		// Viewport over px 32,000-32,900: rows 100-102 (stride 320), 2 rows of overscan each side.
		const range = gridRange(5000, geometry, 32_000, 32_900, 2);
		expect(range).toEqual({ start: 98 * 5, end: 105 * 5, columns: 5, rows: 1000, lastVisibleRow: 102 });
		expect(gridRange(50_000, geometry, 32_000, 32_900, 2).end - gridRange(50_000, geometry, 32_000, 32_900, 2).start).toBe(35);
	});

	it('starts at the top while the grid is below the viewport top and stops at the last card', () => {
		expect(gridRange(5000, geometry, -200, 700, 1)).toMatchObject({ start: 0, end: 4 * 5, lastVisibleRow: 2 });
		const end = gridRange(23, geometry, 1000, 1900, 2);
		expect(end).toMatchObject({ start: 5, end: 23, rows: 5, lastVisibleRow: 4 });
	});

	it('renders the first rows when the grid is entirely below the viewport, and nothing for no titles', () => {
		expect(gridRange(5000, geometry, -2000, -1100, 2)).toMatchObject({ start: 0, end: 15 });
		expect(gridRange(0, geometry, 0, 900, 2)).toMatchObject({ start: 0, end: 0, rows: 0 });
	});

	it('keeps the focused card rendered outside the window, in order', () => {
		expect(renderedIndices({ start: 10, end: 13 }, 100, 2)).toEqual([2, 10, 11, 12]);
		expect(renderedIndices({ start: 10, end: 13 }, 100, 50)).toEqual([10, 11, 12, 50]);
		expect(renderedIndices({ start: 10, end: 13 }, 100, 11)).toEqual([10, 11, 12]);
		expect(renderedIndices({ start: 10, end: 13 }, 100, null)).toEqual([10, 11, 12]);
		expect(renderedIndices({ start: 10, end: 13 }, 20, 40)).toEqual([10, 11, 12]);
	});
});
