import { error } from '@sveltejs/kit';
import { ClientResponseError, type RecordModel } from 'pocketbase';
import type { PageServerLoad } from './$types';
import type { ProtocolPackage } from '$lib/protocol/types';
import { summaryRows } from '$lib/protocol/form-summary';
import { signedInUser } from '../../guard';
import { formatInstant, stateLabel } from '../episode-display';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	signedInUser(locals, url);
	let episode: RecordModel;
	try {
		// Read with the user's token: visible only to the child's councils.
		episode = await locals.pb.collection('episodes').getOne(params.id, { expand: 'child,protocol_version' });
	} catch (err) {
		if (err instanceof ClientResponseError && (err.status === 404 || err.status === 403)) {
			error(404, { message: 'No episode with this reference is visible to you. Check the link, or open the child from your children list.' });
		}
		throw err;
	}
	const child = episode.expand?.child as RecordModel;
	const version = episode.expand?.protocol_version as RecordModel | undefined;
	const pkg = version?.package as ProtocolPackage | undefined;
	const [submissions, events] = await Promise.all([
		locals.pb.collection('submissions').getFullList({ filter: locals.pb.filter('episode = {:e}', { e: episode.id }), sort: 'created' }),
		locals.pb.collection('events').getFullList({ filter: locals.pb.filter('stream = {:e}', { e: episode.id }), sort: 'seq', expand: 'actor' })
	]);
	return {
		child: { id: child.id, name: `${child.given_name} ${child.family_name}` },
		episode: {
			id: episode.id,
			state: stateLabel(pkg?.lifecycle, episode.state),
			risk: episode.risk_category ? (pkg?.protocol.riskCategories.find((r) => r.id === episode.risk_category)?.label ?? episode.risk_category) : 'Not yet graded',
			missingFrom: formatInstant(episode.missing_from),
			reportedAt: formatInstant(episode.reported_at),
			protocol: pkg ? `${pkg.protocol.metadata.title}, version ${pkg.protocol.metadata.version}` : ''
		},
		submissions: submissions.map((s) => {
			const schema = pkg?.forms[s.form_id];
			return {
				id: s.id,
				title: schema?.title ?? s.form_id,
				version: s.form_version,
				submittedAt: formatInstant(s.created),
				rows: schema ? summaryRows(schema, s.data as Record<string, unknown>) : []
			};
		}),
		events: events.map((e) => ({
			seq: e.seq as number,
			type: e.type as string,
			at: formatInstant(e.at),
			actor: (e.expand?.actor?.name as string | undefined) ?? ''
		}))
	};
};
