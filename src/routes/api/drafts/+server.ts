/**
 * Autosave: a form page saves its draft here as people type, and once more as the page is
 * hidden or closed (a keepalive request). The body is JSON:
 *   { target, draft, revision, editor, fields, expectedSeq? }
 * `target` names what is filled ({"kind": "missing-report", "child": "…"}, a step with its form,
 * or a Philomena profile); `draft` and `revision` are the version the fields were made from
 * (null and 0 before the first save); `fields` are the whole form's raw inputs.
 * 200 saved { draft, revision, savedAt, restarted }; 409 someone else saved since { savedBy, savedAt };
 * 400 a malformed body; 401 signed out; 403 a role that cannot record; 404 not visible.
 */
import { error, json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { serviceClient } from '$lib/server/pocketbase-clients';
import { mayAct } from '$lib/server/episode-commands';
import { isProblem, parseTargetRef, resolveTarget } from '$lib/server/form-targets';
import { draftBase, isFieldValues, saveDraft, startingSeq } from '$lib/server/form-drafts';
import { formatLondon } from '$lib/protocol/london-time';

export const POST: RequestHandler = async ({ locals, request }) => {
	const user = locals.user;
	if (!user) error(401, 'Sign in again: your answers are still on the page, and are saved when you press Save and continue after signing in.');
	const denied = mayAct(user);
	if (denied) error(403, denied.message);
	let body: Record<string, unknown>;
	try {
		body = await request.json();
	} catch {
		error(400, 'Send a JSON body: {"target": {...}, "draft": null, "revision": 0, "editor": "...", "fields": {...}}.');
	}
	const ref = parseTargetRef(body.target);
	if (!ref) error(400, '"target" must name what is being filled, e.g. {"kind": "missing-report", "child": "<child id>"}.');
	if (!isFieldValues(body.fields)) error(400, '"fields" must map each input name to its text, or to a list of texts.');
	if (typeof body.editor !== 'string' || body.editor.length === 0 || body.editor.length > 64) error(400, '"editor" must name the open page (1 to 64 characters).');
	const base = draftBase(body.draft, body.revision);

	const service = await serviceClient();
	const target = await resolveTarget(ref, { userPb: locals.pb, service, user });
	if (isProblem(target)) error(target.status, target.message);
	const result = await saveDraft(service, {
		scope: target.scope,
		user,
		base,
		editor: body.editor,
		fields: body.fields,
		expectedSeq: startingSeq(target.episodeSeq, base, body.expectedSeq)
	});
	if (result.kind === 'conflict') {
		return json({ conflict: true, savedBy: result.theirs.savedBy, savedAt: formatLondon(result.theirs.savedAt) }, { status: 409 });
	}
	return json({ saved: true, draft: result.draft.id, revision: result.draft.revision, savedAt: formatLondon(result.draft.savedAt), restarted: result.restarted });
};
