/**
 * File and photo questions. The answer a form stores for one is the id of an upload record
 * (a PocketBase record holding the file), so a stored submission or a draft keeps a file like
 * any other answer: a short string. What a file may be is the question's `x-ui.accept` (MIME
 * types) and `x-ui.maxBytes`, inside the hard limits every upload has (`UPLOAD_TYPES`,
 * `UPLOAD_MAX_BYTES`, the same as the uploads collection's).
 *
 * Pure: the type is read from the file's first bytes by the caller and passed in, never taken
 * from the browser's claim or the file name.
 */
import type { FormNode, FormSchema } from './types.js';
import { childPath, type Answers } from './form-data.js';

/** The types any upload may have, with the words people know them by and their first bytes. */
export const UPLOAD_TYPES = {
	'image/jpeg': { label: 'JPG', magic: [[0xff, 0xd8, 0xff]] },
	'image/png': { label: 'PNG', magic: [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]] },
	'application/pdf': { label: 'PDF', magic: [[0x25, 0x50, 0x44, 0x46, 0x2d]] }
} as const satisfies Record<string, { label: string; magic: number[][] }>;

export type UploadType = keyof typeof UPLOAD_TYPES;

/** The largest file any question may take (the uploads collection's own limit). */
export const UPLOAD_MAX_BYTES = 10 * 1024 * 1024;

/** How many bytes `sniffType` needs to see. */
export const SNIFF_BYTES = 16;

/** Upload record ids (PocketBase): 15 characters of a–z and 0–9. */
const UPLOAD_ID = /^[a-z0-9]{15}$/;

/** What the form knows about a stored upload, to show and check it. */
export interface UploadInfo {
	id: string;
	name: string;
	size: number;
	type: string;
}

export function isFileQuestion(node: FormNode | undefined): boolean {
	const widget = node?.['x-ui']?.widget;
	return node?.type === 'string' && (widget === 'file' || widget === 'photo');
}

export function isUploadId(value: unknown): value is string {
	return typeof value === 'string' && UPLOAD_ID.test(value);
}

/** The real type of a file from its first bytes, or null when it is none of the upload types. */
export function sniffType(head: Uint8Array): UploadType | null {
	for (const [type, { magic }] of Object.entries(UPLOAD_TYPES) as Array<[UploadType, { magic: readonly (readonly number[])[] }]>) {
		if (magic.some((m) => m.length <= head.length && m.every((b, i) => head[i] === b))) return type;
	}
	return null;
}

/** The types a question accepts: its `accept` list, or every upload type when it has none. */
export function acceptedTypes(node: FormNode): UploadType[] {
	const accept = node['x-ui']?.accept;
	const known = Object.keys(UPLOAD_TYPES) as UploadType[];
	return accept ? known.filter((t) => accept.includes(t)) : known;
}

export function maxBytesOf(node: FormNode): number {
	return Math.min(node['x-ui']?.maxBytes ?? UPLOAD_MAX_BYTES, UPLOAD_MAX_BYTES);
}

/** "a JPG or PNG", "a JPG, PNG or PDF": the accepted types as GOV.UK's file upload messages say them. */
export function typeList(types: UploadType[]): string {
	const labels = types.map((t) => UPLOAD_TYPES[t].label);
	return labels.length === 0 ? 'a file' : `a ${orList(labels)}`;
}

/** "JPG", "JPG or PNG", "JPG, PNG or PDF" (at least one name). */
function orList(names: string[]): string {
	if (names.length === 1) return names[0];
	return `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}

/** Sizes as people read them: "5MB", "1.2MB", "830KB", "12 bytes". */
export function formatBytes(bytes: number): string {
	const mb = bytes / (1024 * 1024);
	if (mb >= 1) return `${Number.isInteger(mb) ? mb : mb.toFixed(1).replace(/\.0$/, '')}MB`;
	const kb = bytes / 1024;
	if (kb >= 1) return `${Math.round(kb)}KB`;
	return bytes === 1 ? '1 byte' : `${bytes} bytes`;
}

/** What the hint under a file question says about the limits: "JPG or PNG, smaller than 5MB". */
export function limitsHint(node: FormNode): string {
	const types = acceptedTypes(node).map((t) => UPLOAD_TYPES[t].label);
	const list = types.length > 0 ? orList(types) : 'Any file';
	return `${list}, smaller than ${formatBytes(maxBytesOf(node))}`;
}

/** A file refused, in the shape of a validation issue so its message comes from form-errors. */
export interface FileIssue {
	path: string;
	keyword: 'fileType' | 'fileTooLarge' | 'fileEmpty' | 'fileMissing';
	params: { types?: UploadType[]; maxBytes?: number };
}

/** Why a file cannot be the answer to a question, or null when it can. */
export function fileIssue(node: FormNode, path: string, file: { size: number; type: string | null }): FileIssue | null {
	if (file.size === 0) return { path, keyword: 'fileEmpty', params: {} };
	const types = acceptedTypes(node);
	if (!file.type || !types.includes(file.type as UploadType)) return { path, keyword: 'fileType', params: { types } };
	const maxBytes = maxBytesOf(node);
	if (file.size > maxBytes) return { path, keyword: 'fileTooLarge', params: { maxBytes } };
	return null;
}

/** Every file answer in a set of answers, with its field path (`photo`, `associates[1].photo`). */
export function fileAnswers(schema: Pick<FormSchema, 'properties'>, data: Answers): Array<{ path: string; node: FormNode; id: string }> {
	const found: Array<{ path: string; node: FormNode; id: string }> = [];
	const walk = (properties: Record<string, FormNode>, values: Answers, path: string) => {
		for (const [key, node] of Object.entries(properties)) {
			const value = values[key];
			const here = childPath(path, key);
			if (isFileQuestion(node)) {
				if (typeof value === 'string' && value !== '') found.push({ path: here, node, id: value });
			} else if (node.type === 'object' && value && typeof value === 'object' && !Array.isArray(value)) {
				walk(node.properties ?? {}, value as Answers, here);
			} else if (node.type === 'array' && node.items?.type === 'object' && Array.isArray(value)) {
				value.forEach((item, i) => walk(node.items!.properties ?? {}, (item ?? {}) as Answers, childPath(here, i)));
			}
		}
	};
	walk(schema.properties, data, '');
	return found;
}
