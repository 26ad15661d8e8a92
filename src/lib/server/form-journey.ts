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
import { ADD_ITEM, REMOVE_ITEM, addItem, childPath, fieldValuesFromFormData, inputId, itemCount, parseItemRef, removeItem } from '../protocol/form-data.js';
import { checkForm } from '../protocol/form-check.js';
import { formPages, pageById, pageErrors, pageTasks, replacePageFields, shownPages, usesTaskList } from '../protocol/form-pages.js';
import { summarySections } from '../protocol/form-summary.js';
import { combineVersions, compareVersions } from '../protocol/draft-diff.js';
import { formatLondon } from '../protocol/london-time.js';
import {
	CHECK,
	afterSaving,
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
import { isFieldValues, readDraft, revisionFields, saveDraft, type DraftBase, type SaveResult, type StoredDraft } from './form-drafts.js';
import { newEditorId } from './record-ids.js';
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
	resolve: '_resolve'
} as const;

/** The name of a conflict screen's choice for one question. */
export function choiceName(key: string): string {
	return `_choice.${key}`;
}

const RESTARTED = 'restarted';

/** An address with the notice that the person's draft had gone and theirs started a new one. */
function withRestartNotice(href: string, restarted: boolean): string {
	if (!restarted) return href;
	const [path, hash] = href.split('#');
	return `${path}${path.includes('?') ? '&' : '?'}notice=${RESTARTED}${hash !== undefined ? `#${hash}` : ''}`;
}

function draftInfo(draft: StoredDraft | null): DraftInfo | null {
	return draft ? { id: draft.id, revision: draft.revision, savedAt: formatLondon(draft.savedAt), savedBy: draft.savedBy } : null;
}

function text(form: FormData, name: string): string {
	const v = form.get(name);
	return typeof v === 'string' ? v : '';
}

function postedBase(form: FormData): DraftBase | null {
	const draftId = text(form, POSTED.draft);
	const revision = Number(text(form, POSTED.revision));
	return draftId && Number.isInteger(revision) && revision > 0 ? { draftId, revision } : null;
}

function noticeFor(target: FormTarget, draft: StoredDraft | null, url: URL): string | null {
	if (url.searchParams.get('notice') === RESTARTED) {
		return 'The draft you were working on was recorded or discarded by someone else while you typed. Your answers are kept here as a new draft: check they are still needed before you submit them.';
	}
	if (draft && draft.schemaHash && draft.schemaHash !== target.scope.schemaHash) {
		return 'This draft was started on an earlier version of the form. Check each answer: some questions may have changed.';
	}
	return null;
}

export async function loadJourney(target: FormTarget, url: URL, service: PocketBase): Promise<JourneyData> {
	const { schema, context } = target;
	const draft = await readDraft(service, target.scope.key);
	const fields = draft?.fields ?? target.startingFields;
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
		// Opened from check your answers: say what is wrong here straight away.
		errors: page && location.fromCheck ? pageErrors(page, checked.errors) : [],
		draft: draftInfo(draft),
		editor: newEditorId(),
		expectedSeq: draft?.expectedSeq ?? target.episodeSeq ?? null,
		submitLabel: target.submitLabel,
		links: {
			back: back ? journeyHref(target.base, back) : target.exit.href,
			backLabel: back ? 'Back' : target.exit.label,
			check: journeyHref(target.base, CHECK),
			tasks: usesTaskList(schema) ? journeyHref(target.base, { view: 'tasks', page: null, fromCheck: false }) : null,
			pages: pageHrefs
		},
		actions: {
			save: journeyAction(target.base, location, 'save'),
			submit: journeyAction(target.base, location, 'submit'),
			resolve: journeyAction(target.base, location, 'resolve')
		},
		tasks: pageTasks(schema, fields, checked.errors)
			.filter((t) => shown.includes(t.page.id))
			.map((t) => ({ id: t.page.id, title: t.page.title, status: t.status, href: journeyHref(target.base, pageLocation(t.page.id)) })),
		sections:
			location.view === 'check'
				? summarySections(schema, checked.data)
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

function conflictOf(target: FormTarget, result: Extract<SaveResult, { kind: 'conflict' }>, mine: FieldValues, location: JourneyLocation): DraftConflict {
	return {
		draftId: result.theirs.id,
		revision: result.theirs.revision,
		savedBy: result.theirs.savedBy,
		savedAt: formatLondon(result.theirs.savedAt),
		mine,
		comparisons: compareVersions(target.schema, { base: result.base, mine, theirs: result.theirs.fields }).filter((c) => !c.same),
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
 * The form actions every journey route has: `save` (a page), `resolve` (a conflict's choice)
 * and `submit` (check your answers). Each resolves its target again, so visibility is checked
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
				? current && current.id === base.draftId && current.revision === base.revision
					? current.fields
					: ((await revisionFields(service, base.draftId, base.revision)) ?? {})
				: target.startingFields;
			let fields = replacePageFields(schema, startedFrom, page, fieldValuesFromFormData(posted));

			// Without JavaScript, "Add another" and "Remove" come here: change the items, save, show the page again.
			let anchor: string | null = null;
			const add = text(posted, ADD_ITEM);
			const remove = posted.get(REMOVE_ITEM);
			if (add) {
				const index = itemCount(fields, add);
				fields = addItem(fields, add);
				const firstQuestion = Object.keys(schema.properties[add]?.items?.properties ?? {})[0];
				anchor = firstQuestion ? inputId(childPath(childPath(add, index), firstQuestion)) : inputId(add);
			} else if (typeof remove === 'string') {
				const ref = parseItemRef(remove);
				if (ref) fields = removeItem(fields, ref.path, ref.index);
				anchor = `${inputId(ref?.path ?? '')}-add`;
			}

			const seq = Number(text(posted, POSTED.expectedSeq));
			const result = await saveDraft(service, {
				scope: target.scope,
				user,
				base,
				editor,
				fields,
				expectedSeq: !base && target.episodeSeq !== undefined ? (Number.isInteger(seq) && seq > 0 ? seq : target.episodeSeq) : undefined
			});
			if (result.kind === 'conflict') return fail(409, { kind: 'conflict', conflict: conflictOf(target, result, fields, location) });
			if (anchor !== null) redirect(303, withRestartNotice(`${journeyHref(target.base, location)}#${anchor}`, result.restarted));

			const errors = pageErrors(page, checkForm(schema, fields, target.context).errors);
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
			if (result.kind === 'conflict') return fail(409, { kind: 'conflict', conflict: conflictOf(target, result, fields, location) });
			redirect(303, withRestartNotice(journeyHref(target.base, location), result.restarted));
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
			if (!base || base.draftId !== current.id || base.revision !== current.revision) {
				return fail(409, { kind: 'changed', message: `${current.savedBy} changed these answers at ${formatLondon(current.savedAt)}, after you opened this page. Check them again, then submit.` });
			}
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
