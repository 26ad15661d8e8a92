/**
 * The live state of one rendered form: what is in its inputs, the errors the server returned,
 * and the answers those inputs stand for (for conditions). Widgets read and write it; the
 * same fields are what a no-JavaScript POST sends, so both paths parse identically.
 *
 * Each input is its own signal (`fields` is deep state), and work follows what changed: a
 * condition is decided again only when an answer it reads changes, and each such answer is
 * parsed from the inputs of its own question rather than from the whole form. A keystroke in a
 * question no condition reads therefore updates that question and nothing else.
 */
import type { FormNode, FormSchema, JsonLogic } from '../protocol/types.js';
import {
	addItem,
	childPath,
	moveItem,
	parseAnswer,
	parseFields,
	parseGroup,
	removeItem,
	single,
	type Answers,
	type DatePart,
	type FieldValues
} from '../protocol/form-data.js';
import {
	conditionData,
	conditionDataFrom,
	conditionSources,
	holds,
	type ConditionSource,
	type PrefillContext
} from '../protocol/form-conditions.js';
import type { FieldError } from '../protocol/form-errors.js';
import type { UploadsById } from '../protocol/form-summary.js';
import type { WidgetRegistry } from './widget-registry.js';

/** How long typing must pause before what was typed is announced (govuk-frontend waits about as long). */
const PAUSE_MS = 1000;

/** The typed answer at one path, re-parsed only when that question's own inputs change. */
class AnswerAt {
	readonly #read: () => unknown;
	readonly value: unknown = $derived.by(() => this.#read());
	constructor(read: () => unknown) {
		this.#read = read;
	}
}

/** One author's condition, with the answers it reads; decided once per change of those answers. */
class Condition {
	readonly #decide: (item?: Answers) => boolean;
	/** The decision outside any repeating item, shared by every question that uses this rule. */
	readonly atTop: boolean = $derived.by(() => this.#decide());
	constructor(decide: (item?: Answers) => boolean) {
		this.#decide = decide;
	}
	decide(item?: Answers): boolean {
		return this.#decide(item);
	}
}

export class FormState {
	fields: FieldValues = $state({});
	/** False while server-rendered: every conditional question is shown so the form works without JavaScript. */
	enhanced = $state(false);
	readonly schema: FormSchema;
	readonly context: PrefillContext;
	readonly registry: WidgetRegistry;
	readonly errors: FieldError[];
	/** Files already stored for this form, by upload id (a file answer's field holds the id). */
	readonly uploads: UploadsById;
	readonly #errorAt = new Map<string, FieldError>();
	#answers: Answers = $derived.by(() => parseFields(this.schema, this.fields).data);
	readonly #answerAt = new Map<string, AnswerAt>();
	readonly #conditions = new Map<JsonLogic, Condition>();
	/** What the inputs held when the form was drawn, and when typing last paused since. */
	readonly #initial: FieldValues;
	#settled: FieldValues = $state({});
	#pause: ReturnType<typeof setTimeout> | undefined;

	/** The typed answers the inputs stand for, re-read as people type (conditions read only their own). */
	get answers(): Answers {
		return this.#answers;
	}

