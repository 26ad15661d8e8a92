/**
 * What a form in progress is for: a child's missing report, an episode's step with one of its
 * forms, or a child's Philomena profile. Resolving one checks, with the user's own token, that
 * they may see the child or episode, and finds the form, its prefill, the draft's key and how
 * the finished form is recorded. Pages, the autosave endpoint and the recording all resolve
 * through here, so the form shown is the form saved and the form checked.
 */
import type PocketBase from 'pocketbase';
import { ClientResponseError, type RecordModel } from 'pocketbase';
import type { FormSchema, ProtocolPackage } from '../protocol/types.js';
import type { PrefillContext } from '../protocol/form-conditions.js';
import type { FormTargetRef } from '../protocol/form-journey.js';
import { protocolLabel } from '../protocol/describe.js';
import { fieldsFromData, type FieldValues } from '../protocol/form-data.js';
import { allowedEvents, type EpisodeSnapshot } from '../protocol/lifecycle.js';
import type { SessionUser } from './session-user.js';
import { packageOf } from './episode-records.js';
import {
	activeVersionFor,
	createEpisode,
	MISSING_REPORT_FORM,
	prefillContext,
	recordStep,
	schemaHash,
	type CommandFailure,
	type RecordedDraft
} from './episode-commands.js';
import { philomenaFor, profileVersions, recordProfile } from './philomena-profiles.js';
import { visibleChild } from './child-access.js';
import type { DraftScope } from './form-drafts.js';

type TargetRef = FormTargetRef;

export type RecordOutcome = { ok: true; href: string } | CommandFailure;

export interface FormTarget {
	ref: TargetRef;
	scope: DraftScope;
	schema: FormSchema;
	context: PrefillContext;
	child: { id: string; name: string };
	/** Where the form's pages live, and the query that names the form there. */
	base: { path: string; query: Record<string, string> };
	/** Where "Back" leads from the form's first page. */
	exit: { href: string; label: string };
	submitLabel: string;
	/** Which protocol (and version) the form comes from, in words. */
	protocolLabel: string;
	/**
	 * The fields a new draft starts from (a profile's update starts from its latest version).
	 * Read only when a draft is started, not on every save; each target reads it at most once.
	 */
	startingFields(): Promise<FieldValues>;
	/** For a step: the episode's seq now, which a new draft's answers are made against. */
	episodeSeq?: number;
	/** False for a step the episode's current state does not offer. */
	available?: boolean;
	record(input: { fields: FieldValues; draft: RecordedDraft; expectedSeq: number | null }): Promise<RecordOutcome>;
}

export interface TargetProblem {
	problem: true;
	status: 403 | 404 | 409;
	message: string;
}

interface Clients {
	userPb: PocketBase;
	service: PocketBase;
	user: SessionUser;
	now?: number;
	/** The step's episode when the caller has just read it with the user's token (child expanded). */
	episode?: RecordModel;
}

const problem = (status: TargetProblem['status'], message: string): TargetProblem => ({ problem: true, status, message });

export function isProblem(value: FormTarget | TargetProblem): value is TargetProblem {
	return 'problem' in value;
}

function childName(child: RecordModel): string {
	return [child.given_name, child.family_name].filter(Boolean).join(' ');
}

async function responsibleName(service: PocketBase, child: RecordModel): Promise<string> {
	const a = await service.collection('authorities').getOne(child.authority, { fields: 'id,name' });
	return a.name;
}

const NO_CHILD = 'No child with this reference is visible to you. Check the link, or find the child in your children list.';

