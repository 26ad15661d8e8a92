import type { Handle, ServerInit } from '@sveltejs/kit';
import { createUserClient, serviceClient } from '$lib/server/pocketbase-clients';
import { startClockPoller } from '$lib/server/clock-poller';
import { AUTH_COOKIE, authCookieOptions } from '$lib/server/auth-cookie';
import { toSessionUser } from '$lib/server/session-user';

/** Clocks are checked by polling stored due times (HOMEWARD_POLL_MS, default 30 s; 0 turns it off). */
export const init: ServerInit = async () => {
	const interval = Number(process.env.HOMEWARD_POLL_MS ?? 30_000);
	if (interval > 0 && process.env.PB_SUPERUSER_EMAIL) startClockPoller(serviceClient, interval);
};

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
