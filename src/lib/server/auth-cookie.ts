export const AUTH_COOKIE = 'pb_auth';

export interface AuthCookieOptions {
	path: string;
	httpOnly: boolean;
	sameSite: 'lax';
	secure: boolean;
	maxAge: number;
}

export function authCookieOptions(url: URL): AuthCookieOptions {
	return {
		path: '/',
		httpOnly: true,
		// Lax so a link from an email (a task reminder) arrives signed in.
		sameSite: 'lax',
		secure: url.protocol === 'https:',
		maxAge: 60 * 60 * 24 * 5
	};
}
