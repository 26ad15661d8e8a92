import { describe, expect, it, beforeAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkCompliance, type CheckResult } from '../../src/lib/protocol/compliance.js';
import { validatePackageDir } from '../../src/lib/server/protocol-files.js';
import type { ProtocolPackage } from '../../src/lib/protocol/types.js';
import { smallProtocol } from '../fixtures/audit/small-protocol.js';

const BASELINE_DIR = 'protocols/england-dfe-2014/2014.1';
const WF_DIR = 'protocols/westmorland-and-furness/2024.1';

let baseline: ProtocolPackage;
let wf: ProtocolPackage;

async function load(dir: string): Promise<ProtocolPackage> {
	const result = await validatePackageDir(dir);
	if (!result.package) throw new Error(`${dir} does not validate: ${JSON.stringify(result.errors.slice(0, 3))}`);
	return result.package;
}

beforeAll(async () => {
	baseline = await load(BASELINE_DIR);
	wf = await load(WF_DIR);
});

function check(pkg: ProtocolPackage, id: string): CheckResult {
	const c = checkCompliance(pkg, baseline).checks.find((x) => x.id === id);
	if (!c) throw new Error(`no check ${id}`);
	return c;
}

const copy = (p: ProtocolPackage): ProtocolPackage => structuredClone(p);

describe('compliance against the baseline', () => {
	it('cites the baseline, not the protocol under check, for every check', () => {
		const report = checkCompliance(wf, baseline);
		expect(report.checks.length).toBeGreaterThan(10);
		const baselineQuotes = new Set(JSON.stringify(baseline.protocol).match(/"quote":"(?:[^"\\]|\\.)*"/g));
		for (const c of report.checks) {
			expect(c.citations.length, c.id).toBeGreaterThan(0);
			for (const s of c.citations) expect(baselineQuotes.has(`"quote":${JSON.stringify(s.quote)}`), `${c.id}: ${s.quote}`).toBe(true);
		}
	});

	it('fails the 72-hour check, with its citation, when the rule is removed from a copy', () => {
		expect(check(wf, 'rhi-within-timescale').status).toBe('pass');
		const p = copy(wf);
		delete (p.protocol.rhi as Partial<typeof p.protocol.rhi>).within;
		p.protocol.clocks = p.protocol.clocks.filter((c) => c.id !== 'rhi-72h');
		const result = check(p, 'rhi-within-timescale');
		expect(result.status).toBe('fail');
		expect(result.reason).toContain('sets no time limit');
		expect(result.citations[0].quote).toMatch(/72/);
		expect(result.citations[0]).toEqual(baseline.protocol.clocks.find((c) => c.id === 'rhi-72h')!.source);
	});

	it('fails the 72-hour check when the limit is in working days or only declared', () => {
		const working = copy(wf);
		working.protocol.rhi.within = { unit: 'workingDays', amount: 3 };
		expect(check(working, 'rhi-within-timescale')).toMatchObject({ status: 'fail' });
		expect(check(working, 'rhi-within-timescale').reason).toContain('3 working days');

		const noClock = copy(wf);
		noClock.protocol.clocks = noClock.protocol.clocks.filter((c) => c.id !== 'rhi-72h');
		expect(check(noClock, 'rhi-within-timescale').reason).toContain('no clock enforces it');
	});

	it('fails "offered to every child" when the RHI clock runs only for some children', () => {
		const p = copy(wf);
		p.protocol.clocks.find((c) => c.id === 'rhi-72h')!.when = { '==': [{ var: 'child.inCare' }, true] };
		const result = check(p, 'rhi-offered-every-return');
		expect(result.status).toBe('fail');
		expect(result.reason).toContain('the child is in care');
	});

	it('fails independence when the interviewer need not be independent', () => {
		const p = copy(wf);
		p.protocol.rhi.independentOfCare = false;
		expect(check(p, 'rhi-independent').status).toBe('fail');
		expect(check(wf, 'rhi-independent').status).toBe('pass');
	});

	it('fails when the IRO is told only on return, citing the baseline notification; silence is not expressed', () => {
		const late = copy(wf);
		late.protocol.notifications = late.protocol.notifications.filter((n) => n.recipient !== 'iro' || n.on !== 'REPORT');
		const result = check(late, 'notify-iro');
		expect(result.status).toBe('fail');
		expect(result.reason).toContain('only when the child is found or the child returns');
		expect(result.citations[0]).toEqual(baseline.protocol.notifications.find((n) => n.recipient === 'iro')!.source);

		const silent = copy(wf);
		silent.protocol.notifications = silent.protocol.notifications.filter((n) => n.recipient !== 'iro');
		silent.protocol.rhi.allocation.forEach((r) => (r.notify = r.notify.filter((x) => x !== 'iro')));
		expect(check(silent, 'notify-iro').status).toBe('not-expressed');
	});

	it('fails minimum content when the missing report form stops asking for the photo', () => {
		const p = copy(wf);
		const form = p.forms['missing-report'];
		for (const [key, node] of Object.entries(form.properties)) if (node['x-ui']?.content === 'photo') delete form.properties[key];
		const result = check(p, 'minimum-report-content');
		expect(result.status).toBe('fail');
		expect(result.reason).toMatch(/does not ask for photo/);
	});

	it('fails when no one is named for a child placed by another council', () => {
		const p = smallProtocol();
		p.protocol.rhi.allocation = [{ ...p.protocol.rhi.allocation[1], id: 'own-only', when: { ownChild: true } }];
		const result = check(p, 'rhi-child-placed-by-another-council');
		expect(result.status).toBe('fail');
		expect(check(smallProtocol(), 'rhi-child-placed-by-another-council').reason).toContain('Placing authority');
	});

	it('marks a baseline duty the protocol is silent on as not expressed, not failed', () => {
		const report = checkCompliance(smallProtocol(), baseline);
		const duty = report.checks.find((c) => c.id === 'duty-report-to-dfe-annual-return')!;
		expect(duty.status).toBe('not-expressed');
		expect(report.checks.find((c) => c.id === 'analyse-repeat-episodes')!.status).toBe('pass');
	});
});

