/**
 * The enforcement service: every change to an episode goes through here.
 *
 * The user's own client proves they can see the child (PocketBase rules decide visibility);
 * the pure engine decides whether the step is allowed and what follows; the new snapshot, the
 * submission, the tasks, the notifications and the event are then written by the service client
 * in ONE PocketBase batch (one transaction: all or nothing). The event's (stream, seq) is unique,
 * so of two people acting on the same episode at once exactly one batch commits; the other is
 * told so, and the log has no gap and no duplicate.
 */
import { createHash } from 'node:crypto';
import type PocketBase from 'pocketbase';
import { ClientResponseError, type RecordModel } from 'pocketbase';
import type { FormSchema, ProtocolPackage } from '../protocol/types.js';
import { decide, allowedEvents, CREATING_EVENT, type Effect, type EpisodeSnapshot, type Submission } from '../protocol/lifecycle.js';
import { ageInYears } from '../protocol/facts.js';
import { checkForm } from '../protocol/form-check.js';
import { fieldsFromData, type FieldValues } from '../protocol/form-data.js';
import type { FieldError, IssueLike } from '../protocol/form-errors.js';
import type { PrefillContext } from '../protocol/form-conditions.js';
import { stagesOpenedBy, stageTask, judgementDecisionTask } from '../protocol/repeat-missing.js';
import { completesTask, endsWithEpisode, type TaskDescriptor } from '../protocol/clocks.js';
import type { SessionUser } from './session-user.js';
import { checkFileAnswers } from './form-uploads.js';
import { newRecordId } from './record-ids.js';
import { mayRecord, visibleChild } from './child-access.js';
import { draftUnchanged, removeDraftInBatch, type DraftBase } from './form-drafts.js';
import { createBatch, isUniqueViolation, type Batch } from './pocketbase-batch.js';
import {
	authorityCode,
	authorityIdByCode,
	childRecordOf,
	episodeRecordOf,
	episodeFactsOf,
	factsOfEpisode,
	episodeStartsOf,
	epochOf,
	packageOf,
	pbDate as iso
} from './episode-records.js';

export const MISSING_REPORT_FORM = 'missing-report';

export type CommandFailure =
	| { ok: false; kind: 'not-found'; message: string }
	| { ok: false; kind: 'forbidden'; message: string }
	| { ok: false; kind: 'refused'; message: string }
	| { ok: false; kind: 'invalid'; message: string; errors: FieldError[]; data: Record<string, unknown> }
	| { ok: false; kind: 'conflict'; message: string }
	/** The draft being recorded was saved again (by someone else) after it was checked. */
	| { ok: false; kind: 'draft-changed'; message: string };

export type CommandResult = { ok: true; episodeId: string; state: string; seq: number } | CommandFailure;



export function schemaHash(schema: FormSchema): string {
	return createHash('sha256').update(JSON.stringify(schema)).digest('hex');
}

/** The draft a recording comes from: removed in the recording's batch, which fails if it changed. */
export interface RecordedDraft extends DraftBase {
	key: string;
}

const DRAFT_CHANGED: CommandFailure = {
	ok: false,
	kind: 'draft-changed',
	message: 'Someone saved changes to these answers after you checked them, so nothing was recorded. Check the answers again, then submit.'
};

export function mayAct(user: SessionUser): CommandFailure | null {
	if (mayRecord(user)) return null;
	return { ok: false, kind: 'forbidden', message: `Your role (${user.role}) can read episodes but not record steps: ask a practitioner or lead.` };
}

