/**
 * The live state of one rendered form: what is in its inputs, the errors the server returned,
 * and the answers those inputs stand for (for conditions). Widgets read and write it; the
 * same fields are what a no-JavaScript POST sends, so both paths parse identically.
 */
import type { FormNode, FormSchema } from '../protocol/types.js';
import {
	addItem,
	childPath,
	moveItem,
	parseFields,
	removeItem,
	type Answers,
	type DatePart,
	type FieldValues
} from '../protocol/form-data.js';
import { conditionData, isShown, isRequiredWhen, type PrefillContext } from '../protocol/form-conditions.js';
import type { FieldError } from '../protocol/form-errors.js';
import type { UploadsById } from '../protocol/form-summary.js';
import type { WidgetRegistry } from './widget-registry.js';

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
	#answers: Answers = $derived.by(() => parseFields(this.schema, this.fields).data);

	/** The typed answers the inputs stand for, re-read as people type. */
	get answers(): Answers {
		return this.#answers;
	}

	constructor(opts: { schema: FormSchema; fields: FieldValues; errors: FieldError[]; context: PrefillContext; registry: WidgetRegistry; uploads?: UploadsById }) {
		this.uploads = opts.uploads ?? {};
		this.schema = opts.schema;
		this.fields = opts.fields;
		this.errors = opts.errors;
		this.context = opts.context;
		this.registry = opts.registry;
	}

	text(name: string): string {
		const v = this.fields[name];
		return Array.isArray(v) ? (v[0] ?? '') : (v ?? '');
	}

	list(name: string): string[] {
		const v = this.fields[name];
		return v === undefined ? [] : Array.isArray(v) ? v : v === '' ? [] : [v];
	}

	set(name: string, value: string | string[]): void {
		this.fields[name] = value;
	}

	error(path: string): FieldError | undefined {
		return this.errors.find((e) => e.path === path);
	}

	shown(node: FormNode, item?: Answers): boolean {
		if (!this.enhanced) return true;
		return isShown(node, conditionData(this.answers, this.context, item));
	}

	required(node: FormNode, key: string, parentRequired: string[] | undefined, item?: Answers): boolean {
		if (parentRequired?.includes(key)) return true;
		return isRequiredWhen(node, conditionData(this.answers, this.context, item));
	}

	/** A repeating item's own answers, for conditions written against `item.*`. */
	itemAnswers(node: FormNode, path: string): Answers {
		const prefix = `${path}.`;
		const sub: FieldValues = {};
		for (const [name, value] of Object.entries(this.fields)) {
			if (name.startsWith(prefix)) sub[name.slice(prefix.length)] = value;
		}
		return parseFields({ properties: node.properties ?? {} }, sub).data;
	}

	addItem(path: string): void {
		this.fields = addItem(this.fields, path);
	}

	removeItem(path: string, index: number): void {
		this.fields = removeItem(this.fields, path, index);
	}

	moveItem(path: string, from: number, to: number): void {
		this.fields = moveItem(this.fields, path, from, to);
	}

	childPath(path: string, key: string | number): string {
		return childPath(path, key);
	}
}

export type { DatePart };
