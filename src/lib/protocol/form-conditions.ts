/**
 * Author-written conditions on form questions (`x-ui.showWhen`, `x-ui.requiredWhen`) and
 * read-only prefilled answers (`x-ui.prefill`). The same functions run in the browser (to show
 * and hide questions as people type) and on the server (which decides what is stored).
 *
 * A condition is JSON Logic read against the form's answers at the top level (`{"var": "photo"}`),
 * the prefill context (`{"var": "child.ageYears"}`), and, inside a repeating group's item,
 * that item's own answers under `item` (`{"var": "item.relationship"}`).
 */
import type { FormNode, FormSchema, JsonLogic } from './types.js';
import { childPath, type Answers } from './form-data.js';
import { holds } from './conditions.js';

/**
 * Whether a condition holds on the given data (`conditionData`, or `conditionDataFrom`): the
 * same interpreter as a protocol's conditions. A form decides each condition only when an
 * answer it reads changes, so there is no hot loop to compile for.
 */
export { holds };

/** Facts the form may show or test: the child and the episode, as `child.*` and `episode.*`. */
export interface PrefillContext {
	child?: Record<string, unknown>;
	episode?: Record<string, unknown>;
}

/** What a condition reads: answers first, then the context under `child` and `episode`. */
export function conditionData(answers: Answers, context: PrefillContext, item?: Answers): Record<string, unknown> {
	return { ...answers, child: context.child ?? {}, episode: context.episode ?? {}, item: item ?? {} };
}

/** Names under which a condition reads something other than the form's answers. */
const CONTEXT_ROOTS: ReadonlySet<string> = new Set(['child', 'episode', 'item']);

/** Operators whose arguments after the first are evaluated per array element, `var` naming the element's fields. */
const PER_ELEMENT = new Set(['some', 'all', 'none', 'map', 'filter', 'reduce']);

/**
 * The data paths a condition reads (`s01.gate`, `child.ageYears`, `item.relationship`), or null
 * when it may read anything: a computed or numeric var name, the whole data (`""`), a path the
 * engine would read differently from its dots (`\.` escapes, `../` reaching out of an element).
 */
export function conditionReads(rule: JsonLogic | undefined): string[] | null {
	const paths = new Set<string>();
	const plain = (name: string) => name !== '' && !name.includes('\\') && !name.startsWith('../') && !name.split('.').includes('');
	const visit = (node: unknown, perElement: boolean): boolean => {
		if (Array.isArray(node)) return node.every((n) => visit(n, perElement));
		if (node === null || typeof node !== 'object') return true;
		const entries = Object.entries(node);
		if (entries.length !== 1) return entries.every(([, v]) => visit(v, perElement));
		const [op, arg] = entries[0];
		if (op === 'var') {
			const name = Array.isArray(arg) ? arg[0] : arg;
			const fallback = Array.isArray(arg) ? arg.slice(1) : [];
			if (typeof name !== 'string' || (perElement ? name.includes('../') || name.includes('\\') : !plain(name))) return false;
			if (!perElement) paths.add(name);
			return visit(fallback, perElement);
		}
		if (op === 'missing' || op === 'missing_some') {
			const names = op === 'missing_some' ? (Array.isArray(arg) ? arg[1] : undefined) : arg;
			if (op === 'missing_some' && Array.isArray(arg) && !visit(arg[0], perElement)) return false;
			for (const name of Array.isArray(names) ? names : [names]) {
				if (typeof name !== 'string' || !plain(name)) return false;
				if (!perElement) paths.add(name);
			}
			return true;
		}
		if (PER_ELEMENT.has(op) && Array.isArray(arg)) return visit(arg[0], perElement) && arg.slice(1).every((a) => visit(a, true));
		return visit(arg, perElement);
	};
	return visit(rule, false) ? [...paths] : null;
}

/** One answer a condition reads: the question (or repeating group) whose answer holds the path. */
export interface ConditionSource {
	/** The answer's path, as `parseAnswer` reads it (`s01.gate`, `s03.people`). */
	path: string;
	segments: string[];
	/** Undefined when the form has no such question (so the answer is always missing). */
	node: FormNode | undefined;
}

/**
 * The answers a condition depends on, or null when it may read any of them. Each read path is
 * cut at the first question that is not a group (a repeating group is read whole, since blank
 * items are dropped and renumber the rest); `child.*`, `episode.*` and `item.*` come from
 * elsewhere. Deciding the condition on `conditionDataFrom` these answers gives the same result
 * as on `conditionData` of all of them.
 */
export function conditionSources(schema: Pick<FormSchema, 'properties'>, rule: JsonLogic | undefined): ConditionSource[] | null {
	const reads = conditionReads(rule);
	if (reads === null) return null;
	const byPath = new Map<string, ConditionSource>();
	for (const read of reads) {
		const all = read.split('.');
		if (CONTEXT_ROOTS.has(all[0])) continue;
		let node: FormNode | undefined = schema.properties[all[0]];
		let end = 1;
		while (node && node.type === 'object' && end < all.length) {
			node = node.properties?.[all[end]];
			end++;
		}
		const segments = all.slice(0, end);
		byPath.set(segments.join('.'), { path: segments.join('.'), segments, node });
	}
	// A source inside another (`s01.gate` and `s01`) is already read with it.
	const sources = [...byPath.values()];
	return sources.filter((s) => !sources.some((o) => o !== s && s.path.startsWith(`${o.path}.`)));
}

