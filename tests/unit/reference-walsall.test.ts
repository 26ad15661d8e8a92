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
import {
	checked,
	contentTags,
	loadReferencePackage,
	normaliseSpace,
	seedText,
	seedsPresent,
	sourcesOf,
	unreachableForms,
	unsourcedQuestions,
	type LoadedPackage,
	type SourcedQuestion
} from './reference-package.js';

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
			exploitationLinked: false, reasonableActionsTaken: false, reviewTimeHours: null, agreedActionsCompleted: false
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

const W = 'westmorland-and-furness-procedure-children-missing-from-home-or-care.txt';
const RHI_PURPOSE =
	'A return home interview helps us to understand and address the reasons a child may run away, it helps us identify any harm that may have occurred whilst the child was missing, it also enables us to identify future supports and actions to reduce or prevent further missing episodes as well as provide children with information to help them keep safe if they do go missing again, i.e. helpline numbers.';
const FOLLOW_UP = 'Children who decline a return home interview within the 72 hours are contacted 3 times either by phone or text to give them the opportunity to reflect and change their minds should they so wish about having an interview.';
const LIAISON = 'For children with such repeat missing episodes the missing officers liaise with the allocated social worker and Police to make sure that repeat missing episodes are considered under statutory safeguarding processes and to look at what disruption work can be done to reduce the missing episodes.';

