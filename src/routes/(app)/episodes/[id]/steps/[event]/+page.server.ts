import { error, fail, redirect } from '@sveltejs/kit';
import { ClientResponseError, type RecordModel } from 'pocketbase';
import type { Actions, PageServerLoad } from './$types';
import { packageFromStored } from '$lib/server/stored-package';
import { allowedEvents, type EpisodeSnapshot } from '$lib/protocol/lifecycle';
import { applyFormControl, fieldValuesFromFormData, formControlOf } from '$lib/protocol/form-data';
import { errorMessages, type FieldError } from '$lib/protocol/form-errors';
import { serviceClient } from '$lib/server/pocketbase-clients';
import { receiveForm, type ReceivedForm } from '$lib/server/form-uploads';
import { prefillContext, recordStep } from '$lib/server/episode-commands';
import { recordingUser } from '../../../../guard';
import { stateLabel } from '../../../episode-display';

/** Form fields that are not answers: the seq the page was opened at, and which form was filled. */
const EXPECTED_SEQ = '_expectedSeq';
const FORM_ID = '_form';

async function visibleEpisode(locals: App.Locals, id: string): Promise<RecordModel> {
	try {
		// The user's own token: an episode PocketBase will not show them is not theirs to change.
		return await locals.pb.collection('episodes').getOne(id, { expand: 'child,child.authority,protocol_version' });
	} catch (err) {
		if (err instanceof ClientResponseError && (err.status === 404 || err.status === 403)) {
			error(404, { message: 'No episode with this reference is visible to you. Check the link, or open the child from your children list.' });
		}
		throw err;
	}
}

export const load: PageServerLoad = async ({ locals, url, params }) => {
	recordingUser(locals, url);
	const episode = await visibleEpisode(locals, params.id);
	const child = episode.expand!.child as RecordModel;
	const pkg = packageFromStored((episode.expand?.protocol_version as RecordModel).package);
	const state = stateLabel(pkg.lifecycle, episode.state);
	const base = {
		episode: { id: episode.id, state, seq: episode.seq as number },
		child: { id: child.id, name: `${child.given_name} ${child.family_name}` }
	};
	const step = allowedEvents(pkg, episode.snapshot as EpisodeSnapshot).find((s) => s.type === params.event);
	if (!step) {
		// Usually someone else moved the episode on since the link was shown: say so, do not 404.
		return { ...base, step: null, forms: [], formId: null, schema: null, context: null, targets: [] };
	}
	const chosen = step.forms.find((f) => f.id === url.searchParams.get('form')) ?? step.forms[0];
	const schema = chosen ? (pkg.forms[chosen.id] ?? null) : null;
	if (chosen && !schema) error(409, { message: `The protocol names a form '${chosen.id}' for this step but does not include it. Ask its safeguarding lead to fix the protocol.` });
	const responsible = (child.expand?.authority?.name as string | undefined) ?? '';
	return {
		...base,
		step: { type: step.type, label: step.label, description: step.description ?? '' },
		forms: step.forms,
		formId: chosen?.id ?? null,
		schema,
		context: schema ? prefillContext(child, responsible, episode, Date.now()) : null,
		targets: step.targets.filter((t) => t !== episode.state).map((t) => stateLabel(pkg.lifecycle, t))
	};
};

export const actions: Actions = {
	default: async ({ locals, url, params, request }) => {
		const user = recordingUser(locals, url);
		const posted = await request.formData();
		const expectedSeq = Number(posted.get(EXPECTED_SEQ));
		const formId = posted.get(FORM_ID);
		const service = await serviceClient();
		// Files first, whichever button was pressed: a chosen photo is never lost.
		const episode = await visibleEpisode(locals, params.id);
		const schema = typeof formId === 'string' ? (packageFromStored((episode.expand?.protocol_version as RecordModel).package).forms[formId] ?? null) : null;
		const received: ReceivedForm = schema
			? await receiveForm(posted, { schema, formId: formId as string, childId: episode.child, userPb: locals.pb, service, user })
			: { fields: fieldValuesFromFormData(posted), issues: [], uploads: {} };
		const { fields, uploads } = received;
		const keep = { fields, errors: schema ? errorMessages(schema, received.issues) : ([] as FieldError[]), uploads, expectedSeq };

		// Without JavaScript, "Add another", "Remove", "Move up/down" come here: change the form, show it again.
		const control = formControlOf(posted);
		if (control) return { ...keep, fields: schema ? applyFormControl(schema, fields, control) : fields };
		if (!Number.isInteger(expectedSeq)) {
			return fail(400, { ...keep, refusal: 'The page was missing the episode’s version. Open the step again from the episode page.' });
		}

		const result = await recordStep({
			service,
			userPb: locals.pb,
			user,
			episodeId: params.id,
			event: params.event,
			expectedSeq,
			form: typeof formId === 'string' && formId ? { id: formId, fields, received: received.issues } : undefined
		});
		if (result.ok) redirect(303, `/episodes/${result.episodeId}`);
		switch (result.kind) {
			case 'invalid':
				return fail(400, { ...keep, errors: result.errors });
			case 'conflict': {
				// The answers stay; the next submit is made knowing what changed, so it is checked
				// against the episode as it is now.
				const current = await locals.pb.collection('episodes').getOne(params.id, { fields: 'seq' });
				return fail(409, { ...keep, expectedSeq: current.seq as number, conflict: result.message });
			}
			case 'not-found':
				error(404, { message: result.message });
			case 'forbidden':
				error(403, { message: result.message });
			default:
				return fail(422, { ...keep, refusal: result.message });
		}
	}
};
