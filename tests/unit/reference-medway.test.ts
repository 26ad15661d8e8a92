import { describe, expect, it } from 'vitest';
import { allocateRhi, rhiResult, type AllocationFacts } from '../../src/lib/protocol/allocation.js';
import { escalationState } from '../../src/lib/protocol/clocks.js';
import { holds } from '../../src/lib/protocol/conditions.js';
import { decide, type DecideContext, type EpisodeSnapshot } from '../../src/lib/protocol/lifecycle.js';
import { checkForm } from '../../src/lib/protocol/form-check.js';
import { fieldsFromData } from '../../src/lib/protocol/form-data.js';
import { HOUR_MS } from '../../src/lib/protocol/london-time.js';
import { RHI_CONTENT_ITEMS } from '../../src/lib/protocol/library.js';
import type { Facts } from '../../src/lib/protocol/types.js';
import { validatePackageDir } from '../../src/lib/server/protocol-files.js';
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

const pkg = loadReferencePackage('medway', '2024.1');
const { protocol, forms } = pkg;
const SEED = 'medway-scrutiny-2024-missing-children.txt';

function facts(child: Partial<Facts['child']> = {}): Facts {
	return {
		child: {
			ageYears: 15, inCare: false, ownChild: true, livesInArea: true, placedOutOfArea: false, openToServices: false,
			onChildProtectionPlan: false, exploitationRisk: 'none', learningDisability: false, mentalHealthConcern: false,
			episodesInWindow: 1, firstTimeMissing: true, ...child
		},
		episode: {
			riskCategory: null, hoursMissing: 0, stillMissing: true, injured: false, victimOfCrime: false,
			exploitationLinked: false, reasonableActionsTaken: false, reviewTimeHours: null, agreedActionsCompleted: false
		}
	};
}
const allocation = (f: Partial<AllocationFacts>) =>
	allocateRhi(
		protocol.rhi,
		{ livesInArea: true, ownChild: true, inCare: false, placedOutOfArea: false, openToServices: false, onChildProtectionPlan: false, ...f },
		{ protocol: 'medway', responsible: 'kent', host: 'medway' }
	);
const clock = (id: string) => protocol.clocks.find((c) => c.id === id)!;
const T0 = Date.UTC(2024, 9, 7, 9); // a Monday morning
const valid = (form: string, data: Record<string, unknown> = {}) => ({ [form]: { form, valid: true, data } });

function run(events: Array<[string, number, DecideContext['submissions']?]>, child: Partial<Facts['child']> = {}) {
	let snapshot: EpisodeSnapshot | null = null;
	const decisions = [];
	for (const [type, at, submissions] of events) {
		const d = decide(pkg, snapshot, { type }, { facts: facts(child), now: at, submissions });
		if (!d.ok) throw new Error(`${type}: ${d.reason}`);
		snapshot = d.snapshot;
		decisions.push(d);
	}
	return decisions;
}

