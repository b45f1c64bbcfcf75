import { describe, expect, it } from 'vitest';
import { authRedirect } from './redirects.ts';

describe('shared list pages', () => {
	const at = (href: string) => new URL(href, 'http://marquee.test');
	it('open for signed-out visitors', () => {
		expect(authRedirect({ setupRequired: false, signedIn: false }, at('/l/abc123'))).toBeNull();
		expect(authRedirect({ setupRequired: false, signedIn: true }, at('/l/abc123'))).toBeNull();
	});
	it('other pages still need a sign-in', () => {
		expect(authRedirect({ setupRequired: false, signedIn: false }, at('/lists'))).toBe('/login?next=%2Flists');
	});
});