async function missingReportTarget(ref: Extract<TargetRef, { kind: 'missing-report' }>, c: Clients): Promise<FormTarget | TargetProblem> {
	const child = await visibleChild(c.userPb, ref.child);
	if (!child) return problem(404, NO_CHILD);
	const versionId = await activeVersionFor(c.service, child, c.user);
	if (!versionId) {
		return problem(409, 'Neither the child’s council nor yours has published a protocol in Homeward, so there is no missing report to fill in. Ask your safeguarding lead to publish one.');
	}
	const pkg = await packageOf(c.service, versionId);
	const schema = pkg.forms[MISSING_REPORT_FORM];
	if (!schema) return problem(409, `The protocol ${pkg.protocol.metadata.title} has no missing report form. Ask its safeguarding lead to add one.`);
	const name = childName(child);
	return {
		ref,
		scope: { key: `missing-report:child:${child.id}`, childId: child.id, formId: MISSING_REPORT_FORM, schemaHash: schemaHash(schema) },
		schema,
		context: prefillContext(child, await responsibleName(c.service, child), null, c.now ?? Date.now()),
		child: { id: child.id, name },
		base: { path: `/children/${child.id}/episodes/new`, query: {} },
		exit: { href: `/children/${child.id}`, label: `Back to ${name}` },
		submitLabel: 'Submit missing report',
		protocolLabel: protocolLabel(pkg),
		startingFields: async () => ({}),
		async record({ fields, draft }) {
			const result = await createEpisode({ service: c.service, userPb: c.userPb, user: c.user, childId: child.id, fields, draft });
			return result.ok ? { ok: true, href: `/episodes/${result.episodeId}` } : result;
		}
	};
}

async function stepTarget(ref: Extract<TargetRef, { kind: 'step' }>, c: Clients): Promise<FormTarget | TargetProblem> {
	let episode: RecordModel;
	try {
		episode = c.episode?.id === ref.episode && c.episode.expand?.child ? c.episode : await c.userPb.collection('episodes').getOne(ref.episode, { expand: 'child' });
	} catch (err) {
		if (err instanceof ClientResponseError && (err.status === 404 || err.status === 403)) {
			return problem(404, 'No episode with this reference is visible to you. Check the link, or open the child from your children list.');
		}
		throw err;
	}
	const child = episode.expand!.child as RecordModel;
	const pkg: ProtocolPackage = await packageOf(c.service, episode.protocol_version);
	const step = allowedEvents(pkg, episode.snapshot as EpisodeSnapshot).find((s) => s.type === ref.event);
	// A step the episode has moved past can still have its draft saved, so nothing typed is lost;
	// recording it is refused with the reason.
	const forms = step ? step.forms.map((f) => f.id) : formsOfEvent(pkg, ref.event);
	if (!forms.includes(ref.form)) return problem(404, `The form '${ref.form}' does not belong to this step.`);
	const schema = pkg.forms[ref.form];
	if (!schema) return problem(409, `The protocol names a form '${ref.form}' for this step but does not include it. Ask its safeguarding lead to fix the protocol.`);
	const name = childName(child);
	// The profile shared when the child goes missing starts from the one prepared in advance.
	const isProfile = pkg.protocol.philomena?.used && pkg.protocol.philomena.form === ref.form;
	return {
		ref,
		scope: {
			key: `step:episode:${episode.id}:event:${ref.event}:form:${ref.form}`,
			childId: child.id,
			episodeId: episode.id,
			step: ref.event,
			formId: ref.form,
			schemaHash: schemaHash(schema)
		},
		schema,
		context: prefillContext(child, await responsibleName(c.service, child), episode, c.now ?? Date.now()),
		child: { id: child.id, name },
		base: { path: `/episodes/${episode.id}/steps/${ref.event}`, query: { form: ref.form } },
		exit: { href: `/episodes/${episode.id}`, label: 'Back to the episode' },
		submitLabel: `Submit ${schema.title.toLowerCase()}`,
		protocolLabel: protocolLabel(pkg),
		startingFields: isProfile ? latestProfileFields(c, child.id, schema) : async () => ({}),
		episodeSeq: episode.seq as number,
		available: step !== undefined,
		async record({ fields, draft, expectedSeq }) {
			const result = await recordStep({
				service: c.service,
				userPb: c.userPb,
				user: c.user,
				episodeId: episode.id,
				event: ref.event,
				expectedSeq: expectedSeq ?? (episode.seq as number),
				form: { id: ref.form, fields },
				draft
			});
			return result.ok ? { ok: true, href: `/episodes/${result.episodeId}` } : result;
		}
	};
}

