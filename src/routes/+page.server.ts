import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';

/** Home sends each person to where their work is. */
export const load: PageServerLoad = async ({ locals }) => {
	if (!locals.user) redirect(303, '/login');
	redirect(303, locals.user.role === 'auditor' ? '/protocols' : '/children');
};
