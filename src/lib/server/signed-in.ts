import { redirect } from '@sveltejs/kit';
import type { SessionUser } from './session-user.js';

/** The signed-in user, or a redirect to the sign-in page that comes back here afterwards. */
export function requireSignedIn(locals: { user: SessionUser | null }, url: URL): SessionUser {
	if (!locals.user) redirect(303, `/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
	return locals.user;
}
