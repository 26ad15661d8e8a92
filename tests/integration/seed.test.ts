import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadAllPackages } from '../../src/lib/server/protocol-files.js';
import { databaseIsEmpty, DEMO_PASSWORD, demoEmail, seedDemoData, HOST_AUTHORITY, type SeedSummary } from '../../src/lib/server/seed.js';
import { packageFromStored } from '../../src/lib/server/stored-package.js';
import { startTestPocketBase, type TestPocketBase } from './pocketbase-harness.js';

let pb: TestPocketBase;
let summary: SeedSummary;

beforeAll(async () => {
	pb = await startTestPocketBase();
	expect(await databaseIsEmpty(pb.admin)).toBe(true);
	summary = await seedDemoData(pb.admin, await loadAllPackages(join(process.cwd(), 'protocols')));
});

afterAll(async () => {
	await pb?.stop();
});

describe('demo seed', () => {
	it('creates the authorities of every reference protocol plus the neighbouring host authority', () => {
		expect(summary.authorities).toEqual(expect.arrayContaining(['england', 'westmorland-and-furness', HOST_AUTHORITY.code]));
	});

	it('publishes every reference protocol version and points each authority at its newest', async () => {
		const versions = await pb.admin.collection('protocol_versions').getFullList({ expand: 'protocol' });
		expect(versions.every((v) => v.status === 'published')).toBe(true);
		expect(versions.map((v) => `${v.expand?.protocol.code}@${v.version}`).sort()).toEqual([...summary.protocolVersions].sort());
		const wf = await pb.admin.collection('authorities').getFirstListItem("code = 'westmorland-and-furness'", { expand: 'active_protocol' });
		expect(packageFromStored(wf.expand?.active_protocol.package).protocol.metadata.id).toBe('westmorland-and-furness');
	});

	it('keeps each form’s questions in the order the protocol’s author wrote them', async () => {
		const packages = await loadAllPackages(join(process.cwd(), 'protocols'));
		const versions = await pb.admin.collection('protocol_versions').getFullList({ expand: 'protocol' });
		for (const v of versions) {
			const fromFiles = packages.find((p) => p.protocol.metadata.id === v.expand?.protocol.code && p.protocol.metadata.version === v.version)!;
			const stored = packageFromStored(v.package);
			for (const [id, form] of Object.entries(fromFiles.forms)) {
				expect(Object.keys(stored.forms[id].properties), `${v.expand?.protocol.code}@${v.version} ${id}`).toEqual(Object.keys(form.properties));
			}
		}
		// The first question a W&F practitioner is asked is the child's name, not "associates".
		const wf = packageFromStored(versions.find((v) => v.expand?.protocol.code === 'westmorland-and-furness')!.package);
		expect(Object.keys(wf.forms['missing-report'].properties)[0]).toBe('childName');
	});

	it('demo users of every role sign in with the demo password and see only their own children', async () => {
		for (const role of ['lead', 'practitioner', 'auditor', 'admin']) {
			const client = await pb.as(demoEmail(role, 'westmorland-and-furness'), DEMO_PASSWORD);
			expect(client.authStore.record?.role).toBe(role);
		}
		const practitioner = await pb.as(demoEmail('practitioner', 'westmorland-and-furness'), DEMO_PASSWORD);
		const me = practitioner.authStore.record!;
		const children = await practitioner.collection('children').getFullList();
		expect(children.length).toBeGreaterThan(0);
		// Own children, or children another council placed here (host authority).
		expect(children.every((c) => c.authority === me.authority || c.host_authority === me.authority)).toBe(true);
		expect(children.some((c) => c.authority !== me.authority)).toBe(true);
	});

	it('does not seed twice', async () => {
		expect(await databaseIsEmpty(pb.admin)).toBe(false);
	});
});
