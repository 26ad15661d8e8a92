import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { serviceClient } from '$lib/server/pocketbase-clients';
import { visibleChild } from '$lib/server/child-access';
import { philomenaFor, profileVersions } from '$lib/server/philomena-profiles';
import { summarySections } from '$lib/protocol/form-summary';
import { fileAnswers } from '$lib/protocol/form-files';
import { uploadInfos } from '$lib/server/form-uploads';
import { formatLondon } from '$lib/protocol/london-time';
import { signedInUser } from '../../../guard';

/** The child's Philomena profile as recorded: the latest version, or an earlier one, never changed. */
export const load: PageServerLoad = async ({ locals, url, params }) => {
	const user = signedInUser(locals, url);
	const child = await visibleChild(locals.pb, params.id);
	if (!child) error(404, { message: 'No child with this reference is visible to you. Check the link, or find the child in your children list.' });
	const service = await serviceClient();
	const [versions, setup] = await Promise.all([profileVersions(locals.pb, service, child.id), philomenaFor(service, child, user)]);
	const wanted = url.searchParams.get('version');
	const shown = wanted ? versions.find((v) => v.id === wanted) : versions[0];
	if (wanted && !shown) error(404, { message: 'That version of the profile is not one of this child’s. Choose a version from the list.' });
	return {
		child: { id: child.id, name: `${child.given_name} ${child.family_name}` },
		canUpdate: (user.role === 'practitioner' || user.role === 'lead') && setup !== null,
		title: (shown?.schema ?? setup?.schema)?.title ?? 'Philomena Protocol profile',
		shown: shown
			? {
					id: shown.id,
					latest: shown.id === versions[0].id,
					at: formatLondon(shown.recordedAt),
					by: shown.author,
					council: shown.authorCouncil,
					protocol: shown.protocolTitle,
					episode: shown.episodeId,
					sections: summarySections(shown.schema, shown.data, await uploadInfos(locals.pb, fileAnswers(shown.schema, shown.data).map((a) => a.id)))
						.filter((s) => s.rows.length > 0)
						.map((s) => ({ id: s.page.id, title: s.page.title, rows: s.rows }))
				}
			: null,
		versions: versions.map((v) => ({ id: v.id, at: formatLondon(v.recordedAt), by: v.author }))
	};
};
