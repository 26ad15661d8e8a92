/** The signed-in user as the server trusts it: re-read from PocketBase on every request. */
export type Role = 'lead' | 'practitioner' | 'auditor' | 'admin';

export interface SessionUser {
	id: string;
	email: string;
	name: string;
	role: Role;
	authorityId: string;
	authorityCode: string;
	authorityName: string;
	team: string;
}

export function toSessionUser(record: Record<string, unknown>): SessionUser {
	const expand = (record.expand ?? {}) as { authority?: { code?: string; name?: string } };
	return {
		id: String(record.id),
		email: String(record.email ?? ''),
		name: String(record.name ?? ''),
		role: record.role as Role,
		authorityId: String(record.authority ?? ''),
		authorityCode: String(expand.authority?.code ?? ''),
		authorityName: String(expand.authority?.name ?? ''),
		team: String(record.team ?? '')
	};
}
