import { error, type RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { serviceClient } from '$lib/server/pocketbase-clients';
import { isProblem, resolveTarget, type FormTarget } from '$lib/server/form-targets';
import { journeyActions, loadJourney } from '$lib/server/form-journey';
import { recordingUser } from '../../../../guard';

/** The child's missing report, from the protocol `activeVersionFor` chooses (the form shown is the form checked). */
async function missingReport(event: Pick<RequestEvent, 'locals' | 'url' | 'params'>): Promise<FormTarget> {
	const user = recordingUser(event.locals, event.url);
	const target = await resolveTarget({ kind: 'missing-report', child: event.params.id ?? '' }, { userPb: event.locals.pb, service: await serviceClient(), user });
	if (isProblem(target)) error(target.status, { message: target.message });
	return target;
}

export const load: PageServerLoad = async (event) => {
	const target = await missingReport(event);
	return {
		child: target.child,
		protocol: target.protocolLabel,
		journey: await loadJourney(target, event.url, await serviceClient(), event.locals.pb)
	};
};

export const actions: Actions = journeyActions(missingReport, { service: serviceClient, user: (event) => recordingUser(event.locals, event.url) });
