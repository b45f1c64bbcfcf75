import { describe, expect, it } from 'vitest';
import { cookieHeader, forwardedFor, reissueCookie } from './ssr-forwarding.ts';

const NOW = Date.parse('2026-11-21T10:00:00Z');
const EPOCH = new Date(0);

describe('reissueCookie', () => {
	it('keeps every attribute the API chose and the raw value', () => {
		const cookie = reissueCookie(
			{
				name: 'mq_access',
				value: 'eyJ.a%2Fb',
				path: '/',
				expires: new Date('2026-11-21T10:15:00Z'),
				httpOnly: true,
				sameSite: 'strict'
			},
			NOW
		);
		expect(cookie.name).toBe('mq_access');
		expect(cookie.value).toBe('eyJ.a%2Fb');
		expect(cookie.options).toMatchObject({
			path: '/',
			httpOnly: true,
			secure: false,
			sameSite: 'strict',
			expires: new Date('2026-11-21T10:15:00Z')
		});
		expect(cookie.options.maxAge).toBeUndefined();
		expect(cookie.options.encode?.('a%2Fb')).toBe('a%2Fb');
	});

	it('keeps Secure when the API set it', () => {
		const cookie = reissueCookie(
			{ name: 'mq_refresh', value: 'r', path: '/', httpOnly: true, secure: true, sameSite: 'strict' },
			NOW
		);
		expect(cookie.options.secure).toBe(true);
	});

	it('spells out what the API left out, so no framework default sneaks in', () => {
		expect(reissueCookie({ name: 'plain', value: '1' }, NOW).options).toMatchObject({
			path: '/',
			httpOnly: false,
			secure: false,
			sameSite: false
		});
	});

	it.each([
		[{ expires: EPOCH }],
		[{ maxAge: 0 }]
	])('marks a cookie the API clears (%o) with Max-Age=0', (clearing) => {
		const cookie = reissueCookie({ name: 'mq_access', value: '', path: '/', httpOnly: true, ...clearing }, NOW);
		expect(cookie.value).toBe('');
		expect(cookie.options.maxAge).toBe(0);
	});
});

describe('cookieHeader', () => {
	it('joins name=value pairs and drops cleared cookies', () => {
		expect(
			cookieHeader([
				{ name: 'mq_access', value: 'a.b.c' },
				{ name: 'mq_refresh', value: '' },
				{ name: 'theme', value: 'dark' }
			])
		).toBe('mq_access=a.b.c; theme=dark');
		expect(cookieHeader([{ name: 'mq_refresh', value: '' }])).toBeNull();
	});
});

describe('forwardedFor', () => {
	it.each([
		[null, '203.0.113.7', '203.0.113.7'],
		['198.51.100.1', '127.0.0.1', '198.51.100.1, 127.0.0.1'],
		['  ', '2001:db8::1', '2001:db8::1'],
		[null, null, null]
	])('%j then %j gives %j', (existing, client, expected) => {
		expect(forwardedFor(existing, client)).toBe(expected);
	});
});
