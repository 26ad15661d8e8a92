import { fail, redirect } from '@sveltejs/kit';
import { ClientResponseError } from 'pocketbase';
import type { Actions, PageServerLoad } from './$types';
import { createUserClient } from '$lib/server/pocketbase-clients';
import { AUTH_COOKIE, authCookieOptions } from '$lib/server/auth-cookie';

/** Only paths on this site: an open redirect would let a link send someone elsewhere after sign-in. */
function safeRedirect(target: string | null): string {
	return target && target.startsWith('/') && !target.startsWith('//') && !target.startsWith('/\\') ? target : '/';
}

export const load: PageServerLoad = async ({ locals, url }) => {
	if (locals.user) redirect(303, safeRedirect(url.searchParams.get('redirectTo')));
	return {};
};

export const actions: Actions = {
	default: async ({ request, cookies, url }) => {
		const form = await request.formData();
		const email = String(form.get('email') ?? '').trim();
		const password = String(form.get('password') ?? '');
		const errors: Array<{ field: 'email' | 'password'; message: string }> = [];
		if (!email) errors.push({ field: 'email', message: 'Enter your email address' });
		else if (!/^[^\s@]+@[^\s@]+$/.test(email) || email.length > 254) {
			errors.push({ field: 'email', message: 'Enter an email address in the correct format, like name@example.com' });
		}
		if (!password) errors.push({ field: 'password', message: 'Enter your password' });
		if (errors.length) return fail(400, { email, errors });

		// A fresh client per attempt: nothing of another request's auth can leak in.
		const pb = createUserClient();
		try {
			const auth = await pb.collection('users').authWithPassword(email, password);
			cookies.set(AUTH_COOKIE, JSON.stringify({ token: auth.token, record: { id: auth.record.id } }), authCookieOptions(url));
		} catch (err) {
			if (err instanceof ClientResponseError && (err.status === 400 || err.status === 401 || err.status === 403)) {
				return fail(400, {
					email,
					errors: [{ field: 'password' as const, message: 'The email address or password is not right: check them and try again' }]
				});
			}
			return fail(503, {
				email,
				errors: [{ field: 'email' as const, message: 'Sign-in is not available right now: try again in a few minutes' }]
			});
		}
		redirect(303, safeRedirect(url.searchParams.get('redirectTo')));
	}
};
