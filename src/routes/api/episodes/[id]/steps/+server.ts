/**
 * Record a lifecycle step as JSON: { event, expectedSeq?, form?: { id, data } }.
 * The same enforcement as the pages' form actions; statuses say what happened:
 * 200 recorded, 401 signed out, 403 role may not act, 404 not visible, 409 conflict,
 * 422 refused by the lifecycle or invalid answers (with each error).
 */
import { error, json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { serviceClient } from '$lib/server/pocketbase-clients';
import { recordStep } from '$lib/server/episode-commands';
import { packageOf } from '$lib/server/episode-records';
import { fieldsFromData } from '$lib/protocol/form-data';

const STATUS = { 'not-found': 404, forbidden: 403, refused: 422, invalid: 422, conflict: 409 } as const;

export const POST: RequestHandler = async ({ locals, params, request }) => {
	if (!locals.user) error(401, 'Sign in to record steps.');
	let body: { event?: unknown; expectedSeq?: unknown; form?: { id?: unknown; data?: unknown } };
	try {
		body = await request.json();
	} catch {
		error(400, 'Send a JSON body: {"event": "FOUND", "expectedSeq": 3}.');
	}
	if (typeof body.event !== 'string' || body.event === '') error(400, 'Say which step: "event" must be a lifecycle event name such as "FOUND".');
	const service = await serviceClient();
	let expectedSeq = typeof body.expectedSeq === 'number' ? body.expectedSeq : null;
	let form: { id: string; fields: ReturnType<typeof fieldsFromData> } | undefined;
	if (expectedSeq === null || body.form) {
		// Without expectedSeq the caller accepts whatever state the episode is in now; the
		// (stream, seq) guard still stops two concurrent steps from both landing.
		const episode = await locals.pb.collection('episodes').getOne(params.id, { fields: 'id,seq,protocol_version' }).catch(() => null);
		if (!episode) error(404, 'No episode with that reference is visible to you.');
		expectedSeq ??= episode.seq as number;
		if (body.form) {
			if (typeof body.form.id !== 'string') error(400, '"form.id" must name the step\'s form.');
			const schema = (await packageOf(service, episode.protocol_version)).forms[body.form.id];
			if (!schema) error(422, `The protocol has no form '${body.form.id}'.`);
			form = { id: body.form.id, fields: fieldsFromData(schema, (body.form.data ?? {}) as Record<string, unknown>) };
		}
	}
	const result = await recordStep({ service, userPb: locals.pb, user: locals.user, episodeId: params.id, event: body.event, expectedSeq: expectedSeq!, form });
	if (result.ok) return json(result);
	return json(result, { status: STATUS[result.kind] });
};
