/**
 * Drafts against a real PocketBase: saves keep fields exactly as typed, two people saving from
 * the same revision at once never both win (many concurrent saves, one winner each round), a
 * stale save comes back as a conflict with both versions, and recording a form removes its
 * draft in the same batch, or not at all when the draft changed since it was checked. Deleting
 * a draft deletes only the version the person saw.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPocketBase, TEST_PASSWORD, type TestPocketBase } from './pocketbase-harness.js';
import { discardDraft, draftUnchanged, readDraft, removeDraftInBatch, revisionFields, saveDraft, type DraftScope } from '../../src/lib/server/form-drafts.js';
import { toSessionUser, type SessionUser } from '../../src/lib/server/session-user.js';

let pb: TestPocketBase;
let practitioner: SessionUser;
let lead: SessionUser;
let childId = '';
let counter = 0;

const scope = (): DraftScope => ({ key: `child:${childId}:form:missing-report:${++counter}`, childId, formId: 'missing-report', schemaHash: 'h1' });

async function makeUser(role: string, authority: string): Promise<SessionUser> {
	const record = await pb.admin.collection('users').create({
		email: `${role}@drafts.test`,
		password: TEST_PASSWORD,
		passwordConfirm: TEST_PASSWORD,
		verified: true,
		name: `Demo ${role}`,
		role,
		authority
	});
	return toSessionUser(record);
}

beforeAll(async () => {
	pb = await startTestPocketBase();
	const authority = (await pb.admin.collection('authorities').create({ code: 'drafts', name: 'Drafts council', kind: 'council' })).id;
	practitioner = await makeUser('practitioner', authority);
	lead = await makeUser('lead', authority);
	childId = (
		await pb.admin.collection('children').create({ given_name: 'Amelia', family_name: 'Hart', date_of_birth: '2011-04-12 00:00:00.000Z', legal_status: 'none', authority })
	).id;
});

afterAll(async () => {
	await pb?.stop();
});

async function revisions(draftId: string): Promise<number[]> {
	const rows = await pb.admin.collection('draft_revisions').getFullList({ filter: pb.admin.filter('draft = {:d}', { d: draftId }), sort: 'revision' });
	return rows.map((r) => r.revision as number);
}

describe('saving a draft', () => {
	it('keeps the fields exactly as typed, a new revision each save', async () => {
		const s = scope();
		const typed = { 'missingAt-day': '31', 'missingAt-month': '2', missingFrom: '  4 Fell View ', belongings: ['phone', 'money'] };
		const first = await saveDraft(pb.admin, { scope: s, user: practitioner, base: null, editor: 'tab-a', fields: typed, expectedSeq: 3 });
		expect(first).toMatchObject({ kind: 'saved', restarted: false, draft: { revision: 1, fields: typed, expectedSeq: 3, savedBy: 'Demo practitioner' } });
		if (first.kind !== 'saved') throw new Error('not saved');
		const second = await saveDraft(pb.admin, {
			scope: s,
			user: practitioner,
			base: { draftId: first.draft.id, revision: 1 },
			editor: 'tab-a',
			fields: { ...typed, 'missingAt-year': '2024' }
		});
		expect(second).toMatchObject({ kind: 'saved', draft: { id: first.draft.id, revision: 2, expectedSeq: 3 } });
		expect(await revisions(first.draft.id)).toEqual([1, 2]);
		expect(await revisionFields(pb.admin, first.draft.id, 1)).toEqual(typed);
		expect((await readDraft(pb.admin, s.key))!.fields).toEqual({ ...typed, 'missingAt-year': '2024' });
	});

	it('refuses a save made from an older revision by someone else, returning both versions', async () => {
		const s = scope();
		const mine = await saveDraft(pb.admin, { scope: s, user: practitioner, base: null, editor: 'tab-a', fields: { missingFrom: 'Home' } });
		if (mine.kind !== 'saved') throw new Error('not saved');
		await saveDraft(pb.admin, { scope: s, user: lead, base: { draftId: mine.draft.id, revision: 1 }, editor: 'tab-b', fields: { missingFrom: 'School' } });
		const stale = await saveDraft(pb.admin, { scope: s, user: practitioner, base: { draftId: mine.draft.id, revision: 1 }, editor: 'tab-a', fields: { missingFrom: 'Home, Kendal' } });
		expect(stale).toMatchObject({ kind: 'conflict', base: { missingFrom: 'Home' }, theirs: { revision: 2, fields: { missingFrom: 'School' }, savedBy: 'Demo lead' } });
		// Theirs is untouched.
		expect((await readDraft(pb.admin, s.key))!.fields).toEqual({ missingFrom: 'School' });
		// Someone who opened the form before any draft existed is told too.
		const late = await saveDraft(pb.admin, { scope: s, user: lead, base: null, editor: 'tab-c', fields: { missingFrom: 'Park' } });
		expect(late).toMatchObject({ kind: 'conflict', base: {}, theirs: { revision: 2 } });
	});

	it('accepts a late save from the same open page (its last keystrokes flushed on leaving)', async () => {
		const s = scope();
		const a = await saveDraft(pb.admin, { scope: s, user: practitioner, base: null, editor: 'tab-a', fields: { missingFrom: 'Ho' } });
		if (a.kind !== 'saved') throw new Error('not saved');
		await saveDraft(pb.admin, { scope: s, user: practitioner, base: { draftId: a.draft.id, revision: 1 }, editor: 'tab-a', fields: { missingFrom: 'Home' } });
		const late = await saveDraft(pb.admin, { scope: s, user: practitioner, base: { draftId: a.draft.id, revision: 1 }, editor: 'tab-a', fields: { missingFrom: 'Home address' } });
		expect(late).toMatchObject({ kind: 'saved', draft: { revision: 3, fields: { missingFrom: 'Home address' } } });
		// A page whose first save was still on its way when it closed sends its last one without a draft id.
		const t = scope();
		await saveDraft(pb.admin, { scope: t, user: practitioner, base: null, editor: 'tab-q', fields: { missingFrom: 'Ho' } });
		expect(await saveDraft(pb.admin, { scope: t, user: practitioner, base: null, editor: 'tab-q', fields: { missingFrom: 'Home' } })).toMatchObject({ kind: 'saved', draft: { revision: 2 } });
		// The same person in another tab is another editor: that is a conflict.
		const otherTab = await saveDraft(pb.admin, { scope: s, user: practitioner, base: { draftId: a.draft.id, revision: 2 }, editor: 'tab-z', fields: { missingFrom: 'X' } });
		expect(otherTab.kind).toBe('conflict');
	});

	it('lets exactly one of many saves made from the same revision at the same moment win, round after round', async () => {
		const s = scope();
		const start = await saveDraft(pb.admin, { scope: s, user: practitioner, base: null, editor: 'tab-0', fields: { missingFrom: 'start' } });
		if (start.kind !== 'saved') throw new Error('not saved');
		let revision = 1;
		for (let round = 0; round < 6; round++) {
			const results = await Promise.all(
				Array.from({ length: 8 }, (_, i) =>
					saveDraft(pb.admin, {
						scope: s,
						user: i % 2 ? lead : practitioner,
						base: { draftId: start.draft.id, revision },
						editor: `round-${round}-tab-${i}`,
						fields: { missingFrom: `round ${round} writer ${i}` }
					})
				)
			);
			const winners = results.flatMap((r, i) => (r.kind === 'saved' ? [i] : []));
			expect(winners, `round ${round}`).toHaveLength(1);
			expect(results.filter((r) => r.kind === 'conflict')).toHaveLength(7);
			revision += 1;
			const stored = (await readDraft(pb.admin, s.key))!;
			expect(stored.revision).toBe(revision);
			expect(stored.fields).toEqual({ missingFrom: `round ${round} writer ${winners[0]}` });
		}
		// One revision per round, none lost and none twice.
		expect(await revisions(start.draft.id)).toEqual([1, 2, 3, 4, 5, 6, 7]);
	});

	it('lets exactly one of many people start the same draft at once', async () => {
		const s = scope();
		const results = await Promise.all(
			Array.from({ length: 6 }, (_, i) => saveDraft(pb.admin, { scope: s, user: practitioner, base: null, editor: `new-${i}`, fields: { missingFrom: `starter ${i}` } }))
		);
		expect(results.filter((r) => r.kind === 'saved')).toHaveLength(1);
		const drafts = await pb.admin.collection('drafts').getFullList({ filter: pb.admin.filter('key = {:k}', { k: s.key }) });
		expect(drafts).toHaveLength(1);
		expect(await revisions(drafts[0].id)).toEqual([1]);
	});
});

describe('recording a drafted form', () => {
	async function recordWith(draft: { draftId: string; revision: number }) {
		const batch = pb.admin.createBatch();
		batch.collection('submissions').create({ child: childId, form_id: 'missing-report', form_version: '1', schema_hash: 'h1', data: { ok: true } });
		removeDraftInBatch(batch, draft, practitioner.id);
		await batch.send();
	}

	it('removes the draft and its revisions in the same batch as the submission', async () => {
		const s = scope();
		const saved = await saveDraft(pb.admin, { scope: s, user: practitioner, base: null, editor: 'tab-a', fields: { missingFrom: 'Home' } });
		if (saved.kind !== 'saved') throw new Error('not saved');
		const before = (await pb.admin.collection('submissions').getList(1, 1)).totalItems;
		await recordWith({ draftId: saved.draft.id, revision: 1 });
		expect(await readDraft(pb.admin, s.key)).toBeNull();
		expect(await revisions(saved.draft.id)).toEqual([]);
		expect((await pb.admin.collection('submissions').getList(1, 1)).totalItems).toBe(before + 1);
	});

	it('records nothing when someone saved the draft after it was checked', async () => {
		const s = scope();
		const saved = await saveDraft(pb.admin, { scope: s, user: practitioner, base: null, editor: 'tab-a', fields: { missingFrom: 'Home' } });
		if (saved.kind !== 'saved') throw new Error('not saved');
		await saveDraft(pb.admin, { scope: s, user: lead, base: { draftId: saved.draft.id, revision: 1 }, editor: 'tab-b', fields: { missingFrom: 'School' } });
		const before = (await pb.admin.collection('submissions').getList(1, 1)).totalItems;
		await expect(recordWith({ draftId: saved.draft.id, revision: 1 })).rejects.toMatchObject({ status: 400 });
		expect((await pb.admin.collection('submissions').getList(1, 1)).totalItems).toBe(before);
		expect(await draftUnchanged(pb.admin, s.key, { draftId: saved.draft.id, revision: 2 })).toBe(true);
		expect((await readDraft(pb.admin, s.key))!.fields).toEqual({ missingFrom: 'School' });
	});

	it('starts a new draft, saying so, when the one a save was made from has been recorded', async () => {
		const s = scope();
		const saved = await saveDraft(pb.admin, { scope: s, user: practitioner, base: null, editor: 'tab-a', fields: { missingFrom: 'Home' } });
		if (saved.kind !== 'saved') throw new Error('not saved');
		await recordWith({ draftId: saved.draft.id, revision: 1 });
		const late = await saveDraft(pb.admin, { scope: s, user: lead, base: { draftId: saved.draft.id, revision: 1 }, editor: 'tab-b', fields: { missingFrom: 'Still typing' } });
		expect(late).toMatchObject({ kind: 'saved', restarted: true, draft: { revision: 1, fields: { missingFrom: 'Still typing' } } });
	});
});

describe('deleting a draft', () => {
	it('deletes the draft and its revisions when it is still the version the person saw', async () => {
		const s = scope();
		const saved = await saveDraft(pb.admin, { scope: s, user: practitioner, base: null, editor: 'tab-a', fields: { missingFrom: 'Home' } });
		if (saved.kind !== 'saved') throw new Error('not saved');
		expect(await discardDraft(pb.admin, s.key, { draftId: saved.draft.id, revision: 1 }, practitioner)).toEqual({ kind: 'discarded' });
		expect(await readDraft(pb.admin, s.key)).toBeNull();
		expect(await revisions(saved.draft.id)).toEqual([]);
		expect(await discardDraft(pb.admin, s.key, { draftId: saved.draft.id, revision: 1 }, practitioner)).toEqual({ kind: 'gone' });
	});

	it('keeps a draft someone saved after the person looked, and says who', async () => {
		const s = scope();
		const saved = await saveDraft(pb.admin, { scope: s, user: practitioner, base: null, editor: 'tab-a', fields: { missingFrom: 'Home' } });
		if (saved.kind !== 'saved') throw new Error('not saved');
		await saveDraft(pb.admin, { scope: s, user: lead, base: { draftId: saved.draft.id, revision: 1 }, editor: 'tab-b', fields: { missingFrom: 'School' } });
		const refused = await discardDraft(pb.admin, s.key, { draftId: saved.draft.id, revision: 1 }, practitioner);
		expect(refused).toMatchObject({ kind: 'changed', current: { revision: 2, savedBy: 'Demo lead', fields: { missingFrom: 'School' } } });
		expect((await readDraft(pb.admin, s.key))!.fields).toEqual({ missingFrom: 'School' });
		expect(await revisions(saved.draft.id)).toEqual([1, 2]);
	});

	it('loses no save that lands while the deletion is on its way: one of the two wins whole', async () => {
		for (let round = 0; round < 5; round++) {
			const s = scope();
			const saved = await saveDraft(pb.admin, { scope: s, user: practitioner, base: null, editor: 'tab-a', fields: { missingFrom: 'Home' } });
			if (saved.kind !== 'saved') throw new Error('not saved');
			const seen = { draftId: saved.draft.id, revision: 1 };
			const [discarded, typed] = await Promise.all([
				discardDraft(pb.admin, s.key, seen, practitioner),
				saveDraft(pb.admin, { scope: s, user: lead, base: seen, editor: 'tab-b', fields: { missingFrom: 'School' } })
			]);
			const after = await readDraft(pb.admin, s.key);
			if (discarded.kind === 'discarded') {
				// The save either came first and was refused by the deletion's revision, or came after
				// and started a new draft, saying so: never silently merged into a deleted one.
				if (after) expect(typed).toMatchObject({ kind: 'saved', restarted: true });
				else expect(typed.kind).toBe('saved');
			} else {
				expect(discarded.kind).toBe('changed');
				expect(after!.fields).toEqual({ missingFrom: 'School' });
			}
		}
	});
});
