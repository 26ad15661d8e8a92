import { describe, expect, it } from 'vitest';
import { allocateRhi, type AllocationFacts } from '../../src/lib/protocol/allocation.js';
import { holds } from '../../src/lib/protocol/conditions.js';
import { judgementDecisionTask, judgementTriggers, opening, stageOpenings, stageTask } from '../../src/lib/protocol/repeat-missing.js';
import { allowedEvents, decide, type EpisodeSnapshot } from '../../src/lib/protocol/lifecycle.js';
import { CONTENT_ITEMS, RHI_CONTENT_ITEMS } from '../../src/lib/protocol/library.js';
import { factsLearned } from '../../src/lib/protocol/risk-rules.js';
import type { Facts } from '../../src/lib/protocol/types.js';
import {
	checked,
	contentTags,
	lifecycleRefs,
	loadReferencePackage,
	normaliseSpace,
	seedText,
	seedsPresent,
	sourcesOf,
	unreachableForms,
	unsourcedQuestions,
	type SourcedQuestion
} from './reference-package.js';

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
			exploitationLinked: false, reasonableActionsTaken: false, reviewTimeHours: null, agreedActionsCompleted: false, ...episode
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

/** Each question a source asks for, with the sentence of the chapter that asks for it. */
const QUESTIONS: SourcedQuestion[] = [
	{ form: 'risk-assessment', path: 'riskCategory', content: 'risk-category', quote: 'In order to assist in the process of risk management and to ensure that resources are deployed effectively, Cumbria Police has adopted the following categories of risk, which are set out in the risk assessment table below.' },
	{ form: 'risk-assessment', path: 'exploitationLinked', quote: 'Note - Children (under 18 years of age) where it is known or suspected through recent information or intelligence that a Child Under 18 is at risk of Child Exploitation and the reported circumstances are linked to this concern, they will be recorded as high risk.' },
	{ form: 'risk-assessment', path: 'lowConditions', quote: 'Individuals under the age of 18 should only feature in the low-risk category when it is deemed through the risk assessment process that there is no immediate risk to the child and that actions by the parent/carer are suitable for progression prior to Police deployment.' },
	{ form: 'risk-assessment', path: 'agreedActions', content: 'agreed-actions', quote: 'Where, through completion of the missing persons risk assessment process by Police it is deemed that Parental/Carer interventions are appropriate and there is no immediate requirement for the deployment of Police resources, actions will be agreed for completion by the informant with a review time set within a reasonable timeframe (Children maximum 2 hours) and the log number will be provided.' },
	{ form: 'risk-assessment', path: 'reviewTimeHours', content: 'review-time', quote: 'Where, through completion of the missing persons risk assessment process by Police it is deemed that Parental/Carer interventions are appropriate and there is no immediate requirement for the deployment of Police resources, actions will be agreed for completion by the informant with a review time set within a reasonable timeframe (Children maximum 2 hours) and the log number will be provided.' },
	{ form: 'rhi-record', path: 'whyNotHeld', content: 'decline-reason', quote: 'When parents/care givers decline to consent to the Return Home Interview this should trigger professional curiosity as to why there is refusal and engagement with services that are trying to safeguard their child.' },
	{ form: 'rhi-record', path: 'parentsOffered', content: 'parent-views', quote: 'Where children decline to speak with a worker for the RHI, parents and/or carers should be offered the opportunity to provide any relevant information and intelligence they may be aware of.' },
	{ form: 'rhi-record', path: 'safeguardingReferral', quote: 'It may be that further assessment of this is required and consideration to a safeguarding referral into the hub.' },
	{ form: 'rhi-record', path: 'directWithChild', quote: 'If the child is Gillick Competent/has capacity, an RHI can be organised directly with the child, this should be explored with the child if there are familial barriers for the RHI to take place.' },
	{ form: 'rhi-record', path: 'priorityCircumstances', content: 'priority-circumstances', quote: 'It is especially important that the Return Home Interview takes place when a child:' },
	{ form: 'rhi-record', path: 'interviewerIndependent', quote: "This must be conducted within 72 hours and undertaken by an independent, trained professional, such as a social worker, health professional, or charity worker, who is not directly involved in the child's care." },
	{ form: 'rhi-record', path: 'seenAlone', quote: 'The child should be seen on their own unless they specifically request to have someone with them.' },
	{ form: 'rhi-record', path: 'advocateOffered', quote: 'The child should be offered the option of speaking to an independent representative or advocate.' },
	{ form: 'rhi-record', path: 'harmSuffered', content: 'harm-suffered', quote: "Identify and deal with any harm the child has suffered – including harm that might not have already been disclosed as part of the 'Safe and Well check'– either before they ran away or whilst missing;" },
	{ form: 'rhi-record', path: 'whyMissing', content: 'why-missing', quote: 'Understand and try to address the reasons why the child went missing;' },
	{ form: 'rhi-record', path: 'whatHappened', content: 'what-happened', quote: 'What happened while they were missing;' },
	{ form: 'rhi-record', path: 'whoWith', content: 'who-with', quote: 'Who they were missing with and where they were found; and' },
	{ form: 'rhi-record', path: 'whereFound', content: 'where-found', quote: 'Who they were missing with and where they were found; and' },
	{ form: 'rhi-record', path: 'whatWouldHelp', content: 'what-would-help', quote: "Help the child feel 'safe' and understand that they have options, to prevent repeat instances of them going missing;" },
	{ form: 'rhi-record', path: 'childWishes', content: 'child-wishes', quote: 'Understand what the child would like to see happen next whether short term and/or long term;' },
	{ form: 'rhi-record', path: 'exploitationIndicators', content: 'exploitation-indicators', quote: 'Because there is such a strong link between children going missing and risk of exploitation, professionals should always assess whether a child who has gone missing is being exploited or at risk of being exploited.' },
	{ form: 'rhi-record', path: 'ceChecklist', quote: 'Where CE is suspected or identified in the return home interview the CE checklist must be completed.' },
	{ form: 'rhi-record', path: 'parentViews', content: 'parent-views', quote: "Gather the parents' or carers' views of the circumstances, if appropriate;" },
	{ form: 'rhi-record', path: 'informationGiven', content: 'information-given', quote: 'Information about local help lines and agencies working with runaways should be provided to the child and family.' },
	{ form: 'rhi-record', path: 'safeguardingConcerns', quote: 'Where there are safeguarding concerns identified in the RHI, submit a single contact form [SCF] to the Multi-Agency Children’s Hub explaining their concerns;' },
	{ form: 'rhi-record', path: 'followUps', content: 'follow-up-actions', quote: 'Once the RHI has been undertaken the Return interview form must be completed and returned to Multi-Agency Children’s Hub for the police representative to review and finalise the Police missing report.' },
	{ form: 'rhi-record', path: 'earlyHelpConsent', quote: 'There must be consent from the family If there is already an early help plan in place then the worker will liaise with the early help coordinator where appropriate.' },
	{ form: 'strategy-meeting', path: 'chair', content: 'meeting-chair', quote: 'Once a child has been reported missing there must be a strategy meeting or stage one missing meeting if the child is not located within 24 hours.' },
	{ form: 'strategy-meeting', path: 'attendees', content: 'meeting-attendees', quote: "They should be included in any multiagency strategy meetings or activity to manage the child's retrieval and any subsequent health needs." },
	{ form: 'strategy-meeting', path: 'decisions', content: 'meeting-decisions', quote: "Following initial discussions between the allocated children's social care worker and the police, they should agree an immediate strategy for locating the child and an action plan." },
	{ form: 'strategy-meeting', path: 'actions', content: 'meeting-actions', quote: "Following initial discussions between the allocated children's social care worker and the police, they should agree an immediate strategy for locating the child and an action plan." },
	{ form: 'stage-one-meeting', path: 'heldAt', quote: 'It must be held within 10 working days of the last episode.' },
	{ form: 'stage-one-meeting', path: 'chair', content: 'meeting-chair', quote: 'The meeting should be chaired by a dedicated Practitioner from the Complex Safeguarding Team, a Children’s Services Team Manager or an Advanced Practitioner.' },
	{ form: 'stage-one-meeting', path: 'chairRole', content: 'meeting-chair', quote: 'The meeting should be chaired by a dedicated Practitioner from the Complex Safeguarding Team, a Children’s Services Team Manager or an Advanced Practitioner.' },
	{ form: 'stage-one-meeting', path: 'attendees', content: 'meeting-attendees', quote: 'Attendees should include:' },
	{ form: 'stage-one-meeting', path: 'hubReferral', quote: 'If at this stage the child has not been referred to the Safeguarding Hub as a result of repeat episodes, this MUST be referred immediately and any risks of Child Exploitation considered.' },
	{ form: 'stage-one-meeting', path: 'riskManagementPlan', quote: 'The Missing from Home Risk Assessment and Risk Management Plan will form the basis of discussion at the meeting.' },
	{ form: 'stage-one-meeting', path: 'safetyPlan', quote: 'A safety plan should be agreed at Stage 1 and Stage 2 missing meetings.' },
	{ form: 'stage-one-meeting', path: 'decisions', content: 'meeting-decisions', quote: 'A safety plan should be agreed at Stage 1 and Stage 2 missing meetings.' },
	{ form: 'stage-one-meeting', path: 'actions', content: 'meeting-actions', quote: 'A safety plan should be agreed at Stage 1 and Stage 2 missing meetings.' },
	{ form: 'stage-two-meeting', path: 'chairRole', content: 'meeting-chair', quote: 'The meeting should be chaired by an Independent Reviewing Officer or a Children\'s Services ‘Service Manager’.' },
	{ form: 'stage-two-meeting', path: 'attendees', content: 'meeting-attendees', quote: 'Attendees are as in Stage one meeting plus the relevant Team Manager.' },
	{ form: 'stage-two-meeting', path: 'safetyPlanReview', quote: 'This safety plan must be reviewed as part of a Stage 2 missing meeting, should that trigger be met.' },
	{ form: 'stage-two-meeting', path: 'qualityAssurance', quote: 'This meeting should not only seek to ensure reduced further episodes and reduce any apparent risk factors to the child but should also quality assure compliance with the protocol and efficacy of the Stage One Intervention Meeting and return interviews.' },
	{ form: 'stage-two-meeting', path: 'reviewParameters', quote: 'The stage two meeting should decide on the review process parameters to enable the multi-agency team around the child to assess the effectiveness of the Risk Management plan.' },
	{ form: 'stage-two-meeting', path: 'planShared', quote: 'This plan should be shared with invited partners.' },
	{ form: 'stage-two-meeting', path: 'serviceManagerDirection', quote: 'If a child continues to be reported missing beyond this level the relevant Service Manager must consider the case and direct further intervention.' },
	{ form: 'stage-two-meeting', path: 'decisions', content: 'meeting-decisions', quote: 'The stage two meeting should decide on the review process parameters to enable the multi-agency team around the child to assess the effectiveness of the Risk Management plan.' },
	{ form: 'stage-two-meeting', path: 'actions', content: 'meeting-actions', quote: 'This plan should be shared with invited partners.' },
	{ form: 'meeting-rationale', path: 'rationale', content: 'meeting-not-held-rationale', quote: 'There should be a clear rationale recorded by the team manager when a decision is made not to progress to a stage one meeting.' },
	{ form: 'meeting-rationale', path: 'escalationPolicyFollowed', quote: 'Where a request for a stage two meeting is refused the WFSCP Escalation Policy should be followed.' },
	{ form: 'philomena-profile', path: 'riskIdentified', quote: 'When a child who is placed in Westmorland and Furness from another local authority is identified as being at risk of exploitation or going missing, the provider with which the child is placed must notify Cumbria Police utilising the Philomena Protocol.' },
	{ form: 'philomena-profile', path: 'childName', content: 'name', quote: "The child's name/s; date of birth; ethnicity; status; responsible authority;" },
	{ form: 'philomena-profile', path: 'dateOfBirth', content: 'date-of-birth', quote: "The child's name/s; date of birth; ethnicity; status; responsible authority;" },
	{ form: 'philomena-profile', path: 'ethnicity', content: 'ethnicity', quote: "The child's name/s; date of birth; ethnicity; status; responsible authority;" },
	{ form: 'philomena-profile', path: 'legalStatus', content: 'legal-status', quote: "The child's name/s; date of birth; ethnicity; status; responsible authority;" },
	{ form: 'philomena-profile', path: 'responsibleAuthority', content: 'responsible-authority', quote: "The child's name/s; date of birth; ethnicity; status; responsible authority;" },
	{ form: 'philomena-profile', path: 'description', content: 'description', quote: 'Description and recent photo;' },
	{ form: 'philomena-profile', path: 'photo', content: 'photo', quote: 'Description and recent photo;' },
	{ form: 'philomena-profile', path: 'photoConsent', content: 'photo-consent', quote: 'If possible, the consent of the child should be gained.' },
	{ form: 'philomena-profile', path: 'medicalConditions', content: 'medical', quote: 'Medical history, if relevant;' },
	{ form: 'philomena-profile', path: 'associates', content: 'associates', quote: 'Details of family, friends and associates.' },
	{ form: 'philomena-profile', path: 'placesFrequented', content: 'places', quote: 'Visit locations that the child is known to frequent;' },
	{ form: 'philomena-profile', path: 'missingFrom', content: 'missing-from', quote: 'Where and when they went missing;' },
	{ form: 'philomena-profile', path: 'missingAt', content: 'time-missing', quote: 'Where and when they went missing;' },
	{ form: 'philomena-profile', path: 'lastSeenLocation', content: 'last-seen', quote: 'Time and location last seen;' },
	{ form: 'philomena-profile', path: 'clothing', content: 'clothing', quote: 'What the child was wearing plus any belongings they had with them such as bags, phone etc;' },
	{ form: 'philomena-profile', path: 'belongings', content: 'belongings', quote: 'What the child was wearing plus any belongings they had with them such as bags, phone etc;' },
	{ form: 'philomena-profile', path: 'whoWith', content: 'who-with', quote: 'Who, if anyone, they went missing with;' },
	{ form: 'philomena-profile', path: 'circumstances', content: 'circumstances', quote: 'Circumstances or events around going missing;' }
];

