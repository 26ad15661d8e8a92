import { describe, expect, it } from 'vitest';
import { allocateRhi, rhiResult } from '../../src/lib/protocol/allocation.js';
import { holds } from '../../src/lib/protocol/conditions.js';
import { decide, type DecideContext, type EpisodeSnapshot } from '../../src/lib/protocol/lifecycle.js';
import { checkForm } from '../../src/lib/protocol/form-check.js';
import { fieldsFromData } from '../../src/lib/protocol/form-data.js';
import { HOUR_MS } from '../../src/lib/protocol/london-time.js';
import { RHI_CONTENT_ITEMS } from '../../src/lib/protocol/library.js';
import type { Facts } from '../../src/lib/protocol/types.js';
import { validatePackageDir } from '../../src/lib/server/protocol-files.js';
import { contentTags, loadReferencePackage, normaliseSpace, seedText, seedsPresent, sourcesOf, type LoadedPackage } from './reference-package.js';

const SEED = 'walsall-scrutiny-2019-missing-children-and-rhi.txt';
const v1 = loadReferencePackage('walsall', '2019.1');
const v2 = loadReferencePackage('walsall', '2019.2');
const T0 = Date.UTC(2019, 1, 4, 9); // a Monday morning

function facts(child: Partial<Facts['child']> = {}): Facts {
	return {
		child: {
			ageYears: 15, inCare: false, ownChild: true, livesInArea: true, placedOutOfArea: false, openToServices: true,
			onChildProtectionPlan: false, exploitationRisk: 'none', learningDisability: false, mentalHealthConcern: false,
			episodesInWindow: 1, firstTimeMissing: false, ...child
		},
		episode: {
			riskCategory: null, hoursMissing: 0, stillMissing: true, injured: false, victimOfCrime: false,
			exploitationLinked: false, reasonableActionsTaken: false, reviewTimeHours: null
		}
	};
}
const valid = (form: string, data: Record<string, unknown> = {}) => ({ [form]: { form, valid: true, data } });

function run(pkg: LoadedPackage, events: Array<[string, number, DecideContext['submissions']?]>) {
	let snapshot: EpisodeSnapshot | null = null;
	const decisions = [];
	for (const [type, at, submissions] of events) {
		const d = decide(pkg, snapshot, { type }, { facts: facts(), now: at, submissions });
		if (!d.ok) throw new Error(`${type}: ${d.reason}`);
		snapshot = d.snapshot;
		decisions.push(d);
	}
	return decisions;
}

