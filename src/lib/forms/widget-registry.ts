/**
 * Which widget renders a question. Each widget has a tester that scores how well it fits a
 * schema node (0 = cannot render it); the highest score wins, as in JSON Forms. A new widget
 * is one more entry here (or passed to `createRegistry`): nothing else changes.
 */
import type { Component } from 'svelte';
import type { FormNode, FormSchema } from '../protocol/types.js';
import { locate, type FieldError } from '../protocol/form-errors.js';
import type { DatePart } from '../protocol/form-data.js';
import { inputId } from '../protocol/form-data.js';
import type { WidgetProps } from './widget-props.js';
import TextInput from './widgets/TextInput.svelte';
import Textarea from './widgets/Textarea.svelte';
import DateInput from './widgets/DateInput.svelte';
import Radios from './widgets/Radios.svelte';
import Select from './widgets/Select.svelte';
import Checkboxes from './widgets/Checkboxes.svelte';
import YesNo from './widgets/YesNo.svelte';
import NumberInput from './widgets/NumberInput.svelte';
import Fieldset from './widgets/Fieldset.svelte';
import Repeater from './widgets/Repeater.svelte';
import Readonly from './widgets/Readonly.svelte';
import FileInput from './widgets/FileInput.svelte';

export type { WidgetProps };

export interface WidgetEntry {
	name: string;
	/** How well this widget fits the node: 0 = not at all; an author's `x-ui.widget` naming it scores highest. */
	tester: (node: FormNode) => number;
	component: Component<WidgetProps>;
	/** The element an error summary link focuses. Defaults to the input with the question's id. */
	anchor?: (path: string, part?: DatePart) => string;
}

export interface WidgetRegistry {
	widgetFor(node: FormNode): WidgetEntry;
}

/** Options above this count are a select rather than radios (GOV.UK: radios for short lists). */
export const RADIOS_MAX_OPTIONS = 10;

const CHOSEN = 100;

function options(node: FormNode | undefined): number {
	return node?.oneOf?.length ?? node?.enum?.length ?? 0;
}

function chosen(node: FormNode, names: string[]): boolean {
	const w = node['x-ui']?.widget;
	return w !== undefined && names.includes(w);
}

/** Scores `fits` when the node has the shape, plus a bonus when the author named the widget. */
function tester(names: string[], fits: (node: FormNode) => number): (node: FormNode) => number {
	return (node) => {
		const score = fits(node);
		if (score === 0) return 0;
		return chosen(node, names) ? CHOSEN + score : score;
	};
}

const isString = (node: FormNode) => node.type === 'string';
const isChoice = (node: FormNode) => (node.type === 'string' || node.type === 'number' || node.type === 'integer') && options(node) > 0;

export const DEFAULT_WIDGETS: WidgetEntry[] = [
	{ name: 'text', tester: tester(['text', 'email', 'tel', 'postcode', 'time'], (n) => (isString(n) ? 1 : 0)), component: TextInput },
	{ name: 'textarea', tester: tester(['textarea'], (n) => (isString(n) ? ((n.maxLength ?? 0) > 500 ? 2 : 1) : 0)), component: Textarea },
	{
		name: 'date',
		tester: tester(['date', 'datetime'], (n) => (isString(n) && (n.format === 'date' || n.format === 'date-time') ? 5 : 0)),
		component: DateInput,
		anchor: (path, part) => `${inputId(path)}-${part ?? 'day'}`
	},
	{ name: 'radios', tester: tester(['radios'], (n) => (isChoice(n) ? (options(n) <= RADIOS_MAX_OPTIONS ? 5 : 3) : 0)), component: Radios },
	{ name: 'select', tester: tester(['select'], (n) => (isChoice(n) ? (options(n) > RADIOS_MAX_OPTIONS ? 5 : 2) : 0)), component: Select },
	{
		name: 'checkboxes',
		tester: tester(['checkboxes'], (n) => (n.type === 'array' && isChoice(n.items ?? ({} as FormNode)) ? 5 : 0)),
		component: Checkboxes
	},
	{ name: 'yesno', tester: tester(['yesno'], (n) => (n.type === 'boolean' ? 5 : 0)), component: YesNo },
	{ name: 'number', tester: tester(['number'], (n) => (n.type === 'number' || n.type === 'integer' ? 3 : 0)), component: NumberInput },
	{ name: 'fieldset', tester: tester(['fieldset'], (n) => (n.type === 'object' ? 3 : 0)), component: Fieldset },
	{
		name: 'repeater',
		tester: tester(['repeater'], (n) => (n.type === 'array' && n.items?.type === 'object' ? 5 : 0)),
		component: Repeater,
		anchor: (path) => `${inputId(path)}-add`
	},
	// A prefilled question is shown, never typed: it wins whatever its type.
	{ name: 'readonly', tester: (n) => (n['x-ui']?.prefill || n['x-ui']?.widget === 'readonly' ? 2 * CHOSEN : 0), component: Readonly },
	{ name: 'file', tester: tester(['file', 'photo'], (n) => (isString(n) && chosen(n, ['file', 'photo']) ? 10 : 0)), component: FileInput }
];

export function createRegistry(extra: WidgetEntry[] = []): WidgetRegistry {
	const entries = [...extra, ...DEFAULT_WIDGETS];
	const cache = new WeakMap<FormNode, WidgetEntry>();
	return {
		widgetFor(node) {
			const hit = cache.get(node);
			if (hit) return hit;
			let best: WidgetEntry | undefined;
			let bestScore = 0;
			for (const entry of entries) {
				const score = entry.tester(node);
				if (score > bestScore) {
					best = entry;
					bestScore = score;
				}
			}
			if (!best) throw new Error(`No widget can show the question “${node.title}” (type ${node.type}): add one to the widget registry.`);
			cache.set(node, best);
			return best;
		}
	};
}

export const defaultRegistry = createRegistry();

/**
 * The id an error summary link points at: the widget decides (a date's day box, a repeater's add
 * button). Only where the error is matters, so a change link can ask with just a path.
 */
export function errorAnchor(schema: Pick<FormSchema, 'properties'>, registry: WidgetRegistry, error: Pick<FieldError, 'path' | 'part'>): string {
	const where = locate(schema, error.path);
	const entry = where ? registry.widgetFor(where.node) : undefined;
	return entry?.anchor ? entry.anchor(error.path, error.part) : inputId(error.path);
}

/** Error summary entries for a form's errors. */
export function errorLinks(schema: Pick<FormSchema, 'properties'>, errors: FieldError[], registry = defaultRegistry): Array<{ message: string; href: string }> {
	return errors.map((e) => ({ message: e.message, href: `#${errorAnchor(schema, registry, e)}` }));
}
