import type { RecordModel } from 'pocketbase';
import type { PageServerLoad } from './$types';
import { signedInUser } from '../guard';
import { formatInstant } from '../episodes/episode-display';
import { dateInWords } from '../children/display';

const SHOWN = 200;

/** Labels for what a protocol may share with another council about a child. */
const SHARED_LABELS: Record<string, string> = { childName: 'Child', dateOfBirth: 'Date of birth' };

function sharedRows(shared: unknown): Array<{ label: string; value: string }> {
	if (!shared || typeof shared !== 'object') return [];
	return Object.entries(shared as Record<string, unknown>)
		.filter(([, v]) => typeof v === 'string' && v !== '')
		.map(([k, v]) => ({ label: SHARED_LABELS[k] ?? k, value: k === 'dateOfBirth' ? dateInWords(String(v)) : String(v) }));
}

function recipientWords(recipient: string): string {
	const words = recipient.replace(/-/g, ' ');
	return words.charAt(0).toUpperCase() + words.slice(1);
}

export const load: PageServerLoad = async ({ locals, url }) => {
	const user = signedInUser(locals, url);
	// The user's own token: PocketBase shows a council only the notifications sent to it, and
	// the expanded child and episode only when that council may see them.
	const page = await locals.pb.collection('notifications').getList(1, SHOWN, {
		filter: locals.pb.filter('authority = {:a}', { a: user.authorityId }),
		sort: '-created',
		expand: 'child,episode'
	});
	return {
		authority: user.authorityName,
		total: page.totalItems,
		shown: SHOWN,
		notifications: page.items.map((n) => {
			const child = n.expand?.child as RecordModel | undefined;
			const episode = n.expand?.episode as RecordModel | undefined;
			const shared = sharedRows(n.shared);
			return {
				id: n.id,
				title: n.title as string,
				body: (n.body as string) || '',
				to: recipientWords(String(n.recipient)),
				sentAt: formatInstant(n.created),
				dueBy: formatInstant(n.due_at),
				// Another council's notification carries what its protocol shares; nothing more is looked up.
				about: shared.length ? shared : child ? [{ label: 'Child', value: `${child.given_name} ${child.family_name}` }] : [],
				fromAnotherCouncil: shared.length > 0,
				episodeHref: episode ? `/episodes/${episode.id}` : ''
			};
		})
	};
};