/** The child's latest recorded profile as fields, read once when first asked for. */
function latestProfileFields(c: Clients, childId: string, schema: FormSchema): () => Promise<FieldValues> {
	let fields: Promise<FieldValues> | null = null;
	return () =>
		(fields ??= profileVersions(c.userPb, c.service, childId).then(([latest]) => (latest ? fieldsFromData(schema, latest.data) : {})));
}

/** The forms any transition on this event takes, in whatever state. */
function formsOfEvent(pkg: ProtocolPackage, event: string): string[] {
	const forms = new Set<string>();
	for (const state of Object.values(pkg.lifecycle.states)) {
		const on = state.on?.[event];
		for (const t of on === undefined ? [] : Array.isArray(on) ? on : [on]) if (t.meta?.form) forms.add(t.meta.form);
	}
	return [...forms];
}

/** The one draft of a child's Philomena profile. */
export function philomenaDraftKey(childId: string, formId: string): string {
	return `philomena:child:${childId}:form:${formId}`;
}

async function philomenaTarget(ref: Extract<TargetRef, { kind: 'philomena' }>, c: Clients): Promise<FormTarget | TargetProblem> {
	const child = await visibleChild(c.userPb, ref.child);
	if (!child) return problem(404, NO_CHILD);
	const setup = await philomenaFor(c.service, child, c.user);
	if (!setup) return problem(409, 'Neither the child’s council nor yours uses the Philomena Protocol in Homeward, so there is no profile to prepare.');
	const { schema } = setup;
	const name = childName(child);
	return {
		ref,
		scope: { key: philomenaDraftKey(child.id, schema.$id), childId: child.id, formId: schema.$id, schemaHash: schemaHash(schema) },
		schema,
		context: prefillContext(child, await responsibleName(c.service, child), null, c.now ?? Date.now()),
		child: { id: child.id, name },
		base: { path: `/children/${child.id}/philomena/edit`, query: {} },
		exit: { href: `/children/${child.id}`, label: `Back to ${name}` },
		submitLabel: 'Record the profile',
		protocolLabel: protocolLabel(setup.pkg),
		// An update starts from the latest version, so only what changed needs typing.
		startingFields: latestProfileFields(c, child.id, schema),
		async record({ fields, draft }) {
			const result = await recordProfile({ service: c.service, userPb: c.userPb, user: c.user, childId: child.id, fields, draft });
			return result.ok ? { ok: true, href: `/children/${child.id}/philomena` } : result;
		}
	};
}

export async function resolveTarget(ref: TargetRef, clients: Clients): Promise<FormTarget | TargetProblem> {
	switch (ref.kind) {
		case 'missing-report':
			return missingReportTarget(ref, clients);
		case 'step':
			return stepTarget(ref, clients);
		case 'philomena':
			return philomenaTarget(ref, clients);
	}
}

/** A target reference as a browser sends it to the autosave endpoint, checked for shape. */
export function parseTargetRef(value: unknown): TargetRef | null {
	if (!value || typeof value !== 'object') return null;
	const v = value as Record<string, unknown>;
	const text = (x: unknown) => typeof x === 'string' && /^[A-Za-z0-9_-]{1,100}$/.test(x);
	if ((v.kind === 'missing-report' || v.kind === 'philomena') && text(v.child)) return { kind: v.kind, child: String(v.child) };
	if (v.kind === 'step' && text(v.episode) && text(v.event) && text(v.form)) {
		return { kind: 'step', episode: String(v.episode), event: String(v.event), form: String(v.form) };
	}
	return null;
}
