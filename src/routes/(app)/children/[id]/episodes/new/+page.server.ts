import { error, fail, redirect } from '@sveltejs/kit';
import { ClientResponseError, type RecordModel } from 'pocketbase';
import type { Actions, PageServerLoad } from './$types';
import { serviceClient } from '$lib/server/pocketbase-clients';
import { activeVersionFor, createEpisode, MISSING_REPORT_FORM, prefillContext } from '$lib/server/episode-commands';
import { packageOf } from '$lib/server/episode-records';
import { applyFormControl, formControlOf } from '$lib/protocol/form-data';
import { errorMessages } from '$lib/protocol/form-errors';
import { receiveForm } from '$lib/server/form-uploads';
import type { SessionUser } from '$lib/server/session-user';
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

/** The missing report the child's episode would be recorded with, or a page saying why there is none. */
async function missingReport(locals: App.Locals, childId: string, user: SessionUser) {
	const child = await visibleChild(locals, childId);
	const service = await serviceClient();
	const versionId = await activeVersionFor(service, child, user);
	if (!versionId) {
		error(409, { message: 'Neither the child’s council nor yours has published a protocol in Homeward, so there is no missing report to fill in. Ask your safeguarding lead to publish one.' });
	}
	const pkg = await packageOf(service, versionId);
	const schema = pkg.forms[MISSING_REPORT_FORM];
	if (!schema) error(409, { message: `The protocol ${pkg.protocol.metadata.title} has no missing report form. Ask its safeguarding lead to add one.` });
	return { child, service, pkg, schema };
}

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const user = recordingUser(locals, url);
	const { child, pkg, schema } = await missingReport(locals, params.id, user);
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
		const { child, service, schema } = await missingReport(locals, params.id, user);
		const posted = await request.formData();
		// Files first, whichever button was pressed: a chosen photo is never lost.
		const { fields, issues, uploads } = await receiveForm(posted, { schema, formId: MISSING_REPORT_FORM, childId: child.id, userPb: locals.pb, service, user });

		// Without JavaScript, "Add another", "Remove", "Move up/down" come here: change the form, show it again.
		const control = formControlOf(posted);
		if (control) return { fields: applyFormControl(schema, fields, control), errors: errorMessages(schema, issues), uploads };

		const result = await createEpisode({ service, userPb: locals.pb, user, childId: params.id, fields, received: issues });
		if (result.ok) redirect(303, `/episodes/${result.episodeId}`);
		switch (result.kind) {
			case 'invalid':
				return fail(400, { fields, errors: result.errors, uploads });
			case 'not-found':
				error(404, { message: result.message });
			case 'forbidden':
				error(403, { message: result.message });
			default:
				return fail(409, { fields, errors: errorMessages(schema, issues), uploads, refusal: result.message });
		}
	}
};
