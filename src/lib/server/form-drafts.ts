/**
 * Drafts of forms in progress, stored in PocketBase by the server only.
 *
 * A draft is keyed by what is being filled (a child's missing report, an episode's step with its
 * form), so whoever can see the child picks it up on any device. Its fields are raw input values,
 * exactly as typed. Every save says which revision it was made from; the save writes revision
 * N+1 to the create-only `draft_revisions` log (unique per draft and revision) and moves the
 * draft to N+1 in one batch, so of two saves made from the same revision exactly one commits.
 * The other is a conflict, returned with both versions: nothing is overwritten silently.
 *
 * Saves from the same open page (an `editor`: one browser tab, or one page load without
 * JavaScript) are that person's own sequence, never a conflict with each other: a save made
 * from an older revision is accepted when every revision since came from the same editor (the
 * last keystrokes flushed as a page closes can land after the next page has loaded).
 *
 * Callers check, with the user's own token, that the user may see the child before calling.
 */
import type PocketBase from 'pocketbase';
import { ClientResponseError, type RecordModel } from 'pocketbase';
import type { FieldValues } from '../protocol/form-data.js';
import { sameFields } from '../protocol/draft-diff.js';
import type { SessionUser } from './session-user.js';
import { epochOf } from './episode-records.js';
import { newRecordId } from './record-ids.js';
import { createBatch, isUniqueViolation, type Batch } from './pocketbase-batch.js';

/** What a draft is of; `key` is unique (one draft per child and form, or per episode step and form). */
export interface DraftScope {
	key: string;
	childId: string;
	episodeId?: string;
	step?: string;
	formId: string;
	schemaHash: string;
}

export interface StoredDraft {
	id: string;
	revision: number;
	fields: FieldValues;
	expectedSeq: number | null;
	schemaHash: string;
	savedAt: number;
	savedBy: string;
	savedById: string;
}

export interface DraftBase {
	draftId: string;
	revision: number;
}

export type SaveResult =
	| {
			kind: 'saved';
			draft: StoredDraft;
			/** The draft this save was made from had gone (recorded or discarded): these fields start a new one. */
			restarted: boolean;
	  }
	| {
			kind: 'conflict';
			/** The version someone else saved since. */
			theirs: StoredDraft;
			/** The version both started from (empty when the person started without a draft). */
			base: FieldValues;
	  };

