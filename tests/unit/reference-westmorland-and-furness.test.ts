import { describe, expect, it } from 'vitest';
import { allocateRhi, type AllocationFacts } from '../../src/lib/protocol/allocation.js';
import { holds } from '../../src/lib/protocol/conditions.js';
import { stageOpenings } from '../../src/lib/protocol/repeat-missing.js';
import { CONTENT_ITEMS, RHI_CONTENT_ITEMS } from '../../src/lib/protocol/library.js';
import type { Facts } from '../../src/lib/protocol/types.js';
import { contentTags, lifecycleRefs, loadReferencePackage, normaliseSpace, seedText, seedsPresent, sourcesOf } from './reference-package.js';

const pkg = loadReferencePackage('westmorland-and-furness', '2024.1');
const { protocol, lifecycle, forms } = pkg;
const SEED = 'westmorland-and-furness-procedure-children-missing-from-home-or-care.txt';

function facts(child: Partial<Facts['child']> = {}, episode: Partial<Facts['episode']> = {}): Facts {
	return {
		child: {
			ageYears: 14, inCare: false, ownChild: true, livesInArea: true, placedOutOfArea: false, openToServices: false,
			onChildProtectionPlan: false, exploitationRisk: 'none', learningDisability: false, mentalHealthConcern: false,
			episodesInWindow: 1, firstTimeMissing: true, ...child
		},
		episode: {
			riskCategory: null, hoursMissing: 1, stillMissing: true, injured: false, victimOfCrime: false,
			exploitationLinked: false, reasonableActionsTaken: false, reviewTimeHours: null, ...episode
		}
	};
}
const clock = (id: string) => protocol.clocks.find((c) => c.id === id)!;
const rule = (id: string) => protocol.riskRules.find((r) => r.id === id)!;
const notification = (id: string) => protocol.notifications.find((n) => n.id === id)!;

