/**
 * The "add a child" form, written in the same schema format as protocol forms so it is
 * rendered, parsed and checked by the same runtime. Host authorities are listed at request time.
 */
import type { FormSchema } from '$lib/protocol/types';
import { EXPLOITATION_RISK, LEGAL_STATUS, SEX } from '../display';

const options = (labels: Record<string, string>) => Object.entries(labels).map(([value, title]) => ({ const: value, title }));

export function childForm(hostAuthorities: Array<{ id: string; name: string }>): FormSchema {
	const form: FormSchema = {
		$id: 'add-child',
		title: 'Add a child',
		version: '1',
		type: 'object',
		properties: {
			givenName: { type: 'string', title: 'First name', minLength: 1, maxLength: 100 },
			familyName: { type: 'string', title: 'Last name', minLength: 1, maxLength: 100 },
			dateOfBirth: { type: 'string', title: 'Date of birth', format: 'date', 'x-ui': { hint: 'For example, 27 3 2012' } },
			sex: { type: 'string', title: 'Sex', oneOf: options(SEX), 'x-ui': { widget: 'radios' } },
			ethnicity: {
				type: 'string',
				title: 'Ethnicity',
				maxLength: 100,
				'x-ui': { hint: 'As the child or their family describe it, for example White British or Black African' }
			},
			legalStatus: { type: 'string', title: 'Legal status', oneOf: options(LEGAL_STATUS), 'x-ui': { widget: 'radios' } },
			hostAuthority: {
				type: 'string',
				title: 'Council the child is placed with',
				oneOf: hostAuthorities.map((a) => ({ const: a.id, title: a.name })),
				'x-ui': { widget: 'select', hint: 'Only if your council has placed the child in another council’s area' }
			},
			openToServices: { type: 'boolean', title: 'Is the child open to a children’s services team?' },
			exploitationRisk: { type: 'string', title: 'Known risk of exploitation', oneOf: options(EXPLOITATION_RISK), 'x-ui': { widget: 'radios' } }
		},
		required: ['givenName', 'familyName', 'dateOfBirth', 'legalStatus']
	};
	// A select with no options would be an empty question: leave it out.
	if (hostAuthorities.length === 0) delete form.properties.hostAuthority;
	return form;
}
