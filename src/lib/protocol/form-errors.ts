/**
 * Turns validation issues into messages a practitioner can act on, following the GOV.UK
 * Design System's error message guidance: name the question by its title, say what to do
 * ("Enter…", "Select…", "…must be a real date"), and never show a JSON pointer.
 */
import type { FormNode, FormSchema } from './types.js';
import { nodeAt, type DatePart } from './form-data.js';
import { formatBytes, typeList, type UploadType } from './form-files.js';

/** One message for one answer, keyed by the answer's field path. */
export interface FieldError {
	path: string;
	message: string;
	/** For a date input, the part to focus (the first one missing or wrong). */
	part?: DatePart;
}

export interface IssueLike {
	path: string;
	keyword: string;
	params: Record<string, unknown>;
}

interface Located {
	node: FormNode;
	/** "associate 2" when the answer is inside a repeating group's item. */
	within: string[];
	/** Position in the form, for ordering messages as the questions appear. */
	order: number[];
}

/** Finds the question a field path points at, with the repeating items it sits in. */
export function locate(schema: Pick<FormSchema, 'properties'>, path: string): Located | null {
	const within: string[] = [];
	const order: number[] = [];
	const node = nodeAt(schema, path, (step) => {
		if ('group' in step) {
			const label = step.group['x-ui']?.itemLabel ?? step.group.items?.title ?? 'item';
			within.push(`${lowerFirst(label)} ${step.index + 1}`);
			order.push(step.index);
		} else {
			order.push(Object.keys(step.properties).indexOf(step.key));
		}
	});
	return node ? { node, within, order } : null;
}

/** "Time last seen" → "time last seen"; leaves acronyms ("RHI outcome") alone. */
export function lowerFirst(text: string): string {
	if (text.length > 1 && text[1] === text[1].toUpperCase() && /[A-Z]/.test(text[1])) return text;
	return text.charAt(0).toLowerCase() + text.slice(1);
}

function isChoice(node: FormNode): boolean {
	return Boolean(node.enum || node.oneOf) || node.type === 'boolean';
}

function isQuestion(title: string): boolean {
	return title.trim().endsWith('?');
}

/** "Enter where the child went missing from" or, for a question, "Answer ‘Has…?’". */
function ask(verb: string, node: FormNode, suffix: string): string {
	if (isQuestion(node.title)) return `Answer ‘${node.title}’${suffix}`;
	return `${verb} ${lowerFirst(node.title)}${suffix}`;
}

function name(node: FormNode, suffix: string): string {
	return `${node.title}${suffix}`;
}

const PART_NAMES: Record<DatePart, string> = { day: 'a day', month: 'a month', year: 'a year', time: 'a time' };

