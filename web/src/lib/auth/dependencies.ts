/** `depends()` keys, so a change re-runs exactly the loads that read it. */
export const AUTH_DEPENDENCY = 'marquee:auth';
export const ACCOUNT_DEPENDENCY = 'marquee:account';
