import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { loadBaseline, loadPackage, ProtocolNotFound } from '$lib/server/published-protocols';
import { requireSignedIn } from '$lib/server/signed-in';
import { checkCompliance } from '$lib/protocol/compliance';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	requireSignedIn(locals, url);
	try {
		const [subject, baseline] = await Promise.all([loadPackage(locals.pb, params.code, params.version), loadBaseline(locals.pb)]);
		return { report: checkCompliance(subject, baseline) };
	} catch (e) {
		if (e instanceof ProtocolNotFound) error(404, e.message);
		throw e;
	}
};
