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

const STATUS = { 'not-found': 404, forbidden: 403, refused: 422, invalid: 422, conflict: 409, 'draft-changed': 409 } as const;

export const POST: RequestHandler = async ({ locals, params, request }) => {
	if (!locals.user) error(401, 'Sign in to record steps.');
	let body: { event?: unknown; expectedSeq?: unknown; form?: { id?: unknown; data?: unknown } };
	try {
		body = await request.json();
	} catch {
		error(400, 'Send a JSON body: {"event": "FOUND", "expectedSeq": 3}.');
	}
	if (typeof body.event !== 'string' || body.event === '') error(400, 'Say which step: "event" must be a lifecycle event name such as "FOUND".');
	if (body.expectedSeq !== undefined && typeof body.expectedSeq !== 'number') error(400, '"expectedSeq" must be the episode\'s seq number you last saw.');
	if (body.form !== undefined && (typeof body.form?.id !== 'string' || (body.form.data !== undefined && typeof body.form.data !== 'object'))) {
		error(400, '"form" must be {"id": "<form id>", "data": {<answers>}}.');
	}
	const service = await serviceClient();
	const form = body.form ? { id: body.form.id as string, data: (body.form.data ?? {}) as Record<string, unknown> } : undefined;
	const result = await recordStep({ service, userPb: locals.pb, user: locals.user, episodeId: params.id, event: body.event, expectedSeq: body.expectedSeq as number | undefined, form });
	if (result.ok) return json(result);
	return json(result, { status: STATUS[result.kind] });
};
