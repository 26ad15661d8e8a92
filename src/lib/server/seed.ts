/**
 * Demo data for an empty database: the reference protocols, the authorities they belong to
 * (plus a neighbouring host authority), demo users for every role, and a few children.
 * Demo accounts share one published password: they are for trying Homeward, never for real data.
 */
import { createHash } from 'node:crypto';
import type PocketBase from 'pocketbase';
import type { ProtocolPackage } from '../protocol/types.js';
import { storedPackage } from './stored-package.js';

export const DEMO_PASSWORD = 'homeward-demo';
export const DEMO_ROLES = ['lead', 'practitioner', 'auditor', 'admin'] as const;

/** Cumberland borders Westmorland and Furness; children are placed across that boundary. */
export const HOST_AUTHORITY = { code: 'cumberland', name: 'Cumberland Council' };

export function demoEmail(role: string, authorityCode: string): string {
	return `${role}@${authorityCode}.example`;
}

const TEAMS: Record<string, string> = {
	lead: 'Safeguarding and exploitation',
	practitioner: 'Missing and exploitation team',
	auditor: 'Quality assurance',
	admin: 'Systems'
};

/** sha-256 of the package with keys sorted, so the same content always hashes the same. */
export function contentHash(value: unknown): string {
	return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

function canonicalJson(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
	if (value && typeof value === 'object') {
		const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
		return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
	}
	return JSON.stringify(value);
}

export async function databaseIsEmpty(pb: PocketBase): Promise<boolean> {
	const page = await pb.collection('authorities').getList(1, 1, { skipTotal: true });
	return page.items.length === 0;
}

export interface SeedSummary {
	authorities: string[];
	protocolVersions: string[];
	users: string[];
	children: number;
}

export async function seedDemoData(pb: PocketBase, packages: ProtocolPackage[]): Promise<SeedSummary> {
	const summary: SeedSummary = { authorities: [], protocolVersions: [], users: [], children: 0 };
	const authorityIds = new Map<string, string>();

	const authorityList = new Map<string, { code: string; name: string }>();
	for (const p of packages) authorityList.set(p.protocol.metadata.authority.code, p.protocol.metadata.authority);
	authorityList.set(HOST_AUTHORITY.code, HOST_AUTHORITY);

	for (const a of authorityList.values()) {
		const rec = await pb.collection('authorities').create({
			code: a.code,
			name: a.name,
			kind: a.code === 'england' ? 'national' : 'council'
		});
		authorityIds.set(a.code, rec.id);
		summary.authorities.push(a.code);
	}

	// Versions in effective order, so each authority ends up running its newest.
	const ordered = [...packages].sort((a, b) =>
		a.protocol.metadata.effectiveFrom.localeCompare(b.protocol.metadata.effectiveFrom)
	);
	const protocolIds = new Map<string, string>();
	for (const p of ordered) {
		const meta = p.protocol.metadata;
		let protocolId = protocolIds.get(meta.id);
		if (!protocolId) {
			const rec = await pb.collection('protocols').create({
				code: meta.id,
				title: meta.title,
				authority: authorityIds.get(meta.authority.code)
			});
			protocolId = rec.id;
			protocolIds.set(meta.id, protocolId);
		}
		const version = await pb.collection('protocol_versions').create({
			protocol: protocolId,
			version: meta.version,
			status: 'published',
			published_at: new Date(meta.effectiveFrom).toISOString(),
			content_hash: contentHash(p),
			package: storedPackage(p)
		});
		await pb.collection('authorities').update(authorityIds.get(meta.authority.code)!, { active_protocol: version.id });
		summary.protocolVersions.push(`${meta.id}@${meta.version}`);
	}

	for (const [code, id] of authorityIds) {
		const roles = code === 'england' ? (['auditor'] as const) : DEMO_ROLES;
		for (const role of roles) {
			const email = demoEmail(role, code);
			await pb.collection('users').create({
				email,
				emailVisibility: false,
				password: DEMO_PASSWORD,
				passwordConfirm: DEMO_PASSWORD,
				verified: true,
				name: `Demo ${role} (${authorityList.get(code)!.name})`,
				role,
				authority: id,
				team: TEAMS[role]
			});
			summary.users.push(email);
		}
	}

	summary.children = await seedChildren(pb, authorityIds);
	return summary;
}

async function seedChildren(pb: PocketBase, authorityIds: Map<string, string>): Promise<number> {
	const wf = authorityIds.get('westmorland-and-furness');
	const cumberland = authorityIds.get(HOST_AUTHORITY.code);
	const medway = authorityIds.get('medway');
	const walsall = authorityIds.get('walsall');
	const children = [
		{ given_name: 'Amelia', family_name: 'Hart', date_of_birth: '2011-04-12', sex: 'female', ethnicity: 'White British', legal_status: 'none', authority: wf, open_to_services: false, exploitation_risk: 'none' },
		{ given_name: 'Jordan', family_name: 'Reid', date_of_birth: '2009-09-30', sex: 'male', ethnicity: 'Mixed White and Black Caribbean', legal_status: 'looked-after', authority: wf, host_authority: cumberland, open_to_services: true, exploitation_risk: 'high' },
		{ given_name: 'Kayla', family_name: 'Morris', date_of_birth: '2010-01-22', sex: 'female', ethnicity: 'White British', legal_status: 'looked-after', authority: walsall, host_authority: wf, open_to_services: true, exploitation_risk: 'medium' },
		{ given_name: 'Tyler', family_name: 'Okafor', date_of_birth: '2008-06-05', sex: 'male', ethnicity: 'Black African', legal_status: 'child-in-need', authority: medway, open_to_services: true, exploitation_risk: 'low' },
		{ given_name: 'Sophie', family_name: 'Lane', date_of_birth: '2012-11-18', sex: 'female', ethnicity: 'White British', legal_status: 'child-protection-plan', authority: walsall, open_to_services: true, exploitation_risk: 'medium' }
	].filter((c) => c.authority);
	for (const c of children) {
		await pb.collection('children').create({ ...c, date_of_birth: `${c.date_of_birth} 00:00:00.000Z` });
	}
	return children.length;
}
