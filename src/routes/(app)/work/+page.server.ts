import type { RecordModel } from 'pocketbase';
import type { PageServerLoad } from './$types';
import { packageFromStored } from '$lib/server/stored-package';
import type { ProtocolPackage } from '$lib/protocol/types';
import { allowedEvents, type EpisodeSnapshot } from '$lib/protocol/lifecycle';
import { recordingUser } from '../guard';
import { taskRow } from './task-display';

const SHOWN = 200;

type WorkView = 'all' | 'team';

export const load: PageServerLoad = async ({ locals, url }) => {
	const user = recordingUser(locals, url);
	const view: WorkView = url.searchParams.get('view') === 'team' ? 'team' : 'all';
	const pb = locals.pb;
	// Read with the user's own token: PocketBase's rules decide which tasks they may see.
	let filter = pb.filter("authority = {:authority} && (status = 'open' || status = 'due' || status = 'overdue')", { authority: user.authorityId });
	if (view === 'team') {
		filter += user.team
			? ` && ${pb.filter('(team = {:team} || assignee = {:me})', { team: user.team, me: user.id })}`
			: ` && ${pb.filter('assignee = {:me}', { me: user.id })}`;
	}
	const page = await pb.collection('tasks').getList(1, SHOWN, { filter, sort: 'due_at', expand: 'child,episode' });

	// Which step records a task's form: looked up once per protocol version, not once per task.
	const packages = new Map<string, ProtocolPackage | null>();
	const packageFor = async (versionId: string) => {
		if (!packages.has(versionId)) {
			const v = await pb.collection('protocol_versions').getOne(versionId, { fields: 'package' }).catch(() => null);
			packages.set(versionId, v?.package === undefined ? null : packageFromStored(v.package));
		}
		return packages.get(versionId) ?? null;
	};
	const now = Date.now();
	const rows = [];
	for (const task of page.items) {
		const child = task.expand?.child as RecordModel | undefined;
		const episode = task.expand?.episode as RecordModel | undefined;
		let stepHref = '';
		if (episode && task.form_id) {
			const pkg = await packageFor(episode.protocol_version);
			const steps = pkg ? allowedEvents(pkg, episode.snapshot as EpisodeSnapshot).filter((s) => s.forms.some((f) => f.id === task.form_id)) : [];
			// When several steps take the form (an RHI completed, declined, not held…), the
			// practitioner chooses on the episode page; one step is linked straight to.
			const step = steps.length === 1 ? steps[0] : undefined;
			if (step) stepHref = `/episodes/${episode.id}/steps/${step.type}?form=${encodeURIComponent(task.form_id)}`;
		}
		rows.push({
			...taskRow(task, now),
			// Another council's child the user may not see: the task still shows, the name does not.
			childName: child ? `${child.given_name} ${child.family_name}` : 'A child your council cannot see',
			episodeHref: episode ? `/episodes/${episode.id}` : '',
			stepHref
		});
	}
	return { view, team: user.team, authority: user.authorityName, rows, total: page.totalItems, shown: SHOWN };
};
