import { error, fail, redirect } from '@sveltejs/kit';
import { ClientResponseError, type RecordModel } from 'pocketbase';
import type { Actions, PageServerLoad } from './$types';
import { serviceClient } from '$lib/server/pocketbase-clients';
import { activeVersionFor, createEpisode, MISSING_REPORT_FORM, prefillContext } from '$lib/server/episode-commands';
import { packageOf } from '$lib/server/episode-records';
import {
	ADD_ITEM,
	REMOVE_ITEM,
	addItem,
	fieldValuesFromFormData,
	parseItemRef,
	removeItem,
	type FieldValues
} from '$lib/protocol/form-data';
import type { FieldError } from '$lib/protocol/form-errors';
import { recordingUser } from '../../../../guard';

async function visibleChild(locals: App.Locals, id: string): Promise<RecordModel> {
	try {
		// The user's own token: if PocketBase will not show them the child, they cannot report on it.
		return await locals.pb.collection('children').getOne(id, { expand: 'authority' });
	} catch (err) {
		if (err instanceof ClientResponseError && (err.status === 404 || err.status === 403)) {
			error(404, { message: 'No child with this reference is visible to you. Check the link, or find the child in your children list.' });
		}
		throw err;
	}
}

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const user = recordingUser(locals, url);
	const child = await visibleChild(locals, params.id);
	const service = await serviceClient();
	const versionId = await activeVersionFor(service, child, user);
	if (!versionId) {
		error(409, { message: 'Neither the child’s council nor yours has published a protocol in Homeward, so there is no missing report to fill in. Ask your safeguarding lead to publish one.' });
	}
	const pkg = await packageOf(service, versionId);
	const schema = pkg.forms[MISSING_REPORT_FORM];
	if (!schema) error(409, { message: `The protocol ${pkg.protocol.metadata.title} has no missing report form. Ask its safeguarding lead to add one.` });
	const responsible = (child.expand?.authority?.name as string | undefined) ?? '';
	return {
		child: { id: child.id, name: `${child.given_name} ${child.family_name}` },
		protocol: { title: pkg.protocol.metadata.title, version: pkg.protocol.metadata.version, authority: pkg.protocol.metadata.authority.name },
		schema,
		context: prefillContext(child, responsible, null, Date.now())
	};
};

export const actions: Actions = {
	default: async ({ locals, url, params, request }) => {
		const user = recordingUser(locals, url);
		const form = await request.formData();
		let fields: FieldValues = fieldValuesFromFormData(form);

		// Without JavaScript, "Add another" and "Remove" come here: change the items, show the form again.
		const add = form.get(ADD_ITEM);
		const remove = form.get(REMOVE_ITEM);
		if (typeof add === 'string' && add) return { fields: addItem(fields, add), errors: [] as FieldError[] };
		if (typeof remove === 'string') {
			const ref = parseItemRef(remove);
			if (ref) fields = removeItem(fields, ref.path, ref.index);
			return { fields, errors: [] as FieldError[] };
		}

		const result = await createEpisode({ service: await serviceClient(), userPb: locals.pb, user, childId: params.id, fields });
		if (result.ok) redirect(303, `/episodes/${result.episodeId}`);
		switch (result.kind) {
			case 'invalid':
				return fail(400, { fields, errors: result.errors });
			case 'not-found':
				error(404, { message: result.message });
			case 'forbidden':
				error(403, { message: result.message });
			default:
				return fail(409, { fields, errors: [] as FieldError[], refusal: result.message });
		}
	}
};
