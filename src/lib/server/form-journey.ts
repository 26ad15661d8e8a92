/**
 * One way through every form, whatever it records: pages saved to the draft one at a time
 * (each checked on its own), a task list for long forms, check your answers, and the final
 * submit that runs the full check and records the form. Routes give a resolved target; the
 * loads and actions here do the rest, the same for a missing report, a step or a profile, and
 * the same with JavaScript or without.
 */
import { error, fail, redirect, type ActionFailure, type RequestEvent } from '@sveltejs/kit';
import type PocketBase from 'pocketbase';
import type { FieldValues } from '../protocol/form-data.js';
import type { FormSchema } from '../protocol/types.js';
import { applyFormControl, childPath, formControlOf, inputId, itemCount, parseFields, type FormControl } from '../protocol/form-data.js';
import { errorMessages } from '../protocol/form-errors.js';
import { fileAnswers } from '../protocol/form-files.js';
import { checkForm } from '../protocol/form-check.js';
import { formPages, pageById, pageErrors, pageTasks, questionOfPath, replacePageFields, shownPages, usesTaskList } from '../protocol/form-pages.js';
import { summarySections, type UploadsById } from '../protocol/form-summary.js';
import { combineVersions, compareVersions } from '../protocol/draft-diff.js';
import { formatLondon } from '../protocol/london-time.js';
import {
	CHECK,
	TASKS,
	afterSaving,
	choiceName,
	backFrom,
	journeyAction,
	journeyHref,
	journeyLocation,
	pageLocation,
	type DraftConflict,
	type DraftInfo,
	type JourneyData,
	type JourneyLocation,
	type JourneyOutcome
} from '../protocol/form-journey.js';
import { discardDraft, draftBase, isFieldValues, isVersion, readDraft, startingSeq, revisionFields, saveDraft, type DraftBase, type SaveResult, type StoredDraft } from './form-drafts.js';
import { newEditorId } from './record-ids.js';
import { receiveForm, uploadInfos } from './form-uploads.js';
import type { FormTarget } from './form-targets.js';
import type { SessionUser } from './session-user.js';

/** Hidden inputs of a journey's forms; names start with `_`, so they are never answers. */
const POSTED = {
	page: '_page',
	fromCheck: '_return',
	draft: '_draft',
	revision: '_revision',
	editor: '_editor',
	expectedSeq: '_expectedSeq',
	mine: '_mine',
	resolve: '_resolve',
	confirm: '_confirm'
} as const;

const RESTARTED = 'restarted';
const DISCARDED = 'discarded';

function withNotice(href: string, notice: string): string {
	const [path, hash] = href.split('#');
	return `${path}${path.includes('?') ? '&' : '?'}notice=${notice}${hash !== undefined ? `#${hash}` : ''}`;
}

/** An address with the notice that the person's draft had gone and theirs started a new one. */
function withRestartNotice(href: string, restarted: boolean): string {
	return restarted ? withNotice(href, RESTARTED) : href;
}

function draftInfo(draft: StoredDraft | null): DraftInfo | null {
	return draft ? { id: draft.id, revision: draft.revision, savedAt: formatLondon(draft.savedAt), savedBy: draft.savedBy } : null;
}

function text(form: FormData, name: string): string {
	const v = form.get(name);
	return typeof v === 'string' ? v : '';
}

function postedBase(form: FormData): DraftBase | null {
	return draftBase(text(form, POSTED.draft), Number(text(form, POSTED.revision)));
}

function changedSinceOpened(current: StoredDraft, then: string): string {
	return `${current.savedBy} changed these answers at ${formatLondon(current.savedAt)}, after you opened this page. ${then}`;
}

function noticeFor(target: FormTarget, draft: StoredDraft | null, url: URL): JourneyData['notice'] {
	const notice = url.searchParams.get('notice');
	if (notice === RESTARTED) {
		return {
			text: 'The draft you were working on was recorded or discarded by someone else while you typed. Your answers are kept here as a new draft: check they are still needed before you submit them.',
			success: false
		};
	}
	if (notice === DISCARDED && !draft) return { text: 'The draft was deleted. Nothing was recorded.', success: true };
	if (draft && draft.schemaHash && draft.schemaHash !== target.scope.schemaHash) {
		return { text: 'This draft was started on an earlier version of the form. Check each answer: some questions may have changed.', success: false };
	}
	return null;
}

