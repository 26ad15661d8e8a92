/**
 * Checks that need the whole package at once: every name one file uses is defined somewhere
 * (states, forms, clocks, notifications, categories, events, facts). The meta-schemas check
 * each file's shape; this module checks that the files agree with each other.
 */
import { FACT_PATHS, isFactPath } from './fact-paths.js';
import { checkJsonLogic } from './json-logic-check.js';
import { toPointer } from './json-locate.js';
import { didYouMean } from './spelling.js';
import type {
	FormNode,
	FormSchema,
	JsonLogic,
	LifecycleConfig,
	NamedRef,
	ProtocolDocument,
	TransitionConfig
} from './types.js';

export interface CrossRefProblem {
	file: string;
	pointer: string;
	/** Point at the property name rather than its value. */
	atKey?: boolean;
	message: string;
}

export interface PackageParts {
	protocol: ProtocolDocument;
	/** Path of the lifecycle file; `lifecycle` is undefined when that file is absent or invalid. */
	lifecycleFile: string;
	lifecycle?: LifecycleConfig;
	/** Every forms/*.json (and listed form) file present: its schema-valid content, or undefined. */
	forms: Map<string, FormSchema | undefined>;
	/** The folder the package was read from, when known. */
	expected?: { id?: string; version?: string };
}

type Path = Array<string | number>;

const PROTOCOL_FILE = 'protocol.json';

/**
 * Events no lifecycle transition handles because the engine raises them itself: REPORT creates
 * the episode (entering the initial state) and STAGE_OPENED comes from evaluateRepeatMissing.
 */
export const ENGINE_EVENTS = ['REPORT', 'STAGE_OPENED'] as const;