describe('Westmorland and Furness reference package', () => {
	it('passes the package validator with no errors', () => {
		expect(pkg.validation.errors.map((e) => `${e.file}${e.pointer}: ${e.message}`)).toEqual([]);
	});

	it('is identified by its folder and authority', () => {
		expect(protocol.metadata.id).toBe('westmorland-and-furness');
		expect(protocol.metadata.version).toBe('2024.1');
		expect(protocol.metadata.authority.code).toBe('westmorland-and-furness');
		expect(protocol.metadata.basedOn[0].protocol).toBe('england-dfe-2014');
	});

	it.skipIf(!seedsPresent)('quotes every source verbatim, one sentence, from the procedure', () => {
		const text = seedText(SEED);
		const sources = sourcesOf(protocol);
		expect(sources.length).toBeGreaterThan(60);
		const missing = sources.filter(({ source }) => !text.includes(normaliseSpace(source.quote))).map((s) => s.path);
		expect(missing).toEqual([]);
		for (const { source } of sources) expect(source.document).toBe('Children who go Missing from Home or Care');
	});

	it('defines missing, missing from care and away without authorisation, and records that police do not use absent', () => {
		const ids = protocol.definitions.map((d) => d.id);
		for (const id of ['child', 'missing', 'missing-from-care', 'away-without-authorisation', 'responsible-authority', 'host-authority', 'absent']) {
			expect(ids).toContain(id);
		}
		expect(protocol.definitions.find((d) => d.id === 'absent')!.text).toMatch(/does not recognise/);
	});

	describe('risk grading', () => {
		it('has exactly high, medium and low', () => {
			expect(protocol.riskCategories.map((c) => c.id)).toEqual(['high', 'medium', 'low']);
		});

		it('never grades a child below medium except under the low exception', () => {
			expect(rule('children-medium-or-high')).toMatchObject({ kind: 'minimum-category', category: 'medium' });
		});

		it('allows low only with agreed parental actions and a review time of at most 2 hours', () => {
			const low = rule('low-only-with-agreed-actions');
			expect(low.kind).toBe('allow-category-only-when');
			expect(holds(low.when, facts({}, { reasonableActionsTaken: true, reviewTimeHours: 2 }))).toBe(true);
			expect(holds(low.when, facts({}, { reasonableActionsTaken: true, reviewTimeHours: 2.5 }))).toBe(false);
			expect(holds(low.when, facts({}, { reasonableActionsTaken: true, reviewTimeHours: null }))).toBe(false);
			expect(holds(low.when, facts({}, { reasonableActionsTaken: false, reviewTimeHours: 1 }))).toBe(false);
			expect(rule('low-review-within-2-hours').params).toEqual({ within: { unit: 'hours', amount: 2 } });
			expect(protocol.reasonableActions?.reviewTimeHours).toBe(2);
		});

		it('grades high when child exploitation is linked to the circumstances', () => {
			const high = rule('exploitation-linked-high');
			expect(high).toMatchObject({ kind: 'category-when', category: 'high' });
			expect(holds(high.when, facts({}, { exploitationLinked: true }))).toBe(true);
			expect(holds(high.when, facts({ exploitationRisk: 'high' }, { exploitationLinked: false }))).toBe(false);
		});

		it('caps the review time on the risk assessment form at 2 hours and names the category riskCategory', () => {
			const form = forms['risk-assessment'];
			expect(form.properties.riskCategory.oneOf!.map((o) => o.const)).toEqual(['high', 'medium', 'low']);
			expect(form.properties.reviewTimeHours.maximum).toBe(2);
		});
	});

	it('lists the seven reasonable actions before reporting', () => {
		expect(protocol.reasonableActions!.items.map((i) => i.id)).toEqual([
			'search', 'contact-child', 'contact-friends-relatives', 'visit-locations', 'social-media', 'other-young-people', 'cctv'
		]);
	});

	it('asks on the missing report for every item of minimum content from both lists', () => {
		const required = protocol.minimumReportContent.map((c) => c.id);
		for (const id of ['name', 'date-of-birth', 'ethnicity', 'legal-status', 'responsible-authority', 'missing-from', 'time-missing', 'who-with',
			'clothing', 'belongings', 'description', 'photo', 'medical', 'last-seen', 'circumstances', 'associates', 'risk-assessment']) {
			expect(required).toContain(id);
		}
		const tagged = contentTags(forms['missing-report']);
		expect(required.filter((id) => !tagged.has(id))).toEqual([]);
		for (const id of tagged) expect(CONTENT_ITEMS as readonly string[]).toContain(id);
	});

	it('asks for photo consent only once a photo is attached, and prefills the child', () => {
		const form = forms['missing-report'];
		const consent = form.properties.photoConsent['x-ui']!;
		expect(holds(consent.showWhen, { photo: 'child.jpg' })).toBe(true);
		expect(holds(consent.showWhen, {})).toBe(false);
		expect(form.properties.childName['x-ui']?.prefill).toBe('child.name');
		expect(form.properties.dateOfBirth['x-ui']?.prefill).toBe('child.dateOfBirth');
		expect(form.properties.responsibleAuthority['x-ui']?.prefill).toBe('child.responsibleAuthority');
		expect(form.properties.associates.items?.type).toBe('object');
	});

	describe('who is told, and when', () => {
		it('tells the police, the responsible authority, parents (unless against welfare), the IRO and a host authority on report', () => {
			const onReport = protocol.notifications.filter((n) => n.on === 'REPORT').map((n) => n.recipient);
			for (const r of ['police', 'responsible-authority', 'parents', 'iro', 'host-authority', 'senior-managers', 'lead-member']) expect(onReport).toContain(r);
			expect(notification('parents').condition).toMatch(/inconsistent with the child's welfare/);
			expect(holds(notification('host-authority').when, facts({ placedOutOfArea: true }))).toBe(true);
			expect(holds(notification('host-authority').when, facts())).toBe(false);
		});

		it('tells health about a high-risk child in care only', () => {
			const health = notification('health-high-risk-in-care');
			expect(health.recipient).toBe('health');
			expect(holds(health.when, facts({ inCare: true }, { riskCategory: 'high' }))).toBe(true);
			expect(holds(health.when, facts({ inCare: true }, { riskCategory: 'medium' }))).toBe(false);
			expect(holds(health.when, facts({ inCare: false }, { riskCategory: 'high' }))).toBe(false);
		});

		it('sends a Need to Know report within 48 hours and tells the Lead Member within 7 days', () => {
			expect(notification('need-to-know').within).toEqual({ unit: 'hours', amount: 48 });
			expect(notification('lead-member').within).toEqual({ unit: 'days', amount: 7 });
			expect(clock('need-to-know-48h')).toMatchObject({ kind: 'deadline', startsOn: ['REPORT'], duration: { unit: 'hours', amount: 48 } });
			expect(clock('lead-member-7d')).toMatchObject({ kind: 'deadline', startsOn: ['REPORT'], duration: { unit: 'days', amount: 7 } });
		});
	});

	it('escalates to a strategy or Stage One meeting at 24 hours and a strategy meeting by 48 hours while still missing', () => {
		const at24 = clock('strategy-meeting-24h');
		expect(at24).toMatchObject({ kind: 'escalation', startsOn: ['REPORT'], duration: { unit: 'hours', amount: 24 } });
		expect(at24.stopsOn).toEqual(expect.arrayContaining(['FOUND', 'RETURNED', 'STRATEGY_MEETING_HELD', 'STAGE_ONE_MEETING_HELD']));
		const at48 = clock('strategy-meeting-48h');
		expect(at48).toMatchObject({ kind: 'escalation', startsOn: ['REPORT'], duration: { unit: 'hours', amount: 48 } });
		expect(at48.stopsOn).not.toContain('STAGE_ONE_MEETING_HELD');
	});

	describe('return home interview', () => {
		it('is due within 72 hours of every return, by someone independent of the child’s care', () => {
			expect(protocol.rhi.within).toEqual({ unit: 'hours', amount: 72 });
			expect(protocol.rhi.independentOfCare).toBe(true);
			const rhi = clock('rhi-72h');
			expect(rhi).toMatchObject({ kind: 'deadline', duration: { unit: 'hours', amount: 72 } });
			expect(rhi.startsOn).toEqual(['FOUND', 'RETURNED']);
			expect(rhi.when).toBeUndefined();
		});

		const codes = { protocol: 'westmorland-and-furness', responsible: 'lancashire', host: 'westmorland-and-furness' };
		const child = (f: Partial<AllocationFacts>): AllocationFacts => ({
			livesInArea: true, ownChild: true, inCare: false, placedOutOfArea: false, openToServices: false, onChildProtectionPlan: false, ...f
		});

		it('goes to Complex Safeguarding for a child living in the area, telling the IRO only for care or a child protection plan', () => {
			expect(allocateRhi(protocol.rhi, child({}), codes)).toMatchObject({ authority: 'westmorland-and-furness', team: 'Complex Safeguarding Team', notify: [] });
			expect(allocateRhi(protocol.rhi, child({ onChildProtectionPlan: true }), codes).notify).toEqual(['iro']);
			expect(allocateRhi(protocol.rhi, child({ inCare: true }), codes).notify).toEqual(['iro']);
		});

		it('goes to Complex Safeguarding for the council’s own children in care placed out of county', () => {
			const a = allocateRhi(protocol.rhi, child({ inCare: true, livesInArea: false, placedOutOfArea: true }), { ...codes, host: 'cumberland' });
			expect(a).toMatchObject({ ruleId: 'own-child-in-care-placed-out-of-county', authority: 'westmorland-and-furness', notify: ['iro'] });
		});

		it('goes to the placing authority for another council’s child placed in the area', () => {
			const a = allocateRhi(protocol.rhi, child({ inCare: true, ownChild: false }), codes);
			expect(a).toMatchObject({ ruleId: 'placed-in-area-by-another-authority', authorityRole: 'responsible', authority: 'lancashire' });
		});

		it('records every content item on the RHI form, with decline by child or parent and a reason shown only when declined', () => {
			const tagged = contentTags(forms['rhi-record']);
			const expected = protocol.rhi.content.map((c) => c.id);
			expect(expected.filter((id) => !tagged.has(id))).toEqual([]);
			for (const id of tagged) expect(RHI_CONTENT_ITEMS as readonly string[]).toContain(id);
			const outcome = forms['rhi-record'].properties.outcome.oneOf!.map((o) => o.const);
			expect(outcome).toEqual(expect.arrayContaining(['completed', 'declined-child', 'declined-parent', 'not-held']));
			const why = forms['rhi-record'].properties.whyNotHeld['x-ui']!.showWhen;
			expect(holds(why, { outcome: 'declined-child' })).toBe(true);
			expect(holds(why, { outcome: 'declined-parent' })).toBe(true);
			expect(holds(why, { outcome: 'completed' })).toBe(false);
		});

		it('lists the seven priority situations and the follow-ups', () => {
			expect(protocol.rhi.priorityWhen!.items).toHaveLength(7);
			expect(protocol.rhi.followUps!.items.join(' ')).toMatch(/single contact form/);
		});
	});

	describe('repeat missing', () => {
		const [one, two] = protocol.repeatMissing!.stages;
		const day = 86_400_000;
		const start = Date.UTC(2025, 0, 6, 12);
		const episodes = (offsets: number[]) => offsets.map((d, i) => ({ id: `e${i}`, childId: 'c', at: start + d * day }));

		it('opens Stage One at 3 episodes in a rolling 90 days, meeting within 10 working days', () => {
			expect(one).toMatchObject({ id: 'stage-one', threshold: 3, window: { kind: 'rolling', days: 90 } });
			expect(one.meeting.within).toEqual({ unit: 'workingDays', amount: 10 });
			expect(one.meeting.chair).toMatch(/Complex Safeguarding Team.*Team Manager.*Advanced Practitioner/);
			expect(one.meeting.attendees).toContain('Independent Reviewing Officer (IRO)');
			expect(stageOpenings([one], episodes([0, 40, 80])).map((o) => o.episodeId)).toEqual(['e2']);
			expect(stageOpenings([one], episodes([0, 50, 100]))).toEqual([]);
		});

		it('opens Stage Two at 5 episodes in 90 days from the first, or on request, chaired by an IRO or Service Manager', () => {
			expect(two).toMatchObject({ id: 'stage-two', threshold: 5, window: { kind: 'from-first', days: 90 } });
			expect(two.meeting.chair).toMatch(/Independent Reviewing Officer.*Service Manager/);
			expect(two.meeting.attendees).toContain('Relevant Team Manager');
			expect(two.alsoWhen!.join(' ')).toMatch(/any agency/);
		});

		it('asks for a Stage One decision on each professional-judgement trigger, with a rationale form when not held', () => {
			const t = Object.fromEntries(protocol.repeatMissing!.judgementTriggers.map((j) => [j.id, j.when]));
			expect(Object.keys(t)).toEqual(['under-12', 'high-ce-flag', 'learning-disability', 'mental-health', 'missing-over-24h', 'injured', 'victim-of-crime']);
			expect(holds(t['under-12'], facts({ ageYears: 11 }))).toBe(true);
			expect(holds(t['under-12'], facts({ ageYears: 12 }))).toBe(false);
			expect(holds(t['missing-over-24h'], facts({}, { hoursMissing: 24 }))).toBe(false);
			expect(holds(t['missing-over-24h'], facts({}, { hoursMissing: 25 }))).toBe(true);
			expect(holds(t['high-ce-flag'], facts({ exploitationRisk: 'high' }))).toBe(true);
			expect(protocol.repeatMissing!.rationaleForm).toBe('meeting-rationale');
			expect(protocol.repeatMissing!.beyondLastStage).toMatch(/Service Manager/);
		});
	});

	it('uses the Philomena Protocol for children placed here by another council', () => {
		expect(protocol.philomena).toMatchObject({ used: true, form: 'philomena-profile' });
		const pages = forms['philomena-profile']['x-ui']!.pages!.map((p) => p.id);
		expect(pages).toContain('at-the-time');
		expect(Object.values(forms['philomena-profile'].properties).every((q) => q['x-ui']?.page && pages.includes(q['x-ui'].page))).toBe(true);
	});

	it('wires every lifecycle reference to a clock, notification or form the package defines', () => {
		const { actions, forms: used, events } = lifecycleRefs(lifecycle);
		const clocks = new Set(protocol.clocks.map((c) => c.id));
		const notes = new Set(protocol.notifications.map((n) => n.id));
		for (const a of actions) {
			if (a.type === 'startClock' || a.type === 'stopClock') expect(clocks).toContain(a.params!.clock);
			if (a.type === 'notify') expect(notes).toContain(a.params!.notification);
		}
		for (const f of used) expect(Object.keys(forms)).toContain(f);
		for (const e of ['GRADE', 'FOUND', 'RETURNED', 'RHI_OFFERED', 'RHI_COMPLETED', 'RHI_DECLINED', 'RHI_NOT_HELD', 'CLOSE']) expect(events).toContain(e);
		for (const s of ['reported', 'graded', 'missing', 'found', 'returned', 'rhi-offered', 'rhi-completed', 'rhi-declined', 'rhi-not-held', 'closed']) {
			expect(Object.keys(lifecycle.states)).toContain(s);
		}
		for (const c of protocol.clocks) for (const e of c.stopsOn) expect(events).toContain(e);
	});
});
