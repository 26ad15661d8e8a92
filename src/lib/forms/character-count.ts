/**
 * The GOV.UK character count for free text with a length limit (the schema's `maxLength`):
 * how much of the limit an answer uses, and the message people see and hear as they type.
 * Counted as the server checks it (`answerLength`), so the count never disagrees with the
 * error a submission would get; the server still checks every answer on submit.
 */
import type { FormNode } from '../protocol/types.js';
import { answerLength } from '../protocol/form-data.js';

export interface CharacterCount {
	limit: number;
	length: number;
	/** Over the limit: the message and the input take GOV.UK's error style. */
	over: boolean;
}

/** Free text is counted; formatted answers (email, phone, postcode, time) keep their limit as a safeguard only. */
export function countsCharacters(node: FormNode): boolean {
	const widget = node['x-ui']?.widget;
	return (
		node.type === 'string' &&
		node.maxLength !== undefined &&
		node.format === undefined &&
		(widget === undefined || widget === 'text' || widget === 'textarea')
	);
}

export function characterCount(node: FormNode, text: string): CharacterCount | undefined {
	return countsCharacters(node) ? countOf(node.maxLength!, text) : undefined;
}

export function countOf(limit: number, text: string): CharacterCount {
	const length = answerLength(text);
	return { limit, length, over: length > limit };
}

const characters = (n: number) => (n === 1 ? '1 character' : `${n} characters`);

/** What the visible count says (and, once typing pauses, what screen readers hear). */
export function countMessage(count: CharacterCount): string {
	const left = count.limit - count.length;
	return left >= 0 ? `You have ${characters(left)} remaining` : `You have ${characters(-left)} too many`;
}

/** The limit as stated without JavaScript, and to screen readers as the input's description. */
export function limitMessage(limit: number): string {
	return `You can enter up to ${characters(limit)}`;
}