/** Fields as sent by a browser: names to strings or lists of strings, nothing else. */
export function isFieldValues(value: unknown): value is FieldValues {
	if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
	return Object.values(value).every((v) => typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string')));
}

/** The version a page says its fields were made from, or null before its first save. */
export function draftBase(draftId: unknown, revision: unknown): DraftBase | null {
	return typeof draftId === 'string' && draftId && typeof revision === 'number' && Number.isInteger(revision) && revision > 0 ? { draftId, revision } : null;
}

/**
 * The episode seq a new draft of a step is made against: the one the page was opened at when
 * it says so, else the episode's now. Only a step's first save sets it; later saves keep it.
 */
export function startingSeq(episodeSeq: number | undefined, base: DraftBase | null, posted: unknown): number | undefined {
	if (base || episodeSeq === undefined) return undefined;
	return typeof posted === 'number' && Number.isInteger(posted) && posted > 0 ? posted : episodeSeq;
}

function toDraft(record: RecordModel): StoredDraft {
	const fields = record.fields;
	return {
		id: record.id,
		revision: Number(record.revision ?? 0),
		fields: isFieldValues(fields) ? fields : {},
		// Episode seqs start at 1; PocketBase stores an unset number as 0.
		expectedSeq: typeof record.expected_seq === 'number' && record.expected_seq > 0 ? record.expected_seq : null,
		schemaHash: String(record.schema_hash ?? ''),
		savedAt: epochOf(record.updated) ?? 0,
		savedBy: String(record.expand?.updated_by?.name || 'A colleague'),
		savedById: String(record.updated_by ?? '')
	};
}

/** The draft as a batch wrote it (the record PocketBase returned), saved by this user. */
function savedBy(body: unknown, user: SessionUser): StoredDraft {
	return toDraft({ ...(body as RecordModel), expand: { updated_by: { name: user.name } } });
}

export async function readDraft(service: PocketBase, key: string): Promise<StoredDraft | null> {
	try {
		const record = await service.collection('drafts').getFirstListItem(service.filter('key = {:key}', { key }), { expand: 'updated_by' });
		return toDraft(record);
	} catch (err) {
		if (err instanceof ClientResponseError && err.status === 404) return null;
		throw err;
	}
}

/** The fields a draft had at one revision, or null when that revision is not in the log. */
export async function revisionFields(service: PocketBase, draftId: string, revision: number): Promise<FieldValues | null> {
	if (revision < 1) return null;
	try {
		const record = await service
			.collection('draft_revisions')
			.getFirstListItem(service.filter('draft = {:d} && revision = {:r}', { d: draftId, r: revision }), { fields: 'fields' });
		return isFieldValues(record.fields) ? record.fields : {};
	} catch (err) {
		if (err instanceof ClientResponseError && err.status === 404) return null;
		throw err;
	}
}

/**
 * A batch that failed because a record it changes was removed meanwhile (a draft recorded or
 * deleted): the draft's update finds nothing, or the new revision's relation names a draft gone.
 */
function isGone(err: unknown): boolean {
	if (!(err instanceof ClientResponseError)) return false;
	const body = JSON.stringify(err.response ?? {});
	return err.status === 404 || body.includes('"status":404') || body.includes('validation_missing_rel_records');
}

/** Whether every revision after `since` was saved from this editor. */
async function onlyMineSince(service: PocketBase, draftId: string, since: number, editor: string): Promise<boolean> {
	if (!editor) return false;
	const later = await service.collection('draft_revisions').getFullList({
		filter: service.filter('draft = {:d} && revision > {:r}', { d: draftId, r: since }),
		fields: 'editor'
	});
	return later.every((r) => r.editor === editor);
}

const MAX_ATTEMPTS = 5;

/**
 * Saves a draft made from `base` (null when the person started without one). `expectedSeq`,
 * when given, is stored with the draft (the episode seq a step's answers were made against).
 * `current` is the draft as the caller has just read it, saving the first read.
 */
export async function saveDraft(
	service: PocketBase,
	input: { scope: DraftScope; user: SessionUser; base: DraftBase | null; editor: string; fields: FieldValues; expectedSeq?: number; current?: StoredDraft | null }
): Promise<SaveResult> {
	const { scope, user, base, editor, fields } = input;
	for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
		const current = attempt === 0 && input.current !== undefined ? input.current : await readDraft(service, scope.key);
		if (!current) {
			const id = newRecordId();
			const batch = createBatch(service);
			batch.collection('drafts').create({
				id,
				key: scope.key,
				owner: user.id,
				child: scope.childId,
				episode: scope.episodeId ?? '',
				step: scope.step ?? '',
				form_id: scope.formId,
				schema_hash: scope.schemaHash,
				fields,
				revision: 1,
				updated_by: user.id,
				expected_seq: input.expectedSeq ?? null
			});
			batch.collection('draft_revisions').create({ draft: id, revision: 1, kind: 'saved', fields, author: user.id, editor });
			let created: Awaited<ReturnType<typeof batch.send>>;
			try {
				created = await batch.send();
			} catch (err) {
				// Someone else started this draft at the same moment: read theirs and compare.
				if (isUniqueViolation(err)) continue;
				throw err;
			}
			return { kind: 'saved', draft: savedBy(created[0].body, user), restarted: base !== null };
		}

		// A page whose first save is still on its way counts as having started this draft when
		// every revision of it so far is its own.
		const fromThisDraft = base !== null ? base.draftId === current.id : await onlyMineSince(service, current.id, 0, editor);
		const from: DraftBase = base ?? { draftId: current.id, revision: 0 };
		if (!fromThisDraft || from.revision > current.revision) {
			if (sameFields(current.fields, fields) && input.expectedSeq === undefined) return { kind: 'saved', draft: current, restarted: false };
			return { kind: 'conflict', theirs: current, base: {} };
		}
		if (from.revision < current.revision && !(await onlyMineSince(service, current.id, from.revision, editor))) {
			if (sameFields(current.fields, fields) && input.expectedSeq === undefined) return { kind: 'saved', draft: current, restarted: false };
			return { kind: 'conflict', theirs: current, base: (await revisionFields(service, current.id, from.revision)) ?? {} };
		}
		if (sameFields(current.fields, fields) && (input.expectedSeq === undefined || input.expectedSeq === current.expectedSeq)) {
			return { kind: 'saved', draft: current, restarted: false };
		}

		const next = current.revision + 1;
		const batch = createBatch(service);
		batch.collection('draft_revisions').create({ draft: current.id, revision: next, kind: 'saved', fields, author: user.id, editor });
		batch.collection('drafts').update(current.id, {
			fields,
			revision: next,
			updated_by: user.id,
			schema_hash: scope.schemaHash,
			...(input.expectedSeq !== undefined ? { expected_seq: input.expectedSeq } : {})
		});
		let updated: Awaited<ReturnType<typeof batch.send>>;
		try {
			updated = await batch.send();
		} catch (err) {
			// Another save took revision N+1 first, or the draft was recorded meanwhile: look again.
			if (isUniqueViolation(err) || isGone(err)) continue;
			throw err;
		}
		return { kind: 'saved', draft: savedBy(updated[1].body, user), restarted: false };
	}
	throw new Error(`The draft ${scope.key} kept changing while it was being saved; try again.`);
}