export async function loadJourney(target: FormTarget, url: URL, service: PocketBase, userPb: PocketBase): Promise<JourneyData> {
	const { schema, context } = target;
	const draft = await readDraft(service, target.scope.key);
	const fields = draft?.fields ?? (await target.startingFields());
	const uploads = await uploadsOf(userPb, schema, fields);
	// Pages whose every question the answers so far hide are passed over, listed nowhere.
	const shown = shownPages(schema, fields, context).map((p) => p.id);
	const location = journeyLocation(schema, url.searchParams, shown);
	const pages = formPages(schema).filter((p) => shown.includes(p.id) || p.id === location.page);
	const checked = checkForm(schema, fields, context);
	const page = location.view === 'page' ? pageById(schema, location.page)! : null;
	const back = backFrom(schema, location, shown);
	const pageHrefs = Object.fromEntries(formPages(schema).map((p) => [p.id, journeyHref(target.base, pageLocation(p.id, true))]));
	return {
		ref: target.ref,
		schema,
		context,
		childName: target.child.name,
		location,
		taskList: usesTaskList(schema),
		page: page ? { id: page.id, title: page.title, number: pages.indexOf(page) + 1, count: pages.length, keys: page.keys } : null,
		fields,
		uploads,
		// Opened from check your answers: say what is wrong here straight away.
		errors: page && location.fromCheck ? pageErrors(page, checked.errors) : [],
		draft: draftInfo(draft),
		editor: newEditorId(),
		expectedSeq: draft?.expectedSeq ?? target.episodeSeq ?? null,
		submitLabel: target.submitLabel,
		links: {
			back: back ? journeyHref(target.base, back) : target.exit.href,
			backLabel: back ? 'Back' : target.exit.label,
			exit: target.exit,
			check: journeyHref(target.base, CHECK),
			tasks: usesTaskList(schema) ? journeyHref(target.base, TASKS) : null,
			pages: pageHrefs
		},
		actions: {
			save: journeyAction(target.base, location, 'save'),
			submit: journeyAction(target.base, location, 'submit'),
			resolve: journeyAction(target.base, location, 'resolve'),
			discard: journeyAction(target.base, CHECK, 'discard')
		},
		tasks: pageTasks(schema, fields, checked.errors)
			.filter((t) => shown.includes(t.page.id))
			.map((t) => ({ id: t.page.id, title: t.page.title, status: t.status, href: journeyHref(target.base, pageLocation(t.page.id)) })),
		sections:
			location.view === 'check'
				? summarySections(schema, checked.data, uploads)
						.filter((s) => shown.includes(s.page.id))
						.map((s) => ({
							id: s.page.id,
							title: s.page.title,
							rows: s.rows.map((row) => ({ ...row, change: schema.properties[row.path]?.['x-ui']?.prefill ? null : pageHrefs[s.page.id] }))
						}))
				: [],
		notice: noticeFor(target, draft, url),
		renderKey: newEditorId()
	};
}

/** The uploads both versions' file answers name, as the user may see them. */
async function uploadsOf(userPb: PocketBase, schema: FormSchema, ...versions: FieldValues[]): Promise<UploadsById> {
	const ids = versions.flatMap((fields) => fileAnswers(schema, parseFields(schema, fields).data).map((a) => a.id));
	return ids.length > 0 ? uploadInfos(userPb, ids) : {};
}

/** Where a page shown again after a control button puts the reader: the item or input it changed. */
function controlAnchor(schema: FormSchema, fields: FieldValues, control: FormControl): string {
	const firstOf = (itemPath: string, group: string) => {
		const first = Object.keys(schema.properties[questionOfPath(group)]?.items?.properties ?? {})[0];
		return first ? inputId(childPath(itemPath, first)) : inputId(itemPath);
	};
	switch (control.kind) {
		case 'add':
			return firstOf(childPath(control.path, Math.max(0, itemCount(fields, control.path) - 1)), control.path);
		case 'remove':
			return `${inputId(control.path)}-add`;
		case 'move':
			return firstOf(childPath(control.path, control.index + (control.direction === 'up' ? -1 : 1)), control.path);
		case 'remove-file':
			return inputId(control.path);
	}
}

