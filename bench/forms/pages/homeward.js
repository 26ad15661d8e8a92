import { flushSync, mount } from 'svelte';
import FormRenderer from '$lib/forms/FormRenderer.svelte';
import { fieldsFromData, inputId } from '$lib/protocol/form-data.js';
import schema from '../../.out/forms/homeward-schema.json';
import fixture from '../../.out/forms/fixture.json';
import { measure } from './harness.js';

const findField = (path) => document.getElementById(inputId(path.join('.')));
// GOV.UK markup: a question showing an error has a message with the id `<input id>-error` (an
// error from the server), or, for a character count over its limit, the input in its error style
// and the count message as an error ("You have 1 character too many").
const countOver = (el) =>
	(el.classList.contains('govuk-input--error') || el.classList.contains('govuk-textarea--error')) &&
	el.closest('.govuk-character-count')?.querySelector('.govuk-character-count__status.govuk-error-message') != null;
const shownInvalid = (el) => document.getElementById(`${el.id}-error`) !== null || countOver(el);

/*
 * When the renderer shows no validation while typing, the page answers the question the
 * benchmark asks with Homeward's own pure check (the one the server runs on submit): after
 * each input, once the renderer has updated, it reads the form's fields, runs checkForm, and
 * marks the typed input with the result. The check is loaded only then, so it does not weigh
 * on the first render. `settled` times the renderer's own update, `checked` the check.
 */
const live = {
	mode: 'shown',
	settled: [],
	checked: [],
	check: null,
	/** Switches to running checkForm after each input; returns the validator's first compile time. */
	async useCheck() {
		const modules = await Promise.all([
			import('$lib/protocol/form-check.js'),
			import('$lib/protocol/form-data.js'),
			import('$lib/protocol/form-validate.js'),
			import('$lib/protocol/form-conditions.js'),
			import('$lib/protocol/form-errors.js')
		]);
		const [{ checkForm }, { fieldValuesFromFormData }, { validatorFor }] = modules;
		// Kept for profiling the check's parts (profile.mjs).
		live.modules = Object.assign({ schema }, ...modules);
		const t = performance.now();
		validatorFor(schema);
		const compileMs = performance.now() - t;
		live.check = (form) => checkForm(schema, fieldValuesFromFormData(new FormData(form)), {});
		live.mode = 'check';
		return compileMs;
	},
	/**
	 * For comparison only, outside any timed keystroke: how long the whole-form check (what the
	 * server runs on submit) takes on the form as it is now, `runs` times.
	 */
	async timeCheck(runs) {
		const compileMs = await live.useCheck();
		live.mode = 'shown';
		const form = document.querySelector('form');
		const times = [];
		for (let i = 0; i < runs; i++) {
			const t = performance.now();
			live.check(form);
			times.push(performance.now() - t);
		}
		return { compileMs, times };
	}
};
window.__homeward = live;

let tInput = 0;
function afterInput(event) {
	const input = event.target;
	// Svelte's delegated handler has run (it listens below window) and queued its update;
	// applying it now times the renderer's own work for this keystroke.
	flushSync();
	live.settled.push(performance.now() - tInput);
	if (live.mode !== 'check') return;
	const t = performance.now();
	const invalid = live.check(input.closest('form')).errors.some((e) => e.path === input.name);
	live.checked.push(performance.now() - t);
	input.setAttribute('data-checked', invalid ? 'invalid' : 'valid');
}

const isInvalid = (el) => (live.mode === 'check' ? el.getAttribute('data-checked') === 'invalid' : shownInvalid(el));

const tMount = performance.now();
mount(FormRenderer, {
	target: document.getElementById('app'),
	props: { schema, fields: fieldsFromData(schema, fixture.data), context: {} }
});
window.addEventListener('input', () => (tInput = performance.now()), { capture: true });
window.addEventListener('input', afterInput);
measure({ findField, isInvalid, sentinel: fixture.sentinel.path, tMount });