export function checkCrossReferences(parts: PackageParts): CrossRefProblem[] {
	const problems: CrossRefProblem[] = [];
	const { protocol } = parts;
	const inProtocol = (path: Path, message: string, atKey = false) =>
		problems.push({ file: PROTOCOL_FILE, pointer: toPointer(path), message, atKey });

	checkFolderNames(parts, inProtocol);
	checkUniqueIds(protocol, inProtocol);

	const formIds = protocol.forms.map((form) => form.id);
	const categoryIds = protocol.riskCategories.map((category) => category.id);
	const clockIds = protocol.clocks.map((clock) => clock.id);
	const notificationIds = protocol.notifications.map((notification) => notification.id);

	const checkForm = (file: string, path: Path, formId: string) => {
		if (!formIds.includes(formId)) {
			problems.push({
				file,
				pointer: toPointer(path),
				message: `unknown form "${formId}"${didYouMean(formId, formIds)}: ${listOrNone('forms listed in protocol.json', formIds)}; add it to "forms" or correct the id`
			});
		}
	};

	checkFormFiles(parts, problems);

	// Forms named from protocol.json.
	protocol.clocks.forEach((clock, i) => {
		if (clock.task.form) checkForm(PROTOCOL_FILE, ['clocks', i, 'task', 'form'], clock.task.form);
	});
	protocol.repeatMissing?.stages.forEach((stage, i) => {
		if (stage.meeting.form) checkForm(PROTOCOL_FILE, ['repeatMissing', 'stages', i, 'meeting', 'form'], stage.meeting.form);
	});
	if (protocol.repeatMissing?.rationaleForm) {
		checkForm(PROTOCOL_FILE, ['repeatMissing', 'rationaleForm'], protocol.repeatMissing.rationaleForm);
	}
	if (protocol.rhi.form) checkForm(PROTOCOL_FILE, ['rhi', 'form'], protocol.rhi.form);
	if (protocol.philomena?.form) checkForm(PROTOCOL_FILE, ['philomena', 'form'], protocol.philomena.form);

	protocol.riskRules.forEach((rule, i) => {
		if (!categoryIds.includes(rule.category)) {
			inProtocol(['riskRules', i, 'category'], unknownCategory(rule.category, categoryIds));
		}
	});

	// Conditions in protocol.json read Facts only.
	const factConditions: Array<[Path, JsonLogic | undefined]> = [
		...protocol.riskRules.map((rule, i): [Path, JsonLogic | undefined] => [['riskRules', i, 'when'], rule.when]),
		...protocol.notifications.map((n, i): [Path, JsonLogic | undefined] => [['notifications', i, 'when'], n.when]),
		...protocol.clocks.map((clock, i): [Path, JsonLogic | undefined] => [['clocks', i, 'when'], clock.when]),
		...(protocol.repeatMissing?.judgementTriggers ?? []).map((trigger, i): [Path, JsonLogic | undefined] => [
			['repeatMissing', 'judgementTriggers', i, 'when'],
			trigger.when
		])
	];
	for (const [path, condition] of factConditions) {
		if (condition !== undefined) checkFactCondition(PROTOCOL_FILE, path, condition, problems);
	}

	// An episode fact is read from one form's answers.
	protocol.episodeFacts?.forEach((rule, i) => {
		checkForm(PROTOCOL_FILE, ['episodeFacts', i, 'form'], rule.form);
		const file = protocol.forms.find((f) => f.id === rule.form)?.file;
		const form = file ? parts.forms.get(file) : undefined;
		if (!form) return;
		const questionPaths = collectQuestionPaths(form.properties, '');
		for (const problem of checkJsonLogic(rule.value, { isKnownVar: (name) => resolvesIn(form.properties, name) })) {
			const message = problem.unknownVar
				? `unknown answer "${problem.unknownVar}" in form "${rule.form}"${didYouMean(problem.unknownVar, questionPaths)}: an episode fact is read from that form's questions (${questionPaths.slice(0, 6).join(', ')}${questionPaths.length > 6 ? '…' : ''})`
				: problem.message;
			problems.push({ file: PROTOCOL_FILE, pointer: toPointer(['episodeFacts', i, 'value', ...problem.path]), message });
		}
	});

	const { lifecycle, lifecycleFile } = parts;
	if (!lifecycle) return problems;
	const inLifecycle = (path: Path, message: string) => problems.push({ file: lifecycleFile, pointer: toPointer(path), message });
	const stateNames = Object.keys(lifecycle.states);
	const events = new Set<string>(ENGINE_EVENTS);

	if (!stateNames.includes(lifecycle.initial)) {
		inLifecycle(['initial'], `initial state "${lifecycle.initial}" does not exist${didYouMean(lifecycle.initial, stateNames)}: states are ${stateNames.join(', ')}`);
	}

	const checkAction = (action: NamedRef<string>, path: Path) => {
		const params = (action.params ?? {}) as Record<string, unknown>;
		if ((action.type === 'startClock' || action.type === 'stopClock') && typeof params.clock === 'string') {
			if (!clockIds.includes(params.clock)) inLifecycle([...path, 'params', 'clock'], unknownClock(params.clock, clockIds));
		}
		if (action.type === 'scheduleFollowUps' && typeof params.form === 'string') checkForm(lifecycleFile, [...path, 'params', 'form'], params.form);
		if (action.type === 'notify' && typeof params.notification === 'string' && !notificationIds.includes(params.notification)) {
			inLifecycle(
				[...path, 'params', 'notification'],
				`unknown notification "${params.notification}"${didYouMean(params.notification, notificationIds)}: ${listOrNone('notifications in protocol.json', notificationIds)}`
			);
		}
	};

	const checkTransition = (transition: TransitionConfig, path: Path) => {
		if (transition.target !== undefined && !stateNames.includes(transition.target)) {
			inLifecycle(
				[...path, 'target'],
				`target state "${transition.target}" does not exist${didYouMean(transition.target, stateNames)}: states are ${stateNames.join(', ')}`
			);
		}
		if (transition.meta?.form) checkForm(lifecycleFile, [...path, 'meta', 'form'], transition.meta.form);
		const guard = transition.guard;
		if (guard) {
			const params = (guard.params ?? {}) as Record<string, unknown>;
			const guardPath = [...path, 'guard', 'params'];
			if (guard.type === 'formSubmitted' && typeof params.form === 'string') checkForm(lifecycleFile, [...guardPath, 'form'], params.form);
			if (guard.type === 'clockRunning' && typeof params.clock === 'string' && !clockIds.includes(params.clock)) {
				inLifecycle([...guardPath, 'clock'], unknownClock(params.clock, clockIds));
			}
			if (guard.type === 'riskIs' && Array.isArray(params.categories)) {
				params.categories.forEach((category, i) => {
					if (typeof category === 'string' && !categoryIds.includes(category)) {
						inLifecycle([...guardPath, 'categories', i], unknownCategory(category, categoryIds));
					}
				});
			}
			if (guard.type === 'factsMatch' && params.rule !== undefined) {
				checkFactCondition(lifecycleFile, [...guardPath, 'rule'], params.rule as JsonLogic, problems);
			}
		}
		transition.actions?.forEach((action, i) => checkAction(action, [...path, 'actions', i]));
	};

	for (const [stateName, state] of Object.entries(lifecycle.states)) {
		const statePath = ['states', stateName];
		state.entry?.forEach((action, i) => checkAction(action, [...statePath, 'entry', i]));
		state.exit?.forEach((action, i) => checkAction(action, [...statePath, 'exit', i]));
		for (const [event, handler] of Object.entries(state.on ?? {})) {
			events.add(event);
			if (Array.isArray(handler)) handler.forEach((t, i) => checkTransition(t, [...statePath, 'on', event, i]));
			else checkTransition(handler, [...statePath, 'on', event]);
		}
	}

	const eventList = [...events];
	const transitionEvents = eventList.filter((event) => !(ENGINE_EVENTS as readonly string[]).includes(event));
	const checkEvent = (path: Path, event: string, what: string) => {
		if (!events.has(event)) {
			inProtocol(
				path,
				`${what} "${event}", which no transition in ${lifecycleFile} handles${didYouMean(event, eventList)}: ${listOrNone('lifecycle events', transitionEvents)} (plus ${ENGINE_EVENTS.join(' and ')}, which the engine raises)`
			);
		}
	};
	protocol.clocks.forEach((clock, i) => {
		clock.startsOn.forEach((event, j) => checkEvent(['clocks', i, 'startsOn', j], event, `clock "${clock.id}" starts on`));
		clock.stopsOn.forEach((event, j) => checkEvent(['clocks', i, 'stopsOn', j], event, `clock "${clock.id}" stops on`));
	});
	protocol.notifications.forEach((notification, i) =>
		checkEvent(['notifications', i, 'on'], notification.on, `notification "${notification.id}" is sent on`)
	);

	return problems;
}

