/**
 * Static checks on author-written JSON Logic: only a fixed set of operators, and every `var`
 * names something the condition can actually read. Conditions are data, so these checks can
 * run when a package is loaded rather than failing silently (a misspelt var is just null).
 */

/**
 * Operators a protocol or form condition may use: logic, comparison, arithmetic and membership.
 * Deliberately excludes the engine's control-flow and data-shaping operators (throw, try,
 * preserve, map, reduce, pipe...) which a protocol has no need for.
 */
export const JSON_LOGIC_OPERATORS = [
	'var',
	'missing',
	'missing_some',
	'and',
	'or',
	'!',
	'!!',
	'if',
	'?:',
	'??',
	'==',
	'===',
	'!=',
	'!==',
	'<',
	'<=',
	'>',
	'>=',
	'+',
	'-',
	'*',
	'/',
	'%',
	'min',
	'max',
	'in',
	'cat',
	'some',
	'all',
	'none'
] as const;

const OPERATOR_SET: ReadonlySet<string> = new Set(JSON_LOGIC_OPERATORS);

/** Operators whose second argument is evaluated once per array item, with `var` naming item fields. */
const ITEM_SCOPED = new Set(['some', 'all', 'none']);

export interface LogicProblem {
	/** Path inside the condition, relative to the condition itself. */
	path: Array<string | number>;
	message: string;
	/** The var path when the problem is an unknown var (lets callers add a suggestion). */
	unknownVar?: string;
}

export interface LogicCheckOptions {
	/** Whether `{"var": path}` names something the condition can read. */
	isKnownVar: (path: string) => boolean;
}

export function checkJsonLogic(expression: unknown, options: LogicCheckOptions): LogicProblem[] {
	const problems: LogicProblem[] = [];
	visit(expression, [], false, options, problems);
	return problems;
}

function visit(
	node: unknown,
	path: Array<string | number>,
	inItemScope: boolean,
	options: LogicCheckOptions,
	problems: LogicProblem[]
): void {
	if (Array.isArray(node)) {
		node.forEach((item, index) => visit(item, [...path, index], inItemScope, options, problems));
		return;
	}
	if (node === null || typeof node !== 'object') return;
	const keys = Object.keys(node);
	if (keys.length !== 1) {
		problems.push({
			path,
			message:
				keys.length === 0
					? 'empty condition object: write one operator, e.g. {"==": [{"var": "episode.injured"}, true]}'
					: `a condition object must hold exactly one operator, found ${keys.map((k) => `"${k}"`).join(', ')}: combine them with "and" or "or"`
		});
		return;
	}
	const operator = keys[0];
	const argument = (node as Record<string, unknown>)[operator];
	const argumentPath = [...path, operator];
	if (!OPERATOR_SET.has(operator)) {
		problems.push({
			path: argumentPath,
			message: `operator "${operator}" is not allowed in conditions: use one of ${JSON_LOGIC_OPERATORS.join(' ')}`
		});
		return;
	}
	if (operator === 'var') {
		checkVar(argument, argumentPath, inItemScope, options, problems);
		return;
	}
	if (operator === 'missing' || operator === 'missing_some') {
		checkMissing(operator, argument, argumentPath, inItemScope, options, problems);
		return;
	}
	if (ITEM_SCOPED.has(operator) && Array.isArray(argument)) {
		visit(argument[0], [...argumentPath, 0], inItemScope, options, problems);
		argument.slice(1).forEach((item, index) => visit(item, [...argumentPath, index + 1], true, options, problems));
		return;
	}
	visit(argument, argumentPath, inItemScope, options, problems);
}

function checkVar(
	argument: unknown,
	path: Array<string | number>,
	inItemScope: boolean,
	options: LogicCheckOptions,
	problems: LogicProblem[]
): void {
	const name = Array.isArray(argument) ? argument[0] : argument;
	const namePath = Array.isArray(argument) ? [...path, 0] : path;
	if (typeof name !== 'string') {
		problems.push({ path: namePath, message: 'a "var" must name what it reads as text, e.g. {"var": "child.ageYears"}' });
		return;
	}
	// Inside some/all/none a var names a field of the current item, which has no fixed list.
	if (inItemScope) return;
	if (!options.isKnownVar(name)) {
		problems.push({ path: namePath, message: `unknown var "${name}"`, unknownVar: name });
	}
}

function checkMissing(
	operator: string,
	argument: unknown,
	path: Array<string | number>,
	inItemScope: boolean,
	options: LogicCheckOptions,
	problems: LogicProblem[]
): void {
	const names = operator === 'missing_some' && Array.isArray(argument) ? argument[1] : argument;
	const namesPath = operator === 'missing_some' ? [...path, 1] : path;
	const list = Array.isArray(names) ? names : [names];
	list.forEach((name, index) => {
		const itemPath = Array.isArray(names) ? [...namesPath, index] : namesPath;
		if (typeof name !== 'string') {
			visit(name, itemPath, inItemScope, options, problems);
		} else if (!inItemScope && !options.isKnownVar(name)) {
			problems.push({ path: itemPath, message: `unknown var "${name}"`, unknownVar: name });
		}
	});
}