describe.each([
	['2019.1', v1],
	['2019.2', v2]
])('Walsall reference package %s', (version, pkg) => {
	const { protocol } = pkg;

	it('passes the package validator with no errors, read from disk as the CLI reads it', async () => {
		expect(pkg.validation.errors.map((e) => `${e.file}${e.pointer}: ${e.message}`)).toEqual([]);
		expect((await validatePackageDir(`protocols/walsall/${version}`)).errors).toEqual([]);
	});

	it('is Walsall Council’s, based on the DfE 2014 statutory guidance', () => {
		expect(protocol.metadata).toMatchObject({ id: 'walsall', version, authority: { code: 'walsall', name: 'Walsall Council' } });
		expect(protocol.metadata.basedOn.map((b) => b.protocol)).toContain('england-dfe-2014');
	});

	it.skipIf(!seedsPresent)('quotes every source verbatim from the 2019 scrutiny report', () => {
		const text = seedText(SEED);
		const sources = sourcesOf(protocol);
		expect(sources.length).toBeGreaterThan(20);
		expect(sources.filter(({ source }) => !text.includes(normaliseSpace(source.quote))).map((s) => s.path)).toEqual([]);
	});

	it('defines missing and absence differently for social care and the police (1.8–1.9)', () => {
		const byId = new Map(protocol.definitions.map((d) => [d.id, d]));
		expect(byId.get('missing')).toMatchObject({ agency: 'police', source: { section: '1.8' } });
		expect(byId.get('missing-social-care')).toMatchObject({ agency: 'social-care', source: { section: '1.8' } });
		expect(byId.get('away-without-authorisation')).toMatchObject({ agency: 'social-care', source: { section: '1.9' } });
		expect(byId.get('absent')?.agency).toBe('police');
	});

	it('has an in-house team offering every child the interview within 72 hours', () => {
		expect(protocol.rhi.within).toEqual({ unit: 'hours', amount: 72 });
		expect(protocol.clocks.find((c) => c.id === 'rhi-72h')).toMatchObject({ startsOn: ['FOUND', 'RETURNED'], duration: { unit: 'hours', amount: 72 } });
		expect(protocol.rhi.independentOfCare).toBe(true);
		const facts = { livesInArea: true, ownChild: true, inCare: false, placedOutOfArea: false, openToServices: false, onChildProtectionPlan: false };
		const codes = { protocol: 'walsall', responsible: 'sandwell', host: 'walsall' };
		for (const f of [{}, { ownChild: false, inCare: true }]) {
			expect(allocateRhi(protocol.rhi, { ...facts, ...f }, codes)).toMatchObject({ ruleId: 'in-house-team', authority: 'walsall' });
		}
		// The report does not say who interviews Walsall's own children placed outside the borough.
		expect(() => allocateRhi(protocol.rhi, { ...facts, livesInArea: false, inCare: true, placedOutOfArea: true }, codes)).toThrow();
	});

	it('follows up a child who declines three times by phone or text, and only a child’s own decline', () => {
		expect(protocol.rhi.declineFollowUps).toMatchObject({ attempts: 3, channels: ['phone', 'text'] });
		const base: Array<[string, number, DecideContext['submissions']?]> = [
			['REPORT', T0],
			['FOUND', T0 + 5 * HOUR_MS]
		];
		const byChild = run(pkg, [...base, ['RHI_DECLINED', T0 + 20 * HOUR_MS, valid('rhi-record')]]).at(-1)!;
		const tasks = byChild.effects.flatMap((e) => (e.kind === 'tasks' ? e.tasks : []));
		expect(tasks.map((t) => t.kind)).toEqual(['rhi-follow-up', 'rhi-follow-up', 'rhi-follow-up']);
		expect(tasks[0].title).toMatch(/phone or text/);
		const byParent = run(pkg, [...base, ['RHI_DECLINED_BY_PARENT', T0 + 20 * HOUR_MS, valid('rhi-record')]]).at(-1)!;
		expect(byParent.effects.some((e) => e.kind === 'tasks')).toBe(false);
	});

	it('lets a child who declined change their mind after a follow-up contact', () => {
		const ds = run(pkg, [
			['REPORT', T0],
			['RETURNED', T0 + 5 * HOUR_MS],
			['RHI_DECLINED', T0 + 20 * HOUR_MS, valid('rhi-record')],
			['RHI_COMPLETED', T0 + 50 * HOUR_MS, valid('rhi-record')]
		]);
		expect(ds.map((d) => d.state)).toEqual(['reported', 'returned', 'rhi-declined', 'rhi-completed']);
		expect(ds[3].effects.find((e) => e.kind === 'rhi-outcome')).toMatchObject({ outcome: 'completed', result: 'completed-in-timescale' });
	});

	it('counts a child who goes missing again before the interview as a declined interview', () => {
		expect(protocol.rhi.missingAgainCountsAsDeclined?.value).toBe(true);
		expect(rhiResult(protocol.rhi, { outcome: 'missing-again', returnedAt: T0 })).toBe('declined');
		const ds = run(pkg, [
			['REPORT', T0],
			['FOUND', T0 + 5 * HOUR_MS],
			['MISSING_AGAIN', T0 + 30 * HOUR_MS]
		]);
		const last = ds.at(-1)!;
		expect(last.state).toBe('rhi-declined');
		expect(last.effects).toContainEqual(expect.objectContaining({ kind: 'rhi-outcome', outcome: 'missing-again', result: 'declined' }));
		expect(last.effects).toContainEqual(expect.objectContaining({ kind: 'stop-clock', clockId: 'rhi-72h' }));
		// The missing officers liaise with the allocated social worker and the police.
		const told = last.effects.flatMap((e) => (e.kind === 'notify' ? [e.recipient] : []));
		expect(told).toEqual(expect.arrayContaining(['social-worker', 'police']));
	});

	it('RHI record tags the content the report states, with follow-up contacts only when the child declined', () => {
		const rhi = pkg.forms['rhi-record'];
		const tags = contentTags(rhi);
		for (const item of protocol.rhi.content) expect(tags).toContain(item.id);
		for (const tag of tags) expect(RHI_CONTENT_ITEMS as readonly string[]).toContain(tag);
		const followUps = rhi.properties.followUpContacts;
		expect(followUps.maxItems).toBe(3);
		expect(holds(followUps['x-ui']?.showWhen, { outcome: 'declined-child' })).toBe(true);
		expect(holds(followUps['x-ui']?.showWhen, { outcome: 'declined-parent' })).toBe(false);
		expect(holds(rhi.properties.whyNotHeld['x-ui']?.showWhen, { outcome: 'completed' })).toBe(false);
	});

	it('RHI record: a decline needs its reason, and interview answers are not kept for a declined interview', () => {
		const rhi = pkg.forms['rhi-record'];
		const context = { child: {}, episode: {} };
		const declined = { offeredAt: '2019-02-04T10:00:00Z', outcome: 'declined-child', whyMissing: 'typed before changing the outcome' };
		expect(checkForm(rhi, fieldsFromData(rhi, declined), context).errors.map((e) => e.message)).toEqual(['Answer ‘Why was the interview declined?’']);
		const checked = checkForm(
			rhi,
			fieldsFromData(rhi, { ...declined, whyNotHeld: 'Did not want to talk', followUpContacts: [{ contactedAt: '2019-02-05T10:00:00Z', method: 'text', response: 'no-reply' }] }),
			context
		);
		expect(checked.errors).toEqual([]);
		expect(checked.data.whyMissing).toBeUndefined();
		expect(checked.data.followUpContacts).toHaveLength(1);
	});

	it('risk assessment offers exactly the version’s categories', () => {
		const options = pkg.forms['risk-assessment'].properties.riskCategory.oneOf?.map((o) => o.const);
		expect(options).toEqual(protocol.riskCategories.map((c) => c.id));
	});
});