/** Prefill for forms: what a read-only question may show, as `child.*` and `episode.*`. */
export function prefillContext(child: RecordModel, responsibleName: string, episode: RecordModel | null, now: number): PrefillContext {
	const dob = String(child.date_of_birth).slice(0, 10);
	return {
		child: {
			name: [child.given_name, child.family_name].filter(Boolean).join(' '),
			givenName: child.given_name,
			familyName: child.family_name,
			dateOfBirth: dob,
			ageYears: ageInYears(dob, now),
			responsibleAuthority: responsibleName,
			legalStatus: child.legal_status,
			ethnicity: child.ethnicity,
			sex: child.sex
		},
		episode: episode
			? { reportedAt: isoInstant(episode.reported_at), missingFrom: isoInstant(episode.missing_from), returnedAt: isoInstant(episode.returned_at), riskCategory: episode.risk_category, state: episode.state }
			: {}
	};
}

/**
 * A stored date as a form's date-time answer: PocketBase writes "2024-03-02 18:00:00.000Z",
 * which a date-time question rejects, so a prefilled "returned at" would fail its own form.
 */
function isoInstant(value: unknown): string {
	const t = epochOf(value);
	return t === null ? '' : new Date(t).toISOString();
}

/** The active protocol version for a new episode: the responsible authority's, else the acting user's. */
export async function activeVersionFor(service: PocketBase, child: RecordModel, user: SessionUser): Promise<string | null> {
	for (const authorityId of [child.authority, user.authorityId]) {
		const a = await service.collection('authorities').getOne(authorityId, { fields: 'id,active_protocol' });
		if (a.active_protocol) return a.active_protocol;
	}
	return null;
}

/** One task record from an engine task descriptor; `extra` details (chair, triggers…) ride along. */
function createTask(
	b: Batch,
	t: TaskDescriptor,
	where: { child: string; episode: string; authority: string; status: string; key: string; team?: string },
	extra: Record<string, unknown> = {}
): void {
	b.collection('tasks').create({
		child: where.child,
		episode: where.episode,
		authority: where.authority,
		team: where.team ?? t.actor,
		key: where.key,
		kind: t.kind,
		title: t.title,
		form_id: t.form ?? '',
		// A stage without a deadline still needs a date to sort by: its start.
		due_at: iso(t.dueAt ?? t.startedAt),
		status: where.status,
		details: { startedAt: t.startedAt, dueAt: t.dueAt, clockId: t.clockId, notify: t.notify ?? [], ...extra }
	});
}

interface Planned {
	ops: Array<(batch: Batch) => void>;
}

