/**
 * Protocol versions as the signed-in user may read them, through the user's own PocketBase
 * client, so the collection's API rules decide what is visible. Auditor pages need nothing
 * else: no child, episode or submission record is read here.
 */
import type PocketBase from 'pocketbase';
import { ClientResponseError } from 'pocketbase';
import type { ProtocolPackage } from '../protocol/types.js';
import { packageFromStored } from './stored-package.js';

/** The national baseline every local protocol is checked against. */
export const BASELINE_CODE = 'england-dfe-2014';

export interface VersionSummary {
	code: string;
	title: string;
	authority: string;
	version: string;
	status: string;
	publishedAt: string;
}

export interface ProtocolSummary {
	code: string;
	title: string;
	authority: string;
	versions: VersionSummary[];
}

interface VersionRecord {
	version: string;
	status: string;
	published_at?: string;
	/** The package's JSON text (see stored-package.ts). */
	package?: unknown;
	expand?: { protocol?: { code: string; title: string; expand?: { authority?: { name: string } } } };
}

/** Version labels in natural order: 2019.2 before 2019.10. */
export function compareVersions(a: string, b: string): number {
	return a.localeCompare(b, undefined, { numeric: true });
}

/** Every published version, grouped by protocol, without the (large) package bodies. */
export async function listPublished(pb: PocketBase): Promise<ProtocolSummary[]> {
	const records = await pb.collection('protocol_versions').getFullList<VersionRecord>({
		filter: "status = 'published'",
		expand: 'protocol.authority',
		fields: 'version,status,published_at,expand.protocol.code,expand.protocol.title,expand.protocol.expand.authority.name'
	});
	const byCode = new Map<string, ProtocolSummary>();
	for (const r of records) {
		const p = r.expand?.protocol;
		if (!p) continue;
		const authority = p.expand?.authority?.name ?? '';
		let summary = byCode.get(p.code);
		if (!summary) {
			summary = { code: p.code, title: p.title, authority, versions: [] };
			byCode.set(p.code, summary);
		}
		summary.versions.push({ code: p.code, title: p.title, authority, version: r.version, status: r.status, publishedAt: r.published_at ?? '' });
	}
	const list = [...byCode.values()];
	for (const s of list) s.versions.sort((a, b) => compareVersions(a.version, b.version));
	// The baseline last: it is what the others are measured against, not one of them.
	return list.sort((a, b) => Number(a.code === BASELINE_CODE) - Number(b.code === BASELINE_CODE) || a.authority.localeCompare(b.authority));
}

export class ProtocolNotFound extends Error {}

/** One version's package, or ProtocolNotFound when it does not exist or the user may not read it. */
export async function loadPackage(pb: PocketBase, code: string, version: string): Promise<ProtocolPackage> {
	try {
		const record = await pb.collection('protocol_versions').getFirstListItem<VersionRecord>(
			pb.filter('protocol.code = {:code} && version = {:version}', { code, version }),
			{ fields: 'package' }
		);
		if (!record.package) throw new ProtocolNotFound(`Version ${version} of ${code} has no package.`);
		return packageFromStored(record.package);
	} catch (e) {
		if (e instanceof ClientResponseError && e.status === 404) {
			throw new ProtocolNotFound(`There is no published version ${version} of the protocol '${code}'.`);
		}
		throw e;
	}
}

/** Published versions of one protocol, oldest first. */
export async function versionsOf(pb: PocketBase, code: string): Promise<VersionSummary[]> {
	const all = await listPublished(pb);
	return all.find((p) => p.code === code)?.versions ?? [];
}

/** The newest published version of the baseline. */
export async function loadBaseline(pb: PocketBase): Promise<ProtocolPackage> {
	const versions = await versionsOf(pb, BASELINE_CODE);
	const newest = versions[versions.length - 1];
	if (!newest) throw new ProtocolNotFound(`The national baseline '${BASELINE_CODE}' is not published, so compliance cannot be checked.`);
	return loadPackage(pb, BASELINE_CODE, newest.version);
}

/** "walsall@2019.2" → { code, version }; undefined when it is not in that shape. */
export function parseVersionRef(ref: string): { code: string; version: string } | undefined {
	const at = ref.lastIndexOf('@');
	if (at <= 0 || at === ref.length - 1) return undefined;
	return { code: ref.slice(0, at), version: ref.slice(at + 1) };
}
