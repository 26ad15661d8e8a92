import type { Handle } from '@sveltejs/kit';
import { createUserClient } from '$lib/server/pocketbase-clients';
import { AUTH_COOKIE, authCookieOptions } from '$lib/server/auth-cookie';
import { toSessionUser } from '$lib/server/session-user';

export const handle: Handle = async ({ event, resolve }) => {
	const pb = createUserClient();
	const cookie = event.cookies.get(AUTH_COOKIE);
	event.locals.user = null;
	if (cookie) {
		pb.authStore.loadFromCookie(`${AUTH_COOKIE}=${encodeURIComponent(cookie)}`, AUTH_COOKIE);
		// The cookie's record is unsigned: trust nothing in it until PocketBase has re-read the user.
		if (pb.authStore.isValid) {
			try {
				const { record } = await pb.collection('users').authRefresh({ expand: 'authority' });
				event.locals.user = toSessionUser(record);
				event.cookies.set(AUTH_COOKIE, JSON.stringify({ token: pb.authStore.token, record: { id: record.id } }), authCookieOptions(event.url));
			} catch {
				pb.authStore.clear();
			}
		}
		if (!event.locals.user) {
			pb.authStore.clear();
			event.cookies.delete(AUTH_COOKIE, { path: '/' });
		}
	}
	event.locals.pb = pb;
	return resolve(event);
};
