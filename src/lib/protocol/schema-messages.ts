/**
 * Turning ajv's errors against the meta-schemas into sentences a safeguarding lead can act on:
 * what is wrong, and what to write instead. Locations stay as JSON pointers; the caller turns
 * them into line and column.
 */
import type { ErrorObject } from 'ajv';
import { contextOf, resolveLocalRef, type PackageFileKind } from './meta-schemas.js';
import { fromPointer } from './json-locate.js';
import { didYouMean } from './spelling.js';

export interface SchemaProblem {
	pointer: string;
	/** Point at the property name rather than its value (the name is what is wrong). */
	atKey: boolean;
	message: string;
}

const SOURCE_FIELD_HINTS: Record<string, string> = {
	document: 'the title of the source document',
	section: 'the section, paragraph or page',
	quote: 'one sentence quoted from the document'
};

/** What `params` looks like for each named guard or action that needs them. */
const PARAMS_EXAMPLES: Record<string, string> = {
	formSubmitted: '{"form": "<form id>"}',
	riskIs: '{"categories": ["high"]}',
	factsMatch: '{"rule": {"==": [{"var": "episode.injured"}, true]}}',
	clockRunning: '{"clock": "<clock id>"}',
	startClock: '{"clock": "<clock id>"}',
	stopClock: '{"clock": "<clock id>"}',
	notify: '{"notification": "<notification id>"}',
	recordRhiOutcome: '{"outcome": "completed"}'
};

const TYPE_WORDS: Record<string, string> = {
	string: 'text in double quotes',
	number: 'a number',
	integer: 'a whole number',
	boolean: 'true or false',
	object: 'an object in { }',
	array: 'a list in [ ]',
	null: 'null'
};

export function describeSchemaErrors(kind: PackageFileKind, errors: ErrorObject[]): SchemaProblem[] {
	const problems: SchemaProblem[] = [];
	const seen = new Set<string>();
	for (const error of errors) {
		// `if` failures repeat an error already reported from the `then`/`else` branch;
		// `propertyNames` repeats the enum error reported for the offending name.
		if (error.keyword === 'if' || error.keyword === 'propertyNames') continue;
		const problem = describe(kind, error);
		const key = `${problem.pointer}\u0000${problem.message}`;
		if (seen.has(key)) continue;
		seen.add(key);
		problems.push(problem);
	}
	return problems;
}

function describe(kind: PackageFileKind, error: ErrorObject): SchemaProblem {
	const context = contextOf(error.parentSchema);
	const noun = context.title ?? 'value';
	const pointer = error.instancePath;
	const field = fieldName(pointer);
	const data: unknown = error.data;
	const params = error.params as Record<string, unknown>;

	switch (error.keyword) {
		case 'required':
			// A `required` in an untitled `then` branch depends on another field (e.g. the rule's kind).
			const conditional = typeof (error.parentSchema as Record<string, unknown> | undefined)?.title !== 'string';
			return { pointer, atKey: false, message: missingMessage(noun, data, String(params.missingProperty), conditional) };
		case 'additionalProperties':
		case 'unevaluatedProperties': {
			const property = String(params.additionalProperty ?? params.unevaluatedProperty);
			return {
				pointer: `${pointer}/${escapeSegment(property)}`,
				atKey: true,
				message: unknownPropertyMessage(kind, noun, property, allowedProperties(error.parentSchema))
			};
		}
		case 'enum': {
			const allowed = (params.allowedValues as unknown[]).map(String);
			const propertyName = (error as ErrorObject & { propertyName?: string }).propertyName;
			if (propertyName !== undefined) {
				return {
					pointer: `${pointer}/${escapeSegment(propertyName)}`,
					atKey: true,
					message: `unknown ${noun} "${propertyName}"${didYouMean(propertyName, allowed)}: use one of ${allowed.join(', ')}`
				};
			}
			const shown = typeof data === 'string' ? `"${data}"` : JSON.stringify(data);
			const guess = typeof data === 'string' ? didYouMean(data, allowed) : '';
			return { pointer, atKey: false, message: `unknown ${noun} ${shown}${guess}: use one of ${allowed.join(', ')}` };
		}
		case 'const':
			return { pointer, atKey: false, message: `${field} must be ${JSON.stringify(params.allowedValue)}, not ${show(data)}` };
		case 'type':
			return { pointer, atKey: false, message: typeMessage(field, params.type, data, noun) };
		case 'minLength':
			return {
				pointer,
				atKey: false,
				message:
					data === ''
						? emptyMessage(pointer, field)
						: `${field} must be at least ${params.limit} characters long`
			};
		case 'minItems':
			return { pointer, atKey: false, message: `${field} needs at least ${params.limit} ${params.limit === 1 ? 'item' : 'items'}` };
		case 'maxItems':
			return { pointer, atKey: false, message: `${field} may have at most ${params.limit} items` };
		case 'minProperties':
			return { pointer, atKey: false, message: `${field} needs at least ${params.limit} ${params.limit === 1 ? 'entry' : 'entries'}` };
		case 'maxProperties':
			return {
				pointer,
				atKey: false,
				message: context.description ? `${context.description}: remove "params"` : `${field} has too many entries`
			};
		case 'minimum':
		case 'exclusiveMinimum':
			return { pointer, atKey: false, message: `${field} must be at least ${params.limit}, not ${show(data)}` };
		case 'maximum':
		case 'exclusiveMaximum':
			return { pointer, atKey: false, message: `${field} must be at most ${params.limit}, not ${show(data)}` };
		case 'pattern':
		case 'format':
			return {
				pointer,
				atKey: false,
				message: `${typeof data === 'string' ? JSON.stringify(data) : show(data)} is not a valid ${noun}${context.description ? `: use ${context.description}` : ''}`
			};
		case 'uniqueItems':
			return {
				pointer,
				atKey: false,
				message: `${field} lists the same value twice (items ${Number(params.j) + 1} and ${Number(params.i) + 1}): remove one`
			};
		default:
			return { pointer, atKey: false, message: `${field} ${error.message ?? 'is not valid'}` };
	}
}