/** `conditionData` holding only the given answers: `values[i]` is the answer at `sources[i].path`. */
export function conditionDataFrom(sources: ConditionSource[], values: unknown[], context: PrefillContext, item?: Answers): Record<string, unknown> {
	const data: Record<string, unknown> = {};
	sources.forEach((source, i) => {
		let at = data;
		const last = source.segments.length - 1;
		for (let s = 0; s < last; s++) {
			const key = source.segments[s];
			const next = at[key];
			at = (next !== null && typeof next === 'object' ? next : (at[key] = {})) as Record<string, unknown>;
		}
		at[source.segments[last]] = values[i];
	});
	data.child = context.child ?? {};
	data.episode = context.episode ?? {};
	data.item = item ?? {};
	return data;
}

export function isShown(node: FormNode, data: Record<string, unknown>): boolean {
	return holds(node['x-ui']?.showWhen, data);
}

export function isRequiredWhen(node: FormNode, data: Record<string, unknown>): boolean {
	const rule = node['x-ui']?.requiredWhen;
	return rule !== undefined && holds(rule, data);
}

/** The value a `prefill` path names in the context, e.g. "child.name". */
export function prefillValue(path: string, context: PrefillContext): unknown {
	let value: unknown = context;
	for (const key of path.split('.')) {
		if (value === null || typeof value !== 'object') return undefined;
		value = (value as Record<string, unknown>)[key];
	}
	return value;
}

/** A missing answer that `requiredWhen` made compulsory, in the same shape as a validation issue. */
export interface ConditionalRequirement {
	path: string;
	keyword: 'required';
	params: { missingProperty: string };
}

interface Walk {
	answers: Answers;
	context: PrefillContext;
	required: ConditionalRequirement[];
	hidden: string[];
}

function isEmpty(value: unknown): boolean {
	return value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
}

function applyToObject(properties: Record<string, FormNode>, values: Answers, path: string, walk: Walk, item?: Answers): Answers {
	const data = conditionData(walk.answers, walk.context, item);
	const out: Answers = {};
	for (const [key, node] of Object.entries(properties)) {
		const here = childPath(path, key);
		if (!isShown(node, data)) {
			walk.hidden.push(here);
			continue;
		}
		const prefill = node['x-ui']?.prefill;
		let value = prefill ? prefillValue(prefill, walk.context) : values[key];
		if (node.type === 'object' && value && typeof value === 'object' && !Array.isArray(value)) {
			value = applyToObject(node.properties ?? {}, value as Answers, here, walk, item);
		} else if (node.type === 'array' && node.items?.type === 'object' && Array.isArray(value)) {
			const itemNode = node.items;
			value = value.map((entry, i) =>
				applyToObject(itemNode.properties ?? {}, (entry ?? {}) as Answers, childPath(here, i), walk, entry as Answers)
			);
		}
		if (isEmpty(value)) {
			if (isRequiredWhen(node, data)) walk.required.push({ path: here, keyword: 'required', params: { missingProperty: key } });
			continue;
		}
		out[key] = value;
	}
	return out;
}

/**
 * The answers as they will be stored: questions hidden by their conditions are removed (never
 * validated nor kept), prefilled questions take the context's value whatever was posted, and
 * every question whose `requiredWhen` holds but has no answer is listed, and so is every
 * hidden question's path (so problems reading its inputs can be ignored too).
 */
export function applyConditions(
	schema: Pick<FormSchema, 'properties'>,
	answers: Answers,
	context: PrefillContext
): { data: Answers; required: ConditionalRequirement[]; hidden: string[] } {
	const walk: Walk = { answers, context, required: [], hidden: [] };
	const data = applyToObject(schema.properties, answers, '', walk);
	return { data, required: walk.required, hidden: walk.hidden };
}

/**
 * The uploads a printed or downloaded copy of the form may show: each file answer whose
 * question's `x-ui.shareWhen` holds over the stored answers (a photo with consent to share it).
 * A file question without `shareWhen` is named in the copy but never shown.
 */
export function shareableUploads(schema: Pick<FormSchema, 'properties'>, data: Answers, context: PrefillContext): string[] {
	const found: string[] = [];
	const walk = (properties: Record<string, FormNode>, values: Answers, item?: Answers) => {
		for (const [key, node] of Object.entries(properties)) {
			const value = values[key];
			const rule = node['x-ui']?.shareWhen;
			if (rule !== undefined && typeof value === 'string' && value !== '') {
				if (holds(rule, conditionData(data, context, item))) found.push(value);
			} else if (node.type === 'object' && value && typeof value === 'object' && !Array.isArray(value)) {
				walk(node.properties ?? {}, value as Answers, item);
			} else if (node.type === 'array' && node.items?.type === 'object' && Array.isArray(value)) {
				for (const entry of value) walk(node.items.properties ?? {}, (entry ?? {}) as Answers, (entry ?? {}) as Answers);
			}
		}
	};
	walk(schema.properties, data);
	return found;
}
