import { describe, expect, it } from 'vitest';
import { authRedirect, safeNextPath, withNext } from './redirects.ts';

describe('safeNextPath', () => {
	it.each([
		['/', '/'],
		['/account', '/account'],
		['/account?tab=keys#new', '/account?tab=keys#new'],
		['/a/../account', '/account'],
		['/%2F%2Fevil.example', '/%2F%2Fevil.example']
	])('keeps the same-site path %s', (raw, expected) => {
		expect(safeNextPath(raw)).toBe(expected);
	});

	it.each([
		[null],
		[undefined],
		[''],
		['account'],
		['https://evil.example/'],
		['//evil.example/'],
		['///evil.example/'],
		['/\\evil.example/'],
		['\\/evil.example/'],
		['/\t/evil.example/'],
		['/\n/evil.example/'],
		['/..//evil.example/'],
		['/.//evil.example/'],
		['javascript:alert(1)'],
		[' /account'],
		['/login'],
		['/login?next=%2Faccount'],
		['/setup']
	])('refuses %j', (raw) => {
		expect(safeNextPath(raw)).toBe('/');
		expect(safeNextPath(raw, '/fallback')).toBe('/fallback');
	});
});

describe('withNext', () => {
	it('adds an encoded next parameter', () => {
		expect(withNext('/login', '/account?tab=keys')).toBe('/login?next=%2Faccount%3Ftab%3Dkeys');
	});

	it('leaves it out for the catalog and for unsafe targets', () => {
		expect(withNext('/login', '/')).toBe('/login');
		expect(withNext('/login', null)).toBe('/login');
		expect(withNext('/setup', '//evil.example')).toBe('/setup');
	});
});

describe('authRedirect', () => {
	const at = (href: string) => new URL(href, 'http://marquee.test');
	const signedIn = { setupRequired: false, signedIn: true };
	const signedOut = { setupRequired: false, signedIn: false };
	const firstRun = { setupRequired: true, signedIn: false };

	it.each([
		['/', '/setup'],
		['/account', '/setup?next=%2Faccount'],
		['/login?next=%2Faccount', '/setup'],
		['/setup', null]
	])('sends %s to setup while no user exists', (href, expected) => {
		expect(authRedirect(firstRun, at(href))).toBe(expected);
	});

	it.each([
		['/', '/login'],
		['/account?tab=keys', '/login?next=%2Faccount%3Ftab%3Dkeys'],
		['/login', null],
		['/login?next=%2Faccount', null],
		['/setup', '/login'],
		['/setup?next=%2Faccount', '/login?next=%2Faccount']
	])('sends a signed-out visitor of %s to sign in', (href, expected) => {
		expect(authRedirect(signedOut, at(href))).toBe(expected);
	});

	it.each([
		['/', null],
		['/account', null],
		['/login', '/'],
		['/login?next=%2Faccount', '/account'],
		['/login?next=https%3A%2F%2Fevil.example', '/'],
		['/setup?next=%2Faccount', '/account']
	])('lets a signed-in viewer see %s', (href, expected) => {
		expect(authRedirect(signedIn, at(href))).toBe(expected);
	});
});
