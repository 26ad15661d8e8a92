/** The submission as a PDF made on the server from the same rows as its page, for the user who may see it. */
import type { RequestHandler } from './$types';
import { submissionPdf } from '$lib/server/submission-pdf';
import { uploadsBytes } from '$lib/server/form-uploads';
import { formatLondon } from '$lib/protocol/london-time';
import { loadSubmission } from '../submission-view';
import { signedInUser } from '../../../guard';

export const GET: RequestHandler = async ({ locals, params, url }) => {
	signedInUser(locals, url);
	const view = await loadSubmission(locals, params.id);
	// The photos the form lets a copy show, read with the user's own token like the page's.
	const images = await uploadsBytes(locals.pb, view.shownUploads);
	const pdf = await submissionPdf(view, images, formatLondon(Date.now()));
	return new Response(new Blob([pdf as Uint8Array<ArrayBuffer>], { type: 'application/pdf' }), {
		headers: {
			'content-type': 'application/pdf',
			'content-disposition': `attachment; filename="${view.fileName}"`,
			'cache-control': 'private, no-store'
		}
	});
};