	constructor(opts: {
		schema: FormSchema;
		fields: FieldValues;
		errors: FieldError[];
		context: PrefillContext;
		registry: WidgetRegistry;
		uploads?: UploadsById;
		/** Start with conditions applied: the form is drawn in the browser, not over the server's markup. */
		enhanced?: boolean;
	}) {
		this.uploads = opts.uploads ?? {};
		this.schema = opts.schema;
		this.#initial = { ...opts.fields };
		this.fields = opts.fields;
		this.errors = opts.errors;
		this.context = opts.context;
		this.registry = opts.registry;
		this.enhanced = opts.enhanced ?? false;
		for (const e of opts.errors) if (!this.#errorAt.has(e.path)) this.#errorAt.set(e.path, e);
		// Every condition is prepared now, while the form is set up: derived state made later,
		// inside a reaction that first reads it, would not stay connected to what it reads.
		this.#prepare(opts.schema.properties);
	}

	#prepare(properties: Record<string, FormNode>): void {
		for (const node of Object.values(properties)) {
			for (const rule of [node['x-ui']?.showWhen, node['x-ui']?.requiredWhen]) {
				if (rule !== undefined && typeof rule === 'object' && !this.#conditions.has(rule)) this.#conditions.set(rule, this.#condition(rule));
			}
			if (node.properties) this.#prepare(node.properties);
			if (node.items?.properties) this.#prepare(node.items.properties);
		}
	}

	#condition(rule: JsonLogic): Condition {
		const sources = conditionSources(this.schema, rule);
		if (sources === null) return new Condition((item) => holds(rule, conditionData(this.answers, this.context, item)));
		const answers = sources.map((s) => this.#answerFor(s));
		return new Condition((item) => holds(rule, conditionDataFrom(sources, answers.map((a) => a?.value), this.context, item)));
	}

	#answerFor(source: ConditionSource): AnswerAt | undefined {
		const node = source.node;
		if (!node) return undefined;
		let answer = this.#answerAt.get(source.path);
		if (!answer) {
			answer = new AnswerAt(() => parseAnswer(node, source.path, this.fields));
			this.#answerAt.set(source.path, answer);
		}
		return answer;
	}

	#holds(rule: JsonLogic, item: Answers | undefined): boolean {
		if (typeof rule === 'boolean') return rule;
		const condition = this.#conditions.get(rule);
		// A question from outside this form's schema: decided on all the answers.
		if (!condition) return holds(rule, conditionData(this.answers, this.context, item));
		return item === undefined ? condition.atTop : condition.decide(item);
	}

	text(name: string): string {
		return single(this.fields[name]);
	}

	list(name: string): string[] {
		const v = this.fields[name];
		return v === undefined ? [] : Array.isArray(v) ? v : v === '' ? [] : [v];
	}

	set(name: string, value: string | string[]): void {
		this.fields[name] = value;
		clearTimeout(this.#pause);
		this.#pause = setTimeout(() => (this.#settled[name] = value), PAUSE_MS);
	}

	/**
	 * What an input held when typing in the form last paused: live announcements (a character
	 * count) read this rather than `text`, so a screen reader is not talked over while typing.
	 */
	settledText(name: string): string {
		return single(name in this.#settled ? this.#settled[name] : this.#initial[name]);
	}

	error(path: string): FieldError | undefined {
		return this.#errorAt.get(path);
	}

	shown(node: FormNode, item?: Answers): boolean {
		if (!this.enhanced) return true;
		const rule = node['x-ui']?.showWhen;
		return rule === undefined || this.#holds(rule, item);
	}

	required(node: FormNode, key: string, parentRequired: string[] | undefined, item?: Answers): boolean {
		if (parentRequired?.includes(key)) return true;
		const rule = node['x-ui']?.requiredWhen;
		return rule !== undefined && this.#holds(rule, item);
	}

	/** A repeating item's own answers, for conditions written against `item.*`. */
	itemAnswers(node: FormNode, path: string): Answers {
		return parseGroup(node.properties ?? {}, path, this.fields);
	}

	// Items are added, removed and moved by changing only the inputs involved, so the rest of the form
	// (every other input's signal) is left alone.
	addItem(path: string): void {
		this.#replace(addItem(this.fields, path));
	}

	removeItem(path: string, index: number): void {
		this.#replace(removeItem(this.fields, path, index));
	}

	#replace(next: FieldValues): void {
		for (const name of Object.keys(this.fields)) if (!(name in next)) delete this.fields[name];
		for (const [name, value] of Object.entries(next)) if (this.fields[name] !== value) this.fields[name] = value;
	}

	moveItem(path: string, from: number, to: number): void {
		this.#replace(moveItem(this.fields, path, from, to));
	}

	childPath(path: string, key: string | number): string {
		return childPath(path, key);
	}
}

export type { DatePart };
