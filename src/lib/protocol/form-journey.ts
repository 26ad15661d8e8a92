/**
 * The way through a form: its pages one after another (or as a task list), then "check your
 * answers". Where each address leads, what "Save and continue" and "Back" go to, and the shape
 * of what a form page is given to show. Pure, so the server and the browser agree.
 *
 * Addresses are the form's own path plus a query: `?page=<id>` for a page (with `return=check`
 * when it was opened from "check your answers"), `?view=check` for check your answers. With no
 * query, a task-list form shows its task list and any other form its first page.
 */
import type { FormSchema } from './types.js';
import type { FieldValues } from './form-data.js';
import type { FieldError } from './form-errors.js';
import type { PrefillContext } from './form-conditions.js';
import type { SummaryRow, UploadsById } from './form-summary.js';
import type { AnswerComparison } from './draft-diff.js';
import { formPages, pageById, usesTaskList, type TaskStatus } from './form-pages.js';

/** What a form in progress is for; the browser's autosave names it so the server can check it. */
export type FormTargetRef =
	| { kind: 'missing-report'; child: string }
	| { kind: 'step'; episode: string; event: string; form: string }
	| { kind: 'philomena'; child: string };

export type JourneyView = 'page' | 'check' | 'tasks';

export interface JourneyLocation {
	view: JourneyView;
	/** The page shown, for the page view. */
	page: string | null;
	/** Opened from check your answers, so saving goes back there. */
	fromCheck: boolean;
}

export interface JourneyBase {
	path: string;
	/** Query parameters that name the form at that path (a step's `form`). */
	query: Record<string, string>;
}

type PagedSchema = Pick<FormSchema, 'title' | 'properties' | 'x-ui'>;

/** The pages to go through, in order: those `shown` (pages that ask something now), every page when not given. */
function route(schema: PagedSchema, shown?: readonly string[]): string[] {
	const all = formPages(schema).map((p) => p.id);
	const through = shown ? all.filter((id) => shown.includes(id)) : all;
	return through.length > 0 ? through : all.slice(0, 1);
}

export function journeyLocation(schema: PagedSchema, params: URLSearchParams, shown?: readonly string[]): JourneyLocation {
	if (params.get('view') === 'check') return CHECK;
	const page = pageById(schema, params.get('page'));
	if (page) return { view: 'page', page: page.id, fromCheck: params.get('return') === 'check' };
	if (usesTaskList(schema)) return TASKS;
	return { view: 'page', page: route(schema, shown)[0], fromCheck: false };
}

export function pageLocation(page: string, fromCheck = false): JourneyLocation {
	return { view: 'page', page, fromCheck };
}

export const CHECK: JourneyLocation = { view: 'check', page: null, fromCheck: false };
export const TASKS: JourneyLocation = { view: 'tasks', page: null, fromCheck: false };

function query(base: JourneyBase, location: JourneyLocation): URLSearchParams {
	const params = new URLSearchParams(base.query);
	if (location.view === 'check') params.set('view', 'check');
	if (location.view === 'page' && location.page) {
		params.set('page', location.page);
		if (location.fromCheck) params.set('return', 'check');
	}
	return params;
}

export function journeyHref(base: JourneyBase, location: JourneyLocation): string {
	const q = query(base, location).toString();
	return q ? `${base.path}?${q}` : base.path;
}

/** A form action at a location: its query stays, so the page shown after the post is the same one. */
export function journeyAction(base: JourneyBase, location: JourneyLocation, action: 'save' | 'submit' | 'resolve' | 'discard'): string {
	const q = query(base, location).toString();
	return `?${q ? `${q}&` : ''}/${action}`;
}

/** Pages of `order` after (or before) `page` in the form's own order. */
function neighbour(schema: PagedSchema, order: string[], page: string, step: 1 | -1): string | null {
	const all = formPages(schema).map((p) => p.id);
	const at = all.indexOf(page);
	const candidates = step === 1 ? all.slice(at + 1) : all.slice(0, Math.max(at, 0)).reverse();
	return candidates.find((id) => order.includes(id)) ?? null;
}

