/**
 * `npm run bench:server -- --pocketbase-alone`: the PocketBase calls that one recorded step
 * makes, with the same 32 practitioners on the same 8 episodes, but no app in between. It
 * measures what PocketBase (and a minimal client) cost on this machine, the floor under
 * whatever the app adds.
 *
 * Per step, as `hooks.server.ts` and `recordStep` make them: the session refresh with the
 * user's authority, the episode with its child through the user's token, the child's episode
 * starts, then one batch writing the event (next seq) and the episode's snapshot back; when
 * the batch loses the race for that seq, the read of the latest event that names the winner.
 * The engine's decision is left out (the snapshot is written back unchanged); the writes have
 * the same shape and size as the app's.
 */
import type PocketBase from 'pocketbase';
import { createUserClient } from '../../src/lib/server/pocketbase-clients.js';
import { createBatch, isUniqueViolation } from '../../src/lib/server/pocketbase-batch.js';

export interface AloneResult {
	total: number;
	seconds: number;
	ok: number;
	conflicts: number;
	errors: number;
	latency: { p50: number; p90: number; p99: number; max: number };
}

export async function runPocketBaseAlone(input: {
	pbUrl: string;
	admin: PocketBase;
	tokens: string[];
	episodes: string[];
	steps: number;
	event: string;
	onOk(episodeId: string): void;
}): Promise<AloneResult> {
	const { admin, episodes } = input;
	const users = input.tokens.map((token) => {
		const pb = createUserClient(input.pbUrl);
		pb.authStore.save(token, null);
		return pb;
	});
	const latencies: number[] = [];
	let ok = 0;
	let conflicts = 0;
	let errors = 0;

	const step = async (i: number) => {
		const user = users[i];
		const episodeId = episodes[i % episodes.length];
		const started = performance.now();
		try {
			const { record } = await user.collection('users').authRefresh({ expand: 'authority' });
			const episode = await user.collection('episodes').getOne(episodeId, { expand: 'child' });
			await admin.collection('episodes').getFullList({
				filter: admin.filter('child = {:child}', { child: episode.child }),
				fields: 'id,child,missing_from,reported_at',
				sort: 'reported_at'
			});
			const seq = episode.seq + 1;
			const batch = createBatch(admin);
			batch.collection('events').create({
				child: episode.child, episode: episodeId, stream: episodeId, seq, type: input.event, at: new Date().toISOString().replace('T', ' '), actor: record.id,
				payload: { form: null, from: episode.state, state: episode.state, effects: [] }
			});
			batch.collection('episodes').update(episodeId, { snapshot: episode.snapshot, state: episode.state, seq });
			try {
				await batch.send();
				ok++;
				input.onOk(episodeId);
			} catch (err) {
				if (!isUniqueViolation(err)) throw err;
				conflicts++;
				await admin.collection('events').getList(1, 1, { filter: admin.filter('stream = {:s}', { s: episodeId }), sort: '-seq', expand: 'actor', skipTotal: true });
			}
		} catch {
			errors++;
		}
		latencies.push(performance.now() - started);
	};

	const t0 = performance.now();
	await Promise.all(users.map(async (_, i) => {
		for (let k = 0; k < input.steps; k++) await step(i);
	}));
	const seconds = (performance.now() - t0) / 1000;
	latencies.sort((a, b) => a - b);
	const at = (q: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]);
	return {
		total: latencies.length,
		seconds,
		ok,
		conflicts,
		errors,
		latency: { p50: at(0.5), p90: at(0.9), p99: at(0.99), max: Math.round(latencies[latencies.length - 1]) }
	};
}
