import type { PageServerLoad } from './$types';
import { signedInUser } from '../guard';
import { dateInWords, LEGAL_STATUS } from './display';

export const load: PageServerLoad = async ({ locals, url }) => {
	const user = signedInUser(locals, url);
	// The user's own token: PocketBase's rules decide which children are visible
	// (their council's, and other councils' children placed with them).
	const records = await locals.pb.collection('children').getFullList({
		sort: 'family_name,given_name',
		expand: 'authority,host_authority',
		fields: 'id,given_name,family_name,date_of_birth,legal_status,authority,host_authority,expand.authority.name,expand.host_authority.name'
	});
	return {
		canRecord: user.role === 'practitioner' || user.role === 'lead',
		children: records.map((c) => ({
			id: c.id,
			name: `${c.given_name} ${c.family_name}`,
			dateOfBirth: dateInWords(c.date_of_birth),
			legalStatus: LEGAL_STATUS[c.legal_status] ?? c.legal_status,
			responsible: c.expand?.authority?.name ?? '',
			placedWith: c.expand?.host_authority?.name ?? '',
			ownChild: c.authority === user.authorityId
		}))
	};
};
