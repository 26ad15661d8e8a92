/** Words for the codes stored on a child record. */
export const LEGAL_STATUS: Record<string, string> = {
	'looked-after': 'Looked after (in care)',
	'child-protection-plan': 'Child protection plan',
	'child-in-need': 'Child in need',
	'early-help': 'Early help',
	none: 'Not open to children’s services'
};

export const SEX: Record<string, string> = { female: 'Female', male: 'Male', other: 'Other', 'not-known': 'Not known' };

export const EXPLOITATION_RISK: Record<string, string> = { none: 'None known', low: 'Low', medium: 'Medium', high: 'High' };

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "2011-04-12 00:00:00.000Z" → "12 April 2011" */
export function dateInWords(value: string | undefined | null): string {
	const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value ?? '');
	return m ? `${Number(m[3])} ${MONTHS[Number(m[2]) - 1]} ${m[1]}` : '';
}
