/**
 * JSON Logic conditions over Facts, evaluated with json-logic-engine's built-in operators only.
 * Each distinct rule object is compiled once and cached, so hot loops pay only for the call.
 */

import { LogicEngine } from 'json-logic-engine';
import type { Facts, JsonLogic } from './types.js';

const engine = new LogicEngine();
const compiled = new WeakMap<object, (data: unknown) => unknown>();

function compile(rule: Record<string, unknown>, where: string): (data: unknown) => unknown {
	let fn = compiled.get(rule);
	if (!fn) {
		try {
			fn = engine.build(rule) as (data: unknown) => unknown;
		} catch (err) {
			const message = err instanceof Error && err.message ? err.message : 'unknown operator';
			throw new Error(`The condition at ${where} is not valid JSON Logic (${message}): use only the standard operators such as "and", "or", "==", "<" and "var".`);
		}
		compiled.set(rule, fn);
	}
	return fn;
}

/** Whether a condition holds over the facts. A missing condition holds. */
export function holds(rule: JsonLogic | undefined, facts: Facts | Record<string, unknown>, where = 'a rule'): boolean {
	if (rule === undefined || rule === true) return true;
	if (rule === false) return false;
	return Boolean(compile(rule, where)(facts));
}

/** The value a JSON Logic expression gives over the data (a literal is itself). */
export function evaluate(rule: JsonLogic, data: Record<string, unknown>, where = 'a rule'): unknown {
	if (typeof rule === 'boolean') return rule;
	return compile(rule, where)(data);
}