/** Turns the engine's effects into records: tasks, task completions and notifications. */
async function planEffects(
	service: PocketBase,
	pkg: ProtocolPackage,
	effects: Effect[],
	ctx: { child: RecordModel; episodeId: string; seq: number; now: number; protocolAuthorityId: string },
	plan: Planned,
	episodeUpdate: Record<string, unknown>
): Promise<void> {
	const { child, episodeId } = ctx;
	const recipientAuthority = async (recipient: string): Promise<string> => {
		if (recipient === 'host-authority') return child.host_authority || child.authority;
		if (recipient === 'responsible-authority' || recipient === 'placing-authority') return child.authority;
		return ctx.protocolAuthorityId;
	};
	const addTask = (t: TaskDescriptor, authority: string, status: string, key: string) =>
		plan.ops.push((b) => createTask(b, t, { child: child.id, episode: episodeId, authority, status, key }));
	const notify = async (recipient: string, title: string, body: string, key: string, dueBy?: number) => {
		const authority = await recipientAuthority(recipient);
		const crossBoundary = authority !== child.authority && authority !== child.host_authority ? false : authority !== ctx.protocolAuthorityId;
		plan.ops.push((b) =>
			b.collection('notifications').create({
				authority,
				child: child.id,
				episode: episodeId,
				recipient,
				key,
				title,
				body,
				// Another council sees what the protocol shares: the child's identity and the step.
				shared: crossBoundary ? { childName: `${child.given_name} ${child.family_name}`, dateOfBirth: String(child.date_of_birth).slice(0, 10) } : null,
				due_at: dueBy ? iso(dueBy) : ''
			})
		);
	};

	const openTasks = effects.some((e) => e.kind === 'stop-clock')
		? await service.collection('tasks').getFullList({ filter: service.filter("episode = {:e} && status != 'done' && status != 'cancelled'", { e: episodeId }) })
		: [];

	for (const effect of effects) {
		switch (effect.kind) {
			case 'start-clock': {
				const authority = episodeUpdate.rhi_authority && effect.task.form === pkg.protocol.rhi.form ? String(episodeUpdate.rhi_authority) : ctx.protocolAuthorityId;
				addTask(effect.task, authority, effect.clockKind === 'escalation' ? 'pending' : 'open', `${episodeId}:${effect.clockId}:${ctx.seq}`);
				break;
			}
			case 'stop-clock': {
				for (const t of openTasks.filter((t) => t.details?.clockId === effect.clockId)) {
					plan.ops.push((b) =>
						b.collection('tasks').update(t.id, {
							status: t.status === 'pending' ? 'cancelled' : 'done',
							completed_at: iso(effect.at)
						})
					);
				}
				break;
			}
			case 'notify': {
				const n = pkg.protocol.notifications.find((x) => x.id === effect.notificationId);
				await notify(
					effect.recipient,
					`${labelOf(effect.recipient)}: ${child.given_name} ${child.family_name}`,
					n ? `Notify ${labelOf(effect.recipient)}${n.condition ? ` (${n.condition})` : ''}.` : '',
					`${episodeId}:${effect.notificationId}:${ctx.seq}`,
					effect.dueBy
				);
				break;
			}
			case 'risk-recorded':
				episodeUpdate.risk_category = effect.category;
				break;
			case 'return-recorded':
				episodeUpdate.returned_at = iso(effect.at);
				break;
			case 'rhi-allocated': {
				if (effect.allocation) {
					const authorityId = await authorityIdByCode(service, effect.allocation.authority);
					if (authorityId) episodeUpdate.rhi_authority = authorityId;
					episodeUpdate.rhi_team = effect.allocation.team;
					for (const recipient of effect.allocation.notify) {
						await notify(recipient, `RHI allocation: ${child.given_name} ${child.family_name}`, `The return home interview is for ${effect.allocation.team} (${effect.allocation.authority}).`, `${episodeId}:rhi:${recipient}:${ctx.seq}`);
					}
					if (authorityId && authorityId !== ctx.protocolAuthorityId) {
						plan.ops.push((b) =>
							b.collection('notifications').create({
								authority: authorityId,
								child: child.id,
								episode: episodeId,
								recipient: 'rhi-team',
								key: `${episodeId}:rhi-allocated:${ctx.seq}`,
								title: `Return home interview to arrange: ${child.given_name} ${child.family_name}`,
								body: `${effect.allocation!.team} is to offer the return home interview.`,
								shared: { childName: `${child.given_name} ${child.family_name}`, dateOfBirth: String(child.date_of_birth).slice(0, 10) }
							})
						);
					}
				}
				break;
			}
			case 'evaluate-repeat-missing':
				await planJudgementDecision(service, pkg, effect.judgementTriggers, ctx, plan);
				break;
			case 'rhi-outcome':
				break;
			case 'tasks':
				for (const t of effect.tasks) addTask(t, ctx.protocolAuthorityId, 'open', `${episodeId}:${t.clockId}:${ctx.seq}:${t.startedAt}`);
				break;
		}
	}
}

/**
 * The professional-judgement decision an episode's triggers call for. One decision task per
 * episode: triggers learned later (an injury found at grading, more than 24 hours missing by
 * the time the child is found) are added to it while it is open; once decided, a trigger not
 * decided on before opens a new decision.
 */
