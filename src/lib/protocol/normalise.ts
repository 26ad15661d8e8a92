/**
 * Any protocol package as a flat list of comparable parameters. Each parameter has a key that
 * means the same thing in every protocol (so two areas line up row by row), a value in words,
 * and the source quotes it came from. What a protocol does not say is an explicit value.
 */

import type {
	AllocationRule,
	Clock,
	FormNode,
	FormSchema,
	ProtocolPackage,
	RhiArrangements,
	Source
} from './types.js';
import { ALLOCATION_FACTS, CONTENT_ITEMS, MEETING_CONTENT_ITEMS, RHI_CONTENT_ITEMS, type AllocationFactName } from './library.js';
import { describeCondition, describeDuration, describeEvents, describeRecipient } from './describe.js';

export const NOT_EXPRESSED = 'Not expressed';

export interface Parameter {
	/** Stable across protocols, e.g. "rhi.within" or "repeat.stage-one.threshold". */
	key: string;
	section: Section;
	label: string;
	/** The value in words; NOT_EXPRESSED when the protocol says nothing about it. */
	value: string;
	expressed: boolean;
	sources: Source[];
}

export const SECTIONS = [
	'About',
	'Definitions',
	'Risk',
	'Before reporting',
	'Clocks',
	'Repeat missing',
	'Return home interview',
	'RHI allocation',
	'Notifications',
	'Philomena Protocol',
	'Missing report content',
	'RHI content',
	'Meeting records',
	'Duties'
] as const;
export type Section = (typeof SECTIONS)[number];

export interface ProtocolRef {
	id: string;
	version: string;
	title: string;
	authority: string;
}

export interface NormalisedProtocol {
	ref: ProtocolRef;
	parameters: Parameter[];
}

/* ---------- RHI allocation per cohort ---------- */

export interface Cohort {
	id: string;
	label: string;
	facts: Record<AllocationFactName, boolean>;
}

const BASE_FACTS: Record<AllocationFactName, boolean> = {
	livesInArea: true,
	ownChild: true,
	inCare: false,
	placedOutOfArea: false,
	openToServices: false,
	onChildProtectionPlan: false
};

/** The four cohorts every allocation question comes down to. */
export const COHORTS: Cohort[] = [
	{ id: 'own-child-at-home', label: 'Own child living at home', facts: { ...BASE_FACTS } },
	{ id: 'own-child-in-care-in-area', label: 'Own child in care, placed in the area', facts: { ...BASE_FACTS, inCare: true } },
	{
		id: 'own-child-in-care-out-of-area',
		label: 'Own child in care, placed out of the area',
		facts: { ...BASE_FACTS, inCare: true, livesInArea: false, placedOutOfArea: true }
	},
	{
		id: 'other-council-child-placed-here',
		label: "Another council's child placed in the area",
		facts: { ...BASE_FACTS, ownChild: false, inCare: true, placedOutOfArea: true }
	}
];

/** First row whose every stated fact matches (the decision table's rule), or undefined. */
export function allocationRowFor(rows: AllocationRule[], facts: Record<AllocationFactName, boolean>): AllocationRule | undefined {
	return rows.find((row) => ALLOCATION_FACTS.every((f) => row.when[f] === undefined || row.when[f] === facts[f]));
}

const AUTHORITY_WORDS: Record<AllocationRule['authority'], string> = {
	protocol: 'this council',
	responsible: 'the responsible (placing) authority',
	host: 'the host authority'
};

export function describeAllocation(row: AllocationRule): string {
	const notify = row.notify.length ? `; tell ${row.notify.map(describeRecipient).join(', ')}` : '';
	return `${row.team} (${AUTHORITY_WORDS[row.authority]})${notify}`;
}

/* ---------- Finding the parts a check or comparison needs ---------- */

/** Clocks that time the return home interview: they record on the RHI form, or say so in their id. */
export function rhiClocks(pkg: ProtocolPackage): Clock[] {
	const form = pkg.protocol.rhi?.form;
	return pkg.protocol.clocks.filter(
		(c) =>
			(form !== undefined && c.task?.form === form) ||
			/(^|[^a-z])(rhi|return-home|return-interview)([^a-z]|$)/i.test(c.id)
	);
}

