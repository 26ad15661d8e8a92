import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { loadPackage, versionsOf, ProtocolNotFound, BASELINE_CODE } from '$lib/server/published-protocols';
import { requireSignedIn } from '$lib/server/signed-in';
import { normalise, SECTIONS } from '$lib/protocol/normalise';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	requireSignedIn(locals, url);
	try {
		const pkg = await loadPackage(locals.pb, params.code, params.version);
		const normalised = normalise(pkg);
		const sections = SECTIONS.map((title) => ({ title, parameters: normalised.parameters.filter((p) => p.section === title) })).filter(
			(s) => s.parameters.length > 0
		);
		const versions = (await versionsOf(locals.pb, params.code)).map((v) => v.version);
		return {
			ref: normalised.ref,
			changeSummary: pkg.protocol.metadata.changeSummary ?? null,
			sections,
			versions,
			isBaseline: params.code === BASELINE_CODE
		};
	} catch (e) {
		if (e instanceof ProtocolNotFound) error(404, e.message);
		throw e;
	}
};
