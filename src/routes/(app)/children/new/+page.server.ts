import { fail, redirect } from '@sveltejs/kit';
import { ClientResponseError } from 'pocketbase';
import type { Actions, PageServerLoad } from './$types';
import { checkForm } from '$lib/protocol/form-check';
import { fieldValuesFromFormData } from '$lib/protocol/form-data';
import type { FieldError } from '$lib/protocol/form-errors';
import { recordingUser } from '../../guard';
import { childForm } from './child-form';

async function hostAuthorities(locals: App.Locals, ownId: string) {
	const list = await locals.pb.collection('authorities').getFullList({ sort: 'name', fields: 'id,name,kind' });
	return list.filter((a) => a.id !== ownId && a.kind === 'council').map((a) => ({ id: a.id, name: a.name }));
}

export const load: PageServerLoad = async ({ locals, url }) => {
	const user = recordingUser(locals, url);
	return { schema: childForm(await hostAuthorities(locals, user.authorityId)) };
};

export const actions: Actions = {
	default: async ({ locals, url, request }) => {
		const user = recordingUser(locals, url);
		const schema = childForm(await hostAuthorities(locals, user.authorityId));
		const fields = fieldValuesFromFormData(await request.formData());
		const { data, errors } = checkForm(schema, fields, {});
		const today = new Date().toISOString().slice(0, 10);
		if (typeof data.dateOfBirth === 'string' && data.dateOfBirth > today) {
			errors.push({ path: 'dateOfBirth', message: 'Date of birth must be today or in the past', part: 'day' });
		}
		if (errors.length) return fail(400, { fields, errors });

		let id: string;
		try {
			// Created with the user's own token: PocketBase's rules check the council.
			const child = await locals.pb.collection('children').create({
				given_name: data.givenName,
				family_name: data.familyName,
				date_of_birth: `${data.dateOfBirth} 00:00:00.000Z`,
				sex: data.sex ?? '',
				ethnicity: data.ethnicity ?? '',
				legal_status: data.legalStatus,
				authority: user.authorityId,
				host_authority: data.hostAuthority ?? '',
				open_to_services: data.openToServices === true,
				exploitation_risk: data.exploitationRisk ?? '',
				created_by: user.id
			});
			id = child.id;
		} catch (err) {
			if (err instanceof ClientResponseError && err.status < 500) {
				const problem: FieldError = { path: 'givenName', message: 'The child could not be added: check the answers and try again' };
				return fail(400, { fields, errors: [problem] });
			}
			throw err;
		}
		redirect(303, `/children/${id}`);
	}
};
