/**
 * Saves a form page's draft as people type. It reads the page's inputs exactly as a post would
 * send them (so both paths store the same fields), puts them into the whole form's fields and
 * sends them to the autosave endpoint: shortly after typing stops, at least every two seconds
 * while typing goes on, and once more, as a keepalive request the browser finishes after the
 * page has gone, when the page is hidden or closed. One save is on its way at a time.
 *
 * A save refused because someone else saved since stops autosaving and says so: the person's
 * answers stay on the page, and posting the page shows both versions to choose from.
 */
import type { FormSchema } from '../../protocol/types.js';
import { fieldValuesFromFormData, type FieldValues } from '../../protocol/form-data.js';
import { replacePageFields, type FormPage } from '../../protocol/form-pages.js';
import { sameFields } from '../../protocol/draft-diff.js';
import { locate } from '../../protocol/form-errors.js';
import { isFileQuestion, isUploadId } from '../../protocol/form-files.js';
import type { FormTargetRef } from '../../protocol/form-journey.js';

const AUTOSAVE_ENDPOINT = '/api/drafts';
/** Quiet time after a keystroke before saving. */
const SAVE_AFTER_MS = 700;
/** While typing goes on, nothing waits longer than this unsaved. */
const SAVE_AT_LEAST_EVERY_MS = 1800;
const RETRY_MS = 5000;
/** Browsers refuse keepalive bodies over 64 KiB; a larger one is sent as an ordinary request. */
const KEEPALIVE_MAX_BYTES = 60_000;
const EDITOR_KEY = 'homeward-editor';

export interface AutosaveOptions {
	target: FormTargetRef;
	schema: FormSchema;
	page: FormPage;
	/** The whole form's fields as the page was loaded. */
	fields: FieldValues;
	draftId: string | null;
	revision: number;
	expectedSeq: number | null;
}

export type AutosaveState = 'idle' | 'saved' | 'failed' | 'conflict' | 'restarted';