function checkFolderNames(parts: PackageParts, report: (path: Path, message: string) => void): void {
	const { metadata } = parts.protocol;
	const expected = parts.expected ?? {};
	if (expected.id !== undefined && metadata.id !== expected.id) {
		report(['metadata', 'id'], `metadata.id "${metadata.id}" does not match the package folder "${expected.id}": make them the same`);
	}
	if (expected.version !== undefined && metadata.version !== expected.version) {
		report(
			['metadata', 'version'],
			`metadata.version "${metadata.version}" does not match the version folder "${expected.version}": make them the same`
		);
	}
}

function checkUniqueIds(protocol: ProtocolDocument, report: (path: Path, message: string) => void): void {
	const lists: Array<[string, Path, Array<{ id: string }>]> = [
		['definition', ['definitions'], protocol.definitions],
		['risk category', ['riskCategories'], protocol.riskCategories],
		['risk rule', ['riskRules'], protocol.riskRules],
		['reasonable action', ['reasonableActions', 'items'], protocol.reasonableActions?.items ?? []],
		['minimum content item', ['minimumReportContent'], protocol.minimumReportContent],
		['notification', ['notifications'], protocol.notifications],
		['clock', ['clocks'], protocol.clocks],
		['repeat stage', ['repeatMissing', 'stages'], protocol.repeatMissing?.stages ?? []],
		['judgement trigger', ['repeatMissing', 'judgementTriggers'], protocol.repeatMissing?.judgementTriggers ?? []],
		['allocation rule', ['rhi', 'allocation'], protocol.rhi.allocation],
		['RHI content item', ['rhi', 'content'], protocol.rhi.content],
		['duty', ['duties'], protocol.duties ?? []],
		['form', ['forms'], protocol.forms]
	];
	for (const [noun, path, items] of lists) {
		const firstAt = new Map<string, number>();
		items.forEach((item, i) => {
			const earlier = firstAt.get(item.id);
			if (earlier === undefined) firstAt.set(item.id, i);
			else report([...path, i, 'id'], `${noun} id "${item.id}" is used twice (also at ${toPointer([...path, earlier])}): give each ${noun} its own id`);
		});
	}
}

