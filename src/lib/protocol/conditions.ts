/**
 * JSON Logic conditions over Facts, evaluated with json-logic-engine's built-in operators only.
 *
 * Interpreted, never compiled: the engine's compiler turns a rule into JavaScript source and
 * evaluates it, and a protocol's conditions are author-written data that must never become code.
 * Whether a rule is valid JSON Logic is checked when the package is loaded (json-logic-check.ts);
 * an operator the engine does not know still fails here with the place it was written.
 */

import { LogicEngine } from 'json-logic-engine';
import type { Facts, JsonLogic } from './types.js';

const engine = new LogicEngine();

function run(rule: Record<string, unknown>, data: unknown, where: string): unknown {
	try {
		return engine.run(rule, data);
	} catch (err) {
		const message = err instanceof Error && err.message ? err.message : 'unknown operator';
		throw new Error(`The condition at ${where} is not valid JSON Logic (${message}): use only the standard operators such as "and", "or", "==", "<" and "var".`);
	}
}

/** Whether a condition holds over the facts. A missing condition holds. */
export function holds(rule: JsonLogic | undefined, facts: Facts | Record<string, unknown>, where = 'a rule'): boolean {
	if (rule === undefined || rule === true) return true;
	if (rule === false) return false;
	return Boolean(run(rule, facts, where));
}

/** The value a JSON Logic expression gives over the data (a literal is itself). */
export function evaluate(rule: JsonLogic, data: Record<string, unknown>, where = 'a rule'): unknown {
	if (typeof rule === 'boolean') return rule;
	return run(rule, data, where);
}
