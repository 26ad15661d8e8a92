/**
 * Stored answers as rows a person reads (GOV.UK summary list): each question's title and its
 * answer in words — option titles rather than codes, dates on London clocks, one line per item.
 */
import type { FormNode, FormSchema } from './types.js';
import type { Answers } from './form-data.js';
import { childPath } from './form-data.js';
import { formatLondon } from './london-time.js';
import { formatBytes, isFileQuestion, type UploadInfo } from './form-files.js';
import { formPages, type FormPage } from './form-pages.js';

export interface SummaryRow {
	path: string;
	label: string;
	/** One or more lines of answer text. */
	lines: string[];
	/** Rows of a repeating item or nested group, shown under this row's label. */
	groups?: Array<{ label: string; rows: SummaryRow[] }>;
	/** For a file question: the upload the answer names, to link to (absent when it cannot be found). */
	file?: UploadInfo;
	/** For a file question: the id of the upload the answer names. */
	uploadId?: string;
}

/** The uploads a set of answers names, by id, as read by the caller (the user's own token). */
export type UploadsById = Record<string, UploadInfo>;

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function optionTitle(node: FormNode | undefined, value: unknown): string {
	const option = node?.oneOf?.find((o) => o.const === value);
	return option ? option.title : String(value);
}

function formatScalar(node: FormNode, value: unknown): string {
	if (node.type === 'boolean') return value ? 'Yes' : 'No';
	if (node.oneOf) return optionTitle(node, value);
	if (typeof value === 'string' && node.format === 'date') {
		const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
		return m ? `${Number(m[3])} ${MONTHS[Number(m[2]) - 1]} ${m[1]}` : value;
	}
	if (typeof value === 'string' && node.format === 'date-time') {
		const instant = Date.parse(value);
		return Number.isNaN(instant) ? value : formatLondon(instant);
	}
	const suffix = node['x-ui']?.suffix;
	return suffix && typeof value === 'number' ? `${value} ${suffix}` : String(value);
}

function fileRow(here: string, node: FormNode, id: string, uploads: UploadsById): SummaryRow {
	const file = uploads[id];
	if (!file) return { path: here, label: node.title, lines: ['A file was attached but cannot be shown'], uploadId: id };
	return { path: here, label: node.title, lines: [`${file.name} (${formatBytes(file.size)})`], file, uploadId: id };
}

function rowsOf(properties: Record<string, FormNode>, data: Answers, path: string, uploads: UploadsById): SummaryRow[] {
	const rows: SummaryRow[] = [];
	for (const [key, node] of Object.entries(properties)) {
		const value = data[key];
		if (value === undefined || value === null || value === '') continue;
		const here = childPath(path, key);
		if (isFileQuestion(node) && typeof value === 'string') {
			rows.push(fileRow(here, node, value, uploads));
		} else if (node.type === 'object' && typeof value === 'object') {
			rows.push({ path: here, label: node.title, lines: [], groups: [{ label: node.title, rows: rowsOf(node.properties ?? {}, value as Answers, here, uploads) }] });
		} else if (node.type === 'array' && Array.isArray(value)) {
			if (node.items?.type === 'object') {
				const itemLabel = node['x-ui']?.itemLabel ?? node.items.title;
				const items = node.items;
				rows.push({
					path: here,
					label: node.title,
					lines: [],
					groups: value.map((item, i) => ({
						label: `${itemLabel} ${i + 1}`,
						rows: rowsOf(items.properties ?? {}, item as Answers, childPath(here, i), uploads)
					}))
				});
			} else {
				rows.push({ path: here, label: node.title, lines: value.map((v) => optionTitle(node.items, v)) });
			}
		} else {
			rows.push({ path: here, label: node.title, lines: formatScalar(node, value).split('\n') });
		}
	}
	return rows;
}

/**
 * Rows for the answered questions, in the form's order; only the questions in `keys` when given.
 * `uploads` names the files that file answers point at; without it a file answer says it cannot be shown.
 */
export function summaryRows(schema: Pick<FormSchema, 'properties'>, data: Answers, uploads: UploadsById = {}, keys?: readonly string[]): SummaryRow[] {
	const properties = keys ? Object.fromEntries(Object.entries(schema.properties).filter(([key]) => keys.includes(key))) : schema.properties;
	return rowsOf(properties, data, '', uploads);
}

/** One page's answered questions, for "check your answers" (a form without pages is one section). */
export interface SummarySection {
	page: FormPage;
	rows: SummaryRow[];
}

export function summarySections(schema: Pick<FormSchema, 'title' | 'properties' | 'x-ui'>, data: Answers, uploads: UploadsById = {}): SummarySection[] {
	return formPages(schema).map((page) => ({ page, rows: summaryRows(schema, data, uploads, page.keys) }));
}

/** A row's answer as lines of text, a group's or repeating item's answers folded onto one line each. */
export function rowLines(row: SummaryRow): string[] {
	if (!row.groups) return row.lines;
	return row.groups.map((g) => `${g.label}: ${g.rows.map((r) => `${r.label}: ${rowLines(r).join(', ')}`).join('; ')}`);
}
