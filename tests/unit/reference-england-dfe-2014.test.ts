import { describe, expect, it } from 'vitest';
import { allocateRhi, type AllocationFacts } from '../../src/lib/protocol/allocation.js';
import { holds } from '../../src/lib/protocol/conditions.js';
import { contentTags, lifecycleRefs, loadReferencePackage, normaliseSpace, seedText, seedsPresent, sourcesOf } from './reference-package.js';

const pkg = loadReferencePackage('england-dfe-2014', '2014.1');
const { protocol, lifecycle, forms } = pkg;
const notification = (id: string) => protocol.notifications.find((n) => n.id === id)!;

describe('National baseline: DfE statutory guidance (January 2014), as the seeds quote it', () => {
	it('passes the package validator with no errors', () => {
		expect(pkg.validation.errors.map((e) => `${e.file}${e.pointer}: ${e.message}`)).toEqual([]);
	});

	it('belongs to England and names the guidance', () => {
		expect(protocol.metadata).toMatchObject({ id: 'england-dfe-2014', version: '2014.1', authority: { code: 'england', name: 'England (DfE statutory guidance)' } });
		expect(protocol.metadata.title).toMatch(/Statutory guidance on children who run away or go missing from home or care/);
	});

	it.skipIf(!seedsPresent)('quotes every source verbatim from the seed document it names', () => {
		const byTitle = new Map(protocol.metadata.documents.map((d) => [d.title, d.file!]));
		const sources = sourcesOf(protocol);
		expect(sources.length).toBeGreaterThan(30);
		const wrong = sources
			.filter(({ source }) => !byTitle.has(source.document) || !seedText(byTitle.get(source.document)!).includes(normaliseSpace(source.quote)))
			.map((s) => `${s.path}: ${s.source.quote.slice(0, 60)}`);
		expect(wrong).toEqual([]);
	});

	it('defines missing and absent (police), missing from care and away from placement without authorisation', () => {
		const byId = Object.fromEntries(protocol.definitions.map((d) => [d.id, d]));
		expect(byId.missing.agency).toBe('police');
		expect(byId.absent.agency).toBe('police');
		expect(byId.absent.text).toMatch(/no apparent risk/);
		expect(byId['missing-from-care'].agency).toBe('social-care');
		expect(byId['away-without-authorisation'].text).toMatch(/whereabouts are known/);
		expect(byId['responsible-authority']).toBeDefined();
		expect(byId['host-authority']).toBeDefined();
	});

	it('grades missing children high or medium, and allows absent only with an agreed review time', () => {
		expect(protocol.riskCategories.map((c) => c.id)).toEqual(['high', 'medium', 'absent']);
		const absent = protocol.riskRules.find((r) => r.id === 'absent-needs-review-time')!;
		const facts = (reviewTimeHours: number | null) => ({ child: {}, episode: { reviewTimeHours } });
		expect(holds(absent.when, facts(1))).toBe(true);
		expect(holds(absent.when, facts(null))).toBe(false);
		expect(forms['risk-assessment'].properties.riskCategory.oneOf!.map((o) => o.const)).toEqual(['high', 'medium', 'absent']);
	});

	describe('return interview', () => {
		it('is offered on every return and held within 72 hours by someone not involved in the child’s care', () => {
			expect(protocol.rhi.within).toEqual({ unit: 'hours', amount: 72 });
			expect(protocol.rhi.independentOfCare).toBe(true);
			const clock = protocol.clocks.find((c) => c.id === 'rhi-72h')!;
			expect(clock).toMatchObject({ kind: 'deadline', startsOn: ['FOUND', 'RETURNED'], duration: { unit: 'hours', amount: 72 } });
			expect(clock.when).toBeUndefined();
			expect(protocol.duties!.map((d) => d.id)).toEqual(expect.arrayContaining(['rhi-offered-every-return', 'rhi-independent']));
		});

		it('is arranged by the responsible authority for a looked after child placed anywhere, and by the local authority otherwise', () => {
			const codes = { protocol: 'england', responsible: 'walsall', host: 'medway' };
			const child = (f: Partial<AllocationFacts>): AllocationFacts => ({
				livesInArea: true, ownChild: false, inCare: false, placedOutOfArea: false, openToServices: false, onChildProtectionPlan: false, ...f
			});
			expect(allocateRhi(protocol.rhi, child({ inCare: true, placedOutOfArea: true }), codes)).toMatchObject({ authority: 'walsall', notify: ['iro'] });
			expect(allocateRhi(protocol.rhi, child({}), codes)).toMatchObject({ authorityRole: 'protocol' });
		});

		it('covers harm, reasons, safety, wishes, parents’ views and information given', () => {
			const ids = protocol.rhi.content.map((c) => c.id);
			expect(ids).toEqual(expect.arrayContaining(['harm-suffered', 'why-missing', 'what-would-help', 'child-wishes', 'parent-views', 'information-given']));
			const tagged = contentTags(forms['rhi-record']);
			expect(ids.filter((id) => !tagged.has(id))).toEqual([]);
		});
	});

	it('tells the police, the responsible authority, parents unless against welfare, the IRO of a child in care, and a host authority', () => {
		const child = (f: Record<string, unknown>) => ({ child: { inCare: false, placedOutOfArea: false, ...f }, episode: {} });
		expect(protocol.notifications.map((n) => n.recipient)).toEqual(['police', 'responsible-authority', 'parents', 'iro', 'host-authority']);
		expect(notification('parents').condition).toMatch(/inconsistent with the child's welfare/);
		expect(holds(notification('iro').when, child({ inCare: true }))).toBe(true);
		expect(holds(notification('iro').when, child({}))).toBe(false);
		expect(holds(notification('host-authority').when, child({ placedOutOfArea: true }))).toBe(true);
	});

	it('asks the missing report for the information the police need', () => {
		const required = protocol.minimumReportContent.map((c) => c.id);
		expect(required).toHaveLength(16);
		const tagged = contentTags(forms['missing-report']);
		expect(required.filter((id) => !tagged.has(id))).toEqual([]);
	});

	it('makes repeat episodes, data analysis and reporting explicit duties', () => {
		expect(protocol.repeatMissing!.stages).toEqual([]);
		expect(protocol.duties!.map((d) => d.id)).toEqual(expect.arrayContaining([
			'analyse-repeat-episodes', 'report-data-to-members-and-partnership', 'report-to-dfe-annual-return',
			'responsible-authority-arranges-rhi', 'cross-boundary-notification-agreed', 'comply-unless-exceptional'
		]));
	});

	it('runs a lifecycle from report to close whose references all exist', () => {
		const { actions, forms: used, events } = lifecycleRefs(lifecycle);
		for (const a of actions) {
			if (a.type === 'startClock' || a.type === 'stopClock') expect(protocol.clocks.map((c) => c.id)).toContain(a.params!.clock);
			if (a.type === 'notify') expect(protocol.notifications.map((n) => n.id)).toContain(a.params!.notification);
		}
		for (const f of used) expect(Object.keys(forms)).toContain(f);
		for (const e of ['GRADE', 'FOUND', 'RETURNED', 'RHI_OFFERED', 'RHI_COMPLETED', 'RHI_DECLINED', 'RHI_NOT_HELD', 'CLOSE']) expect(events).toContain(e);
	});

	it('is met by the Westmorland and Furness package on every duty, recipient, content item and the 72 hour deadline', () => {
		const wf = loadReferencePackage('westmorland-and-furness', '2024.1').protocol;
		const missingDuties = protocol.duties!.map((d) => d.id).filter((id) => !wf.duties!.some((d) => d.id === id));
		expect(missingDuties).toEqual([]);
		const recipients = new Set(wf.notifications.map((n) => n.recipient));
		expect(protocol.notifications.map((n) => n.recipient).filter((r) => !recipients.has(r))).toEqual([]);
		const content = new Set(wf.minimumReportContent.map((c) => c.id));
		expect(protocol.minimumReportContent.map((c) => c.id).filter((id) => !content.has(id))).toEqual([]);
		expect(wf.rhi.within).toEqual(protocol.rhi.within);
		const defs = new Set(wf.definitions.map((d) => d.id));
		expect(protocol.definitions.map((d) => d.id).filter((id) => !defs.has(id))).toEqual([]);
	});
});