/**
 * Adds to a batch the removal of a draft, as recorded or discarded: a closing revision N+1
 * first, so that if anyone saved the draft after revision N was checked, the unique (draft,
 * revision) fails and the whole batch (a recording's submission included) rolls back; then the
 * draft, whose log goes with it.
 */
export function removeDraftInBatch(batch: Batch, draft: DraftBase, userId: string, kind: 'submitted' | 'discarded' = 'submitted'): void {
	batch.collection('draft_revisions').create({ draft: draft.draftId, revision: draft.revision + 1, kind, fields: null, author: userId, editor: '' });
	batch.collection('drafts').delete(draft.draftId);
}

/** Whether the draft is still the version a page was opened at (or a recording was checked at). */
export function isVersion(current: StoredDraft, base: DraftBase | null): base is DraftBase {
	return base !== null && base.draftId === current.id && base.revision === current.revision;
}

export type DiscardResult = { kind: 'discarded' } | { kind: 'gone' } | { kind: 'changed'; current: StoredDraft };

/**
 * Deletes a draft as the person saw it. A draft saved again since (by anyone, from any tab) is
 * not deleted: they are shown the newer answers first.
 */
export async function discardDraft(service: PocketBase, key: string, seen: DraftBase, user: SessionUser): Promise<DiscardResult> {
	const current = await readDraft(service, key);
	if (!current) return { kind: 'gone' };
	if (!isVersion(current, seen)) return { kind: 'changed', current };
	const batch = createBatch(service);
	removeDraftInBatch(batch, seen, user.id, 'discarded');
	try {
		await batch.send();
	} catch (err) {
		if (!isUniqueViolation(err) && !isGone(err)) throw err;
		const now = await readDraft(service, key);
		return now ? { kind: 'changed', current: now } : { kind: 'gone' };
	}
	return { kind: 'discarded' };
}

/** Whether a draft is still at the revision a recording was made from. */
export async function draftUnchanged(service: PocketBase, key: string, draft: DraftBase): Promise<boolean> {
	const current = await readDraft(service, key);
	return current !== null && isVersion(current, draft);
}
