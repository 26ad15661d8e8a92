/**
 * The enforcement service against a real PocketBase: atomic writes, refusals that write nothing,
 * and the conflict rule when two practitioners act on the same episode at once.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type PocketBase from 'pocketbase';
import { loadAllPackages } from '../../src/lib/server/protocol-files.js';
import { seedDemoData, demoEmail, DEMO_PASSWORD } from '../../src/lib/server/seed.js';
import { toSessionUser, type SessionUser } from '../../src/lib/server/session-user.js';
import { createEpisode, recordStep } from '../../src/lib/server/episode-commands.js';
import { fieldsFromData } from '../../src/lib/protocol/form-data.js';
import type { ProtocolPackage } from '../../src/lib/protocol/types.js';
import { startTestPocketBase, type TestPocketBase } from './pocketbase-harness.js';

let pb: TestPocketBase;
let wf: ProtocolPackage;
let practitioner: { pb: PocketBase; user: SessionUser };
let colleague: { pb: PocketBase; user: SessionUser };
let childId: string;

async function signedIn(email: string) {
	const client = await pb.as(email, DEMO_PASSWORD);
	const record = await client.collection('users').getOne(client.authStore.record!.id, { expand: 'authority' });
	return { pb: client, user: toSessionUser(record) };
}

const missingReport = {
	legalStatus: 'care-order',
	missingFrom: 'Foster placement, Kendal',
	missingAt: '2026-03-02T18:00:00.000Z',
	lastSeenAt: '2026-03-02T17:30:00.000Z',
	lastSeenLocation: 'Kendal bus station',
	clothing: 'Black hoodie, grey joggers',
	description: 'Slim build, short brown hair',
	circumstances: 'Left after an argument about phone use',
	riskAssessment: 'Medium: has gone missing twice before and returned unharmed'
};

const riskAssessment = (category: string) => ({
	riskCategory: category,
	exploitationLinked: false,
	immediateRisk: false,
	rationale: 'Known associates in Preston; no immediate danger identified'
});

async function count(collection: string, filter = ''): Promise<number> {
	return (await pb.admin.collection(collection).getList(1, 1, { filter })).totalItems;
}

beforeAll(async () => {
	pb = await startTestPocketBase();
	const packages = await loadAllPackages(join(process.cwd(), 'protocols'));
	wf = packages.find((p) => p.protocol.metadata.id === 'westmorland-and-furness')!;
	await seedDemoData(pb.admin, packages);
	practitioner = await signedIn(demoEmail('practitioner', 'westmorland-and-furness'));
	colleague = await signedIn(demoEmail('lead', 'westmorland-and-furness'));
	childId = (await practitioner.pb.collection('children').getFirstListItem(`authority = "${practitioner.user.authorityId}"`)).id;
});

afterAll(async () => {
	await pb?.stop();
});

describe('recording a missing episode', () => {
	it('refuses an invalid missing report with messages naming the questions, and writes nothing', async () => {
		const before = await count('episodes');
		const result = await createEpisode({
			service: pb.admin,
			userPb: practitioner.pb,
			user: practitioner.user,
			childId,
			fields: fieldsFromData(wf.forms['missing-report'], { ...missingReport, clothing: undefined })
		});
		expect(result.ok).toBe(false);
		if (result.ok || result.kind !== 'invalid') throw new Error(`expected invalid, got ${JSON.stringify(result)}`);
		expect(result.errors).toEqual([expect.objectContaining({ message: 'Enter what the child was wearing' })]);
		expect(await count('episodes')).toBe(before);
		expect(await count('events')).toBe(0);
	});

	it('stores episode, submission, event, clock tasks and notifications together', async () => {
		const result = await createEpisode({
			service: pb.admin,
			userPb: practitioner.pb,
			user: practitioner.user,
			childId,
			fields: fieldsFromData(wf.forms['missing-report'], missingReport),
			now: Date.parse('2026-03-02T19:00:00Z')
		});
		if (!result.ok) throw new Error(result.message);
		const episode = await pb.admin.collection('episodes').getOne(result.episodeId);
		expect(episode.state).toBe('reported');
		expect(episode.seq).toBe(1);
		const submission = await pb.admin.collection('submissions').getFirstListItem(`episode = "${episode.id}"`);
		expect(submission.form_id).toBe('missing-report');
		expect(submission.schema_hash).toMatch(/^[0-9a-f]{64}$/);
		expect(submission.data.clothing).toBe(missingReport.clothing);
		const events = await pb.admin.collection('events').getFullList({ filter: `stream = "${episode.id}"` });
		expect(events.map((e) => [e.seq, e.type])).toEqual([[1, 'REPORT']]);
		const tasks = await pb.admin.collection('tasks').getFullList({ filter: `episode = "${episode.id}"` });
		// The Need to Know report is due 48 hours after the child went missing (18:00), not after the report was typed.
		const needToKnow = tasks.find((t) => t.details.clockId === 'need-to-know-48h');
		expect(needToKnow, JSON.stringify(tasks.map((t) => t.details.clockId))).toBeDefined();
		expect(Date.parse(needToKnow!.due_at.replace(' ', 'T'))).toBe(Date.parse('2026-03-04T18:00:00Z'));
		// "Strategy meeting if not found within 24 hours" waits, unseen, until it fires.
		expect(tasks.find((t) => t.details.clockId === 'strategy-meeting-24h')?.status).toBe('pending');
		expect(await count('notifications', `episode = "${episode.id}" && recipient = "police"`)).toBe(1);
	});

	it('an auditor cannot record steps', async () => {
		const auditor = await signedIn(demoEmail('auditor', 'westmorland-and-furness'));
		const result = await createEpisode({ service: pb.admin, userPb: auditor.pb, user: auditor.user, childId, fields: {} });
		expect(result).toMatchObject({ ok: false, kind: 'forbidden' });
	});

	it('a council cannot record an episode for a child it cannot see', async () => {
		const medway = await signedIn(demoEmail('practitioner', 'medway'));
		const result = await createEpisode({
			service: pb.admin,
			userPb: medway.pb,
			user: medway.user,
			childId,
			fields: fieldsFromData(wf.forms['missing-report'], missingReport)
		});
		expect(result).toMatchObject({ ok: false, kind: 'not-found' });
	});
});

describe('lifecycle steps', () => {
	let episodeId: string;
	beforeAll(async () => {
		const created = await createEpisode({
			service: pb.admin,
			userPb: practitioner.pb,
			user: practitioner.user,
			childId,
			fields: fieldsFromData(wf.forms['missing-report'], missingReport)
		});
		if (!created.ok) throw new Error(created.message);
		episodeId = created.episodeId;
	});

	it('refuses a step the lifecycle does not allow, saying what is allowed, and writes nothing', async () => {
		const result = await recordStep({ service: pb.admin, userPb: practitioner.pb, user: practitioner.user, episodeId, event: 'CLOSE', expectedSeq: 1 });
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.kind).toBe('refused');
		expect(result.message).toMatch(/does not allow/);
		expect((await pb.admin.collection('episodes').getOne(episodeId)).seq).toBe(1);
		expect(await count('events', `stream = "${episodeId}"`)).toBe(1);
	});

	it('refuses a step whose required form is missing', async () => {
		const result = await recordStep({ service: pb.admin, userPb: practitioner.pb, user: practitioner.user, episodeId, event: 'GRADE', expectedSeq: 1 });
		expect(result).toMatchObject({ ok: false, kind: 'refused' });
		expect(await count('events', `stream = "${episodeId}"`)).toBe(1);
	});

	it('of two practitioners acting at once exactly one succeeds, the other is told, and the log has no gap or duplicate', async () => {
		const form = wf.forms['risk-assessment'];
		const rounds = 8;
		for (let round = 0; round < rounds; round++) {
			const seq = (await pb.admin.collection('episodes').getOne(episodeId)).seq;
			const results = await Promise.all(
				[practitioner, colleague].map((who, i) =>
					recordStep({
						service: pb.admin,
						userPb: who.pb,
						user: who.user,
						episodeId,
						event: 'GRADE',
						expectedSeq: seq,
						form: { id: 'risk-assessment', fields: fieldsFromData(form, riskAssessment(i === 0 ? 'high' : 'medium')) }
					})
				)
			);
			const winners = results.filter((r) => r.ok);
			const losers = results.filter((r) => !r.ok);
			expect(winners).toHaveLength(1);
			expect(losers).toEqual([expect.objectContaining({ kind: 'conflict', message: expect.stringMatching(/changed while you were working/) })]);
			// The loser is told who recorded what.
			const winner = results[0].ok ? practitioner : colleague;
			expect(losers[0].ok === false && losers[0].message).toContain(`${winner.user.name} recorded 'GRADE'`);
		}
		const events = await pb.admin.collection('events').getFullList({ filter: `stream = "${episodeId}"`, sort: 'seq' });
		expect(events.map((e) => e.seq)).toEqual(Array.from({ length: rounds + 1 }, (_, i) => i + 1));
		const episode = await pb.admin.collection('episodes').getOne(episodeId);
		expect(episode.seq).toBe(rounds + 1);
		// Losers' batches rolled back whole: one risk assessment per recorded GRADE.
		expect(await count('submissions', `episode = "${episodeId}" && form_id = "risk-assessment"`)).toBe(rounds);
		// The stored risk is the last winner's answer.
		const lastGrade = await pb.admin.collection('submissions').getFirstListItem(`episode = "${episodeId}" && form_id = "risk-assessment"`, { sort: '-created,-id' });
		expect(['high', 'medium']).toContain(episode.risk_category);
		expect(lastGrade.data.riskCategory).toBeDefined();
	});

	it('a stale page is a conflict, not an overwrite', async () => {
		const result = await recordStep({ service: pb.admin, userPb: practitioner.pb, user: practitioner.user, episodeId, event: 'FOUND', expectedSeq: 1 });
		expect(result).toMatchObject({ ok: false, kind: 'conflict' });
		const last = await pb.admin.collection('events').getFirstListItem(`stream = "${episodeId}"`, { sort: '-seq', expand: 'actor' });
		expect(result.ok === false && result.message).toContain(`${last.expand!.actor.name} recorded '${last.type}'`);
	});
});

describe('professional-judgement decisions (W&F)', () => {
	let episodeId = '';
	const decisions = () => pb.admin.collection('tasks').getFullList({ filter: `episode = "${episodeId}" && kind = "judgement-decision"`, sort: 'created' });

	beforeAll(async () => {
		// A 15-year-old with none of the child-level triggers (age, exploitation flag, learning disability, mental health).
		const child = await practitioner.pb.collection('children').create({
			given_name: 'Riley', family_name: 'Stone', date_of_birth: '2011-01-15 00:00:00.000Z', legal_status: 'child-in-need',
			authority: practitioner.user.authorityId, exploitation_risk: 'none'
		});
		const created = await createEpisode({
			service: pb.admin, userPb: practitioner.pb, user: practitioner.user, childId: child.id,
			fields: fieldsFromData(wf.forms['missing-report'], { ...missingReport, legalStatus: 'child-in-need' }),
			now: Date.parse('2026-03-02T19:00:00Z')
		});
		if (!created.ok) throw new Error(created.message);
		episodeId = created.episodeId;
	});

	it('asks for no decision while no trigger holds', async () => {
		expect(await decisions()).toEqual([]);
	});

	it('asks for one when the risk assessment finds the child injured, and adds later triggers to it while it is open', async () => {
		const graded = await recordStep({
			service: pb.admin, userPb: practitioner.pb, user: practitioner.user, episodeId, event: 'GRADE', expectedSeq: 1,
			form: { id: 'risk-assessment', data: { ...riskAssessment('medium'), vulnerabilities: ['injured'] } },
			now: Date.parse('2026-03-02T20:00:00Z')
		});
		if (!graded.ok) throw new Error(graded.message);
		const [first, ...more] = await decisions();
		expect(more).toEqual([]);
		expect(first.title).toContain('Injured');
		expect(first.form_id).toBe('meeting-rationale');

		// Back after 30 hours: "missing over 24 hours" joins the same decision.
		const back = await recordStep({
			service: pb.admin, userPb: practitioner.pb, user: practitioner.user, episodeId, event: 'RETURNED', expectedSeq: 2,
			now: Date.parse('2026-03-04T00:00:00Z')
		});
		if (!back.ok) throw new Error(back.message);
		const after = await decisions();
		expect(after).toHaveLength(1);
		expect(after[0].details.triggerIds).toEqual(expect.arrayContaining(['injured', 'missing-over-24h']));
		expect(after[0].title).toMatch(/Injured.*24 hours|24 hours.*Injured/);
	});

	it('is done once the team manager’s rationale for holding no meeting is recorded', async () => {
		const notHeld = await recordStep({
			service: pb.admin, userPb: practitioner.pb, user: practitioner.user, episodeId, event: 'MEETING_NOT_HELD', expectedSeq: 3,
			form: {
				id: 'meeting-rationale',
				data: { meeting: 'stage-one', triggers: ['injured', 'missing-over-24h'], rationale: 'Minor graze; safety plan agreed with the family', decidedBy: 'A. Manager', decidedAt: '2026-03-04' }
			},
			now: Date.parse('2026-03-04T10:00:00Z')
		});
		if (!notHeld.ok) throw new Error(notHeld.message);
		const [decision] = await decisions();
		expect(decision.status).toBe('done');
		expect(Date.parse(decision.completed_at.replace(' ', 'T'))).toBe(Date.parse('2026-03-04T10:00:00Z'));
		// Nothing else the child has open was closed by it.
		const stillOpen = await pb.admin.collection('tasks').getFullList({ filter: `episode = "${episodeId}" && status = "open"` });
		expect(stillOpen.map((t) => t.kind)).not.toContain('judgement-decision');
		expect(stillOpen.length).toBeGreaterThan(0);
	});
});
