/**
 * CPU time spent by the app and PocketBase while the benchmark drives them, read from Linux's
 * /proc. Latency on a shared machine moves with whatever else runs; CPU milliseconds per
 * request say what each process itself spent, and the machine's idle time says how much room
 * there was. Everything here returns null where /proc is not available.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';

const TICK_MS = (() => {
	try {
		return 1000 / Number(execFileSync('getconf', ['CLK_TCK']).toString().trim());
	} catch {
		return 10;
	}
})();

function stat(pid: number): string[] | null {
	try {
		// The command name is in parentheses and may hold spaces: fields start after it.
		const raw = readFileSync(`/proc/${pid}/stat`, 'utf8');
		return raw.slice(raw.lastIndexOf(')') + 2).split(' ');
	} catch {
		return null;
	}
}

function commandLine(pid: number): string {
	try {
		return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
	} catch {
		return '';
	}
}

/** Every process started (directly or not) by `root`. */
function descendants(root: number): number[] {
	const children = new Map<number, number[]>();
	for (const name of readdirSync('/proc')) {
		const pid = Number(name);
		if (!Number.isInteger(pid)) continue;
		const f = stat(pid);
		if (!f) continue;
		const ppid = Number(f[1]);
		children.set(ppid, [...(children.get(ppid) ?? []), pid]);
	}
	const found: number[] = [];
	const queue = [root];
	while (queue.length) {
		const pid = queue.shift()!;
		for (const c of children.get(pid) ?? []) {
			found.push(c);
			queue.push(c);
		}
	}
	return found;
}

function processMs(pid: number): number {
	const f = stat(pid);
	return f ? (Number(f[11]) + Number(f[12])) * TICK_MS : 0;
}

function machineTicks(): { busy: number; total: number } {
	const [, ...values] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
	const n = values.map(Number);
	const total = n.slice(0, 8).reduce((a, b) => a + b, 0);
	const idle = n[3] + n[4];
	return { busy: total - idle, total };
}

export interface CpuReading {
	appMs: number;
	pocketBaseMs: number;
	benchMs: number;
	machineBusyMs: number;
	machineTotalMs: number;
	cores: number;
}

/** Starts counting for the app and PocketBase started under `root`; call the result to stop. */
export function startCpuCount(root: number): (() => CpuReading) | null {
	if (!existsSync('/proc/self/stat')) return null;
	const pids = descendants(root);
	const pocketBase = pids.filter((p) => / serve /.test(commandLine(p)) && /pocketbase/.test(commandLine(p)));
	const app = pids.filter((p) => /build\/index\.js/.test(commandLine(p)));
	if (pocketBase.length !== 1 || app.length !== 1) return null;
	const sum = (list: number[]) => list.reduce((a, p) => a + processMs(p), 0);
	const self = () => {
		const u = process.cpuUsage();
		return (u.user + u.system) / 1000;
	};
	const before = { app: sum(app), pb: sum(pocketBase), bench: self(), machine: machineTicks() };
	return () => {
		const machine = machineTicks();
		return {
			appMs: sum(app) - before.app,
			pocketBaseMs: sum(pocketBase) - before.pb,
			benchMs: self() - before.bench,
			machineBusyMs: (machine.busy - before.machine.busy) * TICK_MS,
			machineTotalMs: (machine.total - before.machine.total) * TICK_MS,
			cores: cpus().length
		};
	};
}
