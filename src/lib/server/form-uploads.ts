/**
 * Files and photos posted with a form. `receiveForm` is the first thing a form action does with
 * a posted form, with or without JavaScript: each file chosen for a file question is checked
 * against the question (its real type read from its first bytes, its size) and stored as an
 * `uploads` record, and the field becomes that record's id. From then on a file answer is a
 * short string like any other, so a re-displayed form, a draft or a submission keeps it.
 *
 * Visibility is PocketBase's: the user's own token must see the child before anything is
 * stored, and every upload a form names is read back with the user's token (the uploads
 * collection's rules are the children's). Only the service client writes uploads.
 */
import type PocketBase from 'pocketbase';
import { ClientResponseError, type RecordModel } from 'pocketbase';
import type { FormSchema } from '../protocol/types.js';
import { fieldValuesFromFormData, type FieldValues } from '../protocol/form-data.js';
import { locate } from '../protocol/form-errors.js';
import {
	fileIssue,
	isFileQuestion,
	isUploadId,
	sniffType,
	SNIFF_BYTES,
	type FileIssue,
	type UploadInfo
} from '../protocol/form-files.js';
import type { UploadsById } from '../protocol/form-summary.js';
import { shareableUploads } from '../protocol/form-conditions.js';
import type { SessionUser } from './session-user.js';
import { mayRecord, visibleChild } from './child-access.js';

export interface ReceivedForm {
	/** The form's fields, each file question holding the id of its upload (or '' for none). */
	fields: FieldValues;
	/** Files refused or no longer found: pass to `checkForm` (or createEpisode) as `received`. */
	issues: FileIssue[];
	/** The uploads the fields name, so a re-displayed form shows "photo.jpg uploaded". */
	uploads: UploadsById;
}

export interface UploadTarget {
	schema: Pick<FormSchema, 'properties'>;
	formId: string;
	childId: string;
	/** The signed-in user's own client: it must see the child. */
	userPb: PocketBase;
	/** The service client, which alone writes uploads. */
	service: PocketBase;
	user: SessionUser;
}

function uploadInfo(record: RecordModel): UploadInfo {
	return { id: record.id, name: String(record.name), size: Number(record.size), type: String(record.type) };
}

/** A file name as given, without any folder a browser may send, and never empty. */
function baseName(name: string): string {
	const base = name.split(/[\\/]/).pop()?.trim() ?? '';
	return (base || 'file').slice(0, 255);
}

/**
 * Reads a posted form: stores each chosen file that its question accepts, keeps each upload the
 * form already had (a hidden field with its id), and reports the rest. Nothing else typed is
 * touched, so a refused file never costs the other answers.
 */
export async function receiveForm(posted: FormData, target: UploadTarget): Promise<ReceivedForm> {
	const fields = fieldValuesFromFormData(posted);
	const issues: FileIssue[] = [];
	const uploads: UploadsById = {};
	let mayStore: boolean | null = null;

	for (const path of new Set(posted.keys())) {
		if (path.startsWith('_')) continue;
		const node = locate(target.schema, path)?.node;
		if (!isFileQuestion(node)) continue;
		const entries = posted.getAll(path);
		const kept = entries.find((e): e is string => typeof e === 'string' && isUploadId(e));
		const chosen = entries.find((e): e is File => typeof e !== 'string' && (e.size > 0 || e.name !== ''));
		fields[path] = kept ?? '';
		if (!chosen) continue;

		const head = new Uint8Array(await chosen.slice(0, SNIFF_BYTES).arrayBuffer());
		const type = sniffType(head);
		const refused = fileIssue(node!, path, { size: chosen.size, type });
		if (refused) {
			issues.push(refused);
			continue;
		}
		mayStore ??= mayRecord(target.user) && (await visibleChild(target.userPb, target.childId)) !== null;
		if (!mayStore) {
			issues.push({ path, keyword: 'fileMissing', params: {} });
			continue;
		}
		const body = new FormData();
		const name = baseName(chosen.name);
		body.set('file', new File([await chosen.arrayBuffer()], name, { type: type! }));
		body.set('child', target.childId);
		body.set('uploaded_by', target.user.id);
		body.set('form_id', target.formId);
		body.set('question', path);
		body.set('name', name);
		body.set('size', String(chosen.size));
		body.set('type', type!);
		const record = await target.service.collection('uploads').create(body);
		fields[path] = record.id;
		uploads[record.id] = uploadInfo(record);
	}

	const known = await knownUploads(target.userPb, target.schema, fields, target.childId);
	for (const problem of known.issues) {
		issues.push(problem);
		fields[problem.path] = '';
	}
	return { fields, issues, uploads: { ...known.uploads, ...uploads } };
}

