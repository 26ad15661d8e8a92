import type { PageServerLoad } from './$types';
import { signedInUser } from '../../guard';
import { loadSubmission } from './submission-view';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	signedInUser(locals, url);
	return { submission: await loadSubmission(locals, params.id), origin: url.origin };
};