describe('npm run protocol -- check', () => {
	const run = (...args: string[]) =>
		spawnSync(process.execPath, [join('node_modules', 'tsx', 'dist', 'cli.mjs'), 'scripts/protocol-cli.ts', 'check', ...args], { encoding: 'utf8' });

	// On disk a package must stay valid (rhi.within is required, the lifecycle names the clock),
	// so the 72-hour rule is replaced by a week rather than deleted.
	it('prints each check and exits 1 with the citation when the 72-hour rule is replaced by a week', () => {
		const dir = mkdtempSync(join(tmpdir(), 'homeward-check-'));
		try {
			cpSync(WF_DIR, dir, { recursive: true });
			const doc = JSON.parse(readFileSync(join(dir, 'protocol.json'), 'utf8'));
			doc.rhi.within = { unit: 'days', amount: 7 };
			doc.clocks.find((c: { id: string }) => c.id === 'rhi-72h').duration = { unit: 'days', amount: 7 };
			writeFileSync(join(dir, 'protocol.json'), JSON.stringify(doc));
			const result = run(dir);
			expect(result.status, result.stdout + result.stderr).toBe(1);
			const block = result.stdout.split('\n\n').find((b) => b.includes('takes place within 72 hours'))!;
			expect(block).toMatch(/^FAIL {2}/);
			expect(block).toContain('7 days, which can be longer than 72 hours');
			const citation = baseline.protocol.clocks.find((c) => c.id === 'rhi-72h')!.source;
			expect(block).toContain(`Source: ${citation.document}, ${citation.section}: “${citation.quote}”`);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	}, 60_000);

	it('exits 0 for the baseline itself', () => {
		const result = run('protocols/england-dfe-2014');
		expect(result.status, result.stdout + result.stderr).toBe(0);
		expect(result.stdout).toMatch(/^PASS {2}/m);
	}, 60_000);
});
