import { describe, expect, it } from 'vitest';
import { allocateRhi, type AllocationFacts } from '../../src/lib/protocol/allocation.js';
import { holds } from '../../src/lib/protocol/conditions.js';
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

const W = 'westmorland-and-furness-procedure-children-missing-from-home-or-care.txt';
const WALSALL = 'walsall-scrutiny-2019-missing-children-and-rhi.txt';
const MEDWAY = 'medway-scrutiny-2024-missing-children.txt';
const CATEGORISATION =
	'This reinforced the missing and absent categorisation and outlines the actions to be taken by police in categorising the risks relating to children who are missing as ‘high’ or medium’ and outlines the steps to be taken when a child is categorised as ‘absent’, including agreeing a review time and any on-going actions with child’s family, carer or responsible local authority.';

/** Each question, with the seed that attributes it to the guidance and the sentence there. */
const QUESTIONS: Array<SourcedQuestion & { seed: string }> = [
	{ form: 'risk-assessment', path: 'riskCategory', content: 'risk-category', seed: WALSALL, quote: CATEGORISATION },
	{ form: 'risk-assessment', path: 'reviewTimeHours', content: 'review-time', seed: WALSALL, quote: CATEGORISATION },
	{ form: 'risk-assessment', path: 'agreedWith', seed: WALSALL, quote: CATEGORISATION },
	{ form: 'risk-assessment', path: 'ongoingActions', content: 'agreed-actions', seed: WALSALL, quote: CATEGORISATION },
	{ form: 'rhi-record', path: 'whyNotHeld', content: 'decline-reason', seed: W, quote: 'Where children decline the interview, parents should be offered the opportunity to provide any relevant information and intelligence they may be aware of.' },
	{ form: 'rhi-record', path: 'parentsOffered', content: 'parent-views', seed: W, quote: 'Where children decline the interview, parents should be offered the opportunity to provide any relevant information and intelligence they may be aware of.' },
	{ form: 'rhi-record', path: 'priorityCircumstances', content: 'priority-circumstances', seed: W, quote: 'It is especially important that the Return Home Interview takes place when a child:' },
	{ form: 'rhi-record', path: 'interviewerIndependent', seed: WALSALL, quote: 'The same guidance states that once found the child must be offered an independent return interview to be carried out within 72hrs of their return to their home or care setting by someone not involved in caring for the child.' },
	{ form: 'rhi-record', path: 'place', seed: W, quote: 'Contact should be made with the child and a Return Home Interview should be offered and provided within 72 hours of the child being located or returning from absence, preferably in a neutral place where they feel safe.' },
	{ form: 'rhi-record', path: 'harmSuffered', content: 'harm-suffered', seed: W, quote: "Identify and deal with any harm the child has suffered – including harm that might not have already been disclosed as part of the 'Safe and Well check'– either before they ran away or whilst missing;" },
	{ form: 'rhi-record', path: 'whyMissing', content: 'why-missing', seed: W, quote: 'Understand and try to address the reasons why the child went missing;' },
	{ form: 'rhi-record', path: 'whatHappened', content: 'what-happened', seed: MEDWAY, quote: 'They explore with the child why they went missing, what happened during the time that they were missing and discuss what needs to happen to prevent them from going missing again.' },
	{ form: 'rhi-record', path: 'whoWith', content: 'who-with', seed: W, quote: 'Who they were missing with and where they were found; and' },
	{ form: 'rhi-record', path: 'whereFound', content: 'where-found', seed: W, quote: 'Who they were missing with and where they were found; and' },
	{ form: 'rhi-record', path: 'whatWouldHelp', content: 'what-would-help', seed: W, quote: "Help the child feel 'safe' and understand that they have options, to prevent repeat instances of them going missing;" },
	{ form: 'rhi-record', path: 'childWishes', content: 'child-wishes', seed: W, quote: 'Understand what the child would like to see happen next whether short term and/or long term;' },
	{ form: 'rhi-record', path: 'exploitationIndicators', content: 'exploitation-indicators', seed: W, quote: 'Looked after children who go missing, or who are away from placement without authorisation, can be at increased risk of sexual or other forms of exploitation or of involvement in drugs, gangs, criminal activity, or trafficking.' },
	{ form: 'rhi-record', path: 'parentViews', content: 'parent-views', seed: W, quote: "Gather the parents' or carers' views of the circumstances, if appropriate;" },
	{ form: 'rhi-record', path: 'informationGiven', content: 'information-given', seed: W, quote: 'Provide the child with information on how to stay safe if they go missing again, including helpline numbers.' },
	{ form: 'rhi-record', path: 'followUps', content: 'follow-up-actions', seed: W, quote: "Where the child is known to children's social care services or meets the criteria for referral to children's social care services, the Local Authority will ensure that an assessment takes place and there are a range of service options available to address the child's needs following the safe and well check and independent return review interview." }
];

