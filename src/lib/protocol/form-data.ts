/**
 * What is in a form's inputs ("fields") and the typed answers they stand for ("data").
 *
 * Fields are flat: one entry per input name, holding exactly what was typed, so a half-typed
 * date or "twelve" in a number box survives a failed submission and a draft. Names follow the
 * answer's path: `missingFrom`, `address.postcode`, `associates[0].name`; the parts of a date
 * input add `-day`, `-month`, `-year` and `-time`. Parsing walks the schema rather than the
 * names, so a posted name the schema does not know is ignored.
 *
 * Pure: used by server actions and by the browser (conditions are evaluated on parsed data).
 */
import type { FormNode, FormSchema } from './types.js';
import { londonInstant, londonParts } from './london-time.js';

export type FieldValue = string | string[];
export type FieldValues = Record<string, FieldValue>;
export type Answers = Record<string, unknown>;

/** Something typed that cannot become a typed answer; reported like a validation error. */
export interface ParseIssue {
	path: string;
	keyword: 'dateIncomplete' | 'dateInvalid' | 'timeInvalid' | 'notANumber' | 'notAnInteger';
	params: { missing?: DatePart[] };
}

export type DatePart = 'day' | 'month' | 'year' | 'time';
export const DATE_PARTS: readonly DatePart[] = ['day', 'month', 'year'];

/** Names of the controls that add, remove or move a repeating item, or remove an uploaded file, without JavaScript. */
export const ADD_ITEM = '_add';
export const REMOVE_ITEM = '_remove';
export const MOVE_ITEM = '_move';
export const REMOVE_FILE = '_removeFile';

export function childPath(parent: string, key: string | number): string {
	if (typeof key === 'number') return `${parent}[${key}]`;
	return parent ? `${parent}.${key}` : key;
}

export function partName(path: string, part: DatePart): string {
	return `${path}-${part}`;
}

/** An element id for a path: `associates[0].name` → `associates-0-name`. */
export function inputId(path: string): string {
	return path.replace(/\[(\d+)\]/g, '-$1').replace(/\./g, '-');
}

/** Collects a FormData (or its entries) into fields; a file counts as its name when one was chosen. */
export function fieldValuesFromFormData(form: Iterable<[string, FormDataEntryValue]>): FieldValues {
	const fields: FieldValues = {};
	for (const [name, entry] of form) {
		if (name.startsWith('_')) continue;
		const value = typeof entry === 'string' ? entry : entry.size > 0 ? entry.name : '';
		const existing = fields[name];
		if (existing === undefined) fields[name] = value;
		else if (Array.isArray(existing)) existing.push(value);
		else fields[name] = [existing, value];
	}
	return fields;
}

/** The text of an input: the first of several with one name, '' when there is none. */
export function single(value: FieldValue | undefined): string {
	if (value === undefined) return '';
	return Array.isArray(value) ? (value[0] ?? '') : value;
}

function many(value: FieldValue | undefined): string[] {
	if (value === undefined) return [];
	return (Array.isArray(value) ? value : [value]).filter((v) => v !== '');
}

/** A date (or date and time) question, asked as separate day, month, year (and time) inputs. */
export function isDateNode(node: FormNode): boolean {
	return node.type === 'string' && (node.format === 'date' || node.format === 'date-time');
}

/** How many items a repeating group has in the fields: one past the highest index named. */
export function itemCount(fields: FieldValues, path: string): number {
	const prefix = `${path}[`;
	let count = 0;
	// Only the names are read (Reflect.ownKeys, not Object.keys, which also reads each value's
	// descriptor): a reactive caller then depends on which inputs exist, not on what is typed.
	for (const name of Reflect.ownKeys(fields)) {
		if (typeof name !== 'string' || !name.startsWith(prefix)) continue;
		const close = name.indexOf(']', prefix.length);
		const index = Number(name.slice(prefix.length, close));
		if (Number.isInteger(index) && index >= 0 && index + 1 > count) count = index + 1;
	}
	return count;
}

/** Adds an empty item to a repeating group (a marker field keeps it when all its inputs are empty). */
export function addItem(fields: FieldValues, path: string): FieldValues {
	return { ...fields, [`${path}[${itemCount(fields, path)}]`]: '' };
}

