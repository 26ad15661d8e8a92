/**
 * A protocol's risk rules applied to a grading, and the episode facts forms teach the engine.
 *
 * Categories are ranked in the order the protocol lists them, most serious first (the order the
 * risk category question offers them, which the validator checks). A grading is refused, with
 * the rule's own words and source, when:
 * - `minimum-category`: it is below the minimum and no `allow-category-only-when` rule for that
 *   category allows it;
 * - `allow-category-only-when`: it is that category and the condition does not hold;
 * - `category-when`: the condition holds and it is below that category;
 * - `review-within`: it is that category and the review time agreed is longer than allowed.
 */
import type { Duration, EpisodeFactRule, Facts, ProtocolDocument, RiskRule } from './types.js';
import { evaluate, holds } from './conditions.js';
import { FORM_FACTS, type FormFactName } from './library.js';

export type LearnedFacts = Partial<Record<FormFactName, boolean | number | null>>;

function rank(protocol: ProtocolDocument, category: string): number {
	const i = protocol.riskCategories.findIndex((c) => c.id === category);
	return i === -1 ? Number.POSITIVE_INFINITY : i;
}

function label(protocol: ProtocolDocument, category: string): string {
	return protocol.riskCategories.find((c) => c.id === category)?.label ?? category;
}

function hours(d: Duration): number | null {
	if (d.unit === 'hours') return d.amount;
	return null;
}

function cite(rule: RiskRule): string {
	return `${rule.text} (${rule.source.document}, ${rule.source.section})`;
}

/** The rules a category breaks for these facts (risk category already set to the grading). */
function broken(protocol: ProtocolDocument, category: string, facts: Facts): RiskRule[] {
	const rules = protocol.riskRules;
	const at = rank(protocol, category);
	// Below a minimum, a category with an `allow-category-only-when` rule is left to that rule:
	// allowed when its condition holds, else refused in its words, which say better why.
	const hasException = rules.some((x) => x.kind === 'allow-category-only-when' && x.category === category);
	const out: RiskRule[] = [];
	for (const r of rules) {
		const where = `risk rule '${r.id}'`;
		switch (r.kind) {
			case 'minimum-category':
				if (at > rank(protocol, r.category) && !hasException) out.push(r);
				break;
			case 'allow-category-only-when':
				if (r.category === category && !holds(r.when, facts, where)) out.push(r);
				break;
			case 'category-when':
				if (at > rank(protocol, r.category) && holds(r.when, facts, where)) out.push(r);
				break;
			case 'review-within': {
				const within = r.params?.within as Duration | undefined;
				const limit = within ? hours(within) : null;
				const agreed = facts.episode.reviewTimeHours;
				if (r.category === category && limit !== null && agreed !== null && agreed > limit) out.push(r);
				break;
			}
		}
	}
	return out;
}

/**
 * Why a grading is not allowed, in words a practitioner can act on, or null when it is.
 * `facts` are the episode's facts with what this step's forms have just taught.
 */
export function gradingRefusal(protocol: ProtocolDocument, category: string, facts: Facts): string | null {
	const withCategory: Facts = { ...facts, episode: { ...facts.episode, riskCategory: category } };
	const rules = broken(protocol, category, withCategory);
	if (!rules.length) return null;
	const allowed = protocol.riskCategories
		.map((c) => c.id)
		.filter((c) => broken(protocol, c, { ...facts, episode: { ...facts.episode, riskCategory: c } }).length === 0)
		.map((c) => label(protocol, c));
	const why = rules.map(cite).join(' ');
	const instead = allowed.length ? ` With these answers the protocol allows ${allowed.join(' or ')}.` : '';
	return `The risk cannot be graded ${label(protocol, category)}: ${why}${instead}`;
}

/** Facts a step's forms set (protocol `episodeFacts`), from each recorded form's answers. */
export function factsLearned(protocol: ProtocolDocument, submissions: Record<string, { data: Record<string, unknown> }>): LearnedFacts {
	const learned: LearnedFacts = {};
	for (const rule of protocol.episodeFacts ?? []) {
		const submission = submissions[rule.form];
		if (!submission) continue;
		learned[rule.fact] = coerce(rule, evaluate(rule.value, submission.data, `episode fact '${rule.fact}'`));
	}
	return learned;
}

function coerce(rule: EpisodeFactRule, value: unknown): boolean | number | null {
	if (FORM_FACTS[rule.fact] === 'number') {
		const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
		return Number.isFinite(n) ? n : null;
	}
	return Boolean(value) && !(Array.isArray(value) && value.length === 0);
}

/** Facts with what forms have taught about the episode laid over them. */
export function withLearnedFacts(facts: Facts, learned: LearnedFacts | undefined): Facts {
	if (!learned || Object.keys(learned).length === 0) return facts;
	const episode = { ...facts.episode };
	for (const [path, value] of Object.entries(learned)) {
		const key = path.slice('episode.'.length) as keyof Facts['episode'];
		(episode as Record<string, unknown>)[key] = value;
	}
	return { ...facts, episode };
}