async function conflictOf(
	userPb: PocketBase,
	target: FormTarget,
	result: Extract<SaveResult, { kind: 'conflict' }>,
	mine: FieldValues,
	location: JourneyLocation
): Promise<DraftConflict> {
	const uploads = await uploadsOf(userPb, target.schema, mine, result.theirs.fields);
	return {
		draftId: result.theirs.id,
		revision: result.theirs.revision,
		savedBy: result.theirs.savedBy,
		savedAt: formatLondon(result.theirs.savedAt),
		mine,
		comparisons: compareVersions(target.schema, { base: result.base, mine, theirs: result.theirs.fields }, uploads).filter((c) => !c.same),
		page: location.page,
		fromCheck: location.fromCheck
	};
}

type Outcome = ActionFailure<JourneyOutcome>;
type Resolver = (event: RequestEvent) => Promise<FormTarget>;

interface Needs {
	service: () => Promise<PocketBase>;
	user: (event: RequestEvent) => SessionUser;
}

/**
 * The form actions every journey route has: `save` (a page), `resolve` (a conflict's choice),
 * `submit` (check your answers) and `discard` (delete the draft, once confirmed). Each resolves its target again, so visibility is checked
 * with the user's token on every post.
 */
export function journeyActions(resolveTarget: Resolver, needs: Needs) {
	return {
		async save(event: RequestEvent): Promise<Outcome | never> {
			const user = needs.user(event);
			const target = await resolveTarget(event);
			const service = await needs.service();
			const posted = await event.request.formData();
			const { schema } = target;
			const page = pageById(schema, text(posted, POSTED.page)) ?? formPages(schema)[0];
			const location = pageLocation(page.id, text(posted, POSTED.fromCheck) === 'check');
			const base = postedBase(posted);
			const editor = text(posted, POSTED.editor).slice(0, 64) || newEditorId();
			const current = await readDraft(service, target.scope.key);
			// The fields the page was opened with: the revision it was loaded at, else what a new draft starts from.
			const startedFrom = base
				? current && isVersion(current, base)
					? current.fields
					: ((await revisionFields(service, base.draftId, base.revision)) ?? {})
				: await target.startingFields();
			// Files first, whichever button was pressed: a chosen photo is stored, and its answer is the upload's id.
			const received = await receiveForm(posted, { schema, formId: target.scope.formId, childId: target.scope.childId, userPb: event.locals.pb, service, user });
			let fields = replacePageFields(schema, startedFrom, page, received.fields);

			// Without JavaScript, "Add another", "Remove", "Move up/down" and "Remove file" come here:
			// change the page, save it, show it again where the change was made.
			const control = formControlOf(posted);
			if (control) fields = applyFormControl(schema, fields, control);
			const anchor = control ? controlAnchor(schema, fields, control) : null;
			const seq = Number(text(posted, POSTED.expectedSeq));
			const result = await saveDraft(service, {
				scope: target.scope,
				user,
				base,
				editor,
				fields,
				expectedSeq: startingSeq(target.episodeSeq, base, seq),
				current
			});
			if (result.kind === 'conflict') return fail(409, { kind: 'conflict', conflict: await conflictOf(event.locals.pb, target, result, fields, location) });
			// A refused file is said at once, whatever was pressed; the rest was saved.
			if (anchor !== null && received.issues.length > 0) return fail(400, { kind: 'page-errors', fields, errors: errorMessages(schema, received.issues) });
			if (anchor !== null) redirect(303, withRestartNotice(`${journeyHref(target.base, location)}#${anchor}`, result.restarted));

			const errors = pageErrors(page, checkForm(schema, fields, target.context, received.issues).errors);
			if (errors.length > 0) return fail(400, { kind: 'page-errors', fields, errors });
			const shown = shownPages(schema, fields, target.context).map((p) => p.id);
			redirect(303, withRestartNotice(journeyHref(target.base, afterSaving(schema, page.id, location.fromCheck, shown)), result.restarted));
		},

		async resolve(event: RequestEvent): Promise<Outcome | never> {
			const user = needs.user(event);
			const target = await resolveTarget(event);
			const service = await needs.service();
			const posted = await event.request.formData();
			const { schema } = target;
			const page = pageById(schema, text(posted, POSTED.page));
			const location: JourneyLocation = page ? pageLocation(page.id, text(posted, POSTED.fromCheck) === 'check') : CHECK;
			const choice = text(posted, POSTED.resolve);
			if (choice === 'theirs') redirect(303, journeyHref(target.base, location));
			let mine: unknown;
			try {
				mine = JSON.parse(text(posted, POSTED.mine));
			} catch {
				mine = null;
			}
			if (!isFieldValues(mine)) error(400, { message: 'The page was missing your answers. Go back to the form: your last saved answers are kept.' });
			const base = postedBase(posted);
			if (!base) error(400, { message: 'The page was missing which version you compared with. Go back to the form and try again.' });
			const theirs = (await revisionFields(service, base.draftId, base.revision)) ?? {};
			const fields = choice === 'mine' ? mine : combineVersions(schema, mine, theirs, (key) => (text(posted, choiceName(key)) === 'theirs' ? 'theirs' : 'mine'));
			const result = await saveDraft(service, { scope: target.scope, user, base, editor: text(posted, POSTED.editor).slice(0, 64) || newEditorId(), fields });
			// Changed again while they chose: show the newest version against their choice.
			if (result.kind === 'conflict') return fail(409, { kind: 'conflict', conflict: await conflictOf(event.locals.pb, target, result, fields, location) });
			redirect(303, withRestartNotice(journeyHref(target.base, location), result.restarted));
		},

		async discard(event: RequestEvent): Promise<Outcome | JourneyOutcome | never> {
			const user = needs.user(event);
			const target = await resolveTarget(event);
			const service = await needs.service();
			const posted = await event.request.formData();
			const base = postedBase(posted);
			const deleted = withNotice(journeyHref(target.base, CHECK), DISCARDED);
			const changed = (draft: StoredDraft) => fail(409, { kind: 'changed' as const, message: changedSinceOpened(draft, 'Check them again before deleting the draft.') });
			// Confirmed: the deletion itself checks the draft is still the version shown.
			if (base && text(posted, POSTED.confirm) === 'yes') {
				const result = await discardDraft(service, target.scope.key, base, user);
				if (result.kind === 'changed') return changed(result.current);
				redirect(303, deleted);
			}
			const current = await readDraft(service, target.scope.key);
			if (!current) redirect(303, deleted);
			if (!isVersion(current, base)) return changed(current);
			return { kind: 'confirm-discard', savedBy: current.savedBy, savedAt: formatLondon(current.savedAt) };
		},

		async submit(event: RequestEvent): Promise<Outcome | never> {
			const user = needs.user(event);
			const target = await resolveTarget(event);
			const service = await needs.service();
			const posted = await event.request.formData();
			const base = postedBase(posted);
			const current = await readDraft(service, target.scope.key);
			if (!current) {
				return fail(409, {
					kind: 'refusal',
					message: 'There are no saved answers to submit: the form may have been recorded or its draft discarded by someone else. Check before starting it again.'
				});
			}
			if (!isVersion(current, base)) return fail(409, { kind: 'changed', message: changedSinceOpened(current, 'Check them again, then submit.') });
			const outcome = await target.record({
				fields: current.fields,
				draft: { key: target.scope.key, draftId: current.id, revision: current.revision },
				expectedSeq: current.expectedSeq
			});
			if (outcome.ok) redirect(303, outcome.href);
			switch (outcome.kind) {
				case 'invalid':
					return fail(400, { kind: 'check-errors', errors: outcome.errors });
				case 'draft-changed':
					return fail(409, { kind: 'changed', message: outcome.message });
				case 'conflict':
					// The answers stay; the next submit is made knowing what changed, so it is checked
					// against the episode as it is now.
					if (target.episodeSeq !== undefined) {
						await saveDraft(service, { scope: target.scope, user, base: { draftId: current.id, revision: current.revision }, editor: newEditorId(), fields: current.fields, expectedSeq: target.episodeSeq });
					}
					return fail(409, { kind: 'episode-changed', message: outcome.message, href: target.exit.href });
				case 'not-found':
					error(404, { message: outcome.message });
				case 'forbidden':
					error(403, { message: outcome.message });
				default:
					return fail(422, { kind: 'refusal', message: outcome.message });
			}
		}
	};
}