describe('National baseline forms, question by question', () => {
	it('asks every question the guidance asks for, with its content item', () => {
		expect(unsourcedQuestions(forms, QUESTIONS)).toEqual([]);
	});

	it.skipIf(!seedsPresent)('pins each question to a sentence quoted verbatim from the seed that attributes it to the guidance', () => {
		expect(QUESTIONS.filter((q) => !seedText(q.seed).includes(normaliseSpace(q.quote))).map((q) => `${q.form}.${q.path}`)).toEqual([]);
	});

	it('lets every form be reached from a lifecycle step, and puts the long forms in pages', () => {
		expect(unreachableForms(pkg)).toEqual([]);
		for (const id of ['missing-report', 'rhi-record']) {
			const pages = forms[id]['x-ui']?.pages?.map((p) => p.id) ?? [];
			expect(pages.length, id).toBeGreaterThan(1);
			expect(Object.values(forms[id].properties).every((q) => q['x-ui']?.page && pages.includes(q['x-ui'].page)), id).toBe(true);
		}
	});

	it('asks for no question that only a local procedure states', () => {
		// Seeing the child alone and offering an advocate are W&F's own RHI section, not the guidance it reproduces.
		expect(forms['rhi-record'].properties.seenAlone).toBeUndefined();
		expect(forms['rhi-record'].properties.advocateOffered).toBeUndefined();
	});

	it('risk assessment: absent only with the review time, who it was agreed with and the on-going actions', () => {
		const form = forms['risk-assessment'];
		expect(checked(form, { riskCategory: 'high', rationale: 'Vulnerable' }).messages).toEqual([]);
		expect(checked(form, { riskCategory: 'absent', rationale: 'Known location' }).messages).toEqual([
			'Enter review time agreed',
			'Select who the review time and actions were agreed with',
			'Enter on-going actions agreed'
		]);
	});

	describe('return interview record', () => {
		const form = forms['rhi-record'];

		it('a child’s decline records the reason and whether the parents were offered the chance to give information, and no interview answers', () => {
			expect(checked(form, { outcome: 'declined-child', whyMissing: 'typed first' }).messages).toEqual([
				'Enter why the interview was declined',
				'Answer ‘Were the parents offered the opportunity to give any relevant information?’'
			]);
			const ok = checked(form, { outcome: 'declined-child', whyNotHeld: 'Did not want to', parentsOffered: true, whyMissing: 'typed first', informationGiven: ['helplines'] });
			expect(ok.messages).toEqual([]);
			expect(ok.data).not.toHaveProperty('whyMissing');
			expect(ok.data.informationGiven).toEqual(['helplines']);
			expect(checked(form, { outcome: 'declined-parent', whyNotHeld: 'Refused' }).messages).toEqual([]);
		});

		it('an interview that took place records the harm, reasons, what happened, what would help, the child’s wishes and the information given', () => {
			expect(checked(form, { outcome: 'completed' }).messages).toEqual([
				'Enter when the interview took place',
				"Enter interviewer's name and role",
				"Answer ‘Is the interviewer independent of the child's care?’",
				'Enter harm the child has suffered, before they went or while missing',
				'Enter why the child went missing',
				'Enter what happened while they were missing',
				'Enter what would help the child feel safe and prevent them going missing again',
				'Enter what the child would like to happen next, in the short and long term',
				'Select information given to the child and family'
			]);
		});

		it('records which of the situations in which the interview is especially important apply', () => {
			expect(forms['rhi-record'].properties.priorityCircumstances.items!.oneOf!.map((o) => o.title)).toHaveLength(protocol.rhi.priorityWhen!.items.length);
		});
	});
});