/** Where "Save and continue" on a page leads: the next page that asks something, else check your answers. */
export function afterSaving(schema: PagedSchema, page: string, fromCheck: boolean, shown?: readonly string[]): JourneyLocation {
	if (fromCheck) return CHECK;
	if (usesTaskList(schema)) return TASKS;
	const next = neighbour(schema, route(schema, shown), page, 1);
	return next ? pageLocation(next) : CHECK;
}

/** Where "Back" leads from a location; null when it leaves the form. */
export function backFrom(schema: PagedSchema, location: JourneyLocation, shown?: readonly string[]): JourneyLocation | null {
	if (location.view === 'tasks') return null;
	const order = route(schema, shown);
	if (location.view === 'check') {
		if (usesTaskList(schema)) return TASKS;
		return pageLocation(order.at(-1)!);
	}
	if (location.fromCheck) return CHECK;
	if (usesTaskList(schema)) return TASKS;
	const previous = location.page ? neighbour(schema, order, location.page, -1) : null;
	return previous ? pageLocation(previous) : null;
}

/** The name of a conflict screen's choice for one question (`mine` or `theirs`). */
export function choiceName(key: string): string {
	return `_choice.${key}`;
}

/** The saved draft, as a page shows it. */
export interface DraftInfo {
	id: string;
	revision: number;
	/** When it was last saved, in words on London clocks. */
	savedAt: string;
	savedBy: string;
}

/** Everything a form page is given by its load. */
export interface JourneyData {
	ref: FormTargetRef;
	schema: FormSchema;
	context: PrefillContext;
	childName: string;
	location: JourneyLocation;
	taskList: boolean;
	page: { id: string; title: string; number: number; count: number; keys: string[] } | null;
	/** The whole form's fields as last saved (or as a new draft starts). */
	fields: FieldValues;
	/** The stored files the fields name, so a page shows them as uploaded. */
	uploads: UploadsById;
	/** A page opened from check your answers shows its problems. */
	errors: FieldError[];
	draft: DraftInfo | null;
	/** Names this page load's saves, so its own late saves are never a conflict. */
	editor: string;
	/** For a step: the episode's seq the answers are made against. */
	expectedSeq: number | null;
	submitLabel: string;
	links: { back: string; backLabel: string; exit: { href: string; label: string }; check: string; tasks: string | null; pages: Record<string, string> };
	actions: { save: string; submit: string; resolve: string; discard: string };
	tasks: Array<{ id: string; title: string; status: TaskStatus; href: string }>;
	sections: Array<{ id: string; title: string; rows: Array<SummaryRow & { change: string | null }> }>;
	/** Something to tell the person first (their draft had been recorded, the form changed, they deleted it). */
	notice: { text: string; success: boolean } | null;
	/** Changes on every load, so a page's inputs are rebuilt from what the server sent. */
	renderKey: string;
}

/** What someone else saved since, against what this person has: both kept, question by question. */
export interface DraftConflict {
	draftId: string;
	revision: number;
	savedBy: string;
	savedAt: string;
	mine: FieldValues;
	comparisons: AnswerComparison[];
	page: string | null;
	fromCheck: boolean;
}

/** What a form action hands back when it does not move on. */
export type JourneyOutcome =
	| { kind: 'page-errors'; fields: FieldValues; errors: FieldError[] }
	| { kind: 'conflict'; conflict: DraftConflict }
	| { kind: 'check-errors'; errors: FieldError[] }
	| { kind: 'changed'; message: string }
	| { kind: 'episode-changed'; message: string; href: string }
	| { kind: 'refusal'; message: string }
	/** Deleting a draft asks first, saying whose answers from when would go. */
	| { kind: 'confirm-discard'; savedBy: string; savedAt: string };
