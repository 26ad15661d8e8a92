/**
 * Downloads a file given with a form. Never a PocketBase URL: the upload is read with the
 * user's own token (visible only to the child's councils) and its bytes fetched with the
 * user's own file token, so PocketBase checks the same rule again before it serves them.
 */
import { error, redirect } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { openUpload } from '$lib/server/form-uploads';

/** `filename*` (RFC 6266/5987) keeps accented names; the plain `filename` is an ASCII fallback. */
function disposition(kind: 'inline' | 'attachment', name: string): string {
	const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
	return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export const GET: RequestHandler = async ({ locals, params, url }) => {
	if (!locals.user) redirect(303, `/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
	const upload = await openUpload(locals.pb, params.id);
	if (!upload) error(404, { message: 'No file with this reference is visible to you. Check the link, or open the form it was given with.' });
	return new Response(upload.body, {
		headers: {
			'content-type': upload.info.type,
			'content-disposition': disposition(url.searchParams.has('download') ? 'attachment' : 'inline', upload.info.name),
			'cache-control': 'private, no-store',
			'x-content-type-options': 'nosniff',
			// A PDF opened in the browser runs no script of ours or anyone's.
			'content-security-policy': "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
		}
	});
};