/**
 * The fields with the items of a repeating group renumbered: `map` gives an item's new index,
 * null to drop its inputs, or undefined to leave their names as they are. Other fields are kept.
 */
function renumberItems(fields: FieldValues, path: string, map: (index: number) => number | null | undefined): FieldValues {
	const prefix = `${path}[`;
	const next: FieldValues = {};
	for (const [name, value] of Object.entries(fields)) {
		if (!name.startsWith(prefix)) {
			next[name] = value;
			continue;
		}
		const close = name.indexOf(']', prefix.length);
		const to = map(Number(name.slice(prefix.length, close)));
		if (to === null) continue;
		next[to === undefined ? name : `${prefix}${to}${name.slice(close)}`] = value;
	}
	return next;
}

/** Removes item `index` of a repeating group and renumbers the items after it. */
export function removeItem(fields: FieldValues, path: string, index: number): FieldValues {
	return renumberItems(fields, path, (i) => (i === index ? null : i > index ? i - 1 : undefined));
}

/** Reads `associates[1]` from a remove button's value into its group path and index. */
export function parseItemRef(ref: string): { path: string; index: number } | null {
	const match = /^(.*)\[(\d{1,4})\]$/.exec(ref);
	if (!match) return null;
	return { path: match[1], index: Number(match[2]) };
}

/** Swaps items `from` and `to` of a repeating group (every input of each moves with it). */
export function moveItem(fields: FieldValues, path: string, from: number, to: number): FieldValues {
	const count = itemCount(fields, path);
	if (from === to || from < 0 || to < 0 || from >= count || to >= count) return fields;
	return renumberItems(fields, path, (i) => (i === from ? to : i === to ? from : i));
}

/** The value of a move button: `associates[1]:up`. */
export function moveRef(itemPath: string, direction: 'up' | 'down'): string {
	return `${itemPath}:${direction}`;
}

/** A button pressed that changes the form rather than submitting it. */
export type FormControl =
	| { kind: 'add'; path: string }
	| { kind: 'remove'; path: string; index: number }
	| { kind: 'move'; path: string; index: number; direction: 'up' | 'down' }
	| { kind: 'remove-file'; path: string };

/** Which control button was pressed in a posted form, if any (a plain submit gives null). */
export function formControlOf(posted: { get(name: string): FormDataEntryValue | null }): FormControl | null {
	const text = (name: string) => {
		const v = posted.get(name);
		return typeof v === 'string' && v !== '' ? v : null;
	};
	const add = text(ADD_ITEM);
	if (add) return { kind: 'add', path: add };
	const remove = text(REMOVE_ITEM);
	if (remove) {
		const ref = parseItemRef(remove);
		return ref ? { kind: 'remove', ...ref } : null;
	}
	const move = text(MOVE_ITEM);
	if (move) {
		const m = /^(.*):(up|down)$/.exec(move);
		const ref = m ? parseItemRef(m[1]) : null;
		return ref && m ? { kind: 'move', ...ref, direction: m[2] as 'up' | 'down' } : null;
	}
	const file = text(REMOVE_FILE);
	if (file) return { kind: 'remove-file', path: file };
	return null;
}

/**
 * The fields after a control button: what JavaScript does in place, done by the server. A group
 * already at its `maxItems` gets no new item, and a path the form does not have changes nothing.
 */
export function applyFormControl(schema: Pick<FormSchema, 'properties'>, fields: FieldValues, control: FormControl): FieldValues {
	const node = nodeAt(schema, control.path);
	switch (control.kind) {
		case 'add':
			if (node?.type !== 'array' || node.items?.type !== 'object') return fields;
			if (node.maxItems !== undefined && itemCount(fields, control.path) >= node.maxItems) return fields;
			return addItem(fields, control.path);
		case 'remove':
			return node?.type === 'array' ? removeItem(fields, control.path, control.index) : fields;
		case 'move':
			if (node?.type !== 'array') return fields;
			return moveItem(fields, control.path, control.index, control.index + (control.direction === 'up' ? -1 : 1));
		case 'remove-file':
			return node ? { ...fields, [control.path]: '' } : fields;
	}
}