async function planJudgementDecision(
	service: PocketBase,
	pkg: ProtocolPackage,
	triggerIds: string[],
	ctx: { child: RecordModel; episodeId: string; seq: number; now: number; protocolAuthorityId: string },
	plan: Planned
): Promise<void> {
	const repeat = pkg.protocol.repeatMissing;
	const triggers = (repeat?.judgementTriggers ?? []).filter((t) => triggerIds.includes(t.id));
	if (!triggers.length) return;
	const earlier = ctx.seq > 1
		? await service.collection('tasks').getFullList({ filter: service.filter("episode = {:e} && kind = 'judgement-decision'", { e: ctx.episodeId }) })
		: [];
	const open = earlier.find((t) => t.status !== 'done' && t.status !== 'cancelled');
	const decided = new Set(earlier.flatMap((t) => (t.details?.triggerIds as string[] | undefined) ?? []));
	if (open) {
		const known = new Set((open.details?.triggerIds as string[] | undefined) ?? []);
		if (triggers.every((t) => known.has(t.id))) return;
		const union = (repeat?.judgementTriggers ?? []).filter((t) => known.has(t.id) || triggerIds.includes(t.id));
		const task = judgementDecisionTask(repeat, union, open.details?.startedAt ?? ctx.now, open.details?.dueAt ?? ctx.now + JUDGEMENT_DECISION_MS, open.team || JUDGEMENT_ACTOR)!;
		plan.ops.push((b) => b.collection('tasks').update(open.id, { title: task.title, details: { ...open.details, triggers: union.map((t) => t.label), triggerIds: union.map((t) => t.id) } }));
		return;
	}
	const fresh = triggers.filter((t) => !decided.has(t.id));
	if (!fresh.length) return;
	const chosen = earlier.length ? fresh : triggers;
	const task = judgementDecisionTask(repeat, chosen, ctx.now, ctx.now + JUDGEMENT_DECISION_MS, JUDGEMENT_ACTOR)!;
	const key = earlier.length ? `${ctx.episodeId}:judgement:${ctx.seq}` : `${ctx.episodeId}:judgement`;
	plan.ops.push((b) =>
		createTask(b, task, { child: ctx.child.id, episode: ctx.episodeId, authority: ctx.protocolAuthorityId, status: 'open', key }, { triggers: chosen.map((t) => t.label), triggerIds: chosen.map((t) => t.id) })
	);
}

/**
 * The child's open tasks a step finishes: those its form does (a stage meeting's record, the
 * follow-up contacts, a judgement decision), and, when the step closes the episode, those that
 * end with it (follow-up contacts no longer needed).
 */
async function planTaskCompletions(
	service: PocketBase,
	pkg: ProtocolPackage,
	step: { childId: string; episodeId: string; form: string | null; closing: boolean; now: number },
	plan: Planned
): Promise<void> {
	if (!step.form && !step.closing) return;
	const open = await service.collection('tasks').getFullList({
		filter: service.filter("child = {:c} && (status = 'open' || status = 'due' || status = 'overdue') && kind != 'deadline' && kind != 'escalation'", { c: step.childId }),
		fields: 'id,kind,form_id,episode'
	});
	for (const t of open) {
		const task = { kind: t.kind, form: t.form_id, episode: t.episode };
		const status = step.form && completesTask(pkg.protocol, task, step.form, step.episodeId) ? 'done' : step.closing && endsWithEpisode(task, step.episodeId) ? 'cancelled' : null;
		if (status) plan.ops.push((b) => b.collection('tasks').update(t.id, { status, completed_at: iso(step.now) }));
	}
}

/** Who decides on a professional-judgement trigger, and by when: the team manager, within a day. */
const JUDGEMENT_ACTOR = 'Team manager';
const JUDGEMENT_DECISION_MS = 24 * 3600_000;

function labelOf(recipient: string): string {
	return recipient.replace(/-/g, ' ').replace(/^\w/, (c) => c.toUpperCase());
}

