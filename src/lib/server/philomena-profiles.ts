/**
 * Philomena Protocol profiles: prepared in advance for a child at risk of going missing or of
 * exploitation, and updated when the child goes missing. A profile belongs to the child: each
 * time it is recorded is a new submission (a new version), from the child's page or with an
 * episode's step when the child goes missing, and every earlier version stays readable.
 *
 * Which protocol's profile applies follows the new-episode rule (protocol-for-new-episode.md):
 * the responsible authority's active protocol when it uses the Philomena Protocol, else the
 * recording council's (for a child placed in its area, the host's, whose providers prepare it).
 * Visibility is checked with the user's own token; the submission is written by the service
 * client, with the draft it came from removed in the same batch.
 */
import type PocketBase from 'pocketbase';
import type { RecordModel } from 'pocketbase';
import type { FormSchema, Philomena, ProtocolPackage } from '../protocol/types.js';
import { checkForm } from '../protocol/form-check.js';
import type { FieldValues } from '../protocol/form-data.js';
import type { SessionUser } from './session-user.js';
import { packageOf, epochOf } from './episode-records.js';
import { mayAct, prefillContext, schemaHash, type CommandFailure, type RecordedDraft } from './episode-commands.js';
import { visibleChild } from './child-access.js';
import { authorOf, type RecordAuthor } from './record-authors.js';
import { draftUnchanged, removeDraftInBatch } from './form-drafts.js';
import { createBatch } from './pocketbase-batch.js';
import { checkFileAnswers } from './form-uploads.js';

export interface PhilomenaSetup {
	versionId: string;
	pkg: ProtocolPackage;
	philomena: Philomena;
	schema: FormSchema;
}

function setupOf(versionId: string, pkg: ProtocolPackage): PhilomenaSetup | null {
	const philomena = pkg.protocol.philomena;
	if (!philomena?.used || !philomena.form) return null;
	const schema = pkg.forms[philomena.form];
	return schema ? { versionId, pkg, philomena, schema } : null;
}

/** The Philomena profile a user would prepare for a child, or null when no protocol asks for one. */
export async function philomenaFor(service: PocketBase, child: RecordModel, user: SessionUser): Promise<PhilomenaSetup | null> {
	for (const authorityId of [child.authority, user.authorityId]) {
		const a = await service.collection('authorities').getOne(authorityId, { fields: 'id,active_protocol' });
		if (!a.active_protocol) continue;
		const setup = setupOf(a.active_protocol, await packageOf(service, a.active_protocol));
		if (setup) return setup;
	}
	return null;
}

export interface ProfileVersion {
	id: string;
	recordedAt: number;
	author: string;
	authorCouncil: string;
	schema: FormSchema;
	data: Record<string, unknown>;
	protocolTitle: string;
	/** Recorded with an episode's step (at the time the child went missing), or on its own. */
	episodeId: string | null;
}

/**
 * Every recorded profile of the child the user may see, newest first: those prepared from the
 * child's page and those recorded with an episode's step, each read against the protocol it
 * followed. The submissions are read with the user's token; who recorded each (perhaps in the
 * other council) with the service's.
 */
export async function profileVersions(userPb: PocketBase, service: PocketBase, childId: string): Promise<ProfileVersion[]> {
	const rows = await userPb.collection('submissions').getFullList({
		filter: userPb.filter('child = {:child}', { child: childId }),
		sort: '-created',
		expand: 'episode',
		fields: 'id,episode,form_id,protocol_version,created,author,expand.episode.protocol_version'
	});
	const profiles: Array<{ row: RecordModel; setup: NonNullable<ReturnType<typeof setupOf>> }> = [];
	for (const row of rows) {
		const versionId = String(row.protocol_version || row.expand?.episode?.protocol_version || '');
		if (!versionId) continue;
		const setup = setupOf(versionId, await packageOf(service, versionId));
		if (setup && setup.philomena.form === row.form_id) profiles.push({ row, setup });
	}
	if (profiles.length === 0) return [];
	// The answers of the profiles only (not of every form the child has), in one read.
	const answers = await userPb.collection('submissions').getFullList({
		filter: profiles.map((p, i) => userPb.filter(`id = {:id${i}}`, { [`id${i}`]: p.row.id })).join(' || '),
		fields: 'id,data'
	});
	const dataOf = new Map(answers.map((a) => [a.id, (a.data ?? {}) as Record<string, unknown>]));
	const authors = new Map<string, Promise<RecordAuthor | null>>();
	const versions: ProfileVersion[] = [];
	for (const { row, setup } of profiles) {
		if (row.author && !authors.has(row.author)) authors.set(row.author, authorOf(service, row.author));
		const author = row.author ? await authors.get(row.author)! : null;
		versions.push({
			id: row.id,
			recordedAt: epochOf(row.created) ?? 0,
			author: author?.name || 'Someone',
			authorCouncil: author?.council ?? '',
			schema: setup.schema,
			data: dataOf.get(row.id) ?? {},
			protocolTitle: setup.pkg.protocol.metadata.title,
			episodeId: row.episode || null
		});
	}
	return versions;
}

export type ProfileResult = { ok: true; submissionId: string } | CommandFailure;

/** Records a new version of the child's Philomena profile from a draft's fields. */
export async function recordProfile(input: {
	service: PocketBase;
	userPb: PocketBase;
	user: SessionUser;
	childId: string;
	fields: FieldValues;
	draft?: RecordedDraft;
	now?: number;
}): Promise<ProfileResult> {
	const now = input.now ?? Date.now();
	const denied = mayAct(input.user);
	if (denied) return denied;
	const child = await visibleChild(input.userPb, input.childId);
	if (!child) return { ok: false, kind: 'not-found', message: 'No child with that reference is visible to you.' };
	const { service } = input;
	const setup = await philomenaFor(service, child, input.user);
	if (!setup) return { ok: false, kind: 'refused', message: 'Neither the child’s council nor yours uses the Philomena Protocol in Homeward.' };
	const responsible = await service.collection('authorities').getOne(child.authority, { fields: 'id,name' });
	// A photo answer must name an upload of this child that the question accepts.
	const fileIssues = await checkFileAnswers(input.userPb, setup.schema, input.fields, child.id);
	const checked = checkForm(setup.schema, input.fields, prefillContext(child, responsible.name, null, now), fileIssues);
	if (checked.errors.length) {
		return { ok: false, kind: 'invalid', message: 'There is a problem with the Philomena profile', errors: checked.errors, data: checked.data };
	}
	const batch = createBatch(service);
	batch.collection('submissions').create({
		child: child.id,
		episode: '',
		protocol_version: setup.versionId,
		form_id: setup.schema.$id,
		form_version: setup.schema.version,
		schema_hash: schemaHash(setup.schema),
		data: checked.data,
		author: input.user.id
	});
	if (input.draft) removeDraftInBatch(batch, input.draft, input.user.id);
	try {
		const [created] = await batch.send();
		return { ok: true, submissionId: String((created.body as { id?: string }).id ?? '') };
	} catch (err) {
		if (input.draft && !(await draftUnchanged(service, input.draft.key, input.draft))) {
			return { ok: false, kind: 'draft-changed', message: 'Someone saved changes to the profile after you checked it, so nothing was recorded. Check the answers again, then submit.' };
		}
		throw err;
	}
}