function listParts(parts: DatePart[]): string {
	const names = parts.map((p) => PART_NAMES[p]);
	if (names.length === 1) return names[0];
	return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

function itemNoun(node: FormNode): string {
	return lowerFirst(node['x-ui']?.itemLabel ?? node.items?.title ?? 'item');
}

function plural(n: number, noun: string): string {
	return n === 1 ? `one ${noun}` : `${n} ${noun}s`;
}

function messageFor(node: FormNode, issue: IssueLike, suffix: string): { message: string; part?: DatePart } {
	const p = issue.params;
	const widget = node['x-ui']?.widget;
	switch (issue.keyword) {
		case 'required':
		case 'minItems':
			// A missing list says how many it needs: "Add at least 3 contacts", not "at least one".
			if (node.type === 'array' && node.items?.type === 'object') {
				const min = Math.max(1, Number(p.limit ?? node.minItems ?? 1));
				return { message: `Add at least ${plural(min, itemNoun(node))}${suffix}` };
			}
			if (node.type === 'array') {
				const min = Math.max(1, Number(p.limit ?? node.minItems ?? 1));
				return { message: min === 1 ? ask('Select', node, suffix) : `Select at least ${min} options for ${lowerFirst(node.title)}${suffix}` };
			}
			if (node.format === 'date' || node.format === 'date-time') return { message: ask('Enter', node, suffix), part: 'day' };
			// GOV.UK file upload: "Select a [whatever they need to select]".
			if (widget === 'photo' || widget === 'file') return { message: ask('Select', node, suffix) };
			return { message: ask(isChoice(node) ? 'Select' : 'Enter', node, suffix) };
		case 'maxItems':
			if (node.type === 'array' && node.items?.type === 'object') {
				return { message: `You can add no more than ${plural(Number(p.limit), itemNoun(node))}${suffix}: remove one` };
			}
			return { message: `Select no more than ${Number(p.limit)} options for ${lowerFirst(node.title)}${suffix}` };
		// GOV.UK file upload messages: they name the file, not the question.
		case 'fileType':
			return { message: `The selected file${suffix} must be ${typeList((p.types as UploadType[] | undefined) ?? [])}` };
		case 'fileTooLarge':
			return { message: `The selected file${suffix} must be smaller than ${formatBytes(Number(p.maxBytes))}` };
		case 'fileEmpty':
			return { message: `The selected file${suffix} is empty` };
		case 'fileMissing':
			return { message: `The selected file${suffix} could not be uploaded – choose it again` };
		case 'dateIncomplete': {
			const missing = (p.missing as DatePart[] | undefined) ?? ['day'];
			return { message: `${name(node, suffix)} must include ${listParts(missing)}`, part: missing[0] };
		}
		case 'dateInvalid':
			return { message: `${name(node, suffix)} must be a real date`, part: 'day' };
		case 'timeInvalid':
			return {
				message: `${name(node, suffix)} must be a real time, like 14:30`,
				part: node.format === 'date-time' ? 'time' : undefined
			};
		case 'notANumber':
			return { message: `${name(node, suffix)} must be a number` };
		case 'notAnInteger':
			return { message: `${name(node, suffix)} must be a whole number` };
		case 'minLength':
			if (Number(p.limit) <= 1) return { message: ask('Enter', node, suffix) };
			return { message: `${name(node, suffix)} must be ${p.limit} characters or more` };
		case 'maxLength':
			return { message: `${name(node, suffix)} must be ${p.limit} characters or fewer` };
		case 'minimum':
		case 'exclusiveMinimum':
			return { message: `${name(node, suffix)} must be ${p.limit}${node['x-ui']?.suffix ? ` ${node['x-ui'].suffix}` : ''} or more` };
		case 'maximum':
		case 'exclusiveMaximum':
			return { message: `${name(node, suffix)} must be ${p.limit}${node['x-ui']?.suffix ? ` ${node['x-ui'].suffix}` : ''} or less` };
		case 'format':
			switch (p.format) {
				case 'email':
					return { message: `Enter ${lowerFirst(node.title)}${suffix} in the correct format, like name@example.com` };
				case 'uk-phone':
					return { message: `Enter ${lowerFirst(node.title)}${suffix} as a UK phone number, like 01632 960 001 or 07700 900 982` };
				case 'uk-postcode':
					return { message: `Enter ${lowerFirst(node.title)}${suffix} as a full UK postcode, like AA1 1AA` };
				case 'date':
				case 'date-time':
					return { message: `${name(node, suffix)} must be a real date`, part: 'day' };
				case 'time':
					return { message: `${name(node, suffix)} must be a real time, like 14:30` };
				default:
					return { message: `Enter ${lowerFirst(node.title)}${suffix} in the correct format` };
			}
		case 'enum':
		case 'oneOf':
		case 'const':
			return { message: `Select ${lowerFirst(node.title)}${suffix} from the options given` };
		case 'uniqueItems':
			return { message: `${name(node, suffix)} lists the same answer more than once: remove the repeat` };
		case 'type':
			return { message: `${name(node, suffix)} is not in a form we can read: check your answer and try again` };
		default:
			return { message: `Check ${lowerFirst(node.title)}${suffix}: the answer given cannot be accepted` };
	}
}

function compareOrder(a: number[], b: number[]): number {
	for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] - b[i];
	return a.length - b.length;
}

/** One message per answer, in the order the questions appear on the form. */
export function errorMessages(schema: Pick<FormSchema, 'properties'>, issues: IssueLike[]): FieldError[] {
	const seen = new Set<string>();
	const located: Array<{ error: FieldError; order: number[] }> = [];
	for (const issue of issues) {
		if (seen.has(issue.path)) continue;
		seen.add(issue.path);
		const where = locate(schema, issue.path);
		if (!where) {
			located.push({ error: { path: issue.path, message: 'There is a problem with this answer: check it and try again' }, order: [Infinity] });
			continue;
		}
		const suffix = where.within.length > 0 ? ` for ${where.within.join(', ')}` : '';
		const { message, part } = messageFor(where.node, issue, suffix);
		located.push({ error: part ? { path: issue.path, message, part } : { path: issue.path, message }, order: where.order });
	}
	return located.sort((a, b) => compareOrder(a.order, b.order)).map((l) => l.error);
}