/** Records a new missing episode from a missing report. */
export async function createEpisode(input: {
	service: PocketBase;
	userPb: PocketBase;
	user: SessionUser;
	childId: string;
	fields: FieldValues;
	/** Problems found while the form was received (files refused: `receiveForm`). */
	received?: IssueLike[];
	/** The draft these fields come from, removed with the recording. */
	draft?: RecordedDraft;
	now?: number;
}): Promise<CommandResult> {
	const now = input.now ?? Date.now();
	const denied = mayAct(input.user);
	if (denied) return denied;
	const child = await visibleChild(input.userPb, input.childId);
	if (!child) return { ok: false, kind: 'not-found', message: 'No child with that reference is visible to you.' };
	const { service } = input;
	const versionId = await activeVersionFor(service, child, input.user);
	if (!versionId) return { ok: false, kind: 'refused', message: 'Neither the child’s authority nor yours has published a protocol: a lead must publish one first.' };
	const pkg = await packageOf(service, versionId);
	const form = pkg.forms[MISSING_REPORT_FORM];
	if (!form) return { ok: false, kind: 'refused', message: `The protocol has no '${MISSING_REPORT_FORM}' form: its lead must add one.` };

	const responsible = await service.collection('authorities').getOne(child.authority, { fields: 'id,name' });
	const fileIssues = await checkFileAnswers(input.userPb, form, input.fields, child.id);
	const checked = checkForm(form, input.fields, prefillContext(child, responsible.name, null, now), [...(input.received ?? []), ...fileIssues]);
	if (checked.errors.length) {
		return { ok: false, kind: 'invalid', message: 'There is a problem with the missing report', errors: checked.errors, data: checked.data };
	}
	// "Missing over 24 hours" counts from when the child went missing, not from when the report
	// was typed, so the report's clocks start then (never later than now).
	const missingFrom = Math.min(missingSinceOf(checked.data) ?? now, now);

	const episodeId = newRecordId();
	const protocolAuthorityId = (await authorityIdByCode(service, pkg.protocol.metadata.authority.code)) ?? child.authority;
	const starts = [...(await episodeStartsOf(service, child.id)), { id: episodeId, childId: child.id, at: missingFrom }];
	const childRecord = await childRecordOf(service, child);
	const facts = factsOfEpisode(pkg, childRecord, episodeRecordOf(null, missingFrom), starts, episodeId, now);
	const submission: Submission = { form: MISSING_REPORT_FORM, valid: true, data: checked.data };
	const decision = decide(pkg, null, { type: CREATING_EVENT }, {
		facts,
		now: missingFrom,
		submissions: { [MISSING_REPORT_FORM]: submission },
		authorities: { protocol: pkg.protocol.metadata.authority.code, responsible: childRecord.responsibleAuthority, host: childRecord.livesInAuthority ?? childRecord.responsibleAuthority }
	});
	if (!decision.ok) return { ok: false, kind: 'refused', message: decision.reason };

	const episodeFields: Record<string, unknown> = {
		id: episodeId,
		child: child.id,
		protocol_version: versionId,
		lifecycle_id: decision.snapshot.lifecycleId,
		state: decision.state,
		snapshot: decision.snapshot,
		seq: 1,
		missing_from: iso(missingFrom),
		reported_at: iso(now),
		created_by: input.user.id
	};
	const plan: Planned = { ops: [] };
	await planEffects(service, pkg, decision.effects, { child, episodeId, seq: 1, now, protocolAuthorityId }, plan, episodeFields);

	// Repeat-missing stages and judgement triggers are per child, across episodes.
	const repeat = pkg.protocol.repeatMissing;
	if (repeat) {
		for (const opening of stagesOpenedBy(repeat.stages, starts, episodeId)) {
			const where = { child: child.id, episode: episodeId, authority: protocolAuthorityId, status: 'open', key: `${child.id}:${opening.stageId}:${episodeId}`, team: opening.chair };
			plan.ops.push((b) => createTask(b, stageTask(opening, now), where, { chair: opening.chair, attendees: opening.attendees, count: opening.count }));
		}
	}

	const batch = createBatch(service);
	batch.collection('episodes').create(episodeFields);
	batch.collection('submissions').create({
		child: child.id, episode: episodeId, form_id: MISSING_REPORT_FORM, form_version: form.version, schema_hash: schemaHash(form), data: checked.data, author: input.user.id
	});
	batch.collection('events').create({
		child: child.id, episode: episodeId, stream: episodeId, seq: 1, type: CREATING_EVENT, at: iso(now), actor: input.user.id,
		payload: { form: MISSING_REPORT_FORM, state: decision.state, effects: decision.effects.map((e) => e.kind) }
	});
	for (const op of plan.ops) op(batch);
	if (input.draft) removeDraftInBatch(batch, input.draft, input.user.id);
	try {
		await batch.send();
	} catch (err) {
		if (input.draft && isUniqueViolation(err) && !(await draftUnchanged(service, input.draft.key, input.draft))) return DRAFT_CHANGED;
		throw err;
	}
	return { ok: true, episodeId, state: decision.state, seq: 1 };
}

