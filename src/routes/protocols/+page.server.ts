import type { PageServerLoad } from './$types';
import { listPublished, BASELINE_CODE } from '$lib/server/published-protocols';
import { requireSignedIn } from '$lib/server/signed-in';

export const load: PageServerLoad = async ({ locals, url }) => {
	requireSignedIn(locals, url);
	return { protocols: await listPublished(locals.pb), baselineCode: BASELINE_CODE };
};