function randomToken(): string {
	const bytes = new Uint8Array(12);
	crypto.getRandomValues(bytes);
	return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** One name for this browser tab's saves, kept across its pages, so its own late saves never conflict. */
function tabEditor(): string {
	try {
		const known = sessionStorage.getItem(EDITOR_KEY);
		if (known) return known;
		const made = randomToken();
		sessionStorage.setItem(EDITOR_KEY, made);
		return made;
	} catch {
		return randomToken();
	}
}

export class DraftAutosave {
	state: AutosaveState = $state('idle');
	savedAt = $state('');
	conflictBy = $state('');
	conflictAt = $state('');

	readonly #form: HTMLFormElement;
	readonly #opts: AutosaveOptions;
	readonly #editor = tabEditor();
	#draftId: string | null;
	#revision: number;
	#saved: FieldValues;
	#timer: ReturnType<typeof setTimeout> | undefined;
	#firstUnsaved = 0;
	#inFlight: Promise<void> | null = null;
	#again = false;
	/** The page is being posted (or left): nothing more to save from here. */
	#closed = false;
	#observer: MutationObserver | null = null;

	constructor(form: HTMLFormElement, opts: AutosaveOptions) {
		this.#form = form;
		this.#opts = opts;
		this.#draftId = opts.draftId;
		this.#revision = opts.revision;
		this.#saved = this.current();
		this.#writeHidden();
	}

	/** The whole form's fields with this page's inputs as they are now. */
	current(): FieldValues {
		const posted = fieldValuesFromFormData(new FormData(this.#form));
		// A file is stored when the page is posted; until then its answer stays the upload it had.
		for (const [name, value] of Object.entries(posted)) {
			if (!isFileQuestion(locate(this.#opts.schema, name)?.node)) continue;
			posted[name] = (Array.isArray(value) ? value : [value]).find(isUploadId) ?? '';
		}
		return replacePageFields(this.#opts.schema, this.#opts.fields, this.#opts.page, posted);
	}

	/** Something typed is not saved yet, or a save is on its way. */
	get pending(): boolean {
		return this.#inFlight !== null || !sameFields(this.current(), this.#saved);
	}

	start(): void {
		this.#form.addEventListener('input', this.#changed);
		this.#form.addEventListener('change', this.#changed);
		this.#form.addEventListener('submit', this.#submitting);
		// Items added or removed in place change the fields without an input event.
		this.#observer = new MutationObserver(this.#changed);
		this.#observer.observe(this.#form, { childList: true, subtree: true });
		document.addEventListener('visibilitychange', this.#hidden);
		window.addEventListener('pagehide', this.#leaving);
		window.addEventListener('beforeunload', this.#unloading);
	}

	stop(): void {
		this.#closed = true;
		clearTimeout(this.#timer);
		this.#form.removeEventListener('input', this.#changed);
		this.#form.removeEventListener('change', this.#changed);
		this.#form.removeEventListener('submit', this.#submitting);
		this.#observer?.disconnect();
		document.removeEventListener('visibilitychange', this.#hidden);
		window.removeEventListener('pagehide', this.#leaving);
		window.removeEventListener('beforeunload', this.#unloading);
	}

	/** Typing that cannot be saved (someone else saved since, or the server cannot be reached) would be lost by leaving. */
	get unsaveable(): boolean {
		return !this.#closed && (this.state === 'conflict' || this.state === 'failed') && !sameFields(this.current(), this.#saved);
	}

	/** Saves what is on the page now (waiting for a save already on its way). */
	async flush(keepalive = false): Promise<void> {
		clearTimeout(this.#timer);
		if (this.state === 'conflict') return;
		if (this.#inFlight && !keepalive) {
			this.#again = true;
			return this.#inFlight;
		}
		const fields = this.current();
		if (sameFields(fields, this.#saved)) {
			this.#firstUnsaved = 0;
			return this.#inFlight ?? undefined;
		}
		// Leaving the page: send now, even alongside a save on its way (the server takes this
		// tab's later save over its earlier one).
		const sending = this.#send(fields, keepalive).finally(() => {
			if (this.#inFlight === sending) this.#inFlight = null;
			if (this.#again && !this.#closed) {
				this.#again = false;
				void this.flush();
			}
		});
		this.#inFlight = sending;
		return sending;
	}

	/** Posts the page, so the server shows both versions side by side. */
	compare(): void {
		this.#closed = true;
		this.#form.requestSubmit();
	}

	#changed = (): void => {
		if (this.#closed || this.state === 'conflict') return;
		const now = Date.now();
		if (this.#firstUnsaved === 0) this.#firstUnsaved = now;
		clearTimeout(this.#timer);
		const wait = Math.max(0, Math.min(SAVE_AFTER_MS, this.#firstUnsaved + SAVE_AT_LEAST_EVERY_MS - now));
		this.#timer = setTimeout(() => void this.flush(), wait);
	};

	#hidden = (): void => {
		if (document.visibilityState === 'hidden' && !this.#closed) void this.flush(true);
	};

	#unloading = (event: BeforeUnloadEvent): void => {
		// The browser asks before leaving; a post of this page (compare, save) is not leaving.
		if (this.unsaveable) event.preventDefault();
	};

	#leaving = (): void => {
		if (!this.#closed) void this.flush(true);
	};

	#submitting = (event: SubmitEvent): void => {
		clearTimeout(this.#timer);
		// The post carries the page's inputs; it must name the revision a save on its way makes.
		if (this.#inFlight) {
			event.preventDefault();
			const submitter = event.submitter instanceof HTMLElement ? event.submitter : null;
			void this.#inFlight.finally(() => {
				this.#closed = true;
				this.#form.requestSubmit(submitter);
			});
			return;
		}
		this.#closed = true;
	};

	async #send(fields: FieldValues, keepalive: boolean): Promise<void> {
		this.#firstUnsaved = 0;
		const body = JSON.stringify({
			target: this.#opts.target,
			draft: this.#draftId,
			revision: this.#revision,
			editor: this.#editor,
			fields,
			expectedSeq: this.#opts.expectedSeq
		});
		try {
			const response = await fetch(AUTOSAVE_ENDPOINT, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body,
				credentials: 'same-origin',
				keepalive: keepalive && body.length < KEEPALIVE_MAX_BYTES
			});
			if (response.status === 409) {
				const answer = (await response.json()) as { savedBy?: string; savedAt?: string };
				this.conflictBy = answer.savedBy ?? 'Someone else';
				this.conflictAt = answer.savedAt ?? '';
				this.state = 'conflict';
				clearTimeout(this.#timer);
				return;
			}
			if (!response.ok) throw new Error(`autosave answered ${response.status}`);
			const answer = (await response.json()) as { draft: string; revision: number; savedAt: string; restarted: boolean };
			this.#draftId = answer.draft;
			this.#revision = answer.revision;
			this.#saved = fields;
			this.savedAt = answer.savedAt;
			this.state = answer.restarted ? 'restarted' : this.state === 'restarted' ? 'restarted' : 'saved';
			this.#writeHidden();
		} catch {
			if (this.#closed) return;
			this.state = 'failed';
			clearTimeout(this.#timer);
			this.#timer = setTimeout(() => void this.flush(), RETRY_MS);
		}
	}

	/** The page's post names the draft and revision its fields now follow. */
	#writeHidden(): void {
		const set = (name: string, value: string) => {
			const input = this.#form.elements.namedItem(name);
			if (input instanceof HTMLInputElement) input.value = value;
		};
		set('_draft', this.#draftId ?? '');
		set('_revision', String(this.#revision));
		set('_editor', this.#editor);
	}
}