function missingMessage(noun: string, data: unknown, property: string, conditional: boolean): string {
	const record = (data ?? {}) as Record<string, unknown>;
	const name = typeof record.id === 'string' ? `${noun} "${record.id}"` : typeof record.type === 'string' ? `${noun} "${record.type}"` : noun;
	if (property === 'source') {
		return `${name} has no source: add source.document, source.section and a one-sentence source.quote`;
	}
	if (noun === 'source' && SOURCE_FIELD_HINTS[property]) {
		return `source has no "${property}": add ${SOURCE_FIELD_HINTS[property]}`;
	}
	if (property === 'params' && typeof record.type === 'string' && PARAMS_EXAMPLES[record.type]) {
		return `${name} needs params: add "params": ${PARAMS_EXAMPLES[record.type]}`;
	}
	const why = conditional && typeof record.kind === 'string' ? ` (a ${record.kind} ${noun} needs it)` : '';
	return `${name} is missing "${property}": add it${why}`;
}

function unknownPropertyMessage(kind: PackageFileKind, noun: string, property: string, allowed: string[]): string {
	if (kind === 'form' && property === 'pattern') {
		return '"pattern" is not supported: regular expressions are not allowed in forms; use a named "format" (date, date-time, time, email, uk-postcode, uk-phone) or minLength/maxLength';
	}
	const list = allowed.length > 0 ? `: allowed here are ${allowed.join(', ')}` : ': remove it';
	return `unknown property "${property}" in ${noun}${didYouMean(property, allowed)}${list}`;
}

function allowedProperties(schema: unknown): string[] {
	if (schema === null || typeof schema !== 'object') return [];
	const record = schema as Record<string, unknown>;
	const names = new Set(Object.keys((record.properties as object | undefined) ?? {}));
	if (typeof record.$ref === 'string') {
		const target = resolveLocalRef(record.$ref);
		for (const name of Object.keys((target?.properties as object | undefined) ?? {})) names.add(name);
	}
	return [...names];
}

function typeMessage(field: string, expected: unknown, data: unknown, noun: string): string {
	const types = Array.isArray(expected) ? expected.map(String) : String(expected).split(',');
	const wanted = types.map((type) => TYPE_WORDS[type] ?? type).join(' or ');
	let fix = '';
	if (typeof data === 'string' && (types.includes('number') || types.includes('integer')) && data.trim() !== '' && !Number.isNaN(Number(data))) {
		fix = ': remove the quotes';
	} else if (typeof data === 'string' && types.includes('boolean') && (data === 'true' || data === 'false')) {
		fix = ': remove the quotes';
	} else if (noun === 'transition' && typeof data === 'string') {
		fix = `: write {"target": ${JSON.stringify(data)}}`;
	} else if (types.includes('array') && data !== null && typeof data !== 'object') {
		fix = `: write it as a list, e.g. [${JSON.stringify(data)}]`;
	}
	return `${field} must be ${wanted}, not ${show(data)}${fix}`;
}

function emptyMessage(pointer: string, field: string): string {
	const segments = fromPointer(pointer);
	const last = segments[segments.length - 1];
	if (segments[segments.length - 2] === 'source' && SOURCE_FIELD_HINTS[last]) {
		return `source.${last} is empty: write ${SOURCE_FIELD_HINTS[last]}`;
	}
	return `${field} is empty: write something or remove it`;
}

/** `"amount"`, or `item 2 of "attendees"` for array entries; the root is "the file". */
function fieldName(pointer: string): string {
	const segments = fromPointer(pointer);
	if (segments.length === 0) return 'the file';
	const last = segments[segments.length - 1];
	if (/^\d+$/.test(last)) {
		const parent = segments[segments.length - 2];
		return parent === undefined ? `item ${Number(last) + 1}` : `item ${Number(last) + 1} of "${parent}"`;
	}
	return `"${last}"`;
}

function show(data: unknown): string {
	if (typeof data === 'string') return `the text "${data.length > 60 ? data.slice(0, 57) + '...' : data}"`;
	if (Array.isArray(data)) return 'a list';
	if (data === null) return 'null';
	if (typeof data === 'object') return 'an object';
	return String(data);
}

function escapeSegment(segment: string): string {
	return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}
