/**
 * Validating one protocol package version from its files' text: JSON syntax, the meta-schemas,
 * then the cross-references between files. Every problem is reported with its file, JSON
 * pointer, line and column, so an author can go straight to it. Pure: the caller reads the files.
 */
import { describeSchemaErrors } from './schema-messages.js';
import { locatePointer, parseLocated, type LocatedJson } from './json-locate.js';
import { validateFile, type PackageFileKind } from './meta-schemas.js';
import { checkCrossReferences } from './package-crossrefs.js';
import type { FormSchema, LifecycleConfig, ProtocolDocument, ProtocolPackage } from './types.js';

export interface PackageError {
	/** Path relative to the package version folder, e.g. "forms/missing-report.json". */
	file: string;
	/** RFC 6901 JSON pointer; "" is the whole file. */
	pointer: string;
	/** 1-based. */
	line: number;
	/** 1-based. */
	column: number;
	message: string;
}

export interface PackageValidation {
	/** Present only when there are no errors. */
	package?: ProtocolPackage;
	errors: PackageError[];
}

export interface PackageValidationOptions {
	/** Folder names the package was read from; metadata.id and metadata.version must match them. */
	id?: string;
	version?: string;
}

export const PROTOCOL_FILE = 'protocol.json';
const DEFAULT_LIFECYCLE_FILE = 'lifecycle.json';

interface CheckedFile<T> {
	located?: LocatedJson;
	/** Set when the file parsed and matched its meta-schema. */
	value?: T;
}

/** `files` maps paths relative to the version folder (forward slashes) to file text. */
export function validatePackage(files: Record<string, string>, options: PackageValidationOptions = {}): PackageValidation {
	const texts = new Map(Object.entries(files).map(([path, text]) => [normalisePath(path), text]));
	const errors: PackageError[] = [];
	const locatedFiles = new Map<string, LocatedJson>();

	const check = <T>(file: string, kind: PackageFileKind): CheckedFile<T> => {
		const text = texts.get(file);
		if (text === undefined) return {};
		const located = parseLocated(text);
		locatedFiles.set(file, located);
		for (const problem of located.syntaxErrors) {
			errors.push({ file, pointer: '', line: problem.line, column: problem.column, message: `JSON syntax error: ${problem.message}` });
		}
		for (const duplicate of located.duplicateKeys) {
			errors.push({
				file,
				pointer: duplicate.pointer,
				...duplicate.position,
				message: `"${duplicate.key}" appears twice in the same object: keep one (only the last would count)`
			});
		}
		if (located.syntaxErrors.length > 0) return { located };
		const problems = describeSchemaErrors(kind, validateFile(kind, located.value));
		for (const problem of problems) {
			errors.push({ file, pointer: problem.pointer, ...locatePointer(located, problem.pointer, problem.atKey), message: problem.message });
		}
		return problems.length === 0 ? { located, value: located.value as T } : { located };
	};

	if (!texts.has(PROTOCOL_FILE)) {
		errors.push({
			file: PROTOCOL_FILE,
			pointer: '',
			line: 1,
			column: 1,
			message: 'protocol.json is missing: every package version folder needs one (see docs/protocol-format.md)'
		});
		return { errors };
	}
	const protocol = check<ProtocolDocument>(PROTOCOL_FILE, 'protocol');

	const declaredLifecycle = lifecyclePathOf(protocol.located?.value);
	const lifecycleFile = declaredLifecycle ?? DEFAULT_LIFECYCLE_FILE;
	const lifecycle = check<LifecycleConfig>(lifecycleFile, 'lifecycle');
	if (!texts.has(lifecycleFile)) {
		const pointer = declaredLifecycle ? '/lifecycle' : '';
		errors.push({
			file: PROTOCOL_FILE,
			pointer,
			...(protocol.located ? locatePointer(protocol.located, pointer) : { line: 1, column: 1 }),
			message: `lifecycle file "${lifecycleFile}" is not in the package: add it or correct "lifecycle" in protocol.json`
		});
	}

	const formFiles = new Set([...texts.keys()].filter((path) => path.startsWith('forms/') && path.endsWith('.json')));
	for (const path of listedFormFiles(protocol.located?.value)) if (texts.has(path)) formFiles.add(path);
	const forms = new Map<string, FormSchema | undefined>();
	for (const file of [...formFiles].sort()) forms.set(file, check<FormSchema>(file, 'form').value);

	if (protocol.value) {
		const problems = checkCrossReferences({
			protocol: protocol.value,
			lifecycleFile,
			lifecycle: lifecycle.value,
			forms,
			expected: { id: options.id, version: options.version }
		});
		for (const problem of problems) {
			const located = locatedFiles.get(problem.file);
			const position = located ? locatePointer(located, problem.pointer, problem.atKey) : { line: 1, column: 1 };
			errors.push({ file: problem.file, pointer: problem.pointer, ...position, message: problem.message });
		}
	}

	errors.sort(compareErrors);
	if (errors.length > 0 || !protocol.value || !lifecycle.value) return { errors };

	const formsById: Record<string, FormSchema> = {};
	for (const ref of protocol.value.forms) {
		const form = forms.get(ref.file);
		if (form) formsById[ref.id] = form;
	}
	return { package: { protocol: protocol.value, lifecycle: lifecycle.value, forms: formsById }, errors };
}

/** "protocols/walsall/2019.1/lifecycle.json:12:7 /states/missing ... message" style, path prefix given. */
export function formatPackageError(error: PackageError, folder = ''): string {
	const prefix = folder ? `${folder.replace(/\/+$/, '')}/` : '';
	return `${prefix}${error.file}:${error.line}:${error.column} ${error.pointer || '/'} ${error.message}`;
}

function normalisePath(path: string): string {
	return path.replace(/\\/g, '/').replace(/^\.\//, '');
}

function lifecyclePathOf(value: unknown): string | undefined {
	if (value && typeof value === 'object' && typeof (value as Record<string, unknown>).lifecycle === 'string') {
		return normalisePath((value as { lifecycle: string }).lifecycle);
	}
	return undefined;
}

function listedFormFiles(value: unknown): string[] {
	const forms = value && typeof value === 'object' ? (value as Record<string, unknown>).forms : undefined;
	if (!Array.isArray(forms)) return [];
	return forms
		.map((form) => (form && typeof form === 'object' ? (form as Record<string, unknown>).file : undefined))
		.filter((file): file is string => typeof file === 'string')
		.map(normalisePath);
}

const FILE_ORDER = (file: string) => (file === PROTOCOL_FILE ? 0 : file.startsWith('forms/') ? 2 : 1);

function compareErrors(a: PackageError, b: PackageError): number {
	return (
		FILE_ORDER(a.file) - FILE_ORDER(b.file) ||
		a.file.localeCompare(b.file) ||
		a.line - b.line ||
		a.column - b.column ||
		a.message.localeCompare(b.message)
	);
}