/**
 * Checks every file answer in a form's fields: it must name an upload the user can see, of
 * this child, that its question accepts (an id copied from another question or another child is
 * refused). The enforcement service runs this on every submission, however it arrived.
 */
export async function checkFileAnswers(userPb: PocketBase, schema: Pick<FormSchema, 'properties'>, fields: FieldValues, childId: string): Promise<FileIssue[]> {
	return (await knownUploads(userPb, schema, fields, childId)).issues;
}

async function knownUploads(
	userPb: PocketBase,
	schema: Pick<FormSchema, 'properties'>,
	fields: FieldValues,
	childId: string
): Promise<{ issues: FileIssue[]; uploads: UploadsById }> {
	const answers: Array<{ path: string; id: string }> = [];
	const issues: FileIssue[] = [];
	for (const [path, value] of Object.entries(fields)) {
		const node = locate(schema, path)?.node;
		if (!isFileQuestion(node) || typeof value !== 'string' || value === '') continue;
		if (isUploadId(value)) answers.push({ path, id: value });
		else issues.push({ path, keyword: 'fileMissing', params: {} });
	}
	const uploads: UploadsById = {};
	if (answers.length === 0) return { issues, uploads };
	const records = await uploadsByIds(userPb, answers.map((a) => a.id));
	for (const { path, id } of answers) {
		const record = records.get(id);
		const node = locate(schema, path)!.node;
		if (!record || record.child !== childId || fileIssue(node, path, { size: Number(record.size), type: String(record.type) })) {
			issues.push({ path, keyword: 'fileMissing', params: {} });
			continue;
		}
		uploads[id] = uploadInfo(record);
	}
	return { issues, uploads };
}

/** The uploads with these ids that the client's token may see (the rest are simply absent). */
async function uploadsByIds(pb: PocketBase, ids: string[]): Promise<Map<string, RecordModel>> {
	const unique = [...new Set(ids.filter(isUploadId))];
	const found = new Map<string, RecordModel>();
	// One request per 50 ids keeps the filter well inside PocketBase's limits.
	for (let i = 0; i < unique.length; i += 50) {
		const chunk = unique.slice(i, i + 50);
		const params = Object.fromEntries(chunk.map((id, j) => [`id${j}`, id]));
		const filter = pb.filter(chunk.map((_, j) => `id = {:id${j}}`).join(' || '), params);
		for (const record of await pb.collection('uploads').getFullList({ filter })) found.set(record.id, record);
	}
	return found;
}

/** The uploads these ids name, as forms and summaries show them. */
export async function uploadInfos(pb: PocketBase, ids: string[]): Promise<UploadsById> {
	const out: UploadsById = {};
	for (const [id, record] of await uploadsByIds(pb, ids)) out[id] = uploadInfo(record);
	return out;
}

/**
 * An upload's bytes for a download, read with the user's own file token: PocketBase itself
 * checks the view rule again before it serves a protected file. Null when the user cannot see it.
 */
export async function openUpload(userPb: PocketBase, id: string): Promise<{ info: UploadInfo; body: ReadableStream<Uint8Array> } | null> {
	if (!isUploadId(id)) return null;
	let record: RecordModel;
	try {
		record = await userPb.collection('uploads').getOne(id);
	} catch (err) {
		if (err instanceof ClientResponseError && (err.status === 404 || err.status === 403)) return null;
		throw err;
	}
	const token = await userPb.files.getToken();
	const res = await fetch(userPb.files.getURL(record, record.file, { token }));
	if (res.status === 404 || res.status === 403) return null;
	if (!res.ok || !res.body) throw new Error(`PocketBase did not serve upload ${id}: HTTP ${res.status}`);
	return { info: uploadInfo(record), body: res.body };
}

/** The photos a copy of a stored form may show: those its `shareWhen` answers allow, images only. */
export function shownImages(schema: Pick<FormSchema, 'properties'>, data: Record<string, unknown>, uploads: UploadsById): string[] {
	return shareableUploads(schema, data, {}).filter((u) => uploads[u]?.type.startsWith('image/'));
}

/** The bytes of uploads the client can see, by id (the PDF embeds photos), with one file token. */
export async function uploadsBytes(pb: PocketBase, ids: string[]): Promise<Map<string, Uint8Array>> {
	const bytes = new Map<string, Uint8Array>();
	const records = await uploadsByIds(pb, ids);
	if (records.size === 0) return bytes;
	const token = await pb.files.getToken();
	for (const [id, record] of records) {
		const res = await fetch(pb.files.getURL(record, record.file, { token }));
		if (!res.ok) throw new Error(`PocketBase did not serve upload ${record.id}: HTTP ${res.status}`);
		bytes.set(id, new Uint8Array(await res.arrayBuffer()));
	}
	return bytes;
}