describe('Medway reference package 2024.1', () => {
	it('passes the package validator with no errors, read from disk as the CLI reads it', async () => {
		expect(pkg.validation.errors.map((e) => `${e.file}${e.pointer}: ${e.message}`)).toEqual([]);
		const fromDisk = await validatePackageDir('protocols/medway/2024.1');
		expect(fromDisk.errors).toEqual([]);
	});

	it('is Medway Council’s, based on the DfE 2014 statutory guidance', () => {
		expect(protocol.metadata).toMatchObject({ id: 'medway', version: '2024.1', authority: { code: 'medway', name: 'Medway Council' } });
		expect(protocol.metadata.basedOn.map((b) => b.protocol)).toContain('england-dfe-2014');
	});

	it.skipIf(!seedsPresent)('quotes every source verbatim from the October 2024 scrutiny report', () => {
		const text = seedText(SEED);
		const sources = sourcesOf(protocol);
		expect(sources.length).toBeGreaterThan(15);
		const missing = sources.filter(({ source }) => !text.includes(normaliseSpace(source.quote))).map((s) => s.path);
		expect(missing).toEqual([]);
		for (const { source } of sources) expect(source.document).toBe(protocol.metadata.documents[0].title);
	});

	it('leaves out what the report does not state: definitions, categories, reasonable actions, report content, stages, Philomena', () => {
		expect(protocol.definitions).toEqual([]);
		expect(protocol.riskCategories).toEqual([]);
		expect(protocol.riskRules).toEqual([]);
		expect(protocol.minimumReportContent).toEqual([]);
		expect(protocol.reasonableActions).toBeUndefined();
		expect(protocol.repeatMissing).toBeUndefined();
		expect(protocol.philomena).toBeUndefined();
		expect(protocol.rhi.declineFollowUps).toBeUndefined();
		expect(protocol.rhi.missingAgainCountsAsDeclined).toBeUndefined();
	});

	it('refers a child missing over 24 hours to First Response only when not open to Children’s Services', () => {
		const c = clock('first-response-24h');
		expect(c).toMatchObject({ kind: 'escalation', duration: { unit: 'hours', amount: 24 }, actor: 'Missing information officer' });
		expect(holds(c.when, facts({ openToServices: false }))).toBe(true);
		expect(holds(c.when, facts({ openToServices: true }))).toBe(false);

		const notOpen = run([['REPORT', T0]], { openToServices: false })[0];
		const open = run([['REPORT', T0]], { openToServices: true })[0];
		const started = (d: typeof notOpen) => d.effects.filter((e) => e.kind === 'start-clock').map((e) => (e.kind === 'start-clock' ? e.clockId : ''));
		expect(started(notOpen)).toContain('first-response-24h');
		expect(started(open)).not.toContain('first-response-24h');
	});

	it('convenes a multi-agency strategy discussion and a Need to Know notification at 48 hours if still missing', () => {
		for (const id of ['strategy-discussion-48h', 'need-to-know-48h']) {
			expect(clock(id)).toMatchObject({ kind: 'escalation', startsOn: ['REPORT'], duration: { unit: 'hours', amount: 48 } });
		}
		expect(clock('strategy-discussion-48h').task.form).toBe('strategy-meeting');
		expect(clock('need-to-know-48h').notify).toEqual(['senior-managers']);

		const ntk = clock('need-to-know-48h');
		expect(escalationState(ntk, T0, [{ type: 'FOUND', at: T0 + 30 * HOUR_MS }], T0 + 60 * HOUR_MS).status).toBe('stopped');
		// Found only after 48 hours: the child was missing over 48 hours, so the notification is still owed.
		expect(escalationState(ntk, T0, [{ type: 'FOUND', at: T0 + 50 * HOUR_MS }], T0 + 60 * HOUR_MS).status).toBe('fires');
	});

	it('puts every reported child on the daily missing report to the senior leadership team', () => {
		const reported = run([['REPORT', T0]])[0];
		const told = reported.effects.filter((e) => e.kind === 'notify').map((e) => (e.kind === 'notify' ? e.recipient : ''));
		expect(told).toContain('senior-managers');
		expect(protocol.notifications.find((n) => n.id === 'daily-missing-report')?.on).toBe('REPORT');
	});

	it('completes the return home interview within 72 hours of the child being found', () => {
		expect(protocol.rhi.within).toEqual({ unit: 'hours', amount: 72 });
		expect(clock('rhi-72h')).toMatchObject({ kind: 'deadline', startsOn: ['FOUND', 'RETURNED'], duration: { unit: 'hours', amount: 72 } });
		const returned = T0 + 10 * HOUR_MS;
		expect(rhiResult(protocol.rhi, { outcome: 'completed', returnedAt: returned, completedAt: returned + 71 * HOUR_MS })).toBe('completed-in-timescale');
		expect(rhiResult(protocol.rhi, { outcome: 'completed', returnedAt: returned, completedAt: returned + 73 * HOUR_MS })).toBe('completed-outside-timescale');
	});

	it('allocates the interview: RHI officers for children living in Medway, the placing council for its own children', () => {
		expect(allocation({ livesInArea: true, ownChild: true })).toMatchObject({ ruleId: 'lives-in-medway', authority: 'medway', team: 'Return home interview officers' });
		const placedHere = allocation({ livesInArea: true, ownChild: false, inCare: true });
		expect(placedHere).toMatchObject({ ruleId: 'other-councils-children', authority: 'kent', notify: ['placing-authority'] });
		expect(allocation({ livesInArea: false, ownChild: true, inCare: true, placedOutOfArea: true })).toMatchObject({
			ruleId: 'own-children-placed-outside-medway',
			authority: 'medway'
		});
	});

	it('asks other councils for copies of their interviews and leaves their children out of the eligible count', () => {
		const duties = new Map((protocol.duties ?? []).map((d) => [d.id, d]));
		expect(duties.get('request-rhi-copy-from-placing-authority')?.source.quote).toMatch(/contacted for a copy of their return home interview/);
		expect(duties.get('rhi-eligible-excludes-other-councils-children')?.source.quote).toMatch(/excludes 619/);
	});

	it('walks an episode from report to a completed interview with the forms the lifecycle asks for', () => {
		const ds = run([
			['REPORT', T0],
			['GRADE', T0 + HOUR_MS, valid('risk-assessment', { riskCategory: 'medium' })],
			['STRATEGY_MEETING_HELD', T0 + 47 * HOUR_MS, valid('strategy-meeting')],
			['FOUND', T0 + 49 * HOUR_MS],
			['RHI_OFFERED', T0 + 50 * HOUR_MS],
			['RHI_COMPLETED', T0 + 60 * HOUR_MS, valid('rhi-record')],
			['CLOSE', T0 + 61 * HOUR_MS]
		]);
		expect(ds.map((d) => d.state)).toEqual(['reported', 'missing', 'strategy-agreed', 'found', 'rhi-offered', 'rhi-completed', 'closed']);
		const outcome = ds[5].effects.find((e) => e.kind === 'rhi-outcome');
		expect(outcome).toMatchObject({ outcome: 'completed', result: 'completed-in-timescale' });
		// A strategy discussion without its record is refused.
		expect(() => run([['REPORT', T0], ['STRATEGY_MEETING_HELD', T0 + HOUR_MS]])).toThrow(/STRATEGY_MEETING_HELD/);
	});

	describe('forms', () => {
		it('has the forms its lifecycle and clocks name, each with a matching $id and a version, and every form reachable from a step', () => {
			const { forms: used } = lifecycleRefs(pkg.lifecycle);
			for (const id of [...used, ...protocol.clocks.flatMap((c) => (c.task.form ? [c.task.form] : []))]) expect(Object.keys(forms)).toContain(id);
			for (const [id, form] of Object.entries(forms)) expect(form).toMatchObject({ $id: id, version: expect.stringMatching(/^\d+\.\d+\.\d+$/) });
			expect(unreachableForms(pkg)).toEqual([]);
		});

		it('missing report: prefilled child details, date-times, checkboxes, associates and a photo whose consent shows only with a photo', () => {
			const report = forms['missing-report'];
			expect(report.properties.childName['x-ui']).toMatchObject({ widget: 'readonly', prefill: 'child.name' });
			expect(report.properties.missingAt.format).toBe('date-time');
			expect(report.properties.belongings['x-ui']?.widget).toBe('checkboxes');
			expect(report.properties.associates['x-ui']?.widget).toBe('repeater');
			expect(report.properties.photoConsent['x-ui']?.showWhen).toEqual({ '!!': [{ var: 'photo' }] });
			expect(report.required).toContain('openToServices');
			for (const tag of ['name', 'date-of-birth', 'sex', 'ethnicity', 'time-missing', 'last-seen', 'photo', 'photo-consent', 'associates']) {
				expect(contentTags(report)).toContain(tag);
			}
		});

		it('missing report asks for photo consent only when a photo is attached, and names each missing answer', () => {
			const report = forms['missing-report'];
			const base = {
				legalStatus: 'not-open', openToServices: false, missingFrom: 'Home', missingAt: '2024-10-07T08:00:00Z', lastSeenAt: '2024-10-07T07:30:00Z',
				lastSeenLocation: 'Chatham station', clothing: 'Grey hoodie', description: 'Tall, short dark hair', circumstances: 'Argument at home'
			};
			const context = { child: { name: 'Tyler Okafor', dateOfBirth: '2008-06-05', responsibleAuthority: 'Medway Council' }, episode: {} };
			const plain = checkForm(report, fieldsFromData(report, base), context);
			expect(plain.errors).toEqual([]);
			expect(plain.data.childName).toBe('Tyler Okafor');
			const withPhoto = checkForm(report, fieldsFromData(report, { ...base, photo: 'tyler.jpg' }), context);
			expect(withPhoto.errors.map((e) => e.message)).toEqual([expect.stringMatching(/consented to the photo/)]);
			const blank = checkForm(report, {}, context);
			expect(blank.errors.map((e) => e.message)).toEqual(expect.arrayContaining(['Enter what the child was wearing', 'Enter location last seen']));
		});

		it('RHI record covers the content the report states, with a decline reason only when declined', () => {
			const rhi = forms['rhi-record'];
			const tags = contentTags(rhi);
			for (const item of protocol.rhi.content) expect(tags).toContain(item.id);
			for (const tag of tags) expect(RHI_CONTENT_ITEMS as readonly string[]).toContain(tag);
			const why = rhi.properties.whyNotHeld['x-ui']!;
			expect(holds(why.showWhen, { outcome: 'declined-parent' })).toBe(true);
			expect(holds(why.showWhen, { outcome: 'declined-child' })).toBe(true);
			expect(holds(why.showWhen, { outcome: 'completed' })).toBe(false);
			expect([...tags]).toEqual(expect.arrayContaining(['child-wishes', 'parent-views']));
			expect(rhi.properties.conductedBy.oneOf?.map((o) => o.const)).toEqual(expect.arrayContaining(['rhi-officer', 'allocated-worker', 'youth-worker', 'teacher']));
		});

		it('risk assessment records the police grading as given, since the report states no categories', () => {
			const risk = forms['risk-assessment'];
			expect(risk.properties.riskCategory).toMatchObject({ type: 'string' });
			expect(risk.properties.riskCategory.oneOf).toBeUndefined();
			expect(risk.properties.risksIdentified.items?.oneOf?.map((o) => o.const)).toEqual(['exploitation', 'substance-misuse', 'mental-health', 'other']);
		});
	});
});

