/**
 * The whole check of a submitted form, as the server runs it (and the browser may, to answer
 * as people type): read the fields, apply prefill and conditions, validate what is left.
 */
import type { FormSchema } from './types.js';
import { parseFields, type Answers, type FieldValues } from './form-data.js';
import { applyConditions, type PrefillContext } from './form-conditions.js';
import { validateAnswers } from './form-validate.js';
import { errorMessages, type FieldError, type IssueLike } from './form-errors.js';

export interface CheckedForm {
	/** The answers to store: typed, prefilled, hidden questions removed. */
	data: Answers;
	/** Empty when the answers can be stored. */
	errors: FieldError[];
}

function isWithin(path: string, parent: string): boolean {
	return path === parent || path.startsWith(`${parent}.`) || path.startsWith(`${parent}[`);
}

/**
 * `received` are problems found before the fields were read, such as a file refused when it was
 * posted (`storeUploads`): they are reported with the others, in form order, and dropped like
 * them when their question is hidden.
 */
export function checkForm(schema: FormSchema, fields: FieldValues, context: PrefillContext, received: IssueLike[] = []): CheckedForm {
	const parsed = parseFields(schema, fields);
	const { data, required, hidden } = applyConditions(schema, parsed.data, context);
	// Inputs that could not be read come first: "must be a real date" explains the problem
	// better than the "Enter…" that the missing answer would otherwise produce.
	const issues: IssueLike[] = [
		...[...received, ...parsed.issues].filter((issue) => !hidden.some((h) => isWithin(issue.path, h))),
		...required,
		...validateAnswers(schema, data)
	];
	return { data, errors: errorMessages(schema, issues) };
}
