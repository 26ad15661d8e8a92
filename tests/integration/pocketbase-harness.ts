/**
 * Integration harness: a real PocketBase per test file, on a free port, in a temporary folder,
 * with the project's migrations and hooks applied. Never a mock.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PocketBase from 'pocketbase';
import { createUserClient, superuserClient } from '../../src/lib/server/pocketbase-clients.js';
import { freePort, startPocketBase, upsertSuperuser, migrate, type PocketBaseHandle } from '../../src/lib/server/pocketbase-process.js';

export interface TestPocketBase {
	url: string;
	handle: PocketBaseHandle;
	/** Superuser client (the role the SvelteKit server's service account plays). */
	admin: PocketBase;
	superuser: { email: string; password: string };
	/** A fresh client signed in as the given user. */
	as(email: string, password?: string): Promise<PocketBase>;
	guest(): PocketBase;
	stop(): Promise<void>;
}

export const TEST_PASSWORD = 'test-password-1';

export async function startTestPocketBase(): Promise<TestPocketBase> {
	const dir = mkdtempSync(join(tmpdir(), 'homeward-pb-'));
	const dataDir = join(dir, 'pb');
	const superuser = { email: 'service@homeward.test', password: 'service-password-123' };
	await migrate(dataDir);
	await upsertSuperuser(dataDir, superuser);
	const handle = await startPocketBase({ dataDir, port: await freePort() });
	const admin = await superuserClient(handle.url, superuser.email, superuser.password);
	return {
		url: handle.url,
		handle,
		admin,
		superuser,
		async as(email, password = TEST_PASSWORD) {
			const pb = createUserClient(handle.url);
			await pb.collection('users').authWithPassword(email, password);
			return pb;
		},
		guest: () => createUserClient(handle.url),
		async stop() {
			await handle.stop();
			rmSync(dir, { recursive: true, force: true });
		}
	};
}