/** The form whose submission reports the child missing: required by a REPORT transition, else "missing-report". */
export function missingReportFormId(pkg: ProtocolPackage): string | undefined {
	for (const state of Object.values(pkg.lifecycle?.states ?? {})) {
		const on = state.on?.REPORT;
		if (!on) continue;
		for (const t of Array.isArray(on) ? on : [on]) {
			const form = t.meta?.form ?? (t.guard?.type === 'formSubmitted' ? (t.guard.params?.form as string | undefined) : undefined);
			if (form) return form;
		}
	}
	return pkg.forms['missing-report'] ? 'missing-report' : undefined;
}

export interface Question {
	/** Dotted path of the question inside the form, e.g. "associates.items.name". */
	path: string;
	title: string;
	required: boolean;
	node: FormNode;
}

/** Every question of a form, nested objects and repeater items included. */
export function formQuestions(form: FormSchema): Question[] {
	const out: Question[] = [];
	const walk = (props: Record<string, FormNode> | undefined, required: string[] | undefined, prefix: string) => {
		for (const [name, node] of Object.entries(props ?? {})) {
			const path = prefix ? `${prefix}.${name}` : name;
			out.push({ path, title: node.title, required: required?.includes(name) ?? false, node });
			if (node.properties) walk(node.properties, node.required, path);
			if (node.items?.properties) walk(node.items.properties, node.items.required, `${path}.items`);
		}
	};
	walk(form.properties, form.required, '');
	return out;
}

/** Content tag → the questions of `form` that capture it. */
export function contentCoverage(form: FormSchema | undefined): Map<string, Question[]> {
	const map = new Map<string, Question[]>();
	if (!form) return map;
	for (const q of formQuestions(form)) {
		const tag = q.node['x-ui']?.content;
		if (!tag) continue;
		map.set(tag, [...(map.get(tag) ?? []), q]);
	}
	return map;
}

/** Every question of every form of the package that captures `tag`, with its form. */
export function questionsTagged(pkg: ProtocolPackage, tag: string): Array<{ form: FormSchema; question: Question }> {
	const out: Array<{ form: FormSchema; question: Question }> = [];
	for (const form of Object.values(pkg.forms)) {
		for (const question of contentCoverage(form).get(tag) ?? []) out.push({ form, question });
	}
	return out;
}

function questionSource(form: FormSchema, q: Question): Source {
	return { document: form.title, section: `Question “${q.path}”`, quote: q.title };
}

/** The categories the risk assessment form offers, in words, against the protocol's own. */
function describeRiskForm(pkg: ProtocolPackage, tagged: Array<{ form: FormSchema; question: Question }>): string | undefined {
	if (!tagged.length) return undefined;
	const own = pkg.protocol.riskCategories.map((c) => c.id);
	return tagged
		.map(({ form, question }) => {
			const options = question.node.oneOf?.map((o) => String(o.const)) ?? question.node.enum?.map(String);
			if (!options) return `${form.title}: answered in words${own.length ? `, though the protocol has the categories ${own.join(', ')}` : ' (the protocol states no categories)'}`;
			const same = options.length === own.length && options.every((o, i) => o === own[i]);
			return `${form.title}: ${options.join(', ')}${same ? ' (the protocol’s own categories)' : `, which differs from the protocol’s categories (${own.join(', ') || 'none'})`}`;
		})
		.join('; ');
}

/* ---------- Normalising ---------- */

class Builder {
	readonly parameters: Parameter[] = [];
	private readonly byKey = new Map<string, Parameter>();