const W = 'westmorland-and-furness-procedure-children-missing-from-home-or-care.txt';
const RHI_CONTENT = 'They explore with the child why they went missing, what happened during the time that they were missing and discuss what needs to happen to prevent them from going missing again.';
const STRATEGY = 'For those children missing for 48-hour period (and it has not been already convened), a multi-agency strategy discussion must be convened to agree co-ordinated partnership working amongst agencies to ensure the safe return of the child.';

/** Each question with the sentence asking for it: the report's own, or the baseline's (the W&F chapter's guidance text) where Medway relies on it. */
const QUESTIONS: Array<SourcedQuestion & { seed: string }> = [
	{ form: 'missing-report', path: 'openToServices', seed: SEED, quote: 'For those children missing over a 24-hour period and are not open to Children’s services, a contact and referral must be made to Medway’s First Response by the missing information officer and will be assessed in line with the level of need for that child.' },
	{ form: 'risk-assessment', path: 'riskCategory', content: 'risk-category', seed: SEED, quote: 'Children services and Kent Police have a joint operating procedure and team guidance for children who go missing from Home and Care.' },
	{ form: 'risk-assessment', path: 'risksIdentified', seed: SEED, quote: 'The most significant areas of risks identified for children who went missing relates to exploitation, substance misuse and mental health.' },
	{ form: 'rhi-record', path: 'conductedBy', seed: SEED, quote: 'However, whilst an independent person must be offered, a child may request their own allocated worker to do this if they have one or this could be for example a youth worker or a teacher.' },
	{ form: 'rhi-record', path: 'whyMissing', content: 'why-missing', seed: SEED, quote: RHI_CONTENT },
	{ form: 'rhi-record', path: 'whatHappened', content: 'what-happened', seed: SEED, quote: RHI_CONTENT },
	{ form: 'rhi-record', path: 'whatWouldHelp', content: 'what-would-help', seed: SEED, quote: RHI_CONTENT },
	{ form: 'rhi-record', path: 'followUpActions', content: 'follow-up-actions', seed: SEED, quote: RHI_CONTENT },
	{ form: 'rhi-record', path: 'whyNotHeld', content: 'decline-reason', seed: SEED, quote: 'Parent/carer refusal – when a child is reported missing from home and it is refused.' },
	{ form: 'rhi-record', path: 'significantHarmSuspected', seed: SEED, quote: 'We have no powers to insist unless there is suspected risk of significant harm.' },
	{ form: 'rhi-record', path: 'notHeldReason', seed: SEED, quote: 'Repeat missing children who are reported missing again before the RHI can happen' },
	{ form: 'rhi-record', path: 'copyRequested', seed: SEED, quote: 'Other Local Authorities who place children in Medway are contacted for a copy of their return home interview so that we can analyse the intelligence relating to this.' },
	{ form: 'rhi-record', path: 'risksIdentified', content: 'exploitation-indicators', seed: SEED, quote: 'The most significant areas of risks identified for children who went missing relates to exploitation, substance misuse and mental health.' },
	{ form: 'rhi-record', path: 'whereFound', content: 'where-found', seed: SEED, quote: 'This will ensure that any risks identified will support intelligence gathering in respect of themes/trends, places and spaces.' },
	{ form: 'rhi-record', path: 'whoWith', content: 'who-with', seed: W, quote: 'Who they were missing with and where they were found; and' },
	{ form: 'rhi-record', path: 'childWishes', content: 'child-wishes', seed: W, quote: 'Understand what the child would like to see happen next whether short term and/or long term;' },
	{ form: 'rhi-record', path: 'parentViews', content: 'parent-views', seed: W, quote: "Gather the parents' or carers' views of the circumstances, if appropriate;" },
	{ form: 'rhi-record', path: 'parentsOffered', content: 'parent-views', seed: W, quote: 'Where children decline the interview, parents should be offered the opportunity to provide any relevant information and intelligence they may be aware of.' },
	{ form: 'rhi-record', path: 'informationGiven', content: 'information-given', seed: W, quote: 'Provide the child with information on how to stay safe if they go missing again, including helpline numbers.' },
	{ form: 'strategy-meeting', path: 'chair', content: 'meeting-chair', seed: SEED, quote: STRATEGY },
	{ form: 'strategy-meeting', path: 'attendees', content: 'meeting-attendees', seed: SEED, quote: STRATEGY },
	{ form: 'strategy-meeting', path: 'decisions', content: 'meeting-decisions', seed: SEED, quote: STRATEGY },
	{ form: 'strategy-meeting', path: 'actions', content: 'meeting-actions', seed: SEED, quote: STRATEGY }
];

