import type { PageServerLoad } from './$types';
import { listPublished } from '$lib/server/published-protocols';
import { comparisonFromQuery } from '$lib/server/protocol-comparison';
import { requireSignedIn } from '$lib/server/signed-in';

export const load: PageServerLoad = async ({ locals, url }) => {
	requireSignedIn(locals, url);
	const [protocols, request] = await Promise.all([listPublished(locals.pb), comparisonFromQuery(locals.pb, url.searchParams)]);
	return { protocols, ...request, query: url.searchParams.toString() };
};
