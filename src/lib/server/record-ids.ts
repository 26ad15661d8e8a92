/** Record ids made by the server, so one PocketBase batch can create records that link to each other. */
import { randomBytes } from 'node:crypto';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

function randomText(length: number): string {
	let text = '';
	for (const b of randomBytes(length)) text += ALPHABET[b % ALPHABET.length];
	return text;
}

/** PocketBase record ids: 15 characters of [a-z0-9]. */
export function newRecordId(): string {
	return randomText(15);
}

/** Names one open page of a form (a page load without JavaScript) for its draft saves. */
export function newEditorId(): string {
	return randomText(20);
}