	add(section: Section, key: string, label: string, value: string | undefined, sources: Array<Source | undefined> = []) {
		const expressed = value !== undefined && value.trim() !== '';
		const srcs = sources.filter((s): s is Source => s !== undefined);
		const existing = this.byKey.get(key);
		if (existing) {
			// Two entries with one meaning (e.g. two rules of the same kind for one category) share a row.
			if (expressed) {
				existing.value = existing.expressed ? `${existing.value}; ${value}` : value!;
				existing.expressed = true;
			}
			for (const s of srcs) if (!existing.sources.includes(s)) existing.sources.push(s);
			return;
		}
		const p: Parameter = { key, section, label, value: expressed ? value! : NOT_EXPRESSED, expressed, sources: srcs };
		this.parameters.push(p);
		this.byKey.set(key, p);
	}
}

const ACRONYMS: Record<string, string> = { rhi: 'RHI', dfe: 'DfE', iro: 'IRO', cse: 'CSE', ce: 'CE', la: 'LA', lado: 'LADO' };

function sentenceCase(id: string): string {
	const words = id
		.split('-')
		.map((w) => ACRONYMS[w] ?? w)
		.join(' ');
	return words.charAt(0).toUpperCase() + words.slice(1);
}

/** "If the child…" → "if the child…", leaving acronyms such as "IRO" alone. */
function lowerFirst(text: string): string {
	return /^[A-Z][a-z]/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}

function list(items: readonly string[] | undefined): string | undefined {
	return items && items.length ? items.join('; ') : undefined;
}

function describeWindow(w: { kind: 'rolling' | 'from-first'; days: number }): string {
	return w.kind === 'rolling' ? `a rolling ${w.days} days` : `${w.days} days from the first episode`;
}

function describeClock(c: Clock): string {
	const when = c.when !== undefined ? ` (only when ${describeCondition(c.when)})` : '';
	const kind = c.kind === 'escalation' ? 'Escalates' : 'Due';
	return `${kind} ${describeDuration(c.duration)} after ${describeEvents(c.startsOn)}${when}; ${c.actor} acts: ${c.task.title}`;
}

function sectionOfContent(
	b: Builder,
	section: Section,
	prefix: string,
	library: readonly string[],
	declared: Array<{ id: string; source: Source }> | undefined,
	form: FormSchema | undefined,
	formLabel: string
) {
	const coverage = contentCoverage(form);
	const declaredIds = new Set((declared ?? []).map((d) => d.id));
	const askedDeclared = [...declaredIds].filter((id) => coverage.has(id));
	b.add(
		section,
		`${prefix}.summary`,
		'Coverage',
		declared?.length || form
			? `${declaredIds.size} of ${library.length} items listed; ${form ? `${askedDeclared.length} of ${declaredIds.size} listed items asked on the ${formLabel}` : `no ${formLabel}`}`
			: undefined,
		[]
	);
	for (const id of library) {
		const source = declared?.find((d) => d.id === id)?.source;
		const questions = coverage.get(id) ?? [];
		const asked = questions.length > 0;
		const formSources: Source[] = questions.map((q) => ({
			document: form!.title,
			section: `Question “${q.path}”`,
			quote: q.title
		}));
		const value = source
			? asked
				? 'Listed; asked on the form'
				: 'Listed; not asked on the form'
			: asked
				? 'Asked on the form; not listed'
				: undefined;
		b.add(section, `${prefix}.${id}`, sentenceCase(id), value, [source, ...formSources]);
	}
}

