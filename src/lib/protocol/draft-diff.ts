/**
 * Two versions of one draft, question by question: what the person has typed and not saved
 * ("mine") against what a colleague saved meanwhile ("theirs"), each compared with the version
 * both started from ("base") to say who changed what. Then the fields for the choice made:
 * every question from one version or the other, never a blend inside one question.
 *
 * Works on raw fields, so an answer that cannot be read yet ("31/2") is shown as typed.
 */
import type { FormNode, FormSchema } from './types.js';
import { DATE_PARTS, isDateNode, parseFields, partName, single, type DatePart, type FieldValues } from './form-data.js';
import { formPages, fieldsOf, questionOfField } from './form-pages.js';
import { rowLines, summaryRows, type UploadsById } from './form-summary.js';

export type Version = 'mine' | 'theirs';

export interface AnswerComparison {
	key: string;
	label: string;
	pageId: string;
	pageTitle: string;
	/** Both versions give the same answer. */
	same: boolean;
	/** Who changed the answer since the version both started from. */
	changedBy: 'me' | 'them' | 'both' | 'nobody';
	/** The answer in words, one line each; empty when not answered. */
	mine: string[];
	theirs: string[];
}

/** A question's fields as comparable text: blanks dropped, except a repeating item's own marker. */
function normalised(fields: FieldValues): string {
	const entries = Object.entries(fields)
		.map(([name, value]) => [name, Array.isArray(value) ? value.filter((v) => v !== '') : value] as const)
		.filter(([name, value]) => (Array.isArray(value) ? value.length > 0 : value !== '' || name.endsWith(']')))
		.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
	return JSON.stringify(entries);
}

/** Two sets of fields that say the same thing (blank boxes and their absence are the same). */
export function sameFields(a: FieldValues, b: FieldValues): boolean {
	return normalised(a) === normalised(b);
}

/** What was typed, when it cannot be read as an answer: "31/2/2024 18:00". */
function asTyped(node: FormNode, key: string, fields: FieldValues): string {
	if (isDateNode(node)) {
		const part = (p: DatePart) => single(fields[partName(key, p)]);
		const date = DATE_PARTS.map((p) => part(p) || '–').join('/');
		return node.format === 'date-time' ? `${date} ${part('time') || '–'}` : date;
	}
	return Object.values(fields)
		.flatMap((v) => (Array.isArray(v) ? v : [v]))
		.filter((v) => v !== '')
		.join(', ');
}

/** A question's answer in words, from that question's own fields. */
function answerLines(schema: FormSchema, key: string, own: FieldValues, uploads: UploadsById): string[] {
	const parsed = parseFields({ properties: { [key]: schema.properties[key] } }, own);
	if (parsed.issues.length > 0) return [`As typed: ${asTyped(schema.properties[key], key, own)}`];
	const [row] = summaryRows(schema, parsed.data, uploads, [key]);
	return row ? rowLines(row) : [];
}

/**
 * Every question answered in either version, in page order, saying whether the two agree.
 * `uploads` names the files file answers point at, so they read as file names.
 */
export function compareVersions(
	schema: FormSchema,
	versions: { base: FieldValues; mine: FieldValues; theirs: FieldValues },
	uploads: UploadsById = {}
): AnswerComparison[] {
	const out: AnswerComparison[] = [];
	for (const page of formPages(schema)) {
		for (const key of page.keys) {
			if (schema.properties[key]['x-ui']?.prefill) continue;
			const [baseOwn, mineOwn, theirOwn] = [versions.base, versions.mine, versions.theirs].map((f) => fieldsOf(schema, f, [key]));
			const [base, mine, theirs] = [baseOwn, mineOwn, theirOwn].map(normalised);
			const mineLines = answerLines(schema, key, mineOwn, uploads);
			const theirLines = answerLines(schema, key, theirOwn, uploads);
			if (mineLines.length === 0 && theirLines.length === 0 && mine === theirs) continue;
			const meChanged = mine !== base;
			const themChanged = theirs !== base;
			out.push({
				key,
				label: schema.properties[key].title,
				pageId: page.id,
				pageTitle: page.title,
				same: mine === theirs,
				changedBy: meChanged && themChanged ? 'both' : meChanged ? 'me' : themChanged ? 'them' : 'nobody',
				mine: mineLines,
				theirs: theirLines
			});
		}
	}
	return out;
}

/** The version to keep for a question when the person has not chosen: whichever changed it, else mine. */
export function suggestedVersion(comparison: AnswerComparison): Version {
	return comparison.changedBy === 'them' ? 'theirs' : 'mine';
}

/**
 * The fields made of each question's chosen version. Fields that belong to no question of the
 * form (there should be none) are kept from their saved version.
 */
export function combineVersions(schema: FormSchema, mine: FieldValues, theirs: FieldValues, choose: (key: string) => Version): FieldValues {
	const keys = Object.keys(schema.properties);
	const out: FieldValues = {};
	for (const [name, value] of Object.entries(theirs)) {
		const key = questionOfField(keys, name);
		if (key === undefined || choose(key) === 'theirs') out[name] = value;
	}
	for (const [name, value] of Object.entries(mine)) {
		const key = questionOfField(keys, name);
		if (key !== undefined && choose(key) === 'mine') out[name] = value;
	}
	return out;
}
