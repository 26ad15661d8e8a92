import type { LayoutServerLoad } from './$types';
import { signedInUser } from './guard';

export const load: LayoutServerLoad = async ({ locals, url }) => {
	signedInUser(locals, url);
	return {};
};