function checkFormFiles(parts: PackageParts, problems: CrossRefProblem[]): void {
	const listed = new Set<string>();
	parts.protocol.forms.forEach((ref, i) => {
		listed.add(ref.file);
		if (!parts.forms.has(ref.file)) {
			problems.push({
				file: PROTOCOL_FILE,
				pointer: toPointer(['forms', i, 'file']),
				message: `form file "${ref.file}" is not in the package: add the file or correct the path`
			});
			return;
		}
		const form = parts.forms.get(ref.file);
		if (form && form.$id !== ref.id) {
			problems.push({
				file: ref.file,
				pointer: '/$id',
				message: `form $id "${form.$id}" does not match its entry "${ref.id}" in protocol.json forms: make them the same`
			});
		}
	});
	for (const [file, form] of parts.forms) {
		if (!listed.has(file)) {
			problems.push({
				file,
				pointer: '',
				message: `${file} is not listed in protocol.json "forms": add {"id": "...", "file": "${file}"} or remove the file`
			});
		}
		if (form) problems.push(...checkFormInternals(file, form), ...checkRiskCategoryQuestions(file, form, parts.protocol));
	}
}

/**
 * A question that records the risk category (`x-ui.content: "risk-category"`) offers exactly the
 * protocol's own categories, in its order, so a practitioner can neither pick a category the
 * protocol does not have nor miss one it does. A protocol that states no categories may take
 * the grading in words.
 */
function checkRiskCategoryQuestions(file: string, form: FormSchema, protocol: ProtocolDocument): CrossRefProblem[] {
	const own = protocol.riskCategories.map((c) => c.id);
	const problems: CrossRefProblem[] = [];
	const visit = (node: FormNode, path: Path) => {
		if (node['x-ui']?.content === 'risk-category' && own.length) {
			const options = node.oneOf?.map((o) => String(o.const)) ?? node.enum?.map(String);
			if (!options || options.length !== own.length || options.some((o, i) => o !== own[i])) {
				problems.push({
					file,
					pointer: toPointer(path),
					message: `the risk category question offers ${options ? options.join(', ') : 'free text'}, but the protocol's risk categories are ${own.join(', ')}: offer exactly those, in that order, as "oneOf" options`
				});
			}
		}
		for (const [name, child] of Object.entries(node.properties ?? {})) visit(child, [...path, 'properties', name]);
		if (node.items) visit(node.items, [...path, 'items']);
	};
	for (const [name, node] of Object.entries(form.properties)) visit(node, ['properties', name]);
	return problems;
}