/** Questions both versions ask, with the sentence asking for each: the report's own, or the baseline's where Walsall relies on it. */
const QUESTIONS: Array<SourcedQuestion & { seed: string }> = [
	{ form: 'rhi-record', path: 'whyMissing', content: 'why-missing', seed: SEED, quote: RHI_PURPOSE },
	{ form: 'rhi-record', path: 'harmSuffered', content: 'harm-suffered', seed: SEED, quote: RHI_PURPOSE },
	{ form: 'rhi-record', path: 'whatWouldHelp', content: 'what-would-help', seed: SEED, quote: RHI_PURPOSE },
	{ form: 'rhi-record', path: 'informationGiven', content: 'information-given', seed: SEED, quote: RHI_PURPOSE },
	{ form: 'rhi-record', path: 'followUpActions', content: 'follow-up-actions', seed: SEED, quote: RHI_PURPOSE },
	{ form: 'rhi-record', path: 'exploitationIndicators', content: 'exploitation-indicators', seed: SEED, quote: 'The new team in Walsall will bring significant opportunities to us being able to robustly tackle missing children within the Borough; it will also support the early identification of risks that are associated with going missing for example trafficking, sexual and criminal exploitation.' },
	{ form: 'rhi-record', path: 'whyNotHeld', content: 'decline-reason', seed: SEED, quote: FOLLOW_UP },
	{ form: 'rhi-record', path: 'afterDecline', seed: SEED, quote: FOLLOW_UP },
	{ form: 'rhi-record', path: 'followUpContacts', content: 'follow-up-attempts', seed: SEED, quote: FOLLOW_UP },
	{ form: 'rhi-record', path: 'conductedBy', seed: SEED, quote: 'The same guidance states that once found the child must be offered an independent return interview to be carried out within 72hrs of their return to their home or care setting by someone not involved in caring for the child.' },
	{ form: 'rhi-record', path: 'whatHappened', content: 'what-happened', seed: 'medway-scrutiny-2024-missing-children.txt', quote: 'They explore with the child why they went missing, what happened during the time that they were missing and discuss what needs to happen to prevent them from going missing again.' },
	{ form: 'rhi-record', path: 'whoWith', content: 'who-with', seed: W, quote: 'Who they were missing with and where they were found; and' },
	{ form: 'rhi-record', path: 'whereFound', content: 'where-found', seed: W, quote: 'Who they were missing with and where they were found; and' },
	{ form: 'rhi-record', path: 'childWishes', content: 'child-wishes', seed: W, quote: 'Understand what the child would like to see happen next whether short term and/or long term;' },
	{ form: 'rhi-record', path: 'parentViews', content: 'parent-views', seed: W, quote: "Gather the parents' or carers' views of the circumstances, if appropriate;" },
	{ form: 'rhi-record', path: 'parentsOffered', content: 'parent-views', seed: W, quote: 'Where children decline the interview, parents should be offered the opportunity to provide any relevant information and intelligence they may be aware of.' },
	{ form: 'rhi-follow-up', path: 'followUpContacts', content: 'follow-up-attempts', seed: SEED, quote: FOLLOW_UP },
	{ form: 'rhi-follow-up', path: 'declinedBy', seed: SEED, quote: 'Since November 2018 the way the team capture and report missing episodes has changed and the new process counts a child who has gone missing again before a return home interview has taken place as a declined interview.' },
	{ form: 'rhi-follow-up', path: 'missingAgainContacts', content: 'follow-up-attempts', seed: SEED, quote: 'This new process challenges the team to ensure that we make attempts to contact repeat missing children within a shorter timescale.' },
	{ form: 'repeat-missing-liaison', path: 'attendees', content: 'meeting-attendees', seed: SEED, quote: LIAISON },
	{ form: 'repeat-missing-liaison', path: 'safeguardingProcess', content: 'meeting-decisions', seed: SEED, quote: LIAISON },
	{ form: 'repeat-missing-liaison', path: 'disruptionWork', seed: SEED, quote: LIAISON },
	{ form: 'repeat-missing-liaison', path: 'actions', content: 'meeting-actions', seed: SEED, quote: LIAISON },
	{ form: 'risk-assessment', path: 'specificRisks', seed: SEED, quote: 'Every child who goes missing and with whom we work, is expected to have a risk assessment in place which identifies as specific risks in relation to drugs, alcohol or exploitation following a missing episode.' },
	{ form: 'risk-assessment', path: 'nextUpdateBy', seed: SEED, quote: 'The risk assessment is updated at least every three months or when circumstances require it.' }
];

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
		// Each contact is done by the record of the contacts that closing a declined episode needs.
		expect(tasks.map((t) => t.form)).toEqual(['rhi-follow-up', 'rhi-follow-up', 'rhi-follow-up']);
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

	it('RHI record tags the content the report states, and asks for follow-up contacts only for an interview held after a decline', () => {
		const rhi = pkg.forms['rhi-record'];
		const tags = contentTags(rhi);
		for (const item of protocol.rhi.content) expect(tags).toContain(item.id);
		for (const tag of tags) expect(RHI_CONTENT_ITEMS as readonly string[]).toContain(tag);
		const followUps = rhi.properties.followUpContacts;
		expect(followUps.maxItems).toBe(3);
		expect(followUps.items?.properties?.method.oneOf?.map((o) => o.const)).toEqual(['phone', 'text']);
		expect(holds(followUps['x-ui']?.showWhen, { outcome: 'completed', afterDecline: true })).toBe(true);
		expect(holds(followUps['x-ui']?.showWhen, { outcome: 'completed', afterDecline: false })).toBe(false);
		expect(holds(followUps['x-ui']?.showWhen, { outcome: 'declined-child' })).toBe(false);
		expect(holds(rhi.properties.whyNotHeld['x-ui']?.showWhen, { outcome: 'completed' })).toBe(false);
	});

	it('RHI record: a decline needs its reason and whether the parents were offered the chance to speak, and keeps no interview answers', () => {
		const rhi = pkg.forms['rhi-record'];
		const declined = { offeredAt: '2019-02-04T10:00:00Z', outcome: 'declined-child', whyMissing: 'typed before changing the outcome' };
		expect(checked(rhi, declined).messages).toEqual([
			'Answer ‘Why was the interview declined?’',
			'Answer ‘Were the parents or carers offered the opportunity to give any relevant information?’'
		]);
		const ok = checked(rhi, { ...declined, whyNotHeld: 'Did not want to talk', parentsOffered: true });
		expect(ok.messages).toEqual([]);
		expect(ok.data.whyMissing).toBeUndefined();
		expect(checked(rhi, { offeredAt: '2019-02-04T10:00:00Z', outcome: 'declined-parent', whyNotHeld: 'Father refused' }).messages).toEqual([]);
	});

	it('RHI record after a decline requires the follow-up contacts, up to 3, by phone or text', () => {
		const rhi = pkg.forms['rhi-record'];
		const interview = {
			offeredAt: '2019-02-04T10:00:00Z', outcome: 'completed', conductedAt: '2019-02-06T15:00:00Z', conductedBy: 'rhi-worker',
			whyMissing: 'Problems at home', whatHappened: 'Stayed at a friend’s', harmSuffered: 'None disclosed', whatWouldHelp: 'Family support', informationGiven: ['helplines']
		};
		expect(checked(rhi, { ...interview, afterDecline: false }).messages).toEqual([]);
		expect(checked(rhi, { ...interview, afterDecline: true }).messages).toEqual(['Add at least one contact']);
		const contact = (day: number, response: string) => ({ contactedAt: `2019-02-0${day}T10:00:00Z`, method: 'text', response });
		expect(checked(rhi, { ...interview, afterDecline: true, followUpContacts: [contact(5, 'changed-mind')] }).messages).toEqual([]);
		expect(checked(rhi, { ...interview, afterDecline: true, followUpContacts: [1, 2, 3, 4].map((d) => contact(d + 4, 'no-reply')) }).messages).toEqual([
			'You can add no more than 3 contacts: remove one'
		]);
		expect(checked(rhi, { ...interview, afterDecline: true, followUpContacts: [{ ...contact(5, 'no-reply'), method: 'letter' }] }).messages).toEqual([
			'Select how for contact 1 from the options given'
		]);
		expect(checked(rhi, { outcome: 'completed', offeredAt: '2019-02-04T10:00:00Z' }).messages).toEqual(expect.arrayContaining([
			'Answer ‘Had the child declined the interview before agreeing to it?’',
			'Enter any harm the child suffered, before or while missing',
			'Select information given to the child'
		]));
	});

	it('closing a declined episode records all three follow-up contacts when the child declined, and is refused without that record', () => {
		const form = pkg.forms['rhi-follow-up'];
		const contact = (day: number) => ({ contactedAt: `2019-02-0${day}T10:00:00Z`, method: day % 2 ? 'phone' : 'text', response: 'still-declines' });
		expect(checked(form, { declinedBy: 'child' }).messages).toEqual(['Add at least 3 contacts']);
		expect(checked(form, { declinedBy: 'child', followUpContacts: [contact(5), contact(6)] }).messages).toEqual(['Add at least 3 contacts']);
		expect(checked(form, { declinedBy: 'child', followUpContacts: [contact(5), contact(6), contact(7)] }).messages).toEqual([]);
		expect(checked(form, { declinedBy: 'parent' }).messages).toEqual([]);
		expect(checked(form, { declinedBy: 'missing-again', missingAgainContacts: 'Phoned twice the day after' }).messages).toEqual([]);

		const base: Array<[string, number, DecideContext['submissions']?]> = [
			['REPORT', T0],
			['FOUND', T0 + 5 * HOUR_MS],
			['RHI_DECLINED', T0 + 20 * HOUR_MS, valid('rhi-record')]
		];
		expect(() => run(pkg, [...base, ['CLOSE', T0 + 100 * HOUR_MS]])).toThrow(/Follow-up after a declined return home interview/);
		expect(run(pkg, [...base, ['CLOSE', T0 + 100 * HOUR_MS, valid('rhi-follow-up')]]).at(-1)!.state).toBe('closed');
	});

	it('has no strategy meeting the report does not name: repeat episodes are taken up through liaison with the social worker and police', () => {
		expect(pkg.forms['strategy-meeting']).toBeUndefined();
		const form = pkg.forms['repeat-missing-liaison'];
		expect(checked(form, {}).messages).toEqual([
			'Enter when the liaison took place',
			'Add at least one person',
			'Enter how the repeat episodes will be considered under statutory safeguarding processes',
			'Enter disruption work to reduce the missing episodes'
		]);
		const ok = checked(form, {
			liaisedAt: '2019-02-07T10:00:00Z', attendees: [{ name: 'Sam Cole', role: 'social-worker' }, { name: 'PC Reid', role: 'police' }],
			safeguardingProcess: 'Strategy discussion under child protection procedures', disruptionWork: 'Child abduction warning notice considered'
		});
		expect(ok.messages).toEqual([]);
		const d = run(pkg, [['REPORT', T0], ['FOUND', T0 + 5 * HOUR_MS], ['MISSING_AGAIN', T0 + 30 * HOUR_MS], ['REPEAT_MISSING_LIAISON', T0 + 40 * HOUR_MS, valid('repeat-missing-liaison')]]);
		expect(d.at(-1)!.state).toBe('rhi-declined');
		expect(protocol.metadata.changeSummary).toMatch(/names no strategy meeting/);
	});

	it('asks every question the report (or the baseline it relies on) asks for, each pinned to its sentence, and every form is reachable', () => {
		expect(unsourcedQuestions(pkg.forms, QUESTIONS)).toEqual([]);
		if (seedsPresent) expect(QUESTIONS.filter((q) => !seedText(q.seed).includes(normaliseSpace(q.quote))).map((q) => `${q.form}.${q.path}`)).toEqual([]);
		expect(unreachableForms(pkg)).toEqual([]);
		expect(protocol.metadata.changeSummary).toMatch(/rely on the national baseline \(england-dfe-2014\)/);
		expect(pkg.forms['risk-assessment'].properties.riskCategory['x-ui']?.content).toBe('risk-category');
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
