/**
 * The package meta-schemas (schemas/*.schema.json) compiled with ajv, once per process.
 * Importing the JSON keeps this module free of file-system access, so it runs anywhere.
 */
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import formSchema from '../../../schemas/form.schema.json';
import lifecycleSchema from '../../../schemas/lifecycle.schema.json';
import protocolSchema from '../../../schemas/protocol.schema.json';

export type PackageFileKind = 'protocol' | 'lifecycle' | 'form';

export const META_SCHEMAS: Record<PackageFileKind, Record<string, unknown>> = {
	protocol: protocolSchema,
	lifecycle: lifecycleSchema,
	form: formSchema
};

/** The nearest enclosing schema that has a title: what the author would call the thing. */
export interface SchemaContext {
	title?: string;
	description?: string;
	/** The titled schema itself (to list its allowed properties). */
	schema?: Record<string, unknown>;
}

let validators: Record<PackageFileKind, ValidateFunction> | undefined;
const contexts = new WeakMap<object, SchemaContext>();

function compileAll(): Record<PackageFileKind, ValidateFunction> {
	const ajv = new Ajv2020({
		allErrors: true,
		strict: true,
		// `then: { required: [...] }` names properties declared beside the `if`, which strictRequired rejects.
		strictRequired: false,
		allowUnionTypes: true,
		verbose: true
	});
	addFormats(ajv);
	for (const schema of Object.values(META_SCHEMAS)) {
		ajv.addSchema(schema);
		indexContexts(schema, {});
	}
	const compiled = {} as Record<PackageFileKind, ValidateFunction>;
	for (const [kind, schema] of Object.entries(META_SCHEMAS) as Array<[PackageFileKind, { $id: string }]>) {
		const validate = ajv.getSchema(schema.$id);
		if (!validate) throw new Error(`meta-schema ${schema.$id} did not compile`);
		compiled[kind] = validate;
	}
	return compiled;
}

function indexContexts(node: unknown, inherited: SchemaContext): void {
	if (Array.isArray(node)) {
		for (const item of node) indexContexts(item, inherited);
		return;
	}
	if (node === null || typeof node !== 'object') return;
	const record = node as Record<string, unknown>;
	const own: SchemaContext =
		typeof record.title === 'string'
			? {
					title: record.title,
					description: typeof record.description === 'string' ? record.description : undefined,
					schema: record
				}
			: inherited;
	contexts.set(node, own);
	for (const [key, value] of Object.entries(record)) {
		// Values of enum/const are data, not schemas.
		if (key === 'enum' || key === 'const' || key === 'default') continue;
		indexContexts(value, own);
	}
}

export function validateFile(kind: PackageFileKind, value: unknown): ErrorObject[] {
	validators ??= compileAll();
	const validate = validators[kind];
	return validate(value) ? [] : [...(validate.errors ?? [])];
}

export function contextOf(schema: unknown): SchemaContext {
	if (schema === null || typeof schema !== 'object') return {};
	return contexts.get(schema) ?? {};
}

/** A local `#/$defs/...` reference inside one of the meta-schemas, for listing allowed properties. */
export function resolveLocalRef(ref: string): Record<string, unknown> | undefined {
	const match = /^(?:(\w+)\.schema\.json)?#\/\$defs\/([\w-]+)$/.exec(ref);
	if (!match) return undefined;
	for (const schema of Object.values(META_SCHEMAS)) {
		const defs = schema.$defs as Record<string, Record<string, unknown>> | undefined;
		if (defs?.[match[2]] && (!match[1] || String(schema.$id).endsWith(`/${match[1]}.schema.json`))) return defs[match[2]];
	}
	return undefined;
}