/** One step of a field path through the schema: into a question of `properties`, or into item `index` of the repeating `group`. */
export type PathStep = { key: string; properties: Record<string, FormNode> } | { index: number; group: FormNode };

/**
 * The question at a field path (`associates[0].photo`), if the form has one; `onStep` sees each
 * step on the way (a path the form does not have may have shown it some steps first).
 */
export function nodeAt(schema: Pick<FormSchema, 'properties'>, path: string, onStep?: (step: PathStep) => void): FormNode | undefined {
	let properties: Record<string, FormNode> | undefined = schema.properties;
	let node: FormNode | undefined;
	for (const segment of path.match(/[^.[\]]+|\[\d+\]/g) ?? []) {
		if (segment.startsWith('[')) {
			if (node?.type !== 'array' || !node.items) return undefined;
			onStep?.({ index: Number(segment.slice(1, -1)), group: node });
			node = node.items;
		} else {
			if (!properties || !Object.hasOwn(properties, segment)) return undefined;
			onStep?.({ key: segment, properties });
			node = properties[segment];
		}
		properties = node.properties;
	}
	return node;
}

const TIME = /^(\d{1,2})[:.](\d{2})$/;

function parseDate(node: FormNode, path: string, fields: FieldValues, issues: ParseIssue[]): string | undefined {
	const withTime = node.format === 'date-time';
	const parts: DatePart[] = withTime ? ['day', 'month', 'year', 'time'] : ['day', 'month', 'year'];
	const raw = Object.fromEntries(parts.map((p) => [p, single(fields[partName(path, p)]).trim()])) as Record<DatePart, string>;
	const missing = parts.filter((p) => raw[p] === '');
	if (missing.length === parts.length) return undefined;
	if (missing.length > 0) {
		issues.push({ path, keyword: 'dateIncomplete', params: { missing } });
		return undefined;
	}
	const day = Number(raw.day);
	const month = Number(raw.month);
	const year = Number(raw.year);
	const real =
		/^\d{1,2}$/.test(raw.day) &&
		/^\d{1,2}$/.test(raw.month) &&
		/^\d{4}$/.test(raw.year) &&
		month >= 1 &&
		month <= 12 &&
		day >= 1 &&
		day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
	if (!real) {
		issues.push({ path, keyword: 'dateInvalid', params: {} });
		return undefined;
	}
	const date = `${raw.year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
	if (!withTime) return date;
	const t = TIME.exec(raw.time);
	const hour = t ? Number(t[1]) : NaN;
	const minute = t ? Number(t[2]) : NaN;
	if (!t || hour > 23 || minute > 59) {
		issues.push({ path, keyword: 'timeInvalid', params: {} });
		return undefined;
	}
	// Times are typed on London clocks; stored as the UTC instant they name.
	return new Date(londonInstant(year, month, day, hour, minute)).toISOString();
}

function parseScalar(node: FormNode, path: string, text: string, issues: ParseIssue[]): unknown {
	const value = text.trim();
	if (value === '') return undefined;
	switch (node.type) {
		case 'number':
		case 'integer': {
			const n = Number(value.replace(/,/g, ''));
			if (!Number.isFinite(n)) {
				issues.push({ path, keyword: 'notANumber', params: {} });
				return undefined;
			}
			if (node.type === 'integer' && !Number.isInteger(n)) {
				issues.push({ path, keyword: 'notAnInteger', params: {} });
				return undefined;
			}
			return n;
		}
		case 'boolean':
			if (value === 'yes' || value === 'true') return true;
			if (value === 'no' || value === 'false') return false;
			return undefined;
		case 'string':
			if (node.format === 'time') {
				const t = TIME.exec(value);
				if (!t || Number(t[1]) > 23 || Number(t[2]) > 59) {
					issues.push({ path, keyword: 'timeInvalid', params: {} });
					return undefined;
				}
				return `${t[1].padStart(2, '0')}:${t[2]}`;
			}
			return value;
		default:
			return undefined;
	}
}

function enumValue(node: FormNode | undefined, text: string): string | number {
	if (node && (node.type === 'number' || node.type === 'integer')) {
		const n = Number(text);
		return Number.isFinite(n) ? n : text;
	}
	return text;
}

function parseNode(node: FormNode, path: string, fields: FieldValues, issues: ParseIssue[]): unknown {
	if (isDateNode(node)) return parseDate(node, path, fields, issues);
	if (node.type === 'object') return parseObject(node.properties ?? {}, path, fields, issues);
	if (node.type === 'array') {
		const items = node.items;
		if (items?.type === 'object') {
			const count = itemCount(fields, path);
			const list: unknown[] = [];
			for (let i = 0; i < count; i++) {
				const item = parseObject(items.properties ?? {}, childPath(path, i), fields, issues);
				// An item left entirely blank is dropped rather than reported field by field.
				if (item !== undefined) list.push(item);
			}
			return list.length > 0 ? list : undefined;
		}
		const values = many(fields[path]).map((v) => enumValue(items, v));
		return values.length > 0 ? values : undefined;
	}
	return parseScalar(node, path, single(fields[path]), issues);
}

function parseObject(properties: Record<string, FormNode>, path: string, fields: FieldValues, issues: ParseIssue[]): Answers | undefined {
	const out: Answers = {};
	for (const [key, node] of Object.entries(properties)) {
		const value = parseNode(node, childPath(path, key), fields, issues);
		if (value !== undefined) out[key] = value;
	}
	return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * The typed answer of one question (or group, or repeating group) at `path`, read from only the
 * inputs that question owns; problems reading it are left to `parseFields`.
 */
export function parseAnswer(node: FormNode, path: string, fields: FieldValues): unknown {
	return parseNode(node, path, fields, []);
}

/** The answers of a group's questions at `path` (a repeating item's own answers), `{}` when none. */
export function parseGroup(properties: Record<string, FormNode>, path: string, fields: FieldValues): Answers {
	return parseObject(properties, path, fields, []) ?? {};
}

/**
 * The length `maxLength` is checked against for typed text: the answer as stored (trimmed), in
 * Unicode code points as ajv counts them, so a live count and the server always agree.
 */
export function answerLength(text: string): number {
	let n = 0;
	for (const _ of text.trim()) n++;
	return n;
}

/** Typed answers from fields, plus what could not be read (impossible dates, non-numbers). */
export function parseFields(schema: Pick<FormSchema, 'properties'>, fields: FieldValues): { data: Answers; issues: ParseIssue[] } {
	const issues: ParseIssue[] = [];
	const data = parseObject(schema.properties, '', fields, issues) ?? {};
	return { data, issues };
}

function fillNode(node: FormNode, path: string, value: unknown, out: FieldValues): void {
	if (value === undefined || value === null) return;
	if (isDateNode(node) && typeof value === 'string') {
		if (node.format === 'date') {
			const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
			if (!m) return;
			out[partName(path, 'year')] = m[1];
			out[partName(path, 'month')] = String(Number(m[2]));
			out[partName(path, 'day')] = String(Number(m[3]));
			return;
		}
		const instant = Date.parse(value);
		if (Number.isNaN(instant)) return;
		const p = londonParts(instant);
		out[partName(path, 'day')] = String(p.day);
		out[partName(path, 'month')] = String(p.month);
		out[partName(path, 'year')] = String(p.year);
		out[partName(path, 'time')] = `${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
		return;
	}
	if (node.type === 'object' && typeof value === 'object') {
		for (const [key, child] of Object.entries(node.properties ?? {})) {
			fillNode(child, childPath(path, key), (value as Answers)[key], out);
		}
		return;
	}
	if (node.type === 'array' && Array.isArray(value)) {
		if (node.items?.type === 'object') {
			value.forEach((item, i) => {
				out[childPath(path, i)] = '';
				fillNode(node.items!, childPath(path, i), item, out);
			});
		} else {
			out[path] = value.map(String);
		}
		return;
	}
	if (node.type === 'boolean') {
		out[path] = value ? 'yes' : 'no';
		return;
	}
	out[path] = String(value);
}

/** Fields that show the given answers (the inverse of `parseFields` for valid answers). */
export function fieldsFromData(schema: Pick<FormSchema, 'properties'>, data: Answers): FieldValues {
	const out: FieldValues = {};
	for (const [key, node] of Object.entries(schema.properties)) fillNode(node, key, data[key], out);
	return out;
}
