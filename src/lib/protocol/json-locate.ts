/**
 * Parsing a package file so that every problem can be reported at a line and column:
 * JSON syntax errors from the parser, and JSON pointers resolved back to the text.
 */
import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';

export interface TextPosition {
	/** 1-based. */
	line: number;
	/** 1-based, counted in UTF-16 code units like an editor's column. */
	column: number;
}

export interface SyntaxProblem extends TextPosition {
	message: string;
}

export interface LocatedJson {
	text: string;
	/** The parsed value; undefined when the text has syntax errors. */
	value?: unknown;
	tree?: Node;
	syntaxErrors: SyntaxProblem[];
	/** Keys that occur twice in one object: JSON.parse would silently keep the last. */
	duplicateKeys: Array<{ pointer: string; position: TextPosition; key: string }>;
	lineStarts: number[];
}

const SYNTAX_MESSAGES: Record<string, string> = {
	InvalidSymbol: 'unexpected character: check for a missing quote or a stray character',
	InvalidNumberFormat: 'this number is not written correctly: use digits, an optional minus sign and decimal point',
	PropertyNameExpected: 'a property name in double quotes is expected here (a trailing comma before "}" is not allowed)',
	ValueExpected: 'a value is expected here (a trailing comma before "]" or "}" is not allowed)',
	ColonExpected: 'a colon ":" is expected between the property name and its value',
	CommaExpected: 'a comma is missing before this item',
	CloseBraceExpected: 'a closing "}" is missing for the object opened earlier',
	CloseBracketExpected: 'a closing "]" is missing for the list opened earlier',
	EndOfFileExpected: 'there is more text after the end of the JSON value: remove it',
	InvalidCommentToken: 'comments are not allowed in JSON: remove the comment',
	UnexpectedEndOfComment: 'comments are not allowed in JSON: remove the comment',
	UnexpectedEndOfString: 'this text is not closed: add the closing double quote',
	UnexpectedEndOfNumber: 'this number is cut short: finish it or remove it',
	InvalidUnicode: 'this \\u escape is not four hexadecimal digits',
	InvalidEscapeCharacter: 'this backslash escape is not allowed in JSON: write \\\\ for a backslash',
	InvalidCharacter: 'this character is not allowed inside a JSON string: write line breaks as \\n and tabs as \\t'
};

export function computeLineStarts(text: string): number[] {
	const starts = [0];
	for (let i = 0; i < text.length; i++) {
		const ch = text.charCodeAt(i);
		if (ch === 10) starts.push(i + 1);
		else if (ch === 13) {
			if (text.charCodeAt(i + 1) === 10) i++;
			starts.push(i + 1);
		}
	}
	return starts;
}

export function positionAt(lineStarts: number[], offset: number): TextPosition {
	let low = 0;
	let high = lineStarts.length - 1;
	while (low < high) {
		const mid = (low + high + 1) >> 1;
		if (lineStarts[mid] <= offset) low = mid;
		else high = mid - 1;
	}
	return { line: low + 1, column: offset - lineStarts[low] + 1 };
}

/** RFC 6901 JSON pointer from path segments. */
export function toPointer(path: ReadonlyArray<string | number>): string {
	return path.map((segment) => '/' + String(segment).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

export function fromPointer(pointer: string): string[] {
	if (pointer === '') return [];
	return pointer
		.slice(1)
		.split('/')
		.map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
}

export function parseLocated(original: string): LocatedJson {
	// A byte-order mark (some Windows editors add one) is harmless: blank it, keeping offsets.
	const text = original.charCodeAt(0) === 0xfeff ? ' ' + original.slice(1) : original;
	const lineStarts = computeLineStarts(text);
	if (text.trim() === '') {
		return { text, syntaxErrors: [{ line: 1, column: 1, message: 'the file is empty: it must hold one JSON object' }], duplicateKeys: [], lineStarts };
	}
	const errors: ParseError[] = [];
	const tree = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
	const syntaxErrors = errors.map((error) => ({
		...positionAt(lineStarts, error.offset),
		message: SYNTAX_MESSAGES[printParseErrorCode(error.error)] ?? 'this is not valid JSON'
	}));
	const located: LocatedJson = { text, tree, syntaxErrors, duplicateKeys: [], lineStarts };
	if (syntaxErrors.length === 0 && tree) {
		try {
			located.value = JSON.parse(text);
		} catch (error) {
			// The tolerant parser accepted something strict JSON does not (a stray byte-order mark, say).
			const detail = error instanceof Error ? error.message : String(error);
			syntaxErrors.push({ line: 1, column: 1, message: `this is not strict JSON (${detail})` });
			return located;
		}
		collectDuplicateKeys(tree, [], located);
	}
	return located;
}

function collectDuplicateKeys(node: Node, path: Array<string | number>, located: LocatedJson): void {
	if (node.type === 'object') {
		const seen = new Set<string>();
		for (const property of node.children ?? []) {
			const [keyNode, valueNode] = property.children ?? [];
			if (!keyNode) continue;
			const key = String(keyNode.value);
			if (seen.has(key)) {
				located.duplicateKeys.push({
					pointer: toPointer([...path, key]),
					position: positionAt(located.lineStarts, keyNode.offset),
					key
				});
			}
			seen.add(key);
			if (valueNode) collectDuplicateKeys(valueNode, [...path, key], located);
		}
	} else if (node.type === 'array') {
		(node.children ?? []).forEach((child, index) => collectDuplicateKeys(child, [...path, index], located));
	}
}

/**
 * Position of the value at `pointer`, or of its property name when `atKey` is set (used for
 * "unknown property" errors, where the name is what is wrong). Falls back to the nearest
 * ancestor that exists, so a pointer to a missing property lands on the object that lacks it.
 */
export function locatePointer(located: LocatedJson, pointer: string, atKey = false): TextPosition {
	if (!located.tree) return { line: 1, column: 1 };
	let node: Node = located.tree;
	let reachedEnd = true;
	for (const segment of fromPointer(pointer)) {
		const child = childNode(node, segment);
		if (!child) {
			reachedEnd = false;
			break;
		}
		node = child;
	}
	if (atKey && reachedEnd && node.parent?.type === 'property') {
		const keyNode = node.parent.children?.[0];
		if (keyNode) return positionAt(located.lineStarts, keyNode.offset);
	}
	return positionAt(located.lineStarts, node.offset);
}

function childNode(node: Node, segment: string): Node | undefined {
	if (node.type === 'array') {
		if (!/^\d+$/.test(segment)) return undefined;
		return node.children?.[Number(segment)];
	}
	if (node.type !== 'object') return undefined;
	let found: Node | undefined;
	// The last occurrence wins, as with JSON.parse.
	for (const property of node.children ?? []) {
		if (property.children?.[0]?.value === segment) found = property.children[1];
	}
	return found;
}
