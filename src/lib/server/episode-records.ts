/**
 * Reading what the engine needs about an episode from PocketBase: the pinned protocol package,
 * the child's facts, the authorities' codes, the child's other episodes. Published versions are
 * immutable, so packages are cached by record id for the life of the process.
 */
import type PocketBase from 'pocketbase';
import type { RecordModel } from 'pocketbase';
import type { Facts, ProtocolPackage } from '../protocol/types.js';
import type { ChildRecord, EpisodeRecord } from '../protocol/facts.js';
import { episodesInWindow, type EpisodeStart } from '../protocol/repeat-missing.js';
import { buildFacts } from '../protocol/facts.js';
import { packageFromStored } from './stored-package.js';

const packages = new Map<string, ProtocolPackage>();
const authorityCodes = new Map<string, string>();

export async function packageOf(service: PocketBase, versionId: string): Promise<ProtocolPackage> {
	const cached = packages.get(versionId);
	if (cached) return cached;
	const version = await service.collection('protocol_versions').getOne(versionId);
	const pkg = packageFromStored(version.package);
	if (version.status !== 'draft') packages.set(versionId, pkg);
	return pkg;
}

export async function authorityCode(service: PocketBase, authorityId: string): Promise<string> {
	const cached = authorityCodes.get(authorityId);
	if (cached) return cached;
	const rec = await service.collection('authorities').getOne(authorityId, { fields: 'id,code' });
	authorityCodes.set(authorityId, rec.code);
	return rec.code;
}

export async function authorityIdByCode(service: PocketBase, code: string): Promise<string | null> {
	for (const [id, c] of authorityCodes) if (c === code) return id;
	try {
		const rec = await service.collection('authorities').getFirstListItem(service.filter('code = {:code}', { code }), { fields: 'id,code' });
		authorityCodes.set(rec.id, rec.code);
		return rec.id;
	} catch {
		return null;
	}
}

export function dateOnly(value: string): string {
	return value.slice(0, 10);
}

/** An instant as PocketBase stores dates ("2026-03-02 18:00:00.000Z"). */
export function pbDate(ms: number): string {
	return new Date(ms).toISOString().replace('T', ' ');
}

export function epochOf(value: unknown): number | null {
	if (typeof value !== 'string' || value === '') return null;
	const t = Date.parse(value.replace(' ', 'T'));
	return Number.isNaN(t) ? null : t;
}

export async function childRecordOf(service: PocketBase, child: RecordModel): Promise<ChildRecord> {
	const responsible = await authorityCode(service, child.authority);
	const host = child.host_authority ? await authorityCode(service, child.host_authority) : null;
	return {
		dateOfBirth: dateOnly(child.date_of_birth),
		inCare: child.legal_status === 'looked-after',
		responsibleAuthority: responsible,
		livesInAuthority: host ?? responsible,
		openToServices: Boolean(child.open_to_services),
		onChildProtectionPlan: child.legal_status === 'child-protection-plan',
		exploitationRisk: (child.exploitation_risk || 'none') as ChildRecord['exploitationRisk'],
		learningDisability: Boolean(child.learning_disability),
		mentalHealthConcern: Boolean(child.mental_health_concern)
	};
}

export function episodeRecordOf(episode: RecordModel | null, fallbackStart: number): EpisodeRecord {
	return {
		missingSince: epochOf(episode?.missing_from) ?? epochOf(episode?.reported_at) ?? fallbackStart,
		returnedAt: epochOf(episode?.returned_at),
		riskCategory: episode?.risk_category || null
	};
}

/** The child's episodes as the repeat-missing counter reads them. */
export async function episodeStartsOf(service: PocketBase, childId: string): Promise<EpisodeStart[]> {
	const rows = await service.collection('episodes').getFullList({
		filter: service.filter('child = {:child}', { child: childId }),
		fields: 'id,child,missing_from,reported_at',
		sort: 'reported_at'
	});
	return rows.map((r) => ({ id: r.id, childId, at: epochOf(r.missing_from) ?? epochOf(r.reported_at) ?? 0 }));
}

/** What the engine knows about a recorded episode's child and episode at `now`, as a step's conditions read it. */
export async function episodeFactsOf(
	service: PocketBase,
	pkg: ProtocolPackage,
	child: RecordModel,
	episode: RecordModel,
	now: number
): Promise<{ facts: Facts; childRecord: ChildRecord }> {
	const [childRecord, starts] = await Promise.all([childRecordOf(service, child), episodeStartsOf(service, child.id)]);
	return { facts: factsOfEpisode(pkg, childRecord, episodeRecordOf(episode, now), starts, episode.id, now), childRecord };
}

/** The facts guards and rules read for one episode, from what is known of the child and its episodes' starts. */
export function factsOfEpisode(pkg: ProtocolPackage, child: ChildRecord, episode: EpisodeRecord, starts: EpisodeStart[], episodeId: string, now: number): Facts {
	return buildFacts({
		child,
		episode,
		protocolAuthority: pkg.protocol.metadata.authority.code,
		at: now,
		episodesInWindow: episodesInWindow(pkg.protocol.repeatMissing, starts, episodeId),
		firstTimeMissing: starts.length === 1
	});
}
