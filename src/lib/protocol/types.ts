/**
 * The protocol package format: what a council's safeguarding lead writes, as data.
 *
 * A package is a folder `protocols/<id>/<version>/` holding:
 *   protocol.json        — a ProtocolDocument (validated by schemas/protocol.schema.json)
 *   lifecycle.json       — a LifecycleConfig (XState v5 JSON, schemas/lifecycle.schema.json)
 *   forms/<formId>.json  — FormSchema files (schemas/form.schema.json)
 *
 * Names of guards, actions, rule kinds, facts, recipients and content items are closed
 * vocabularies from `library.ts`, so a misspelt name fails when the package is loaded.
 */

import type {
	ActionName,
	AllocationFactName,
	ClockStartName,
	ContentItemId,
	FormContentItemId,
	FormFactName,
	GuardName,
	RecipientId,
	RhiContentItemId,
	RiskRuleKind
} from './library.js';

/** Where a rule comes from: every rule cites its source document. */
export interface Source {
	/** Title of the source document, e.g. "Children Missing from Home or Care Procedure". */
	document: string;
	/** Section, paragraph or page, e.g. "4.2" or "Appendix 1". */
	section: string;
	/** One sentence quoted verbatim from the document. */
	quote: string;
}

/** A duration in one unit. Working days skip weekends and England and Wales bank holidays. */
export interface Duration {
	unit: 'hours' | 'days' | 'workingDays';
	amount: number;
}

/**
 * A JSON Logic expression (https://jsonlogic.com), evaluated over `Facts` with
 * json-logic-engine. Data only: no custom operators beyond the engine's built-ins.
 */
export type JsonLogic = Record<string, unknown> | boolean;

/**
 * Facts a condition may read, as `{"var": "child.ageYears"}` etc.
 * `child.*` describe the child at the time of the episode; `episode.*` the episode.
 */
export interface Facts {
	child: {
		ageYears: number;
		inCare: boolean;
		/** The child is the responsibility of the authority whose protocol runs. */
		ownChild: boolean;
		/** The child lives (or is placed) in the protocol authority's area. */
		livesInArea: boolean;
		/** A child in care placed outside the responsible authority's area. */
		placedOutOfArea: boolean;
		openToServices: boolean;
		onChildProtectionPlan: boolean;
		exploitationRisk: 'none' | 'low' | 'medium' | 'high';
		learningDisability: boolean;
		mentalHealthConcern: boolean;
		/** Episodes for this child in the protocol's repeat window, this one included. */
		episodesInWindow: number;
		firstTimeMissing: boolean;
	};
	episode: {
		riskCategory: string | null;
		hoursMissing: number;
		stillMissing: boolean;
		injured: boolean;
		victimOfCrime: boolean;
		exploitationLinked: boolean;
		/** Parent or carer has taken the protocol's reasonable actions before reporting. */
		reasonableActionsTaken: boolean;
		/** Review time agreed with police, in hours, when graded low. */
		reviewTimeHours: number | null;
		/** The actions agreed with the informant have been carried out (and the child is still missing, or not). */
		agreedActionsCompleted: boolean;
	};
}

export interface AuthorityRef {
	/** Stable code, e.g. "westmorland-and-furness"; the key used by PocketBase `authorities.code`. */
	code: string;
	name: string;
}

export interface Definition {
	/** e.g. "missing", "absent", "away-without-authorisation", "looked-after-child". */
	id: string;
	term: string;
	/** Which agency uses the definition. */
	agency: 'police' | 'social-care' | 'all';
	text: string;
	source: Source;
}

export interface RiskCategory {
	/** e.g. "high", "medium", "low", "no-apparent-risk", "absent". */
	id: string;
	label: string;
	definition: string;
	/** The police response or local action that follows. */
	response?: string;
	source: Source;
}

/**
 * A rule about risk grading. Kinds (library.ts RISK_RULE_KINDS):
 * - `category-when`: when `when` holds, the category is at least `category`.
 * - `minimum-category`: a child is never graded below `category` unless an exception rule allows it.
 * - `allow-category-only-when`: `category` may be used only when `when` holds
 *   (e.g. low only when agreed parental actions apply and review time ≤ 2 hours).
 * - `review-within`: a graded episode is reviewed within `params.within` (Duration).
 */
export interface RiskRule {
	id: string;
	kind: RiskRuleKind;
	category: string;
	when?: JsonLogic;
	params?: Record<string, unknown>;
	/** Plain-English statement of the rule as the lead wrote it. */
	text: string;
	source: Source;
}

/**
 * A clock turns an event into a task with an absolute due time.
 * - `deadline`: when it starts, a task is created due at start + duration; `stopsOn` events complete it.
 * - `escalation`: nothing visible until start + duration; if no `stopsOn` event happened by then,
 *   the escalation fires (creates `task`, sends `notify`).
 */
