import { error } from '@sveltejs/kit';
import { ClientResponseError, type RecordModel } from 'pocketbase';
import type { PageServerLoad } from './$types';
import { packageFromStored } from '$lib/server/stored-package';
import { summaryRows } from '$lib/protocol/form-summary';
import { fileAnswers } from '$lib/protocol/form-files';
import { protocolLabel } from '$lib/protocol/describe';
import { shownImages, uploadInfos } from '$lib/server/form-uploads';
import { serviceClient } from '$lib/server/pocketbase-clients';
import { episodeFactsOf } from '$lib/server/episode-records';
import { allowedEvents, type EpisodeSnapshot } from '$lib/protocol/lifecycle';
import { signedInUser } from '../../guard';
import { formatInstant, stateLabel } from '../episode-display';
import { eventLabel } from '../event-words';
import { taskRow } from '../../work/task-display';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const user = signedInUser(locals, url);
	let episode: RecordModel;
	try {
		// Read with the user's token: visible only to the child's councils.
		episode = await locals.pb.collection('episodes').getOne(params.id, { expand: 'child,protocol_version,rhi_authority' });
	} catch (err) {
		if (err instanceof ClientResponseError && (err.status === 404 || err.status === 403)) {
			error(404, { message: 'No episode with this reference is visible to you. Check the link, or open the child from your children list.' });
		}
		throw err;
	}
	const child = episode.expand?.child as RecordModel;
	const version = episode.expand?.protocol_version as RecordModel | undefined;
	const pkg = version?.package === undefined ? undefined : packageFromStored(version.package);
	const byEpisode = locals.pb.filter('episode = {:e}', { e: episode.id });
	const [submissions, events, tasks, notifications] = await Promise.all([
		locals.pb.collection('submissions').getFullList({ filter: byEpisode, sort: 'created' }),
		locals.pb.collection('events').getFullList({ filter: locals.pb.filter('stream = {:e}', { e: episode.id }), sort: 'seq', expand: 'actor' }),
		// Tasks and notifications through the user's token: each council sees what its rules allow.
		locals.pb.collection('tasks').getFullList({ filter: byEpisode, sort: 'due_at' }),
		locals.pb.collection('notifications').getFullList({ filter: byEpisode, sort: 'created' })
	]);
	// Files the forms name, read with the user's token like everything else here.
	const uploads = await uploadInfos(
		locals.pb,
		submissions.flatMap((s) => {
			const schema = pkg?.forms[s.form_id];
			return schema ? fileAnswers(schema, s.data as Record<string, unknown>).map((f) => f.id) : [];
		})
	);
	const now = Date.now();
	const canRecord = user.role === 'practitioner' || user.role === 'lead';
	// Steps that cannot apply to this child (another council's child only…) are not offered.
	const facts = pkg && canRecord ? (await episodeFactsOf(await serviceClient(), pkg, child, episode, now)).facts : undefined;
	const steps = pkg && canRecord ? allowedEvents(pkg, episode.snapshot as EpisodeSnapshot, facts) : [];
	return {
		child: { id: child.id, name: `${child.given_name} ${child.family_name}` },
		episode: {
			id: episode.id,
			state: stateLabel(pkg?.lifecycle, episode.state),
			risk: episode.risk_category ? (pkg?.protocol.riskCategories.find((r) => r.id === episode.risk_category)?.label ?? episode.risk_category) : 'Not yet graded',
			missingFrom: formatInstant(episode.missing_from),
			reportedAt: formatInstant(episode.reported_at),
			protocol: pkg ? protocolLabel(pkg) : '',
			seq: episode.seq as number,
			closed: Boolean(episode.closed_at),
			rhiTeam: (episode.rhi_team as string) || '',
			rhiAuthority: (episode.expand?.rhi_authority?.name as string | undefined) ?? ''
		},
		canRecord,
		steps: steps.map((s) => ({ type: s.type, label: s.label, forms: s.forms.map((f) => f.title), description: s.description ?? '' })),
		tasks: tasks.map((t) => taskRow(t, now)),
		notifications: notifications.map((n) => ({
			id: n.id,
			title: n.title as string,
			body: (n.body as string) || '',
			sentAt: formatInstant(n.created),
			dueBy: formatInstant(n.due_at)
		})),
		submissions: submissions.map((s) => {
			const schema = pkg?.forms[s.form_id];
			const data = s.data as Record<string, unknown>;
			return {
				id: s.id,
				title: schema?.title ?? s.form_id,
				version: s.form_version,
				submittedAt: formatInstant(s.created),
				rows: schema ? summaryRows(schema, data, uploads) : [],
				shownUploads: schema ? shownImages(schema, data, uploads) : []
			};
		}),
		events: events.map((e) => ({
			seq: e.seq as number,
			type: e.type as string,
			label: eventLabel(pkg?.lifecycle, e.type, e.payload as Record<string, unknown> | null),
			at: formatInstant(e.at),
			actor: (e.expand?.actor?.name as string | undefined) ?? ''
		}))
	};
};
