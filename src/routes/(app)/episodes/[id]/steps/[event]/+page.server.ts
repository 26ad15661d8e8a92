import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { ClientResponseError, type RecordModel } from 'pocketbase';
import type { Actions, PageServerLoad } from './$types';
import { allowedEvents, type EpisodeSnapshot } from '$lib/protocol/lifecycle';
import { serviceClient } from '$lib/server/pocketbase-clients';
import { recordStep } from '$lib/server/episode-commands';
import { packageOf } from '$lib/server/episode-records';
import { isProblem, resolveTarget, type FormTarget } from '$lib/server/form-targets';
import { journeyActions, loadJourney } from '$lib/server/form-journey';
import { recordingUser } from '../../../../guard';
import { stateLabel } from '../../../episode-display';

/** A confirmation's field that is not an answer: the seq the page was opened at. */
const EXPECTED_SEQ = '_expectedSeq';

async function visibleEpisode(locals: App.Locals, id: string): Promise<RecordModel> {
	try {
		// The user's own token: an episode PocketBase will not show them is not theirs to change.
		return await locals.pb.collection('episodes').getOne(id, { expand: 'child' });
	} catch (err) {
		if (err instanceof ClientResponseError && (err.status === 404 || err.status === 403)) {
			error(404, { message: 'No episode with this reference is visible to you. Check the link, or open the child from your children list.' });
		}
		throw err;
	}
}

/** The step's form being filled: the one named by `?form=`, else the step's first. */
async function stepForm(event: Pick<RequestEvent, 'locals' | 'url' | 'params'>, formId?: string, episode?: RecordModel): Promise<FormTarget> {
	const user = recordingUser(event.locals, event.url);
	const form = formId ?? event.url.searchParams.get('form') ?? '';
	const target = await resolveTarget(
		{ kind: 'step', episode: event.params.id ?? '', event: event.params.event ?? '', form },
		{ userPb: event.locals.pb, service: await serviceClient(), user, episode }
	);
	if (isProblem(target)) error(target.status, { message: target.message });
	return target;
}

export const load: PageServerLoad = async (event) => {
	const { locals, url, params } = event;
	recordingUser(locals, url);
	const episode = await visibleEpisode(locals, params.id);
	const child = episode.expand!.child as RecordModel;
	const pkg = await packageOf(await serviceClient(), episode.protocol_version);
	const state = stateLabel(pkg.lifecycle, episode.state);
	const base = {
		episode: { id: episode.id, state, seq: episode.seq as number },
		child: { id: child.id, name: `${child.given_name} ${child.family_name}` }
	};
	const step = allowedEvents(pkg, episode.snapshot as EpisodeSnapshot).find((s) => s.type === params.event);
	if (!step) {
		// Usually someone else moved the episode on since the link was shown: say so, do not 404.
		return { ...base, step: null, forms: [], formId: null, targets: [], journey: null };
	}
	const chosen = step.forms.find((f) => f.id === url.searchParams.get('form')) ?? step.forms[0];
	const journey = chosen ? await loadJourney(await stepForm(event, chosen.id, episode), url, await serviceClient(), locals.pb) : null;
	return {
		...base,
		step: { type: step.type, label: step.label, description: step.description ?? '' },
		forms: step.forms,
		formId: chosen?.id ?? null,
		targets: step.targets.filter((t) => t !== episode.state).map((t) => stateLabel(pkg.lifecycle, t)),
		journey
	};
};

export const actions: Actions = {
	/** A step without a form: one confirmation, checked against the episode as the person saw it. */
	confirm: async ({ locals, url, params, request }) => {
		const user = recordingUser(locals, url);
		const posted = await request.formData();
		const expectedSeq = Number(posted.get(EXPECTED_SEQ));
		if (!Number.isInteger(expectedSeq)) {
			return fail(400, { kind: 'refusal' as const, message: 'The page was missing the episode’s version. Open the step again from the episode page.' });
		}
		const result = await recordStep({ service: await serviceClient(), userPb: locals.pb, user, episodeId: params.id, event: params.event, expectedSeq });
		if (result.ok) redirect(303, `/episodes/${result.episodeId}`);
		switch (result.kind) {
			case 'conflict':
				return fail(409, { kind: 'episode-changed' as const, message: result.message, href: `/episodes/${params.id}` });
			case 'not-found':
				error(404, { message: result.message });
			case 'forbidden':
				error(403, { message: result.message });
			default:
				return fail(422, { kind: 'refusal' as const, message: result.message });
		}
	},
	...journeyActions((event) => stepForm(event), { service: serviceClient, user: (event) => recordingUser(event.locals, event.url) })
};
