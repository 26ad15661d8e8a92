import { error, redirect } from '@sveltejs/kit';
import type { SessionUser } from '$lib/server/session-user';

/**
 * The signed-in user, or a redirect to sign in that comes back here. Called by every load and
 * action in this group: a layout's load does not run before a form action, so it cannot guard one.
 */
export function signedInUser(locals: App.Locals, url: URL): SessionUser {
	if (!locals.user) redirect(303, `/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
	return locals.user;
}

/** Only practitioners and leads record children and episodes; auditors read protocols. */
export function recordingUser(locals: App.Locals, url: URL): SessionUser {
	const user = signedInUser(locals, url);
	if (user.role !== 'practitioner' && user.role !== 'lead') {
		error(403, { message: 'Only practitioners and safeguarding leads can record children and missing episodes.' });
	}
	return user;
}
