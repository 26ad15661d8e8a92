/** The submission as a PDF made on the server from the same rows as its page, for the user who may see it. */
import { redirect } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { submissionPdf } from '$lib/server/submission-pdf';
import { uploadBytes, uploadsByIds } from '$lib/server/form-uploads';
import { formatLondon } from '$lib/protocol/london-time';
import { loadSubmission } from '../submission-view';

export const GET: RequestHandler = async ({ locals, params, url }) => {
	if (!locals.user) redirect(303, `/login?redirectTo=${encodeURIComponent(url.pathname)}`);
	const view = await loadSubmission(locals, params.id);
	// The photos the form lets a copy show, read with the user's own token like the page's.
	const images = new Map<string, Uint8Array>();
	for (const [id, record] of await uploadsByIds(locals.pb, view.shownUploads)) images.set(id, await uploadBytes(locals.pb, record));
	const pdf = await submissionPdf(view, images, formatLondon(Date.now()));
	return new Response(new Blob([pdf as Uint8Array<ArrayBuffer>], { type: 'application/pdf' }), {
		headers: {
			'content-type': 'application/pdf',
			'content-disposition': `attachment; filename="${view.fileName}"`,
			'cache-control': 'private, no-store'
		}
	});
};
