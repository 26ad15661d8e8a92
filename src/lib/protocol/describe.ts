/**
 * Plain-English wording for protocol values an auditor reads: conditions, events, recipients
 * and durations. Shared by the normalised view, the version diff and the compliance report so
 * the same thing is always said the same way.
 */

import type { Duration, JsonLogic, ProtocolPackage } from './types.js';
import { describeDuration } from './calendar.js';

export { describeDuration };

const BOOLEAN_FACTS: Record<string, string> = {
	'child.inCare': 'the child is in care',
	'child.ownChild': "the child is the council's own",
	'child.livesInArea': 'the child lives in the area',
	'child.placedOutOfArea': 'the child is placed out of area',
	'child.openToServices': "the child is open to children's services",
	'child.onChildProtectionPlan': 'the child is on a child protection plan',
	'child.learningDisability': 'the child has a learning disability',
	'child.mentalHealthConcern': "there is a concern about the child's mental health",
	'child.firstTimeMissing': 'it is the first time the child is missing',
	'episode.stillMissing': 'the child is still missing',
	'episode.injured': 'the child was injured',
	'episode.victimOfCrime': 'the child was a victim of crime',
	'episode.exploitationLinked': 'exploitation is linked to the episode',
	'episode.reasonableActionsTaken': 'reasonable actions were taken before reporting',
	'episode.agreedActionsCompleted': 'the actions agreed with the informant have been carried out'
};

const VALUE_FACTS: Record<string, string> = {
	'child.ageYears': 'age',
	'child.exploitationRisk': 'exploitation risk',
	'child.episodesInWindow': 'episodes in the window',
	'episode.riskCategory': 'risk category',
	'episode.hoursMissing': 'hours missing',
	'episode.reviewTimeHours': 'review time in hours'
};

const COMPARISONS: Record<string, string> = {
	'==': 'is',
	'===': 'is',
	'!=': 'is not',
	'!==': 'is not',
	'<': 'is under',
	'<=': 'is at most',
	'>': 'is over',
	'>=': 'is at least'
};

function varName(x: unknown): string | undefined {
	if (x && typeof x === 'object' && !Array.isArray(x) && 'var' in x) {
		const v = (x as { var: unknown }).var;
		if (typeof v === 'string') return v;
		if (Array.isArray(v) && typeof v[0] === 'string') return v[0];
	}
	return undefined;
}

function operand(x: unknown): string {
	const name = varName(x);
	if (name) return VALUE_FACTS[name] ?? BOOLEAN_FACTS[name] ?? name;
	if (x === null) return 'not set';
	if (typeof x === 'string') return `'${x}'`;
	if (Array.isArray(x)) return x.map(operand).join(' or ');
	if (typeof x === 'object') return describeCondition(x as JsonLogic);
	return String(x);
}

/** A JSON Logic condition as a sentence fragment, e.g. "the child is in care and risk category is 'high'". */
export function describeCondition(logic: JsonLogic | undefined): string {
	if (logic === undefined || logic === true) return 'always';
	if (logic === false) return 'never';
	const entries = Object.entries(logic);
	if (entries.length !== 1) return JSON.stringify(logic);
	const [op, rawArgs] = entries[0];
	const args = Array.isArray(rawArgs) ? rawArgs : [rawArgs];
	if (op === 'and' || op === 'or') {
		const parts = args.map((a) => describeCondition(a as JsonLogic));
		return parts.length > 1 ? parts.map((p) => (/ (and|or) /.test(p) ? `(${p})` : p)).join(` ${op} `) : parts[0] ?? 'always';
	}
	if (op === '!') return `not (${describeCondition(args[0] as JsonLogic)})`;
	if (op === '!!') return describeCondition(args[0] as JsonLogic);
	if (op === 'var') return operand(logic);
	if (op === 'in' && args.length === 2) return `${operand(args[0])} is one of ${operand(args[1])}`;
	if (op in COMPARISONS && args.length === 2) {
		const name = varName(args[0]);
		if (name && BOOLEAN_FACTS[name] && typeof args[1] === 'boolean') {
			const positive = (op === '==' || op === '===') === args[1];
			return positive ? BOOLEAN_FACTS[name] : `not: ${BOOLEAN_FACTS[name]}`;
		}
		return `${operand(args[0])} ${COMPARISONS[op]} ${operand(args[1])}`;
	}
	if ((op === '<' || op === '<=') && args.length === 3) {
		return `${operand(args[1])} is between ${operand(args[0])} and ${operand(args[2])}`;
	}
	return JSON.stringify(logic);
}

const EVENT_WORDS: Record<string, string> = {
	REPORT: 'the child is reported missing',
	GRADE: 'the risk is graded',
	FOUND: 'the child is found',
	RETURNED: 'the child returns',
	RHI_OFFERED: 'the RHI is offered',
	RHI_DECLINED: 'the RHI is declined',
	STAGE_OPENED: 'a repeat-missing stage opens',
	CLOSE: 'the episode closes'
};

/** "the child is found or the child returns"; unknown events are shown as written. */
export function describeEvents(events: readonly string[]): string {
	return events.map((e) => EVENT_WORDS[e] ?? e.toLowerCase().replace(/_/g, ' ')).join(' or ');
}

const RECIPIENT_WORDS: Record<string, string> = {
	police: 'Police',
	'responsible-authority': 'Responsible authority',
	'host-authority': 'Host authority',
	'placing-authority': 'Placing authority',
	parents: 'Parents and those with parental responsibility',
	carers: 'Carers',
	iro: 'Independent Reviewing Officer (IRO)',
	'social-worker': 'Social worker',
	health: 'Health',
	'senior-managers': 'Senior managers',
	'lead-member': "Lead Member for Children's Services",
	'missing-coordinator': 'Missing coordinator',
	'complex-safeguarding': 'Complex Safeguarding',
	'front-door': 'Front door',
	education: 'Education',
	'team-manager': 'Team manager',
	'service-manager': 'Service manager'
};

export function describeRecipient(id: string): string {
	return RECIPIENT_WORDS[id] ?? id;
}

/** Longest and shortest time a duration can take, in hours, for comparing different units. */
export function durationBoundsHours(d: Duration): { min: number; max: number } {
	if (d.unit === 'hours') return { min: d.amount, max: d.amount };
	if (d.unit === 'days') return { min: d.amount * 24 - 1, max: d.amount * 24 + 1 };
	// Working days stretch over weekends and bank holidays: Easter adds four days off in a row.
	return { min: d.amount * 24, max: (d.amount + 4) * 24 };
}

/** Whether `d` is certain never to exceed `limit`. */
export function withinLimit(d: Duration, limit: Duration): boolean {
	if (d.unit === limit.unit) return d.amount <= limit.amount;
	return durationBoundsHours(d).max <= durationBoundsHours(limit).min;
}

/** "Westmorland and Furness …, version 2024.1": how pages and copies name the protocol followed. */
export function protocolLabel(pkg: Pick<ProtocolPackage, 'protocol'>): string {
	return `${pkg.protocol.metadata.title}, version ${pkg.protocol.metadata.version}`;
}
