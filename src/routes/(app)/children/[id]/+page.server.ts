import { error } from '@sveltejs/kit';
import { ClientResponseError, type RecordModel } from 'pocketbase';
import type { PageServerLoad } from './$types';
import { packageFromStored } from '$lib/server/stored-package';
import type { ProtocolPackage } from '$lib/protocol/types';
import { signedInUser } from '../../guard';
import { dateInWords, EXPLOITATION_RISK, LEGAL_STATUS, SEX } from '../display';
import { stateLabel, formatInstant } from '../../episodes/episode-display';
import { childTimeline } from './timeline';
import { serviceClient } from '$lib/server/pocketbase-clients';
import { philomenaFor, profileVersions } from '$lib/server/philomena-profiles';
import { readDraft } from '$lib/server/form-drafts';
import { philomenaDraftKey } from '$lib/server/form-targets';
import { formatLondon } from '$lib/protocol/london-time';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const user = signedInUser(locals, url);
	let child: RecordModel;
	try {
		child = await locals.pb.collection('children').getOne(params.id, { expand: 'authority,host_authority' });
	} catch (err) {
		if (err instanceof ClientResponseError && (err.status === 404 || err.status === 403)) {
			error(404, { message: 'No child with this reference is visible to you. Check the link, or find the child in your children list.' });
		}
		throw err;
	}
	const episodes = await locals.pb.collection('episodes').getFullList({
		filter: locals.pb.filter('child = {:child}', { child: child.id }),
		sort: '-reported_at',
		expand: 'protocol_version',
		fields: 'id,state,risk_category,missing_from,reported_at,returned_at,closed_at,expand.protocol_version.package'
	});
	const byChild = locals.pb.filter('child = {:child}', { child: child.id });
	// All through the user's token: the timeline shows only what their council may see.
	const [submissions, events, tasks, notifications] = await Promise.all([
		locals.pb.collection('submissions').getFullList({ filter: byChild, fields: 'id,episode,form_id,created' }),
		locals.pb.collection('events').getFullList({ filter: byChild, sort: 'at', expand: 'actor', fields: 'id,episode,type,at,payload,expand.actor.name' }),
		locals.pb.collection('tasks').getFullList({ filter: byChild }),
		locals.pb.collection('notifications').getFullList({ filter: byChild })
	]);
	// Parsed once per version, however many episodes share it.
	const byVersion = new Map<unknown, ProtocolPackage>();
	const packageOfEpisode = (e: RecordModel): ProtocolPackage | undefined => {
		const stored = e.expand?.protocol_version?.package;
		if (stored === undefined) return undefined;
		if (!byVersion.has(stored)) byVersion.set(stored, packageFromStored(stored));
		return byVersion.get(stored);
	};
	const packages = new Map(episodes.map((e) => [e.id, packageOfEpisode(e)]));
	const canRecord = user.role === 'practitioner' || user.role === 'lead';

	// The Philomena profile: the protocol that asks for one (the child's council's, else the
	// user's own), and the versions recorded so far, whoever's protocol they followed.
	const service = await serviceClient();
	const [setup, profiles] = await Promise.all([philomenaFor(service, child, user), profileVersions(locals.pb, service, child.id)]);
	const draft = setup ? await readDraft(service, philomenaDraftKey(child.id, setup.schema.$id)) : null;
	const latest = profiles[0];
	const childForms = new Map(profiles.map((p) => [p.id, { title: `${p.schema.title} recorded`, by: p.author }]));
	return {
		timeline: childTimeline({ episodes, submissions, events, tasks, notifications, packages, childForms, now: Date.now() }),
		canRecord,
		philomena:
			setup || latest
				? {
						title: (setup?.schema ?? latest!.schema).title,
						protocol: setup ? setup.pkg.protocol.metadata.title : latest!.protocolTitle,
						appliesTo: setup?.philomena.appliesTo ?? '',
						preparedBy: setup?.philomena.preparedBy ?? '',
						sharedWith: setup?.philomena.sharedWith ?? [],
						canPrepare: canRecord && setup !== null,
						latest: latest ? { at: formatLondon(latest.recordedAt), by: latest.author, council: latest.authorCouncil } : null,
						versions: profiles.length,
						draft: draft ? { at: formatLondon(draft.savedAt), by: draft.savedBy } : null
					}
				: null,
		child: {
			id: child.id,
			name: `${child.given_name} ${child.family_name}`,
			dateOfBirth: dateInWords(child.date_of_birth),
			sex: SEX[child.sex] ?? 'Not recorded',
			ethnicity: child.ethnicity || 'Not recorded',
			legalStatus: LEGAL_STATUS[child.legal_status] ?? child.legal_status,
			responsible: child.expand?.authority?.name ?? '',
			placedWith: child.expand?.host_authority?.name ?? '',
			openToServices: child.open_to_services ? 'Yes' : 'No',
			exploitationRisk: EXPLOITATION_RISK[child.exploitation_risk] ?? 'Not recorded'
		},
		episodes: episodes.map((e) => {
			const lifecycle = packages.get(e.id)?.lifecycle;
			return {
				id: e.id,
				state: stateLabel(lifecycle, e.state),
				risk: e.risk_category || 'Not yet graded',
				missingFrom: formatInstant(e.missing_from),
				reportedAt: formatInstant(e.reported_at),
				returnedAt: formatInstant(e.returned_at)
			};
		})
	};
};
