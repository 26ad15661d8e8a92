/**
 * Validates answers against a form's JSON Schema with ajv (draft 2020-12). Each form is
 * compiled once per content and cached: the same (form id, version) from two protocols may
 * differ, so the cache is keyed by the schema's text, with a fast path for the same object.
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { FormSchema } from './types.js';
import type { Answers } from './form-data.js';

// ajv-formats ships CommonJS; under some loaders the function is on `.default`.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as typeof addFormatsModule;

/** A problem with one answer, located by its field path (`associates[0].name`). */
export interface FieldIssue {
	path: string;
	keyword: string;
	params: Record<string, unknown>;
}

const POSTCODE = /^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$/i;
const UK_PHONE = /^(?:\+44|0044|0)\d{9,10}$/;

/** UK postcodes: checked only when short enough to be one, so the regex never sees long input. */
export function isUkPostcode(value: string): boolean {
	const v = value.trim();
	return v.length >= 5 && v.length <= 8 && POSTCODE.test(v);
}

/** UK phone numbers, with or without +44, allowing spaces, dashes and brackets people type. */
export function isUkPhone(value: string): boolean {
	if (value.length > 25) return false;
	return UK_PHONE.test(value.replace(/[\s()-]/g, ''));
}

/** Wall-clock time of day on London clocks, "HH:MM". */
function isTimeOfDay(value: string): boolean {
	const m = /^(\d{2}):(\d{2})$/.exec(value);
	return m !== null && Number(m[1]) <= 23 && Number(m[2]) <= 59;
}

function createAjv(): Ajv2020 {
	const ajv = new Ajv2020({ allErrors: true, strict: true, addUsedSchema: false });
	addFormats(ajv, { mode: 'fast', formats: ['date', 'date-time', 'email'] });
	ajv.addFormat('time', isTimeOfDay);
	ajv.addFormat('uk-postcode', isUkPostcode);
	ajv.addFormat('uk-phone', isUkPhone);
	// UI keywords travel with the schema; they say how to ask, never what is valid.
	ajv.addKeyword({ keyword: 'x-ui', schemaType: 'object' });
	// The form's own version label, recorded with each submission.
	ajv.addKeyword({ keyword: 'version', schemaType: 'string' });
	return ajv;
}

let ajv: Ajv2020 | null = null;
const byObject = new WeakMap<object, ValidateFunction>();
const byText = new Map<string, ValidateFunction>();

/** The compiled validator for a form, compiling it on first use only. */
export function validatorFor(schema: FormSchema): ValidateFunction {
	const cached = byObject.get(schema);
	if (cached) return cached;
	const text = JSON.stringify(schema);
	let validate = byText.get(text);
	if (!validate) {
		ajv ??= createAjv();
		validate = ajv.compile(schema);
		byText.set(text, validate);
	}
	byObject.set(schema, validate);
	return validate;
}

/** `/associates/0/name` → `associates[0].name` */
export function pointerToPath(pointer: string): string {
	let path = '';
	for (const raw of pointer.split('/').slice(1)) {
		const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
		path = /^\d+$/.test(key) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
	}
	return path;
}

/** ajv errors as one issue per answer, the first reported for each (the most basic). */
export function issuesFromAjv(errors: ErrorObject[] | null | undefined): FieldIssue[] {
	const byPath = new Map<string, FieldIssue>();
	for (const e of errors ?? []) {
		// Each labelled option's `const` fails for every option not chosen; the `oneOf` error says it once.
		if (e.schemaPath.includes('/oneOf/')) continue;
		let path = pointerToPath(e.instancePath);
		if (e.keyword === 'required') {
			const missing = String((e.params as { missingProperty: string }).missingProperty);
			path = path ? `${path}.${missing}` : missing;
		}
		if (!byPath.has(path)) byPath.set(path, { path, keyword: e.keyword, params: e.params as Record<string, unknown> });
	}
	return [...byPath.values()];
}

export function validateAnswers(schema: FormSchema, data: Answers): FieldIssue[] {
	const validate = validatorFor(schema);
	return validate(data) ? [] : issuesFromAjv(validate.errors);
}
