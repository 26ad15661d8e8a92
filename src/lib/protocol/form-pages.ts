/**
 * A long form asked one page at a time: which top-level questions each page holds, which of a
 * form's fields belong to a page, a page's own check, and the status of each page as a task.
 *
 * Pages are the author's `x-ui.pages`, in the order declared; a question names its page with
 * `x-ui.page`, and a question without one belongs to the first page. A form without pages is one
 * page. Pages hold top-level questions only (a group or a repeating item stays on its parent's
 * page). Conditions on a page read the whole form's answers, so a page is checked by checking the
 * whole form (`checkForm`) and keeping the problems of its own questions.
 *
 * Pure, and light enough for the browser (no validator here): the server action decides with
 * these, and the browser's autosave merges a page's inputs into the whole form with them.
 * A page whose questions the answers so far all hide is skipped on the way through.
 */
import type { FormSchema } from './types.js';
import { parseFields, type FieldValues } from './form-data.js';
import type { FieldError } from './form-errors.js';
import { conditionData, isShown, type PrefillContext } from './form-conditions.js';

/** The id of the one page of a form that declares no pages. */
export const SINGLE_PAGE_ID = 'questions';

export interface FormPage {
	id: string;
	title: string;
	/** The top-level questions on this page, in the form's order. */
	keys: string[];
}

type PagedSchema = Pick<FormSchema, 'title' | 'properties' | 'x-ui'>;

const pageCache = new WeakMap<object, FormPage[]>();

/** The form's pages in the order the author declared them; a page no question names is left out. */
export function formPages(schema: PagedSchema): FormPage[] {
	const cached = pageCache.get(schema);
	if (cached) return cached;
	const declared = schema['x-ui']?.pages ?? [];
	let pages: FormPage[];
	if (declared.length === 0) {
		pages = [{ id: SINGLE_PAGE_ID, title: schema.title, keys: Object.keys(schema.properties) }];
	} else {
		pages = declared.map((p) => ({ id: p.id, title: p.title, keys: [] as string[] }));
		for (const [key, node] of Object.entries(schema.properties)) {
			const page = pages.find((p) => p.id === node['x-ui']?.page) ?? pages[0];
			page.keys.push(key);
		}
		pages = pages.filter((p) => p.keys.length > 0);
	}
	pageCache.set(schema, pages);
	return pages;
}

export function pageById(schema: PagedSchema, id: string | null | undefined): FormPage | undefined {
	return formPages(schema).find((p) => p.id === id);
}

/** The page after `id`, or null after the last one. */
export function pageAfter(schema: PagedSchema, id: string): FormPage | null {
	const pages = formPages(schema);
	const i = pages.findIndex((p) => p.id === id);
	return i >= 0 && i + 1 < pages.length ? pages[i + 1] : null;
}

/** The page before `id`, or null before the first one. */
export function pageBefore(schema: PagedSchema, id: string): FormPage | null {
	const pages = formPages(schema);
	const i = pages.findIndex((p) => p.id === id);
	return i > 0 ? pages[i - 1] : null;
}

/**
 * The pages that ask something, given the answers so far: a page whose every question is hidden
 * by its conditions (an interview page when no interview took place) is passed over.
 */
export function shownPages(schema: PagedSchema, fields: FieldValues, context: PrefillContext): FormPage[] {
	const data = conditionData(parseFields(schema, fields).data, context);
	return formPages(schema).filter((page) => page.keys.some((key) => isShown(schema.properties[key], data)));
}

/**
 * Whether the form is shown as a task list: the author asks for one with `x-ui.taskList` on a
 * form with more than one page. (Validation refuses `taskList` on a form without pages.)
 */
export function usesTaskList(schema: PagedSchema): boolean {
	return schema['x-ui']?.taskList === true && formPages(schema).length > 1;
}

const SEPARATORS = ['.', '[', '-'];

/**
 * The top-level question an input name belongs to: `associates[0].name` → `associates`,
 * `missingAt-day` → `missingAt`. The longest question name that fits wins, so `photo` never
 * claims `photoConsent`.
 */
export function questionOfField(keys: readonly string[], name: string): string | undefined {
	let best: string | undefined;
	for (const key of keys) {
		const fits = name === key || (name.startsWith(key) && SEPARATORS.includes(name.charAt(key.length)));
		if (fits && (best === undefined || key.length > best.length)) best = key;
	}
	return best;
}

/** The top-level question an answer or error path (`associates[0].name`) is about. */
export function questionOfPath(path: string): string {
	const match = /^[^.[]+/.exec(path);
	return match ? match[0] : path;
}

/** The page that asks the question an answer or error path is about. */
export function pageOfPath(schema: PagedSchema, path: string): FormPage | undefined {
	const key = questionOfPath(path);
	return formPages(schema).find((p) => p.keys.includes(key));
}

/** The fields that belong to the given questions. */
export function fieldsOf(schema: PagedSchema, fields: FieldValues, keys: readonly string[]): FieldValues {
	const all = Object.keys(schema.properties);
	const out: FieldValues = {};
	for (const [name, value] of Object.entries(fields)) {
		const key = questionOfField(all, name);
		if (key !== undefined && keys.includes(key)) out[name] = value;
	}
	return out;
}

/**
 * The form's fields after a page is posted: the page's own fields are replaced by what was
 * posted (so a cleared box or an unticked checkbox clears the answer) and every other page's
 * fields are kept. Posted names that are not this page's questions are ignored, so one page's
 * post can never change another page's answers.
 */
export function replacePageFields(schema: PagedSchema, fields: FieldValues, page: FormPage, posted: FieldValues): FieldValues {
	const all = Object.keys(schema.properties);
	const out: FieldValues = {};
	for (const [name, value] of Object.entries(fields)) {
		const key = questionOfField(all, name);
		if (key === undefined || !page.keys.includes(key)) out[name] = value;
	}
	return Object.assign(out, fieldsOf(schema, posted, page.keys));
}

/** Of the whole form's problems (`checkForm`), those with this page's questions. */
export function pageErrors(page: FormPage, errors: FieldError[]): FieldError[] {
	return errors.filter((e) => page.keys.includes(questionOfPath(e.path)));
}

function isPrefilled(schema: PagedSchema, key: string): boolean {
	return Boolean(schema.properties[key]?.['x-ui']?.prefill);
}

/** Something typed or chosen for one of these questions (prefilled ones are not typed). */
export function hasAnswers(schema: PagedSchema, fields: FieldValues, keys: readonly string[]): boolean {
	const typed = keys.filter((k) => !isPrefilled(schema, k));
	const own = fieldsOf(schema, fields, typed);
	return Object.values(own).some((v) => (Array.isArray(v) ? v.some((x) => x.trim() !== '') : v.trim() !== ''));
}

export type TaskStatus = 'not-started' | 'in-progress' | 'completed';

export interface PageTask {
	page: FormPage;
	status: TaskStatus;
}

/**
 * Each page as a task: not yet started while nothing on it is answered, completed when it is
 * answered and has none of the form's problems (`checkForm(...).errors`), in progress otherwise.
 * A page that only shows prefilled answers has nothing to do and counts as completed.
 */
export function pageTasks(schema: PagedSchema, fields: FieldValues, errors: FieldError[]): PageTask[] {
	return formPages(schema).map((page) => {
		const typed = page.keys.filter((k) => !isPrefilled(schema, k));
		if (typed.length === 0) return { page, status: 'completed' };
		if (!hasAnswers(schema, fields, page.keys)) return { page, status: 'not-started' };
		return { page, status: pageErrors(page, errors).length > 0 ? 'in-progress' : 'completed' };
	});
}
