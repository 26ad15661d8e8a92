/**
 * Recording a form that was drafted, against a real PocketBase: the draft goes in the same batch
 * as the episode, step or profile; a draft saved again after it was checked stops the recording
 * whole; a Philomena profile is the child's, a new version each time, the earlier ones kept.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type PocketBase from 'pocketbase';
import { loadAllPackages } from '../../src/lib/server/protocol-files.js';
import { seedDemoData, demoEmail, DEMO_PASSWORD } from '../../src/lib/server/seed.js';
import { toSessionUser, type SessionUser } from '../../src/lib/server/session-user.js';
import { createEpisode, recordStep, schemaHash } from '../../src/lib/server/episode-commands.js';
import { readDraft, saveDraft, type DraftScope } from '../../src/lib/server/form-drafts.js';
import { profileVersions, recordProfile } from '../../src/lib/server/philomena-profiles.js';
import { fieldsFromData } from '../../src/lib/protocol/form-data.js';
import type { ProtocolPackage } from '../../src/lib/protocol/types.js';
import { startTestPocketBase, type TestPocketBase } from './pocketbase-harness.js';

let pb: TestPocketBase;
let wf: ProtocolPackage;
let practitioner: { pb: PocketBase; user: SessionUser };
let lead: { pb: PocketBase; user: SessionUser };
let amelia: string;
let kayla: string;

async function signedIn(email: string) {
	const client = await pb.as(email, DEMO_PASSWORD);
	const record = await client.collection('users').getOne(client.authStore.record!.id, { expand: 'authority' });
	return { pb: client, user: toSessionUser(record) };
}

const count = async (collection: string, filter: string) => (await pb.admin.collection(collection).getList(1, 1, { filter })).totalItems;

const report = {
	legalStatus: 'child-in-need',
	missingFrom: 'Home address',
	missingAt: '2026-03-02T18:00:00.000Z',
	lastSeenAt: '2026-03-02T17:30:00.000Z',
	lastSeenLocation: 'Kendal bus station',
	clothing: 'Black hoodie',
	description: 'Slim build',
	circumstances: 'Left after an argument',
	riskAssessment: 'Medium'
};

beforeAll(async () => {
	pb = await startTestPocketBase();
	const packages = await loadAllPackages(join(process.cwd(), 'protocols'));
	wf = packages.find((p) => p.protocol.metadata.id === 'westmorland-and-furness')!;
	await seedDemoData(pb.admin, packages);
	practitioner = await signedIn(demoEmail('practitioner', 'westmorland-and-furness'));
	lead = await signedIn(demoEmail('lead', 'westmorland-and-furness'));
	amelia = (await pb.admin.collection('children').getFirstListItem('given_name = "Amelia"')).id;
	kayla = (await pb.admin.collection('children').getFirstListItem('given_name = "Kayla"')).id;
});

afterAll(async () => {
	await pb?.stop();
});

function missingReportScope(childId: string): DraftScope {
	return { key: `missing-report:child:${childId}`, childId, formId: 'missing-report', schemaHash: schemaHash(wf.forms['missing-report']) };
}

describe('a drafted missing report', () => {
	it('is recorded with its draft removed in the same batch', async () => {
		const scope = missingReportScope(amelia);
		const fields = fieldsFromData(wf.forms['missing-report'], report);
		const saved = await saveDraft(pb.admin, { scope, user: practitioner.user, base: null, editor: 'tab-a', fields });
		if (saved.kind !== 'saved') throw new Error('not saved');
		const result = await createEpisode({
			service: pb.admin,
			userPb: practitioner.pb,
			user: practitioner.user,
			childId: amelia,
			fields,
			draft: { key: scope.key, draftId: saved.draft.id, revision: saved.draft.revision }
		});
		expect(result.ok).toBe(true);
		expect(await readDraft(pb.admin, scope.key)).toBeNull();
		expect(await count('draft_revisions', `draft = "${saved.draft.id}"`)).toBe(0);
	});

	it('is not recorded at all when a colleague saved the draft after it was checked, and theirs is kept', async () => {
		const scope = missingReportScope(amelia);
		const fields = fieldsFromData(wf.forms['missing-report'], report);
		const checked = await saveDraft(pb.admin, { scope, user: practitioner.user, base: null, editor: 'tab-a', fields });
		if (checked.kind !== 'saved') throw new Error('not saved');
		const theirs = { ...fields, clothing: 'Blue parka' };
		await saveDraft(pb.admin, { scope, user: lead.user, base: { draftId: checked.draft.id, revision: 1 }, editor: 'tab-b', fields: theirs });
		const episodes = await count('episodes', `child = "${amelia}"`);
		const result = await createEpisode({
			service: pb.admin,
			userPb: practitioner.pb,
			user: practitioner.user,
			childId: amelia,
			fields,
			draft: { key: scope.key, draftId: checked.draft.id, revision: 1 }
		});
		expect(result).toMatchObject({ ok: false, kind: 'draft-changed', message: expect.stringContaining('Check the answers again') });
		expect(await count('episodes', `child = "${amelia}"`)).toBe(episodes);
		expect((await readDraft(pb.admin, scope.key))!.fields.clothing).toBe('Blue parka');
	});
});

describe('a drafted step', () => {
	it('is refused whole when its draft changed after checking, and recorded with the draft removed otherwise', async () => {
		const created = await createEpisode({ service: pb.admin, userPb: practitioner.pb, user: practitioner.user, childId: amelia, fields: fieldsFromData(wf.forms['missing-report'], report) });
		if (!created.ok) throw new Error(created.message);
		const form = wf.forms['risk-assessment'];
		const scope: DraftScope = { key: `step:episode:${created.episodeId}:event:GRADE:form:risk-assessment`, childId: amelia, episodeId: created.episodeId, step: 'GRADE', formId: 'risk-assessment', schemaHash: schemaHash(form) };
		const fields = fieldsFromData(form, { riskCategory: 'medium', exploitationLinked: false, immediateRisk: false, rationale: 'No immediate danger' });
		const first = await saveDraft(pb.admin, { scope, user: practitioner.user, base: null, editor: 'tab-a', fields, expectedSeq: 1 });
		if (first.kind !== 'saved') throw new Error('not saved');
		await saveDraft(pb.admin, { scope, user: lead.user, base: { draftId: first.draft.id, revision: 1 }, editor: 'tab-b', fields: { ...fields, rationale: 'Changed by the lead' } });
		const step = (draft: { draftId: string; revision: number }) =>
			recordStep({ service: pb.admin, userPb: practitioner.pb, user: practitioner.user, episodeId: created.episodeId, event: 'GRADE', expectedSeq: 1, form: { id: 'risk-assessment', fields }, draft: { key: scope.key, ...draft } });
		expect(await step({ draftId: first.draft.id, revision: 1 })).toMatchObject({ ok: false, kind: 'draft-changed' });
		expect((await pb.admin.collection('episodes').getOne(created.episodeId)).seq).toBe(1);
		expect(await count('events', `stream = "${created.episodeId}"`)).toBe(1);

		expect(await step({ draftId: first.draft.id, revision: 2 })).toMatchObject({ ok: true, seq: 2 });
		expect(await readDraft(pb.admin, scope.key)).toBeNull();
	});
});

describe('the Philomena profile', () => {
	const profile = (extra: Record<string, unknown> = {}) =>
		fieldsFromData(wf.forms['philomena-profile'], {
			description: 'Tall, dark hair',
			legalStatus: 'care-order',
			providerName: 'Oak House',
			placementAddress: '1 Oak Lane, Kendal',
			riskIdentified: ['going-missing'],
			childMissingNow: false,
			...extra
		});
	// Filled at the time: the child is missing now.
	const atTheTime = {
		childMissingNow: true,
		missingFrom: 'Oak House',
		missingAt: '2026-03-03T21:00:00.000Z',
		lastSeenAt: '2026-03-03T20:45:00.000Z',
		lastSeenLocation: 'Kendal bus station',
		clothing: 'Black puffer jacket',
		circumstances: 'Left after a phone call'
	};

	it('is the child’s, not an episode’s: each recording a new version, with the protocol and form it followed', async () => {
		const first = await recordProfile({ service: pb.admin, userPb: practitioner.pb, user: practitioner.user, childId: kayla, fields: profile() });
		expect(first.ok).toBe(true);
		const second = await recordProfile({ service: pb.admin, userPb: lead.pb, user: lead.user, childId: kayla, fields: profile(atTheTime) });
		expect(second.ok).toBe(true);
		const rows = await pb.admin.collection('submissions').getFullList({ filter: `child = "${kayla}"`, sort: 'created' });
		const version = wf.forms['philomena-profile'].version;
		expect(rows.map((r) => [r.episode, r.form_id, r.form_version])).toEqual([
			['', 'philomena-profile', version],
			['', 'philomena-profile', version]
		]);
		expect(rows[0].protocol_version).toBeTruthy();
		expect(rows[0].schema_hash).toBe(schemaHash(wf.forms['philomena-profile']));
		// Read back by someone who can see the child: newest first, the earlier one unchanged.
		const versions = await profileVersions(practitioner.pb, pb.admin, kayla);
		expect(versions.map((v) => [v.author, v.data.clothing ?? null])).toEqual([
			[lead.user.name, 'Black puffer jacket'],
			[practitioner.user.name, null]
		]);
		// The placing council (Walsall) sees them too; another council sees nothing.
		const walsall = await signedIn(demoEmail('practitioner', 'walsall'));
		expect(await profileVersions(walsall.pb, pb.admin, kayla)).toHaveLength(2);
		const medway = await signedIn(demoEmail('practitioner', 'medway'));
		expect(await profileVersions(medway.pb, pb.admin, kayla)).toHaveLength(0);
	});

	it('is refused with the questions named when the full check fails, for a council without one, and for an auditor', async () => {
		const invalid = await recordProfile({ service: pb.admin, userPb: practitioner.pb, user: practitioner.user, childId: kayla, fields: profile({ placementAddress: undefined }) });
		expect(invalid).toMatchObject({ ok: false, kind: 'invalid', errors: [expect.objectContaining({ path: 'placementAddress', message: 'Enter placement address' })] });
		// Walsall's protocol has no Philomena profile, and Walsall's practitioner records under Walsall's.
		const walsall = await signedIn(demoEmail('practitioner', 'walsall'));
		expect(await recordProfile({ service: pb.admin, userPb: walsall.pb, user: walsall.user, childId: kayla, fields: profile() })).toMatchObject({ ok: false, kind: 'refused' });
		const auditor = await signedIn(demoEmail('auditor', 'westmorland-and-furness'));
		expect(await recordProfile({ service: pb.admin, userPb: auditor.pb, user: auditor.user, childId: kayla, fields: profile() })).toMatchObject({ ok: false, kind: 'forbidden' });
		const medway = await signedIn(demoEmail('practitioner', 'medway'));
		expect(await recordProfile({ service: pb.admin, userPb: medway.pb, user: medway.user, childId: kayla, fields: profile() })).toMatchObject({ ok: false, kind: 'not-found' });
	});
});