export interface Clock {
	id: string;
	label: string;
	kind: 'deadline' | 'escalation';
	/** Lifecycle events that start the clock, e.g. ["REPORT"] or ["FOUND", "RETURNED"]. */
	startsOn: ClockStartName[];
	/** Optional condition over Facts evaluated when the clock would start. */
	when?: JsonLogic;
	duration: Duration;
	/** Events that satisfy or cancel the clock. */
	stopsOn: string[];
	/** Who acts: a role or team name, e.g. "Complex Safeguarding Team". */
	actor: string;
	task: {
		title: string;
		/** The form that records the work, if any. */
		form?: string;
	};
	/** Recipients told when an escalation fires or a deadline is missed. */
	notify?: RecipientId[];
	source: Source;
}

export interface RepeatStage {
	/** e.g. "stage-one", "stage-two". */
	id: string;
	label: string;
	/** Number of episodes that opens the stage. */
	threshold: number;
	/** `rolling`: any N days ending at the latest episode; `from-first`: N days from the first counted episode. */
	window: { kind: 'rolling' | 'from-first'; days: number };
	meeting: {
		/** Deadline counted from the episode that reached the threshold; absent when the source sets none. */
		within?: Duration;
		chair: string;
		attendees: string[];
		form?: string;
	};
	/** Other ways the stage may be opened, in words (e.g. "on request of any professional"). */
	alsoWhen?: string[];
	source: Source;
}

/** A professional-judgement trigger: when it holds, a decision task asks whether to hold a meeting. */
export interface JudgementTrigger {
	id: string;
	label: string;
	when: JsonLogic;
	source: Source;
}

export interface RepeatMissing {
	stages: RepeatStage[];
	judgementTriggers: JudgementTrigger[];
	/** When a triggered meeting is not held, a rationale must be recorded with this form. */
	rationaleForm?: string;
	/** What happens after the last stage, in words. */
	beyondLastStage?: string;
	source: Source;
}

/**
 * One row of the RHI allocation decision table; rows are tried in order, first match wins.
 * `when` maps allocation facts (library.ts ALLOCATION_FACTS) to the value they must have;
 * a fact left out matches anything.
 */
export interface AllocationRule {
	id: string;
	when: Partial<Record<AllocationFactName, boolean>>;
	/** Which authority does the RHI, relative to the child. */
	authority: 'responsible' | 'host' | 'protocol';
	team: string;
	notify: RecipientId[];
	text: string;
	source: Source;
}

export interface RhiArrangements {
	/** From return to interview. */
	within: Duration;
	/** Who may conduct it (independence). */
	conductedBy: string;
	independentOfCare: boolean;
	allocation: AllocationRule[];
	/** Follow-up contact attempts after a decline (Walsall: three). */
	declineFollowUps?: { attempts: number; channels: string[]; source: Source };
	/** A child missing again before the RHI is counted as declined. */
	missingAgainCountsAsDeclined?: { value: boolean; source: Source };
	/** When the RHI is especially important. */
	priorityWhen?: { items: string[]; source: Source };
	/** Content the RHI record covers. */
	content: Array<{ id: RhiContentItemId; source: Source }>;
	/** Follow-up actions after the RHI. */
	followUps?: { items: string[]; source: Source };
	form?: string;
	source: Source;
}

export interface Notification {
	id: string;
	recipient: RecipientId;
	/** Lifecycle event on which the recipient is told. */
	on: string;
	when?: JsonLogic;
	/** Deadline for telling them, counted from `on`. */
	within?: Duration;
	/** Words qualifying the duty, e.g. "unless inconsistent with the child's welfare". */
	condition?: string;
	source: Source;
}

export interface ReasonableActions {
	items: Array<{ id: string; label: string }>;
	/** Maximum review time in hours before reporting when a low grading applies. */
	reviewTimeHours?: number;
	source: Source;
}

export interface MinimumContentItem {
	id: ContentItemId;
	source: Source;
}

export interface Philomena {
	used: boolean;
	appliesTo: string;
	preparedBy: string;
	sharedWith: string[];
	form?: string;
	source: Source;
}

/**
 * A stated duty with a stable id, so an auditor can check that a local protocol carries each
 * duty of the national baseline (same id) even where no structured field expresses it.
 */
export interface Duty {
	/** e.g. "analyse-repeat-episodes", "report-to-dfe-annual-return". */
	id: string;
	/** Who holds the duty, e.g. "responsible authority". */
	holder: string;
	text: string;
	source: Source;
}

export interface FormRef {
	id: string;
	/** Relative path inside the package, e.g. "forms/missing-report.json". */
	file: string;
}

export interface ProtocolMetadata {
	/** Package id, the folder name under protocols/, e.g. "walsall". */
	id: string;
	/** Version label, the version folder name, e.g. "2019.1". */
	version: string;
	title: string;
	authority: AuthorityRef;
	/** What the protocol is based on (the national baseline, a regional procedure...). */
	basedOn: Array<{ protocol?: string; title: string; source?: Source }>;
	/** ISO date the version takes effect. */
	effectiveFrom: string;
	/** Documents cited by this package. */
	documents: Array<{ title: string; author: string; year: number; file?: string }>;
	/** What changed from the previous version, in words. */
	changeSummary?: string;
}

/**
 * An episode fact set from a form's answers: when a step records `form`, `value` (JSON Logic over
 * that form's answers) becomes `fact` for the rest of the episode, e.g. exploitation linked to the
 * episode from the risk assessment's yes/no question. The last form recorded wins.
 */
