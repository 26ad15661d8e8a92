import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { loadPackage, versionsOf, ProtocolNotFound } from '$lib/server/published-protocols';
import { requireSignedIn } from '$lib/server/signed-in';
import { diffVersions } from '$lib/protocol/version-diff';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	requireSignedIn(locals, url);
	const versions = (await versionsOf(locals.pb, params.code)).map((v) => v.version);
	if (versions.length === 0) error(404, `There is no published protocol '${params.code}'.`);
	const to = url.searchParams.get('to') || versions[versions.length - 1];
	const from = url.searchParams.get('from') || versions[Math.max(0, versions.indexOf(to) - 1)];
	const problems: string[] = [];
	if (!versions.includes(from)) problems.push(`There is no published version ${from}: choose one of ${versions.join(', ')}.`);
	if (!versions.includes(to)) problems.push(`There is no published version ${to}: choose one of ${versions.join(', ')}.`);
	if (problems.length) return { code: params.code, versions, from, to, problems, diff: null };
	try {
		const [a, b] = await Promise.all([loadPackage(locals.pb, params.code, from), loadPackage(locals.pb, params.code, to)]);
		return { code: params.code, versions, from, to, problems, diff: diffVersions(a, b) };
	} catch (e) {
		if (e instanceof ProtocolNotFound) error(404, e.message);
		throw e;
	}
};
