/**
 * Clocks against a real PocketBase: the poller marks tasks due and overdue, fires escalations
 * whose time has come (unless the step that stops them happened), and logs them in order.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAllPackages } from '../../src/lib/server/protocol-files.js';
import { seedDemoData, demoEmail, DEMO_PASSWORD } from '../../src/lib/server/seed.js';
import { toSessionUser } from '../../src/lib/server/session-user.js';
import { createEpisode, recordStep } from '../../src/lib/server/episode-commands.js';
import { pollClocks } from '../../src/lib/server/clock-poller.js';
import { fieldsFromData } from '../../src/lib/protocol/form-data.js';
import type { ProtocolPackage } from '../../src/lib/protocol/types.js';
import { startTestPocketBase, type TestPocketBase } from './pocketbase-harness.js';

let pb: TestPocketBase;
let wf: ProtocolPackage;
const HOUR = 3600_000;
const T0 = Date.parse('2026-03-02T19:00:00Z');
const MISSING = Date.parse('2026-03-02T18:00:00Z');

const report = {
	legalStatus: 'section-20',
	missingFrom: 'Home',
	missingAt: '2026-03-02T18:00:00.000Z',
	lastSeenAt: '2026-03-02T17:30:00.000Z',
	lastSeenLocation: 'Barrow town centre',
	clothing: 'Blue coat',
	description: 'Tall, red hair',
	circumstances: 'Did not come home from school',
	riskAssessment: 'Medium'
};

async function newEpisode(now: number) {
	const client = await pb.as(demoEmail('practitioner', 'westmorland-and-furness'), DEMO_PASSWORD);
	const user = toSessionUser(await client.collection('users').getOne(client.authStore.record!.id, { expand: 'authority' }));
	const child = await client.collection('children').getFirstListItem(`authority = "${user.authorityId}"`);
	const result = await createEpisode({ service: pb.admin, userPb: client, user, childId: child.id, fields: fieldsFromData(wf.forms['missing-report'], report), now });
	if (!result.ok) throw new Error(result.message);
	return { episodeId: result.episodeId, client, user };
}

const taskOf = (episodeId: string, clockId: string) =>
	pb.admin.collection('tasks').getFirstListItem(`episode = "${episodeId}" && details.clockId = "${clockId}"`);

beforeAll(async () => {
	pb = await startTestPocketBase();
	const packages = await loadAllPackages(join(process.cwd(), 'protocols'));
	wf = packages.find((p) => p.protocol.metadata.id === 'westmorland-and-furness')!;
	await seedDemoData(pb.admin, packages);
});

afterAll(async () => {
	await pb?.stop();
});

describe('clock poller', () => {
	it('fires "strategy meeting if not found within 24 hours" at 24 hours, not before, and logs it', async () => {
		// Reported at 19:00 for a child missing since 18:00: the 24 hours run from 18:00.
		const { episodeId } = await newEpisode(T0);
		await pollClocks(pb.admin, MISSING + 23.5 * HOUR);
		expect((await taskOf(episodeId, 'strategy-meeting-24h')).status).toBe('pending');

		const result = await pollClocks(pb.admin, MISSING + 24.5 * HOUR);
		expect(result.escalated).toBeGreaterThanOrEqual(1);
		expect((await taskOf(episodeId, 'strategy-meeting-24h')).status).toBe('overdue');
		const events = await pb.admin.collection('events').getFullList({ filter: `stream = "${episodeId}"`, sort: 'seq' });
		expect(events.map((e) => [e.seq, e.type])).toEqual([
			[1, 'REPORT'],
			[2, 'ESCALATED']
		]);
		expect((await pb.admin.collection('episodes').getOne(episodeId)).seq).toBe(2);
	});

	it('marks the 48-hour Need to Know task due soon, then overdue', async () => {
		const { episodeId } = await newEpisode(T0);
		await pollClocks(pb.admin, T0 + 30 * HOUR);
		expect((await taskOf(episodeId, 'need-to-know-48h')).status).toBe('open');
		await pollClocks(pb.admin, T0 + 40 * HOUR);
		expect((await taskOf(episodeId, 'need-to-know-48h')).status).toBe('due');
		await pollClocks(pb.admin, T0 + 49 * HOUR);
		expect((await taskOf(episodeId, 'need-to-know-48h')).status).toBe('overdue');
	});

	it('does not fire the 24-hour escalation when the child was found in time', async () => {
		const { episodeId, client, user } = await newEpisode(T0);
		const found = await recordStep({ service: pb.admin, userPb: client, user, episodeId, event: 'FOUND', expectedSeq: 1, now: T0 + 5 * HOUR });
		if (!found.ok) throw new Error(found.message);
		await pollClocks(pb.admin, T0 + 25 * HOUR);
		expect((await taskOf(episodeId, 'strategy-meeting-24h')).status).toBe('cancelled');
		const types = (await pb.admin.collection('events').getFullList({ filter: `stream = "${episodeId}"`, sort: 'seq' })).map((e) => e.type);
		expect(types).toEqual(['REPORT', 'FOUND']);
	});
});