export interface EpisodeFactRule {
	fact: FormFactName;
	form: string;
	value: JsonLogic;
}

export interface ProtocolDocument {
	$schema?: string;
	metadata: ProtocolMetadata;
	definitions: Definition[];
	riskCategories: RiskCategory[];
	riskRules: RiskRule[];
	reasonableActions?: ReasonableActions;
	minimumReportContent: MinimumContentItem[];
	notifications: Notification[];
	clocks: Clock[];
	repeatMissing?: RepeatMissing;
	rhi: RhiArrangements;
	philomena?: Philomena;
	/** Duties the source states that no structured field above holds (e.g. analysing repeat episodes). */
	duties?: Duty[];
	/** Episode facts learned from forms' answers (see EpisodeFactRule). */
	episodeFacts?: EpisodeFactRule[];
	forms: FormRef[];
	/** Relative path of the lifecycle file, normally "lifecycle.json". */
	lifecycle: string;
}

/* ---------- Forms: the JSON Schema subset plus UI keywords ---------- */

/**
 * UI keywords on any schema node, under `x-ui`. Conditions are JSON Logic over the form's
 * own answers (`{"var": "photo"}`) plus `child.*` / `episode.*` prefill facts.
 */
export interface UiKeywords {
	widget?: 'text' | 'textarea' | 'radios' | 'select' | 'checkboxes' | 'yesno' | 'date' | 'datetime' | 'time' | 'email' | 'tel' | 'postcode' | 'number' | 'file' | 'photo' | 'repeater' | 'fieldset' | 'readonly';
	hint?: string;
	/** Markdown shown before the question; sanitised when rendered. */
	guidance?: string;
	/** Units shown after a number, e.g. "hours". */
	suffix?: string;
	/** Units shown before a number, e.g. "£". */
	prefix?: string;
	rows?: number;
	/** Page the question belongs to (long forms). */
	page?: string;
	/** Read-only value prefilled from context, e.g. "child.name", "episode.reportedAt". */
	prefill?: string;
	/** The content item this question captures (report, RHI, meeting or risk; read by coverage checks). */
	content?: FormContentItemId;
	showWhen?: JsonLogic;
	requiredWhen?: JsonLogic;
	/** For repeaters: label of one item, e.g. "Associate". */
	itemLabel?: string;
	/** For files: accepted MIME types and maximum size in bytes. */
	accept?: string[];
	maxBytes?: number;
	/**
	 * For files: when the file may travel with a printed or downloaded copy of the form (e.g. a
	 * photo only with consent to share it). Left out, the copy names the file but never shows it.
	 */
	shareWhen?: JsonLogic;
}

export interface FormSchema {
	$schema?: string;
	$id: string;
	title: string;
	/** Form version; each submission records it with the schema hash. */
	version: string;
	type: 'object';
	properties: Record<string, FormNode>;
	required?: string[];
	'x-ui'?: UiKeywords & {
		/** Pages of a long form, asked in this order; questions name theirs with `x-ui.page`. */
		pages?: Array<{ id: string; title: string }>;
		/** Show the pages as a task list (GOV.UK task list pattern) rather than one after another. */
		taskList?: boolean;
	};
}

export interface FormNode {
	type: 'string' | 'number' | 'integer' | 'boolean' | 'array' | 'object';
	title: string;
	description?: string;
	format?: 'date' | 'date-time' | 'time' | 'email' | 'uk-postcode' | 'uk-phone';
	enum?: Array<string | number>;
	/** Labelled options: `oneOf: [{ const, title }]`. */
	oneOf?: Array<{ const: string | number; title: string }>;
	minLength?: number;
	maxLength?: number;
	minimum?: number;
	maximum?: number;
	items?: FormNode;
	uniqueItems?: boolean;
	minItems?: number;
	maxItems?: number;
	properties?: Record<string, FormNode>;
	required?: string[];
	default?: unknown;
	'x-ui'?: UiKeywords;
}

/* ---------- Lifecycle: XState v5 JSON with named guards and actions ---------- */

export interface NamedRef<N extends string> {
	type: N;
	params?: Record<string, unknown>;
}

export interface TransitionConfig {
	target?: string;
	guard?: NamedRef<GuardName>;
	actions?: Array<NamedRef<ActionName>>;
	description?: string;
	/** `form`: the form whose valid submission this transition requires. */
	meta?: { form?: string; label?: string };
}

export interface StateConfig {
	description?: string;
	type?: 'final';
	on?: Record<string, TransitionConfig | TransitionConfig[]>;
	entry?: Array<NamedRef<ActionName>>;
	exit?: Array<NamedRef<ActionName>>;
	tags?: string[];
	meta?: { label?: string };
}

export interface LifecycleConfig {
	$schema?: string;
	id: string;
	initial: string;
	states: Record<string, StateConfig>;
}

/** A loaded package: the protocol document plus its resolved lifecycle and forms. */
export interface ProtocolPackage {
	protocol: ProtocolDocument;
	lifecycle: LifecycleConfig;
	forms: Record<string, FormSchema>;
}
