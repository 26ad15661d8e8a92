/**
 * In-page measurement shared by every renderer's page.
 *
 * First render: from the first statement of the page's bundle (`window.__tScript`, set by a
 * banner before any library module is evaluated) to the first frame after the form's last
 * question is in the DOM (requestAnimationFrame, then a task so the frame has been painted).
 * Split into: evaluating the bundle before mount, script from mount until the DOM is complete,
 * style and layout (forced once), and the frame (paint).
 *
 * Keystroke: from the `input` event (a capture listener on window, which runs before any
 * library's own listener) to the first moment the typed field's shown validity matches the
 * expected one (checked in a MutationObserver callback after the renderer changes the DOM).
 */

/**
 * @param {object} page
 * @param {(path: string[]) => HTMLElement | null} page.findField the input of a question
 * @param {(input: HTMLElement) => boolean} page.isInvalid whether the question shows an error
 * @param {string[]} page.sentinel path of the form's last question
 * @param {number} page.tMount performance.now() just before the renderer is mounted
 */
export function measure(page) {
	const w = /** @type {any} */ (window);
	const tScript = w.__tScript ?? page.tMount;

	const render = new Promise((resolve) => {
		const painted = (tDom) =>
			// A microtask first, so work a renderer queued right after putting the form in the
			// DOM (Svelte's flush after onMount) counts as script, not layout.
			queueMicrotask(() => {
				const tScriptDone = performance.now();
				// Forcing layout here splits layout from paint; the total is what it would be anyway.
				void document.body.getBoundingClientRect().height;
				const tLayout = performance.now();
				requestAnimationFrame(() =>
					setTimeout(() => {
						const tPaint = performance.now();
						resolve({
							fromScript: tPaint - tScript,
							fromMount: tPaint - page.tMount,
							beforeMount: page.tMount - tScript,
							domFromMount: tDom - page.tMount,
							scriptFromMount: tScriptDone - page.tMount,
							layout: tLayout - tScriptDone,
							paint: tPaint - tLayout
						});
					}, 0)
				);
			});
		if (page.findField(page.sentinel)) return painted(performance.now());
		const mo = new MutationObserver(() => {
			if (!page.findField(page.sentinel)) return;
			mo.disconnect();
			painted(performance.now());
		});
		mo.observe(document.body, { childList: true, subtree: true });
	});

	let tInput = 0;
	window.addEventListener('input', () => (tInput = performance.now()), { capture: true });

	let pending = null;
	w.__bench = {
		render: () => render,
		/** Focuses the target question; returns whether it currently shows an error. */
		focus(path) {
			const el = page.findField(path);
			if (!el) throw new Error(`question ${path.join('.')} is not on the page`);
			el.focus();
			el.setSelectionRange?.(el.value.length, el.value.length);
			return { invalid: page.isInvalid(el), value: el.value };
		},
		/** Call before a keystroke: the next result is when the field shows `invalid`. */
		arm(path, invalid, timeoutMs = 5000) {
			tInput = 0;
			pending = new Promise((resolve, reject) => {
				const check = () => {
					const el = page.findField(path);
					if (tInput && el && page.isInvalid(el) === invalid) {
						mo.disconnect();
						clearTimeout(timer);
						resolve(performance.now() - tInput);
						return true;
					}
					return false;
				};
				const mo = new MutationObserver(check);
				mo.observe(document.body, { childList: true, subtree: true, attributes: true, characterData: true });
				const timer = setTimeout(() => {
					mo.disconnect();
					const el = page.findField(path);
					reject(new Error(`after ${timeoutMs} ms ${path.join('.')} still shows ${el && page.isInvalid(el) ? 'an error' : 'no error'} (value ${JSON.stringify(el?.value)}); expected ${invalid ? 'an error' : 'no error'}`));
				}, timeoutMs);
			});
			pending.catch(() => {});
		},
		result: () => pending
	};
}