/** Inside one form: `required` names real questions, pages exist, bounds are ordered, conditions read real answers. */
function checkFormInternals(file: string, form: FormSchema): CrossRefProblem[] {
	const problems: CrossRefProblem[] = [];
	const pageIds = form['x-ui']?.pages?.map((page) => page.id);
	const questionPaths = collectQuestionPaths(form.properties, '');

	const checkRequired = (required: string[] | undefined, properties: Record<string, FormNode>, path: Path) => {
		required?.forEach((name, i) => {
			if (!(name in properties)) {
				const names = Object.keys(properties);
				problems.push({
					file,
					pointer: toPointer([...path, 'required', i]),
					message: `required question "${name}" is not one of this form's questions${didYouMean(name, names)}: questions here are ${names.join(', ')}`
				});
			}
		});
	};

	const visit = (node: FormNode, path: Path, scopes: Array<Record<string, FormNode>>) => {
		const ui = node['x-ui'];
		const topLevel = path.length === 2;
		if (ui?.page !== undefined && !topLevel) {
			problems.push({
				file,
				pointer: toPointer([...path, 'x-ui', 'page']),
				message: `"page" on a question inside a group or repeating item has no effect: pages hold top-level questions, so set "page" on the question "${String(path[1])}" instead and remove it here`
			});
		} else if (ui?.page !== undefined && !pageIds) {
			problems.push({
				file,
				pointer: toPointer([...path, 'x-ui', 'page']),
				message: `page "${ui.page}" is named but the form has no x-ui.pages: add "pages": [{ "id": "${ui.page}", "title": "..." }] to the form's x-ui, or remove "page"`
			});
		} else if (ui?.page !== undefined && pageIds && !pageIds.includes(ui.page)) {
			problems.push({
				file,
				pointer: toPointer([...path, 'x-ui', 'page']),
				message: `page "${ui.page}" is not in the form's x-ui.pages${didYouMean(ui.page, pageIds)}: pages are ${pageIds.join(', ')}`
			});
		}
		for (const keyword of ['showWhen', 'requiredWhen', 'shareWhen'] as const) {
			const condition = ui?.[keyword];
			if (condition !== undefined) checkFormCondition(file, [...path, 'x-ui', keyword], condition, scopes, questionPaths, problems);
		}
		for (const [low, high] of [
			['minLength', 'maxLength'],
			['minimum', 'maximum'],
			['minItems', 'maxItems']
		] as const) {
			const lowValue = node[low];
			const highValue = node[high];
			if (lowValue !== undefined && highValue !== undefined && lowValue > highValue) {
				problems.push({
					file,
					pointer: toPointer([...path, low]),
					message: `${low} (${lowValue}) is larger than ${high} (${highValue}), so no answer could be valid: swap or correct them`
				});
			}
		}
		if (node.properties) {
			checkRequired(node.required, node.properties, path);
			for (const [name, child] of Object.entries(node.properties)) visit(child, [...path, 'properties', name], scopes);
		}
		if (node.items) {
			const itemScopes = node.items.properties ? [...scopes, node.items.properties] : scopes;
			visit(node.items, [...path, 'items'], itemScopes);
		}
	};

	checkRequired(form.required, form.properties, []);
	for (const [name, node] of Object.entries(form.properties)) visit(node, ['properties', name], [form.properties]);
	problems.push(...checkPages(file, form));
	const rootUi = form['x-ui'];
	for (const keyword of ['showWhen', 'requiredWhen'] as const) {
		const condition = rootUi?.[keyword];
		if (condition !== undefined) checkFormCondition(file, ['x-ui', keyword], condition, [form.properties], questionPaths, problems);
	}
	return problems;
}

