/** What every widget receives, and the ids GOV.UK markup ties together (hint, error, input). */
import type { FormNode } from '../protocol/types.js';
import { inputId } from '../protocol/form-data.js';
import type { FieldError } from '../protocol/form-errors.js';
import type { FormState } from './form-state.svelte.js';

export interface WidgetProps {
	form: FormState;
	node: FormNode;
	path: string;
	required: boolean;
	/** The answers of the repeating item this question is in, for `item.*` conditions. */
	item?: Record<string, unknown>;
}

export interface QuestionIds {
	id: string;
	hintId: string;
	errorId: string;
	hint: string | undefined;
	error: FieldError | undefined;
	/** For aria-describedby: the hint and error shown, or undefined when neither is. */
	describedBy: string | undefined;
}

/**
 * The ids, hint and server error of a question. None of them changes while the question is on
 * the page (see Field), so a widget works them out once; only its label (`labelOf`) follows
 * whether the question is required. `defaultHint` is what the widget says when the author gave
 * no hint ("Select all that apply", an example of the format).
 */
export function questionIds(props: Pick<WidgetProps, 'form' | 'node' | 'path'>, defaultHint?: string): QuestionIds {
	const id = inputId(props.path);
	const hint = (props.node['x-ui']?.hint ?? props.node.description) || defaultHint;
	const error = props.form.error(props.path);
	const hintId = `${id}-hint`;
	const errorId = `${id}-error`;
	const describedBy = hint ? (error ? `${hintId} ${errorId}` : hintId) : error ? errorId : undefined;
	return { id, hintId, errorId, hint, error, describedBy };
}

/** The question's title, marked "(optional)" when it may be left blank. */
export function labelOf(node: FormNode, required: boolean): string {
	return required ? node.title : `${node.title} (optional)`;
}

/** Labelled options from `oneOf` (const + title) or a bare `enum`. */
export function optionsOf(node: FormNode | undefined): Array<{ value: string; label: string }> {
	if (node?.oneOf) return node.oneOf.map((o) => ({ value: String(o.const), label: o.title }));
	return (node?.enum ?? []).map((v) => ({ value: String(v), label: String(v) }));
}