describe('Medway forms, question by question', () => {
	it('asks every question the report (or the baseline it relies on) asks for, with its content item', () => {
		expect(unsourcedQuestions(forms, QUESTIONS)).toEqual([]);
	});

	it.skipIf(!seedsPresent)('pins each question to a sentence quoted verbatim from its seed', () => {
		expect(QUESTIONS.filter((q) => !seedText(q.seed).includes(normaliseSpace(q.quote))).map((q) => `${q.form}.${q.path}`)).toEqual([]);
	});

	it('says in its metadata where the forms rely on the baseline, and holds no Stage One or Two meeting', () => {
		expect(protocol.metadata.changeSummary).toMatch(/rely on the national baseline \(england-dfe-2014\)/);
		expect(protocol.metadata.changeSummary).toMatch(/no Stage One or Stage Two meetings/);
		expect(Object.keys(forms).filter((id) => /stage|rationale/.test(id))).toEqual([]);
	});

	describe('return home interview record', () => {
		const form = forms['rhi-record'];
		const offered = { offeredAt: '2024-10-08T09:00:00.000Z' };

		it('a child’s decline records the reason and whether the parents were offered the chance to speak; no interview answers are kept', () => {
			expect(checked(form, { ...offered, outcome: 'declined-child', whyMissing: 'typed first' }).messages).toEqual([
				'Answer ‘Why was the interview declined?’',
				'Answer ‘Were the parents or carers offered the opportunity to give any relevant information?’'
			]);
			const ok = checked(form, { ...offered, outcome: 'declined-child', whyNotHeld: 'Did not want to', parentsOffered: false, whyMissing: 'typed first' });
			expect(ok.messages).toEqual([]);
			expect(ok.data).not.toHaveProperty('whyMissing');
		});

		it('a parent’s refusal asks whether significant harm is suspected, since only then can the refusal be overridden', () => {
			expect(checked(form, { ...offered, outcome: 'declined-parent', whyNotHeld: 'Mother refused' }).messages).toEqual(['Answer ‘Is there a suspected risk of significant harm?’']);
			expect(checked(form, { ...offered, outcome: 'declined-parent', whyNotHeld: 'Mother refused', significantHarmSuspected: false }).messages).toEqual([]);
		});

		it('another council’s interview is not held here, and the record says whether a copy was asked for', () => {
			const elsewhere = { ...offered, outcome: 'not-held', notHeldReason: 'other-authority' };
			expect(checked(form, elsewhere).messages).toEqual(['Answer ‘Has the placing council been asked for a copy of its return home interview?’']);
			expect(checked(form, { ...elsewhere, copyRequested: true }).messages).toEqual([]);
			expect(checked(form, { ...offered, outcome: 'not-held', notHeldReason: 'missing-again', copyRequested: true }).data).not.toHaveProperty('copyRequested');
		});

		it('an interview records why the child went missing, what happened and what would prevent it', () => {
			expect(checked(form, { ...offered, outcome: 'completed' }).messages).toEqual([
				'Enter when the interview took place',
				'Answer ‘Who conducted the interview?’',
				'Enter why the child went missing, in their words',
				'Enter what happened while they were missing',
				'Enter what needs to happen to stop them going missing again'
			]);
		});
	});

	it('a strategy discussion records its chair, who took part, its decisions and the partnership actions agreed', () => {
		const form = forms['strategy-meeting'];
		const held = {
			heldAt: '2024-10-09T10:00:00.000Z', childStillMissing: true, chair: 'Head of First Response', attendees: [{ name: 'DS Ward', agency: 'police' }],
			purpose: 'Locate and return Tyler', decisions: 'Publicity with Kent Police', actions: [{ action: 'Visit known addresses', owner: 'Kent Police' }]
		};
		expect(checked(form, held).messages).toEqual([]);
		expect(checked(form, { ...held, chair: '' }).messages).toEqual(['Enter who chaired it']);
		expect(checked(form, { ...held, actions: [] }).messages).toEqual(['Add at least one action']);
		expect(checked(form, { ...held, attendees: [] }).messages).toEqual(['Add at least one attendee']);
	});
});
