/**
 * bench/server: 32 practitioners recording lifecycle steps at once against the running app and
 * a real PocketBase, then a check that no event was lost or duplicated.
 *
 * It starts `npm start` on free ports with a temporary data folder, adds 32 practitioners and
 * 8 episodes (4 practitioners per episode, so conflicts really happen), drives
 * POST /api/episodes/:id/steps with autocannon for a fixed number of steps, and stops everything.
 * Every 200 must have exactly one event in its episode's log, and each log must run 1..N with
 * no gap and no duplicate. Figures are printed; timing never fails the run.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { freePort } from '../../src/lib/server/pocketbase-process.js';
import { createUserClient, superuserClient } from '../../src/lib/server/pocketbase-clients.js';
import { loadAllPackages } from '../../src/lib/server/protocol-files.js';
import { createEpisode } from '../../src/lib/server/episode-commands.js';
import { toSessionUser } from '../../src/lib/server/session-user.js';
import { fieldsFromData } from '../../src/lib/protocol/form-data.js';
import { startCpuCount } from './process-cpu.js';
import { runPocketBaseAlone } from './pocketbase-alone.js';

const PRACTITIONERS = 32;
const EPISODES = 8;
// A fixed number of steps per practitioner, not a duration: a timer would cut connections with
// steps in flight, committed by the server but never acknowledged to the client.
const STEPS_EACH = Number(process.env.BENCH_STEPS ?? 60);
const PASSWORD = 'bench-password-1';
// A step the Westmorland and Furness lifecycle allows in every open state, as often as needed.
const STEP = 'NEED_TO_KNOW_SENT';
// Only the PocketBase calls a step makes, without the app (see pocketbase-alone.ts).
const ALONE = process.argv.includes('--pocketbase-alone');

async function main() {
	const dataDir = mkdtempSync(join(tmpdir(), 'homeward-bench-'));
	const port = await freePort();
	let pbPort = await freePort();
	while (pbPort === port) pbPort = await freePort();
	// `node --import tsx`, not the tsx command: on a busy machine the command's signal relay gives
	// up after 30 ms and SIGKILLs start.ts, leaving PocketBase and the app running (and holding
	// this process's output pipes, so the run never ends). Here SIGTERM reaches start.ts itself.
	const app = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
		env: { ...process.env, PORT: String(port), PB_PORT: String(pbPort), HOMEWARD_DATA_DIR: dataDir, HOMEWARD_POLL_MS: '0' },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	app.stdout!.on('data', (d) => (output += d));
	app.stderr!.on('data', (d) => (output += d));
	const exited = new Promise((r) => app.once('exit', r));
	const stop = async () => {
		if (app.exitCode === null) {
			app.kill('SIGTERM');
			await exited;
		}
		rmSync(dataDir, { recursive: true, force: true });
	};
	process.on('SIGINT', () => void stop().then(() => process.exit(130)));

	try {
		const deadline = Date.now() + 180_000;
		while (!output.includes('Homeward is running at')) {
			if (app.exitCode !== null || Date.now() > deadline) throw new Error(`npm start failed:\n${output}`);
			await new Promise((r) => setTimeout(r, 100));
		}
		const url = `http://127.0.0.1:${port}`;
		const pbUrl = `http://127.0.0.1:${pbPort}`;
		const creds = JSON.parse(readFileSync(join(dataDir, 'service-account.json'), 'utf8'));
		const admin = await superuserClient(pbUrl, creds.email, creds.password);
		const wf = await admin.collection('authorities').getFirstListItem("code = 'westmorland-and-furness'");
		const pkg = (await loadAllPackages('protocols')).find((p) => p.protocol.metadata.id === 'westmorland-and-furness')!;

		const cookies: string[] = [];
		const tokens: string[] = [];
		for (let i = 0; i < PRACTITIONERS; i++) {
			const email = `bench-${i}@westmorland-and-furness.example`;
			await admin.collection('users').create({ email, password: PASSWORD, passwordConfirm: PASSWORD, verified: true, name: `Bench practitioner ${i}`, role: 'practitioner', authority: wf.id });
			const client = createUserClient(pbUrl);
			const auth = await client.collection('users').authWithPassword(email, PASSWORD);
			tokens.push(auth.token);
			cookies.push(`pb_auth=${encodeURIComponent(JSON.stringify({ token: auth.token, record: { id: auth.record.id } }))}`);
		}

		const first = createUserClient(pbUrl);
		await first.collection('users').authWithPassword('bench-0@westmorland-and-furness.example', PASSWORD);
		const user = toSessionUser(await first.collection('users').getOne(first.authStore.record!.id, { expand: 'authority' }));
		const episodes: string[] = [];
		for (let i = 0; i < EPISODES; i++) {
			const child = await admin.collection('children').create({
				given_name: `Bench${i}`, family_name: 'Child', date_of_birth: '2011-05-05 00:00:00.000Z', legal_status: 'none', authority: wf.id
			});
			const result = await createEpisode({
				service: admin, userPb: first, user, childId: child.id,
				fields: fieldsFromData(pkg.forms['missing-report'], {
					legalStatus: 'section-20', missingFrom: 'Home', missingAt: new Date().toISOString(), lastSeenAt: new Date().toISOString(),
					lastSeenLocation: 'Kendal', clothing: 'Coat', description: 'Short', circumstances: 'Left after school', riskAssessment: 'Medium'
				})
			});
			if (!result.ok) throw new Error(`could not create a bench episode: ${result.message}`);
			episodes.push(result.episodeId);
		}

		// One step by hand first, so a broken setup fails with the server's own words.
		const probe = await fetch(`${url}/api/episodes/${episodes[0]}/steps`, {
			method: 'POST',
			headers: { cookie: cookies[0], 'content-type': 'application/json' },
			body: JSON.stringify({ event: STEP })
		});
		if (probe.status !== 200) throw new Error(`a single step failed (${probe.status}): ${await probe.text()}\n${output.slice(-2000)}`);

		const okPerEpisode = new Map<string, number>(episodes.map((e) => [e, e === episodes[0] ? 1 : 0]));
		const statuses = new Map<number, number>();
		let next = 0;
		const stopCpuCount = startCpuCount(app.pid!);
		const alone = ALONE
			? await runPocketBaseAlone({ pbUrl, admin, tokens, episodes, steps: STEPS_EACH, event: STEP, onOk: (e) => okPerEpisode.set(e, okPerEpisode.get(e)! + 1) })
			: null;
		const result = alone ? null : await new Promise<autocannon.Result>((resolve, reject) => {
			const instance = autocannon(
				{
					url,
					connections: PRACTITIONERS,
					amount: PRACTITIONERS * STEPS_EACH,
					// Each connection is one practitioner, on one of the episodes, for the whole run.
					initialContext: {},
					// A 200's body names the episode it recorded on: count acknowledgements from it.
					setupClient(client: { on(event: 'body', fn: (body: Buffer) => void): void }) {
						client.on('body', (body) => {
							try {
								const r = JSON.parse(body.toString()) as { ok?: boolean; episodeId?: string };
								if (r.ok && r.episodeId && okPerEpisode.has(r.episodeId)) okPerEpisode.set(r.episodeId, okPerEpisode.get(r.episodeId)! + 1);
							} catch {
								// not JSON: counted by status only
							}
						});
					},
					requests: [
						{
							setupRequest(req: Record<string, unknown>, context: Record<string, unknown>) {
								if (context.i === undefined) context.i = next++ % PRACTITIONERS;
								const i = context.i as number;
								return {
									...req,
									method: 'POST',
									path: `/api/episodes/${episodes[i % EPISODES]}/steps`,
									headers: { cookie: cookies[i], 'content-type': 'application/json' },
									body: JSON.stringify({ event: STEP })
								};
							}
						}
					]
				},
				(err, res) => (err ? reject(err) : resolve(res))
			);
			instance.on('response', (_client: unknown, statusCode: number) => {
				statuses.set(statusCode, (statuses.get(statusCode) ?? 0) + 1);
			});
		});

		const cpu = stopCpuCount?.();

		// The integrity check: every acknowledged step is in the log exactly once, in order.
		let lost = 0;
		let duplicated = 0;
		let gaps = 0;
		for (const episode of episodes) {
			const events = await admin.collection('events').getFullList({ filter: admin.filter('stream = {:e}', { e: episode }), sort: 'seq', fields: 'seq,type' });
			const seqs = events.map((e) => e.seq as number);
			seqs.forEach((s, i) => {
				if (s !== i + 1) gaps++;
			});
			const recorded = events.filter((e) => e.type === STEP).length;
			const acknowledged = okPerEpisode.get(episode)!;
			if (recorded < acknowledged) lost += acknowledged - recorded;
			if (recorded > acknowledged) duplicated += recorded - acknowledged;
			const stored = await admin.collection('episodes').getOne(episode, { fields: 'seq' });
			if (stored.seq !== seqs.length) gaps++;
		}

		const total = alone ? alone.total : [...statuses.values()].reduce((a, b) => a + b, 0);
		const seconds = alone ? alone.seconds : result!.duration;
		const latency = alone ? alone.latency : result!.latency;
		const perSecond = alone ? Math.round(alone.total / alone.seconds) : Math.round(result!.requests.average);
		const what = alone ? 'steps' : 'requests';
		if (alone) console.log('PocketBase alone: the PocketBase calls of each step, no app in between');
		console.log(`${PRACTITIONERS} practitioners on ${EPISODES} episodes, ${STEPS_EACH} steps each: ${total} ${what} in ${seconds.toFixed(1)} s`);
		if (alone) console.log(`outcomes: committed ${alone.ok}, lost the race ${alone.conflicts} (the app answers those 409), errors ${alone.errors}`);
		else console.log(`statuses: ${[...statuses].map(([s, n]) => `${s}×${n}`).join(', ')} (409 = conflict told to the practitioner)`);
		console.log(`latency ms: p50 ${latency.p50}, p90 ${latency.p90}, p99 ${latency.p99}, max ${latency.max}`);
		if (cpu) {
			const per = (ms: number) => (ms / total).toFixed(2);
			const others = Math.max(0, cpu.machineBusyMs - cpu.appMs - cpu.pocketBaseMs - cpu.benchMs);
			console.log(`cpu ms per ${what.slice(0, -1)}: app ${per(cpu.appMs)}, PocketBase ${per(cpu.pocketBaseMs)}, this client ${per(cpu.benchMs)}`);
			console.log(
				`machine: ${((100 * cpu.machineBusyMs) / cpu.machineTotalMs).toFixed(0)}% busy on ${cpu.cores} cores, ${((100 * others) / cpu.machineTotalMs).toFixed(0)}% of it other processes`
			);
		}
		console.log(`integrity: lost ${lost}, duplicated ${duplicated}, sequence gaps ${gaps}`);
		console.log(`${alone ? 'pocketbase alone' : 'server'}: ${perSecond} ${alone ? 'steps' : 'req'}/s, p99 ${latency.p99} ms, lost ${lost + duplicated + gaps}`);
		if ((alone && alone.errors > 0) || (result && (result.errors > 0 || statuses.has(500)))) {
			console.error(`server errors; the app said:\n${output.slice(-3000)}`);
			process.exitCode = 1;
		}
	} finally {
		await stop();
	}
}

main().catch((err) => {
	console.error(err instanceof Error ? err.stack : err);
	process.exit(1);
});
