/**
 * Reads a reference protocol package from `protocols/<id>/<version>/` for tests, and checks the
 * quoted sources against the seed documents they cite when those are present on this machine.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { validatePackage, type PackageValidation } from '../../src/lib/protocol/package-validate.js';
import type { FormNode, FormSchema, LifecycleConfig, ProtocolDocument, Source } from '../../src/lib/protocol/types.js';
import { checkForm } from '../../src/lib/protocol/form-check.js';
import { fieldsFromData } from '../../src/lib/protocol/form-data.js';
import type { PrefillContext } from '../../src/lib/protocol/form-conditions.js';

const root = resolve(__dirname, '../..');

/** The seed documents live beside the repository; set HOMEWARD_SEEDS to point elsewhere. */
export const seedsDir = process.env.HOMEWARD_SEEDS ?? resolve(root, '../shared/seeds');
export const seedsPresent = existsSync(seedsDir);

export interface LoadedPackage {
	protocol: ProtocolDocument;
	lifecycle: LifecycleConfig;
	forms: Record<string, FormSchema>;
	validation: PackageValidation;
}

export function loadReferencePackage(id: string, version: string): LoadedPackage {
	const dir = join(root, 'protocols', id, version);
	const files: Record<string, string> = {
		'protocol.json': readFileSync(join(dir, 'protocol.json'), 'utf8'),
		'lifecycle.json': readFileSync(join(dir, 'lifecycle.json'), 'utf8')
	};
	const forms: Record<string, FormSchema> = {};
	for (const name of readdirSync(join(dir, 'forms'))) {
		const text = readFileSync(join(dir, 'forms', name), 'utf8');
		files[`forms/${name}`] = text;
		const form = JSON.parse(text) as FormSchema;
		forms[form.$id] = form;
	}
	return {
		protocol: JSON.parse(files['protocol.json']) as ProtocolDocument,
		lifecycle: JSON.parse(files['lifecycle.json']) as LifecycleConfig,
		forms,
		validation: validatePackage(files, { id, version })
	};
}

/** Every `source` object anywhere in the document, with the JSON path where it sits. */
export function sourcesOf(value: unknown, path = ''): Array<{ path: string; source: Source }> {
	if (Array.isArray(value)) return value.flatMap((item, i) => sourcesOf(item, `${path}/${i}`));
	if (value === null || typeof value !== 'object') return [];
	const out: Array<{ path: string; source: Source }> = [];
	for (const [key, child] of Object.entries(value)) {
		if (key === 'source' && child && typeof child === 'object' && 'quote' in child) out.push({ path: `${path}/source`, source: child as Source });
		else out.push(...sourcesOf(child, `${path}/${key}`));
	}
	return out;
}

/** Seed text with runs of whitespace collapsed, so quotes that wrap across PDF lines still match. */
export function seedText(file: string): string {
	return readFileSync(join(seedsDir, file), 'utf8').replace(/\s+/g, ' ');
}

export function normaliseSpace(text: string): string {
	return text.replace(/\s+/g, ' ').trim();
}

/** Content ids tagged on questions of a form, including inside repeaters and fieldsets. */
export function contentTags(form: FormSchema): Set<string> {
	const tags = new Set<string>();
	const walk = (node: FormNode) => {
		if (node['x-ui']?.content) tags.add(node['x-ui'].content);
		for (const child of Object.values(node.properties ?? {})) walk(child);
		if (node.items) walk(node.items);
	};
	for (const node of Object.values(form.properties)) walk(node);
	return tags;
}

/** Every named action or guard reference in a lifecycle, with the transition's required form. */
export function lifecycleRefs(lifecycle: LifecycleConfig) {
	const actions: Array<{ type: string; params?: Record<string, unknown> }> = [];
	const forms = new Set<string>();
	const events = new Set<string>();
	for (const state of Object.values(lifecycle.states)) {
		actions.push(...(state.entry ?? []), ...(state.exit ?? []));
		for (const [event, t] of Object.entries(state.on ?? {})) {
			events.add(event);
			for (const transition of Array.isArray(t) ? t : [t]) {
				actions.push(...(transition.actions ?? []));
				if (transition.meta?.form) forms.add(transition.meta.form);
			}
		}
	}
	return { actions, forms, events };
}

/** A form question pinned to the sentence of the seed that asks for it. */
export interface SourcedQuestion {
	form: string;
	/** Dotted path of the question, e.g. "attendees" or "followUpContacts.items.method". */
	path: string;
	/** The `x-ui.content` item the question must carry, when the source names the content. */
	content?: string;
	quote: string;
}

/** The question at a dotted path of a form, through nested groups and repeater items. */
export function questionAt(form: FormSchema, path: string): FormNode | undefined {
	let node: FormNode | undefined = { type: 'object', title: form.title, properties: form.properties };
	for (const segment of path.split('.')) {
		node = segment === 'items' ? node?.items : node?.properties?.[segment];
		if (!node) return undefined;
	}
	return node;
}

/** The questions of the table that are missing, or lack the content item they must carry. */
export function unsourcedQuestions(forms: Record<string, FormSchema>, table: SourcedQuestion[]): string[] {
	return table
		.filter((q) => {
			const node = forms[q.form] && questionAt(forms[q.form], q.path);
			return !node || (q.content !== undefined && node['x-ui']?.content !== q.content);
		})
		.map((q) => `${q.form}: ${q.path}${q.content ? ` (${q.content})` : ''}`);
}

/** Forms of the package that no lifecycle step takes: nobody could fill them. The missing report starts the episode. */
export function unreachableForms(pkg: LoadedPackage): string[] {
	const { forms: used } = lifecycleRefs(pkg.lifecycle);
	return Object.keys(pkg.forms).filter((id) => id !== 'missing-report' && !used.has(id));
}

/** What the server's check says about typed answers: the messages, and the answers it would store. */
export function checked(form: FormSchema, answers: Record<string, unknown>, context: PrefillContext = { child: {}, episode: {} }) {
	const result = checkForm(form, fieldsFromData(form, answers), context);
	return { messages: result.errors.map((e) => e.message), data: result.data };
}
