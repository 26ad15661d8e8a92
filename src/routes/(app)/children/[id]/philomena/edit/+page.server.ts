import { error, type RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { serviceClient } from '$lib/server/pocketbase-clients';
import { isProblem, resolveTarget, type FormTarget } from '$lib/server/form-targets';
import { journeyActions, loadJourney } from '$lib/server/form-journey';
import { recordingUser } from '../../../../guard';

/** Preparing or updating the child's Philomena profile; each submit records a new version. */
async function profile(event: Pick<RequestEvent, 'locals' | 'url' | 'params'>): Promise<FormTarget> {
	const user = recordingUser(event.locals, event.url);
	const target = await resolveTarget({ kind: 'philomena', child: event.params.id ?? '' }, { userPb: event.locals.pb, service: await serviceClient(), user });
	if (isProblem(target)) error(target.status, { message: target.message });
	return target;
}

export const load: PageServerLoad = async (event) => {
	const target = await profile(event);
	return {
		child: target.child,
		protocol: target.protocolLabel,
		updating: Object.keys(await target.startingFields()).length > 0,
		journey: await loadJourney(target, event.url, await serviceClient(), event.locals.pb)
	};
};

export const actions: Actions = journeyActions(profile, { service: serviceClient, user: (event) => recordingUser(event.locals, event.url) });
