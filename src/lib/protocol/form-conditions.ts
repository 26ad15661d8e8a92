/**
 * Author-written conditions on form questions (`x-ui.showWhen`, `x-ui.requiredWhen`) and
 * read-only prefilled answers (`x-ui.prefill`). The same functions run in the browser (to show
 * and hide questions as people type) and on the server (which decides what is stored).
 *
 * A condition is JSON Logic read against the form's answers at the top level (`{"var": "photo"}`),
 * the prefill context (`{"var": "child.ageYears"}`), and, inside a repeating group's item,
 * that item's own answers under `item` (`{"var": "item.relationship"}`).
 */
import { LogicEngine } from 'json-logic-engine';
import type { FormNode, FormSchema, JsonLogic } from './types.js';
import { childPath, type Answers } from './form-data.js';

/** Facts the form may show or test: the child and the episode, as `child.*` and `episode.*`. */
export interface PrefillContext {
	child?: Record<string, unknown>;
	episode?: Record<string, unknown>;
}

const engine = new LogicEngine();
const compiled = new WeakMap<object, (data: unknown) => unknown>();

function holds(rule: JsonLogic | undefined, data: Record<string, unknown>): boolean {
	if (rule === undefined || rule === true) return true;
	if (rule === false) return false;
	let fn = compiled.get(rule);
	if (!fn) {
		fn = engine.build(rule) as (data: unknown) => unknown;
		compiled.set(rule, fn);
	}
	return Boolean(fn(data));
}

/** What a condition reads: answers first, then the context under `child` and `episode`. */
export function conditionData(answers: Answers, context: PrefillContext, item?: Answers): Record<string, unknown> {
	return { ...answers, child: context.child ?? {}, episode: context.episode ?? {}, item: item ?? {} };
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
