import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { AUTH_COOKIE } from '$lib/server/auth-cookie';

// Signing out is a POST (a link or prefetch must never sign someone out); a GET just goes home.
export const load: PageServerLoad = async () => {
	redirect(303, '/');
};

export const actions: Actions = {
	default: async ({ cookies, locals }) => {
		locals.pb.authStore.clear();
		cookies.delete(AUTH_COOKIE, { path: '/' });
		redirect(303, '/login');
	}
};
