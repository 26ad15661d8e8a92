/**
 * The server's PocketBase clients over their own HTTP transport and JSON batches, against a real
 * PocketBase: answers and errors arrive as the SDK gives them, a batch is still all or nothing,
 * a PocketBase restart does not break the next request, and the service account signs in once
 * however many requests arrive together, whatever its password starts with.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientResponseError } from 'pocketbase';
import { createBatch } from '../../src/lib/server/pocketbase-batch.js';
import { startPocketBase, upsertSuperuser } from '../../src/lib/server/pocketbase-process.js';
import { serviceClient, superuserClient } from '../../src/lib/server/pocketbase-clients.js';
import { startTestPocketBase, type TestPocketBase } from './pocketbase-harness.js';

let pb: TestPocketBase;

beforeAll(async () => {
	pb = await startTestPocketBase();
});

afterAll(async () => {
	await pb?.stop();
});

async function failure(p: Promise<unknown>): Promise<ClientResponseError> {
	try {
		await p;
	} catch (err) {
		if (err instanceof ClientResponseError) return err;
		throw err;
	}
	throw new Error('expected PocketBase to refuse the request');
}

describe('the server’s PocketBase client', () => {
	it('reads and writes records, and passes on PocketBase’s refusals with their details', async () => {
		const created = await pb.admin.collection('authorities').create({ code: 'transport-test', name: 'Transport Test', kind: 'council' });
		const read = await pb.admin.collection('authorities').getOne(created.id);
		expect(read).toMatchObject({ code: 'transport-test', name: 'Transport Test' });
		await pb.admin.collection('authorities').update(created.id, { name: 'Transport Test Council' });
		expect((await pb.admin.collection('authorities').getOne(created.id)).name).toBe('Transport Test Council');

		const missing = await failure(pb.admin.collection('authorities').getOne('doesnotexist123'));
		expect(missing.status).toBe(404);
		const invalid = await failure(pb.admin.collection('authorities').create({ code: 'another-code', name: '', kind: 'council' }));
		expect(invalid.status).toBe(400);
		expect(invalid.response.data).toHaveProperty('name.code', 'validation_required');
	});

	it('a batch creates, updates and deletes everything or, when one request fails, nothing, and says which failed', async () => {
		const ok = createBatch(pb.admin);
		ok.collection('authorities').create({ code: 'batch-a', name: 'Batch A', kind: 'council' });
		ok.collection('authorities').create({ code: 'batch-b', name: 'Batch B', kind: 'council' });
		const results = await ok.send();
		expect(results.map((r) => r.status)).toEqual([200, 200]);

		const failing = createBatch(pb.admin);
		failing.collection('authorities').create({ code: 'batch-c', name: 'Batch C', kind: 'council' });
		failing.collection('authorities').create({ code: 'batch-a', name: 'Batch A again', kind: 'council' });
		const err = await failure(failing.send());
		expect(err.status).toBe(400);
		expect(JSON.stringify(err.response)).toContain('validation_not_unique');
		const codes = (await pb.admin.collection('authorities').getFullList({ filter: "code ~ 'batch-'" })).map((a) => a.code);
		expect(codes.sort()).toEqual(['batch-a', 'batch-b']);

		const [a, b] = await pb.admin.collection('authorities').getFullList({ filter: "code ~ 'batch-'", sort: 'code' });
		const mixed = createBatch(pb.admin);
		mixed.collection('authorities').update(a.id, { name: 'Batch A renamed' });
		mixed.collection('authorities').delete(b.id);
		await mixed.send();
		const left = await pb.admin.collection('authorities').getFullList({ filter: "code ~ 'batch-'" });
		expect(left.map((x) => [x.code, x.name])).toEqual([['batch-a', 'Batch A renamed']]);
	});

	it('signs the service account in once when many requests need it at the same moment', async () => {
		process.env.PB_URL = pb.url;
		process.env.PB_SUPERUSER_EMAIL = pb.superuser.email;
		process.env.PB_SUPERUSER_PASSWORD = pb.superuser.password;
		const clients = await Promise.all(Array.from({ length: 16 }, () => serviceClient()));
		expect(new Set(clients).size).toBe(1);
		expect(clients[0].authStore.isSuperuser).toBe(true);
		expect(await serviceClient()).toBe(clients[0]);
	});

	it('a service account whose random password starts with a dash can be saved and sign in', async () => {
		const creds = { email: 'dash@homeward.test', password: '-gLrqXXaH5m2gCHSjpEnQM7U5Vqe' };
		await upsertSuperuser(pb.handle.dataDir, creds);
		const client = await superuserClient(pb.url, creds.email, creds.password);
		expect(client.authStore.isSuperuser).toBe(true);
	});

	it('keeps working when PocketBase restarts on the same port', async () => {
		expect((await pb.admin.collection('authorities').getList(1, 1)).items.length).toBe(1);
		await pb.handle.stop();
		const restarted = await startPocketBase({ dataDir: pb.handle.dataDir, port: pb.handle.port });
		pb.handle.stop = restarted.stop;
		expect((await pb.admin.collection('authorities').getList(1, 1)).items.length).toBe(1);
	});
});
