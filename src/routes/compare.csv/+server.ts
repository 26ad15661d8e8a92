import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { comparisonFromQuery } from '$lib/server/protocol-comparison';
import { comparisonCsv } from '$lib/protocol/compare';

export const GET: RequestHandler = async ({ locals, url }) => {
	if (!locals.user) error(401, 'Sign in to download a comparison.');
	const request = await comparisonFromQuery(locals.pb, url.searchParams);
	if (!request.comparison) {
		error(400, request.problems.join(' ') || 'Choose at least two protocol versions with p=code@version, for example ?p=walsall@2019.2&p=medway@2024.1.');
	}
	const name = request.comparison.columns.map((c) => `${c.id}-${c.version}`).join('_');
	return new Response(comparisonCsv(request.comparison), {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="compare_${name.replace(/[^a-zA-Z0-9._-]/g, '-')}.csv"`
		}
	});
};