function missingSinceOf(data: Record<string, unknown>): number | null {
	for (const key of ['missingAt', 'missingSince', 'lastSeenAt', 'timeMissing', 'lastSeen']) {
		const v = data[key];
		if (typeof v === 'string') {
			const t = Date.parse(v);
			if (!Number.isNaN(t)) return t;
		}
	}
	return null;
}

/** Records one lifecycle step (with its form, when the step needs one) on an existing episode. */
export async function recordStep(input: {
	service: PocketBase;
	userPb: PocketBase;
	user: SessionUser;
	episodeId: string;
	event: string;
	/**
	 * The episode's seq the user saw when they opened the step; a different current seq is a
	 * conflict. Left out, the step applies to the episode as it is now (API clients); the
	 * unique (stream, seq) still stops two concurrent steps from both landing.
	 */
	expectedSeq?: number;
	/**
	 * The step's form: raw fields from a page, or typed answers (`data`) from the JSON API.
	 */
	form?: { id: string; fields?: FieldValues; data?: Record<string, unknown> };
	/** The draft the form's fields come from, removed with the recording. */
	draft?: RecordedDraft;
	now?: number;
}): Promise<CommandResult> {
	const now = input.now ?? Date.now();
	const denied = mayAct(input.user);
	if (denied) return denied;
	const { service } = input;
	let episode: RecordModel;
	try {
		episode = await input.userPb.collection('episodes').getOne(input.episodeId, { expand: 'child' });
	} catch (err) {
		if (err instanceof ClientResponseError && err.status === 404) return { ok: false, kind: 'not-found', message: 'No episode with that reference is visible to you.' };
		throw err;
	}
	const child = episode.expand!.child as RecordModel;
	if (input.expectedSeq !== undefined && episode.seq !== input.expectedSeq) return conflict(service, episode.id);

	const pkg = await packageOf(service, episode.protocol_version);
	const snapshot = episode.snapshot as EpisodeSnapshot;
	const step = allowedEvents(pkg, snapshot).find((e) => e.type === input.event);
	const submissions: Record<string, Submission> = {};
	let stored: { id: string; form: FormSchema; data: Record<string, unknown> } | null = null;
	if (input.form) {
		const form = pkg.forms[input.form.id];
		if (!form || !step?.forms.some((f) => f.id === input.form!.id)) {
			return { ok: false, kind: 'refused', message: `The form '${input.form.id}' does not belong to this step.` };
		}
		const responsible = await service.collection('authorities').getOne(child.authority, { fields: 'id,name' });
		const fields = input.form.fields ?? fieldsFromData(form, input.form.data ?? {});
		const fileIssues = await checkFileAnswers(input.userPb, form, fields, child.id);
		const checked = checkForm(form, fields, prefillContext(child, responsible.name, episode, now), fileIssues);
		if (checked.errors.length) {
			return { ok: false, kind: 'invalid', message: `There is a problem with the ${form.title.toLowerCase()}`, errors: checked.errors, data: checked.data };
		}
		submissions[input.form.id] = { form: input.form.id, valid: true, data: checked.data };
		stored = { id: input.form.id, form, data: checked.data };
	}

	const { facts, childRecord } = await episodeFactsOf(service, pkg, child, episode, now);
	const decision = decide(pkg, snapshot, { type: input.event }, {
		facts,
		now,
		submissions,
		authorities: { protocol: pkg.protocol.metadata.authority.code, responsible: childRecord.responsibleAuthority, host: childRecord.livesInAuthority ?? childRecord.responsibleAuthority }
	});
	if (!decision.ok) return { ok: false, kind: 'refused', message: decision.reason };

	const seq = episode.seq + 1;
	const protocolAuthorityId = (await authorityIdByCode(service, pkg.protocol.metadata.authority.code)) ?? child.authority;
	const update: Record<string, unknown> = { snapshot: decision.snapshot, state: decision.state, seq };
	if (lifecycleDone(pkg, decision.state)) update.closed_at = iso(now);
	const plan: Planned = { ops: [] };
	await planEffects(service, pkg, decision.effects, { child, episodeId: episode.id, seq, now, protocolAuthorityId }, plan, update);
	await planTaskCompletions(service, pkg, { childId: child.id, episodeId: episode.id, form: stored?.id ?? null, closing: lifecycleDone(pkg, decision.state), now }, plan);

	const batch = createBatch(service);
	batch.collection('events').create({
		child: child.id, episode: episode.id, stream: episode.id, seq, type: input.event, at: iso(now), actor: input.user.id,
		payload: { form: stored?.id ?? null, from: String(snapshot.machine.value), state: decision.state, effects: decision.effects.map((e) => e.kind) }
	});
	batch.collection('episodes').update(episode.id, update);
	if (stored) {
		batch.collection('submissions').create({
			child: child.id, episode: episode.id, form_id: stored.id, form_version: stored.form.version, schema_hash: schemaHash(stored.form), data: stored.data, author: input.user.id
		});
	}
	for (const op of plan.ops) op(batch);
	if (input.draft) removeDraftInBatch(batch, input.draft, input.user.id);
	try {
		await batch.send();
	} catch (err) {
		if (!isUniqueViolation(err)) throw err;
		// Someone else's step took this sequence number first, or someone saved the draft again:
		// their write committed, ours rolled back whole. Without a draft only the seq can clash,
		// so the episode need not be read again to tell which.
		if (input.draft) {
			const current = await service.collection('episodes').getOne(episode.id);
			if (current.seq === episode.seq && !(await draftUnchanged(service, input.draft.key, input.draft))) return DRAFT_CHANGED;
		}
		return conflict(service, episode.id);
	}
	return { ok: true, episodeId: episode.id, state: decision.state, seq };
}

function lifecycleDone(pkg: ProtocolPackage, state: string): boolean {
	return (pkg.lifecycle.states[state]?.type ?? '') === 'final';
}

/** What the practitioner is told when someone else's step landed first: who recorded what, from the log's latest event. */
async function conflict(service: PocketBase, episodeId: string): Promise<CommandFailure> {
	let who = 'someone else';
	let what = 'a step';
	try {
		const { items } = await service.collection('events').getList(1, 1, { filter: service.filter('stream = {:s}', { s: episodeId }), sort: '-seq', expand: 'actor', skipTotal: true });
		if (items[0]) {
			who = items[0].expand?.actor?.name || who;
			what = `'${items[0].type}'`;
		}
	} catch {
		// the message still says what to do
	}
	return {
		ok: false,
		kind: 'conflict',
		message: `This episode changed while you were working on it: ${who} recorded ${what}. Nothing of yours was saved over theirs; check the episode's current state and record your step again if it still applies.`
	};
}

export { authorityCode };