describe('Walsall: the change from the 2019 categories to four categories', () => {
	it('2019.1 grades a missing child high or medium, or records the child as absent', () => {
		expect(v1.protocol.riskCategories.map((c) => c.id)).toEqual(['high', 'medium', 'absent']);
		expect(v1.protocol.riskCategories.find((c) => c.id === 'absent')?.response).toMatch(/review time/);
		const absent = run(v1, [
			['REPORT', T0],
			['GRADE', T0 + HOUR_MS, valid('risk-assessment', { riskCategory: 'absent' })]
		]).at(-1)!;
		expect(absent.state).toBe('absent');
		const high = run(v1, [
			['REPORT', T0],
			['GRADE', T0 + HOUR_MS, valid('risk-assessment', { riskCategory: 'high' })]
		]).at(-1)!;
		expect(high.state).toBe('missing');
	});

	it('2019.1 asks for the agreed review time and actions only when the child is recorded absent', () => {
		const form = v1.forms['risk-assessment'];
		const base = { assessedAt: '2019-02-04T10:00:00Z', rationale: 'Known location, no apparent risk' };
		const context = { child: {}, episode: {} };
		expect(checkForm(form, fieldsFromData(form, { ...base, riskCategory: 'medium' }), context).errors).toEqual([]);
		const absent = checkForm(form, fieldsFromData(form, { ...base, riskCategory: 'absent' }), context);
		expect(absent.errors.map((e) => e.message)).toEqual(expect.arrayContaining(['Enter review time agreed with the police', 'Enter ongoing actions agreed']));
		expect(v2.forms['risk-assessment'].properties.reviewAt).toBeUndefined();
	});

	it('2019.2 uses high, medium, low and no apparent risk with their 1.12 definitions, and no absent category', () => {
		const categories = v2.protocol.riskCategories;
		expect(categories.map((c) => c.id)).toEqual(['high', 'medium', 'low', 'no-apparent-risk']);
		for (const c of categories) expect(c.source.section).toBe('1.12');
		expect(categories.find((c) => c.id === 'high')?.definition).toMatch(/serious harm .* very likely/);
		expect(v2.protocol.definitions.find((d) => d.id === 'absent')?.text).toMatch(/No longer used/);
		expect(Object.keys(v2.lifecycle.states)).not.toContain('absent');
		const graded = run(v2, [
			['REPORT', T0],
			['GRADE', T0 + HOUR_MS, valid('risk-assessment', { riskCategory: 'no-apparent-risk' })]
		]).at(-1)!;
		expect(graded.state).toBe('missing');
		expect(graded.effects).toContainEqual({ kind: 'risk-recorded', category: 'no-apparent-risk' });
	});

	it('2019.2 says what changed and keeps the RHI arrangements of 2019.1', () => {
		expect(v2.protocol.metadata.changeSummary).toMatch(/four risk categories/);
		expect(v2.protocol.metadata.changeSummary).toMatch(/absence/);
		expect(v2.protocol.rhi).toEqual(v1.protocol.rhi);
		expect(v2.protocol.metadata.effectiveFrom > v1.protocol.metadata.effectiveFrom).toBe(true);
	});
});