/** Page ids are unique, every page asks something, and a task list has pages to list. */
function checkPages(file: string, form: FormSchema): CrossRefProblem[] {
	const problems: CrossRefProblem[] = [];
	const pages = form['x-ui']?.pages ?? [];
	const seen = new Set<string>();
	pages.forEach((page, i) => {
		if (seen.has(page.id)) {
			problems.push({ file, pointer: toPointer(['x-ui', 'pages', i, 'id']), message: `page id "${page.id}" is used twice: give each page its own id` });
		}
		seen.add(page.id);
	});
	// Questions without a page are asked on the first one.
	const asked = new Set(Object.values(form.properties).map((node) => node['x-ui']?.page ?? pages[0]?.id));
	pages.forEach((page, i) => {
		if (!asked.has(page.id)) {
			problems.push({
				file,
				pointer: toPointer(['x-ui', 'pages', i]),
				message: `page "${page.id}" has no questions: set "x-ui": { "page": "${page.id}" } on the questions it should ask, or remove the page`
			});
		}
	});
	if (form['x-ui']?.taskList === true && pages.length < 2) {
		problems.push({
			file,
			pointer: toPointer(['x-ui', 'taskList']),
			message: `"taskList" shows a form's pages as tasks, but this form has ${pages.length === 0 ? 'no pages' : 'one page'}: add x-ui.pages, or remove "taskList"`
		});
	}
	return problems;
}

function collectQuestionPaths(properties: Record<string, FormNode>, prefix: string): string[] {
	const paths: string[] = [];
	for (const [name, node] of Object.entries(properties)) {
		const path = prefix + name;
		paths.push(path);
		if (node.properties) paths.push(...collectQuestionPaths(node.properties, path + '.'));
	}
	return paths;
}

/** Whether a dotted answer path resolves inside a set of questions (array indices allowed). */
function resolvesIn(properties: Record<string, FormNode>, path: string): boolean {
	let current: FormNode | undefined;
	let scope: Record<string, FormNode> | undefined = properties;
	for (const segment of path.split('.')) {
		if (current?.type === 'array' && /^\d+$/.test(segment)) {
			current = current.items;
			scope = current?.properties;
			continue;
		}
		current = scope?.[segment];
		if (!current) return false;
		scope = current.properties;
	}
	return true;
}

function checkFormCondition(
	file: string,
	path: Path,
	condition: JsonLogic,
	scopes: Array<Record<string, FormNode>>,
	questionPaths: string[],
	problems: CrossRefProblem[]
): void {
	const isKnownVar = (name: string) => isFactPath(name) || scopes.some((scope) => resolvesIn(scope, name));
	for (const problem of checkJsonLogic(condition, { isKnownVar })) {
		const message = problem.unknownVar
			? `unknown answer "${problem.unknownVar}"${didYouMean(problem.unknownVar, [...questionPaths, ...FACT_PATHS])}: a form condition may read this form's questions (e.g. "${questionPaths[0] ?? 'question'}") or facts such as child.ageYears`
			: problem.message;
		problems.push({ file, pointer: toPointer([...path, ...problem.path]), message });
	}
}

function checkFactCondition(file: string, path: Path, condition: JsonLogic, problems: CrossRefProblem[]): void {
	for (const problem of checkJsonLogic(condition, { isKnownVar: isFactPath })) {
		const message = problem.unknownVar
			? `unknown fact "${problem.unknownVar}"${didYouMean(problem.unknownVar, FACT_PATHS)}: conditions may read ${FACT_PATHS.join(', ')}`
			: problem.message;
		problems.push({ file, pointer: toPointer([...path, ...problem.path]), message });
	}
}

function unknownCategory(category: string, categoryIds: string[]): string {
	return `unknown risk category "${category}"${didYouMean(category, categoryIds)}: ${listOrNone('risk categories', categoryIds)}`;
}

function unknownClock(clock: string, clockIds: string[]): string {
	return `unknown clock "${clock}"${didYouMean(clock, clockIds)}: ${listOrNone('clocks in protocol.json', clockIds)}`;
}

function listOrNone(what: string, names: string[]): string {
	return names.length > 0 ? `${what} are ${names.join(', ')}` : `there are no ${what}`;
}