export function normalise(pkg: ProtocolPackage): NormalisedProtocol {
	const p = pkg.protocol;
	const b = new Builder();
	const meta = p.metadata;

	b.add('About', 'meta.authority', 'Authority', meta.authority.name);
	b.add('About', 'meta.effectiveFrom', 'In effect from', meta.effectiveFrom);
	b.add(
		'About',
		'meta.basedOn',
		'Based on',
		list(meta.basedOn.map((x) => x.title)),
		meta.basedOn.map((x) => x.source)
	);

	// Definitions
	b.add(
		'Definitions',
		'definitions.terms',
		'Terms defined',
		list(p.definitions.map((d) => d.term)),
		p.definitions.map((d) => d.source)
	);
	for (const d of p.definitions) {
		b.add('Definitions', `definition.${d.id}`, d.term, `${d.text}${d.agency === 'all' ? '' : ` (${d.agency})`}`, [d.source]);
	}

	// Risk
	b.add('Risk', 'risk.categories', 'Risk categories', list(p.riskCategories.map((c) => c.label)), p.riskCategories.map((c) => c.source));
	for (const c of p.riskCategories) {
		b.add('Risk', `risk.category.${c.id}`, `Category: ${c.label}`, c.definition + (c.response ? ` Response: ${c.response}` : ''), [c.source]);
	}
	const riskQuestions = questionsTagged(pkg, 'risk-category');
	b.add('Risk', 'risk.form', 'Categories the risk assessment form offers', describeRiskForm(pkg, riskQuestions), riskQuestions.map(({ form, question }) => questionSource(form, question)));
	for (const r of p.riskRules) {
		const label =
			r.kind === 'minimum-category'
				? `Never graded below ${r.category}`
				: r.kind === 'allow-category-only-when'
					? `${r.category} allowed only when`
					: r.kind === 'category-when'
						? `At least ${r.category} when`
						: `${r.category} reviewed within`;
		const cond = r.when !== undefined ? ` [${describeCondition(r.when)}]` : '';
		b.add('Risk', `risk.rule.${r.kind}.${r.category}`, label, `${r.text}${cond}`, [r.source]);
	}

	// Before reporting
	const ra = p.reasonableActions;
	b.add('Before reporting', 'before.actions', 'Reasonable actions before reporting', list(ra?.items.map((i) => i.label)), [ra?.source]);
	b.add(
		'Before reporting',
		'before.reviewTime',
		'Review time when graded low',
		ra?.reviewTimeHours !== undefined ? `At most ${ra.reviewTimeHours} hours` : undefined,
		[ra?.source]
	);

	// Clocks
	for (const c of p.clocks) b.add('Clocks', `clock.${c.id}`, c.label, describeClock(c), [c.source]);

	// Repeat missing
	const rm = p.repeatMissing;
	b.add(
		'Repeat missing',
		'repeat.stages',
		'Stages',
		list(rm?.stages.map((s) => `${s.label}: ${s.threshold} episodes in ${describeWindow(s.window)}`)),
		[rm?.source]
	);
	for (const s of rm?.stages ?? []) {
		const k = `repeat.${s.id}`;
		b.add('Repeat missing', `${k}.threshold`, `${s.label}: episodes`, `${s.threshold} episodes`, [s.source]);
		b.add(
			'Repeat missing',
			`${k}.window`,
			`${s.label}: window`,
			describeWindow(s.window),
			[s.source]
		);
		b.add(
			'Repeat missing',
			`${k}.meeting`,
			`${s.label}: meeting deadline`,
			s.meeting?.within ? `Within ${describeDuration(s.meeting.within)} of the episode that reached the threshold` : undefined,
			[s.source]
		);
		b.add('Repeat missing', `${k}.chair`, `${s.label}: chair`, s.meeting?.chair, [s.source]);
		b.add('Repeat missing', `${k}.alsoWhen`, `${s.label}: also held when`, list(s.alsoWhen), [s.source]);
	}
	b.add(
		'Repeat missing',
		'repeat.triggers',
		'Professional-judgement triggers',
		list(rm?.judgementTriggers.map((t) => t.label)),
		rm?.judgementTriggers.map((t) => t.source) ?? []
	);
	b.add('Repeat missing', 'repeat.beyond', 'After the last stage', rm?.beyondLastStage, [rm?.source]);

	// Return home interview
	const rhi: RhiArrangements | undefined = p.rhi;
	b.add('Return home interview', 'rhi.within', 'Time limit', rhi?.within ? `Within ${describeDuration(rhi.within)} of return` : undefined, [rhi?.source]);
	const clocks = rhiClocks(pkg);
	b.add(
		'Return home interview',
		'rhi.clock',
		'Clock enforcing it',
		list(clocks.map(describeClock)),
		clocks.map((c) => c.source)
	);
	b.add('Return home interview', 'rhi.conductedBy', 'Conducted by', rhi?.conductedBy, [rhi?.source]);
	b.add(
		'Return home interview',
		'rhi.independent',
		'Independent of the child’s care',
		rhi ? (rhi.independentOfCare ? 'Yes' : 'No') : undefined,
		[rhi?.source]
	);
	b.add(
		'Return home interview',
		'rhi.declineFollowUps',
		'Follow-up after a decline',
		rhi?.declineFollowUps ? `${rhi.declineFollowUps.attempts} attempts by ${rhi.declineFollowUps.channels.join(' or ')}` : undefined,
		[rhi?.declineFollowUps?.source]
	);
	b.add(
		'Return home interview',
		'rhi.missingAgain',
		'Missing again before the RHI',
		rhi?.missingAgainCountsAsDeclined
			? rhi.missingAgainCountsAsDeclined.value
				? 'Counted as declined'
				: 'Not counted as declined'
			: undefined,
		[rhi?.missingAgainCountsAsDeclined?.source]
	);
	b.add('Return home interview', 'rhi.priorityWhen', 'Especially important when', list(rhi?.priorityWhen?.items), [rhi?.priorityWhen?.source]);
	b.add('Return home interview', 'rhi.followUps', 'Follow-up actions', list(rhi?.followUps?.items), [rhi?.followUps?.source]);

	// RHI allocation per cohort
	for (const cohort of COHORTS) {
		const row = rhi ? allocationRowFor(rhi.allocation, cohort.facts) : undefined;
		b.add('RHI allocation', `allocation.${cohort.id}`, cohort.label, row ? describeAllocation(row) : undefined, [row?.source]);
	}

	// Notifications, one row per recipient
	for (const n of p.notifications) {
		const parts = [`when ${describeEvents([n.on])}`];
		if (n.when !== undefined) parts.push(`if ${describeCondition(n.when)}`);
		if (n.within) parts.push(`within ${describeDuration(n.within)}`);
		if (n.condition) parts.push(lowerFirst(n.condition.replace(/\.$/, '')));
		b.add('Notifications', `notify.${n.recipient}`, describeRecipient(n.recipient), parts.join(', '), [n.source]);
	}

	// Philomena
	const ph = p.philomena;
	b.add('Philomena Protocol', 'philomena.used', 'Used', ph ? (ph.used ? 'Yes' : 'No') : undefined, [ph?.source]);
	b.add('Philomena Protocol', 'philomena.appliesTo', 'Applies to', ph?.used ? ph.appliesTo : undefined, [ph?.source]);
	b.add('Philomena Protocol', 'philomena.preparedBy', 'Prepared by', ph?.used ? ph.preparedBy : undefined, [ph?.source]);
	b.add('Philomena Protocol', 'philomena.sharedWith', 'Shared with', ph?.used ? list(ph.sharedWith) : undefined, [ph?.source]);

	// Form coverage
	const reportFormId = missingReportFormId(pkg);
	sectionOfContent(
		b,
		'Missing report content',
		'content.report',
		CONTENT_ITEMS,
		p.minimumReportContent,
		reportFormId ? pkg.forms[reportFormId] : undefined,
		'missing report form'
	);
	sectionOfContent(
		b,
		'RHI content',
		'content.rhi',
		RHI_CONTENT_ITEMS,
		rhi?.content,
		rhi?.form ? pkg.forms[rhi.form] : undefined,
		'RHI form'
	);

	// Meeting records: what the package's meeting forms ask, whichever forms they are.
	for (const id of MEETING_CONTENT_ITEMS) {
		const tagged = questionsTagged(pkg, id);
		const forms = [...new Set(tagged.map(({ form }) => form.title))];
		b.add('Meeting records', `content.meeting.${id}`, sentenceCase(id), forms.length ? `Asked on: ${forms.join('; ')}` : undefined, tagged.map(({ form, question }) => questionSource(form, question)));
	}

	// Duties
	for (const d of p.duties ?? []) b.add('Duties', `duty.${d.id}`, sentenceCase(d.id), `${d.holder}: ${d.text}`, [d.source]);

	return {
		ref: { id: meta.id, version: meta.version, title: meta.title, authority: meta.authority.name },
		parameters: b.parameters
	};
}