const T0 = Date.UTC(2025, 2, 3, 9); // a Monday
const H = 3_600_000;
const valid = (form: string, data: Record<string, unknown> = {}) => ({ [form]: { form, valid: true, data } });

function stepFrom(snapshot: EpisodeSnapshot | null, type: string, at: number, f: Facts, submissions = {}) {
	return decide(pkg, snapshot, { type }, { facts: f, now: at, submissions, authorities: { protocol: 'westmorland-and-furness', responsible: 'lancashire', host: 'westmorland-and-furness' } });
}

describe('Westmorland and Furness forms, question by question', () => {
	it('asks every question the chapter asks for, with its content item', () => {
		expect(unsourcedQuestions(forms, QUESTIONS)).toEqual([]);
	});

	it.skipIf(!seedsPresent)('pins each question to a sentence quoted verbatim from the chapter', () => {
		const text = seedText(SEED);
		expect(QUESTIONS.filter((q) => !text.includes(normaliseSpace(q.quote))).map((q) => `${q.form}.${q.path}`)).toEqual([]);
	});

	it('lets a practitioner reach every form from a lifecycle step', () => {
		expect(unreachableForms(pkg)).toEqual([]);
	});

	it('declares pages on every long form, and puts every question on one of them', () => {
		for (const id of ['missing-report', 'rhi-record', 'stage-one-meeting', 'stage-two-meeting', 'philomena-profile']) {
			const pages = forms[id]['x-ui']?.pages?.map((p) => p.id) ?? [];
			expect(pages.length, id).toBeGreaterThan(1);
			const off = Object.entries(forms[id].properties).filter(([, q]) => !q['x-ui']?.page || !pages.includes(q['x-ui'].page)).map(([name]) => name);
			expect(off, id).toEqual([]);
		}
	});

	describe('risk assessment', () => {
		const form = forms['risk-assessment'];
		const base = { exploitationLinked: false, immediateRisk: false, rationale: 'Known to be at a friend’s house' };

		it('offers exactly high, medium and low, with their definitions', () => {
			expect(form.properties.riskCategory.oneOf!.map((o) => o.const)).toEqual(protocol.riskCategories.map((c) => c.id));
			// Each option words its category as the chapter defines it: how likely the harm is assessed to be.
			const assessedAs = (text: string) => text.match(/assessed as ([^.]*)/)![1];
			for (const c of protocol.riskCategories) {
				expect(form.properties.riskCategory.oneOf!.find((o) => o.const === c.id)!.title).toContain(assessedAs(c.definition));
			}
		});

		it('grades low only with both conditions confirmed, the agreed actions and a review time of at most 2 hours', () => {
			expect(checked(form, { ...base, riskCategory: 'medium' }).messages).toEqual([]);
			const low = checked(form, { ...base, riskCategory: 'low' }).messages;
			expect(low).toEqual([
				'Select at least 2 options for a child may be graded low only when both of these apply: confirm each',
				'Select actions agreed with the informant',
				'Enter review time agreed with the informant'
			]);
			const oneCondition = checked(form, { ...base, riskCategory: 'low', lowConditions: ['no-immediate-risk'], agreedActions: ['search'], reviewTimeHours: 1 });
			expect(oneCondition.messages).toEqual([expect.stringMatching(/^Select at least 2 options for a child may be graded low/)]);
			const tooLate = checked(form, { ...base, riskCategory: 'low', lowConditions: ['no-immediate-risk', 'parental-actions-suitable'], agreedActions: ['search'], reviewTimeHours: 3 });
			expect(tooLate.messages).toEqual(['Review time agreed with the informant must be 2 hours or less']);
			const ok = checked(form, { ...base, riskCategory: 'low', lowConditions: ['no-immediate-risk', 'parental-actions-suitable'], agreedActions: ['search'], reviewTimeHours: 2 });
			expect(ok.messages).toEqual([]);
			// A medium grading keeps none of the low-risk answers typed before the category changed.
			expect(checked(form, { ...base, riskCategory: 'medium', reviewTimeHours: 2, agreedActions: ['search'] }).data).not.toHaveProperty('reviewTimeHours');
		});

		it('teaches the engine what the grading rules read: exploitation linked, agreed actions, review time, injury and crime', () => {
			const low = { ...base, riskCategory: 'low', lowConditions: ['no-immediate-risk', 'parental-actions-suitable'], agreedActions: ['search'], reviewTimeHours: 1.5, vulnerabilities: ['injured'] };
			expect(factsLearned(protocol, { 'risk-assessment': { data: checked(form, low).data } })).toEqual({
				'episode.exploitationLinked': false,
				'episode.reasonableActionsTaken': true,
				'episode.reviewTimeHours': 1.5,
				'episode.agreedActionsCompleted': false,
				'episode.injured': true,
				'episode.victimOfCrime': false
			});
			const linked = { ...base, exploitationLinked: true, riskCategory: 'high', vulnerabilities: ['victim-of-crime'] };
			expect(factsLearned(protocol, { 'risk-assessment': { data: checked(form, linked).data } })).toMatchObject({
				'episode.exploitationLinked': true,
				'episode.reasonableActionsTaken': false,
				'episode.victimOfCrime': true
			});
		});

		it('asks at the review of a low grading whether the agreed actions were carried out, and only then', () => {
			const answers = { ...base, riskCategory: 'medium' };
			expect(checked(form, answers, { child: {}, episode: { riskCategory: 'low' } }).messages).toEqual(['Answer ‘Have the actions agreed with the informant been carried out?’']);
			expect(checked(form, answers, { child: {}, episode: { riskCategory: null } }).messages).toEqual([]);
			expect(checked(form, { ...answers, agreedActionsCompleted: true }, { child: {}, episode: { riskCategory: 'high' } }).data).not.toHaveProperty('agreedActionsCompleted');
		});
	});

	describe('return home interview record', () => {
		const form = forms['rhi-record'];
		const talk = { whyMissing: 'typed before the outcome changed', harmSuffered: 'typed too' };

		it('records who declined: a child’s decline needs the reason and whether the parents were offered the chance to speak, and keeps no interview answers', () => {
			expect(checked(form, { outcome: 'declined-child', ...talk }).messages).toEqual([
				'Enter why the interview was declined',
				'Answer ‘Were the parents or carers offered the opportunity to give any relevant information?’'
			]);
			const ok = checked(form, { outcome: 'declined-child', whyNotHeld: 'Did not want to talk', parentsOffered: true, parentViews: 'Mum thinks he was with older boys', ...talk });
			expect(ok.messages).toEqual([]);
			expect(ok.data).toMatchObject({ outcome: 'declined-child', parentsOffered: true, parentViews: 'Mum thinks he was with older boys' });
			expect(ok.data).not.toHaveProperty('whyMissing');
			expect(ok.data).not.toHaveProperty('harmSuffered');
		});

		it('a parent’s refusal asks about a safeguarding referral, not the parents’ views', () => {
			expect(checked(form, { outcome: 'declined-parent', whyNotHeld: 'Father refused' }).messages).toEqual(['Answer ‘Is the refusal leading to a safeguarding referral into the hub?’']);
			const ok = checked(form, { outcome: 'declined-parent', whyNotHeld: 'Father refused', safeguardingReferral: 'further-assessment', parentViews: 'not asked', parentsOffered: true });
			expect(ok.messages).toEqual([]);
			expect(ok.data).not.toHaveProperty('parentViews');
			expect(ok.data).not.toHaveProperty('parentsOffered');
		});

		const interview = {
			outcome: 'completed', interviewedAt: '2025-03-04T15:00:00.000Z', interviewer: 'Sam Patel, Complex Safeguarding', interviewerIndependent: true,
			harmSuffered: 'None disclosed', whyMissing: 'Argument at home', whatHappened: 'Stayed with a friend', whatWouldHelp: 'Time with his youth worker',
			childWishes: 'To stay at home', exploitationIndicators: ['none'], informationGiven: ['helplines'], safeguardingConcerns: false
		};

		it('an interview that took place records what the chapter says it must establish', () => {
			expect(checked(form, interview).messages).toEqual([]);
			const bare = checked(form, { outcome: 'completed' }).messages;
			expect(bare).toEqual([
				'Enter when the interview took place',
				"Enter interviewer's name and role",
				"Answer ‘Is the interviewer independent of the child's care?’",
				'Enter harm the child has suffered, before they went or while missing',
				'Enter why the child went missing',
				'Enter what happened while they were missing',
				'Enter what would help the child feel safe and prevent them going missing again',
				'Enter what the child would like to happen next, in the short and long term',
				'Select signs of exploitation',
				'Select information given to the child and family',
				'Answer ‘Were safeguarding concerns identified in the interview?’'
			]);
		});

		it('needs the CE checklist once child exploitation is suspected, and the family’s consent for early help', () => {
			expect(checked(form, { ...interview, exploitationIndicators: ['criminal'] }).messages).toEqual(['Answer ‘Has the child exploitation (CE) checklist been completed?’']);
			expect(checked(form, { ...interview, exploitationIndicators: ['criminal'], ceChecklist: true }).messages).toEqual([]);
			expect(checked(form, { ...interview, exploitationIndicators: ['radicalisation'] }).messages).toEqual([]);
			expect(checked(form, { ...interview, followUps: ['early-help'] }).messages).toEqual(['Answer ‘Has the family consented to an Early Help Assessment?’']);
		});

		it('records which of the seven priority situations apply, whatever the outcome', () => {
			expect(form.properties.priorityCircumstances.items!.oneOf).toHaveLength(protocol.rhi.priorityWhen!.items.length);
			const ok = checked(form, { outcome: 'declined-child', whyNotHeld: 'No', parentsOffered: false, priorityCircumstances: ['missing-two-or-more', 'sexual-exploitation-or-trafficking'] });
			expect(ok.messages).toEqual([]);
			expect(ok.data.priorityCircumstances).toEqual(['missing-two-or-more', 'sexual-exploitation-or-trafficking']);
		});
	});

	describe('meeting records', () => {
		const attendee = [{ name: 'Alex Reid', role: 'iro' }];
		const action = [{ action: 'Review the safety plan weekly', owner: 'Social worker' }];

		it('a strategy meeting records its chair, attendees, decisions and the action plan', () => {
			const form = forms['strategy-meeting'];
			const meeting = { heldAt: '2025-03-04T09:00:00.000Z', chair: 'J. Smith, Team Manager', attendees: [{ name: 'PC Khan', agency: 'police' }], stillMissing: true, risksDiscussed: 'Exploitation', decisions: 'Publicity agreed with police', actions: [{ action: 'Call the child daily', owner: 'Social worker' }] };
			expect(checked(form, meeting).messages).toEqual([]);
			expect(checked(form, { ...meeting, actions: [] }).messages).toEqual(['Add at least one action']);
			expect(checked(form, { ...meeting, chair: '' }).messages).toEqual(["Enter chair's name and role"]);
		});

		const stageOne = {
			reason: 'threshold', heldAt: '2025-03-10T10:00:00.000Z', chair: 'Pat Lowe', chairRole: 'team-manager', attendees: attendee, hubReferral: true,
			riskManagementPlan: 'Risks of exploitation increasing', safetyPlan: 'Curfew agreed with the child', decisions: 'Refer to METCO', actions: action
		};

		it('a Stage One record without a chair is refused, and only the chairs the chapter names may chair it', () => {
			const form = forms['stage-one-meeting'];
			expect(checked(form, stageOne).messages).toEqual([]);
			expect(checked(form, { ...stageOne, chair: undefined }).messages).toEqual(["Enter chair's name"]);
			expect(checked(form, { ...stageOne, chairRole: 'iro' }).messages).toEqual(["Select chair's role from the options given"]);
			expect(checked(form, { ...stageOne, attendees: [] }).messages).toEqual(['Add at least one attendee']);
			expect(checked(form, { ...stageOne, decisions: '', actions: [] }).messages).toEqual(['Enter decisions', 'Add at least one action']);
		});

		it('a Stage Two record is chaired by an IRO or a Service Manager, quality assures the protocol and, beyond Stage Two, records the Service Manager’s direction', () => {
			const form = forms['stage-two-meeting'];
			const stageTwo = {
				meetingType: 'stage-two', reason: 'threshold', heldAt: '2025-04-01T10:00:00.000Z', chair: 'Alex Reid', chairRole: 'iro', attendees: [...attendee, { name: 'Jo Bell', role: 'team-manager' }],
				riskManagementPlan: 'No reduction', safetyPlanReview: 'Safety plan ineffective at weekends', qualityAssurance: 'RHIs on time; Stage One held late', reviewParameters: 'Fortnightly review of episodes',
				planShared: true, decisions: 'Escalate', actions: action
			};
			expect(checked(form, stageTwo).messages).toEqual([]);
			expect(checked(form, { ...stageTwo, chairRole: 'team-manager' }).messages).toEqual(["Select chair's role from the options given"]);
			expect(checked(form, { ...stageTwo, qualityAssurance: undefined }).messages).toEqual(['Enter compliance with the protocol, and how effective the Stage One meeting and return interviews were']);
			expect(checked(form, { ...stageTwo, meetingType: 'review', reason: 'service-manager' }).messages).toEqual([
				'Enter further intervention the Service Manager directs, and any escalation up the management hierarchy'
			]);
			expect(checked(form, { ...stageTwo, reason: 'agency-request' }).messages).toEqual(['Answer ‘Which agency requested the meeting?’']);
		});

		it('the decision not to hold a meeting needs the team manager’s rationale, the triggers for Stage One, and the escalation policy for a refused Stage Two', () => {
			const form = forms['meeting-rationale'];
			const base = { rationale: 'Episodes explained by a placement move; safety plan in place', decidedBy: 'Jo Bell', decidedAt: '2025-03-05' };
			expect(checked(form, { ...base, meeting: 'stage-one' }).messages).toEqual(['Answer ‘What called for the meeting to be considered?’']);
			expect(checked(form, { ...base, meeting: 'stage-one', triggers: ['under-12'] }).messages).toEqual([]);
			expect(checked(form, { ...base, meeting: 'stage-two' }).messages).toEqual(['Answer ‘Which agency requested the Stage Two meeting?’', 'Answer ‘Has the WFSCP Escalation Policy been followed for the refused request?’']);
			expect(checked(form, { meeting: 'stage-one', triggers: ['injured'], decidedBy: 'Jo Bell', decidedAt: '2025-03-05' }).messages).toEqual(['Enter why the meeting is not being held']);
		});
	});

	describe('Philomena Protocol profile', () => {
		const form = forms['philomena-profile'];
		const inAdvance = { description: 'Tall, red hair', legalStatus: 'care-order', providerName: 'Oak House', placementAddress: '1 Fell Road, Kendal', riskIdentified: ['exploitation'], childMissingNow: false };

		it('is prepared in advance: the at-the-time section is neither asked nor kept until the child is missing', () => {
			const ok = checked(form, { ...inAdvance, clothing: 'typed early' });
			expect(ok.messages).toEqual([]);
			expect(ok.data).not.toHaveProperty('clothing');
			const pages = form['x-ui']!.pages!.map((p) => p.id);
			expect(pages.at(-1)).toBe('at-the-time');
			const atTheTime = Object.entries(form.properties).filter(([, q]) => q['x-ui']?.page === 'at-the-time').map(([name]) => name);
			expect(atTheTime).toEqual(['childMissingNow', 'missingFrom', 'missingAt', 'lastSeenAt', 'lastSeenLocation', 'clothing', 'belongings', 'whoWith', 'circumstances', 'actionsTaken']);
		});

		it('when the child is missing, needs where and when, last seen, clothing and circumstances', () => {
			expect(checked(form, { ...inAdvance, childMissingNow: true }).messages).toEqual([
				'Enter where the child went missing from',
				'Enter when the child went missing',
				'Enter time last seen',
				'Enter where last seen',
				'Enter what the child was wearing',
				'Enter circumstances or events around going missing'
			]);
			expect(checked(form, { ...inAdvance, riskIdentified: [] }).messages).toEqual(['Answer ‘What has the child been identified as being at risk of?’']);
		});

		it('is shared with Cumbria Police from the episode of a child placed here by another council, and refused for the council’s own child', () => {
			const placed = facts({ inCare: true, ownChild: false });
			const reported = stepFrom(null, 'REPORT', T0, placed);
			if (!reported.ok) throw new Error(reported.reason);
			const step = allowedEvents(pkg, reported.snapshot).find((e) => e.type === 'PHILOMENA_SHARED')!;
			expect(step.forms).toEqual([{ id: 'philomena-profile', title: 'Philomena Protocol profile' }]);
			const shared = stepFrom(reported.snapshot, 'PHILOMENA_SHARED', T0 + H, placed, valid('philomena-profile'));
			expect(shared.ok && shared.effects).toContainEqual(expect.objectContaining({ kind: 'notify', notificationId: 'philomena-police', recipient: 'police' }));
			const own = stepFrom(reported.snapshot, 'PHILOMENA_SHARED', T0 + H, facts({ inCare: true }), valid('philomena-profile'));
			expect(own.ok).toBe(false);
			expect(!own.ok && own.reason).toMatch(/placed in Westmorland and Furness by another local authority/);
			expect(protocol.philomena).toMatchObject({ used: true, form: 'philomena-profile' });
		});
	});

	describe('meetings a practitioner can reach', () => {
		it('each stage’s task names its own form, and exactly one step records it', () => {
			for (const stage of protocol.repeatMissing!.stages) {
				const task = stageTask(opening(stage, { id: 'e3', childId: 'c', at: T0 }, stage.threshold, T0), T0);
				const steps = Object.values(lifecycle.states).flatMap((s) => Object.entries(s.on ?? {})).filter(([, t]) => (Array.isArray(t) ? t : [t]).some((x) => x.meta?.form === task.form)).map(([e]) => e);
				expect([...new Set(steps)]).toEqual([stage.id === 'stage-one' ? 'STAGE_ONE_MEETING_HELD' : 'STAGE_TWO_MEETING_HELD']);
			}
		});

		it('a judgement trigger opens a decision task whose rationale form the MEETING_NOT_HELD step takes, refused without a valid rationale', () => {
			const under12 = facts({ ageYears: 10 });
			const task = judgementDecisionTask(protocol.repeatMissing, judgementTriggers(protocol.repeatMissing, under12), T0, T0 + 24 * H, 'Team manager')!;
			expect(task.form).toBe('meeting-rationale');
			const reported = stepFrom(null, 'REPORT', T0, under12);
			if (!reported.ok) throw new Error(reported.reason);
			expect(allowedEvents(pkg, reported.snapshot).find((e) => e.type === 'MEETING_NOT_HELD')?.forms.map((f) => f.id)).toEqual(['meeting-rationale']);
			expect(stepFrom(reported.snapshot, 'MEETING_NOT_HELD', T0 + H, under12).ok).toBe(false);
			expect(stepFrom(reported.snapshot, 'MEETING_NOT_HELD', T0 + H, under12, valid('meeting-rationale')).ok).toBe(true);
		});

		it('a strategy meeting can be recorded before the risk is graded, stopping both escalations', () => {
			const reported = stepFrom(null, 'REPORT', T0, facts());
			if (!reported.ok) throw new Error(reported.reason);
			const held = stepFrom(reported.snapshot, 'STRATEGY_MEETING_HELD', T0 + 20 * H, facts(), valid('strategy-meeting'));
			expect(held.ok && held.state).toBe('strategy-agreed');
			const stopped = held.ok ? held.effects.flatMap((e) => (e.kind === 'stop-clock' ? [e.clockId] : [])) : [];
			expect(stopped).toEqual(expect.arrayContaining(['strategy-meeting-24h', 'strategy-meeting-48h']));
		});
	});
});
