/**
 * The engine's fixed library: every name a protocol may use. The meta-schemas in `schemas/`
 * enumerate these lists (a test keeps them in step), so a misspelt name fails at load time
 * rather than when a practitioner first reaches the transition.
 */

/** Guards a lifecycle transition may use. */
export const GUARDS = [
	/** params: { form } — the event carries a valid submission of that form. */
	'formSubmitted',
	/** params: { categories: string[] } — the episode's current risk category is one of these. */
	'riskIs',
	/** params: { rule: JsonLogic } — a JSON Logic condition over Facts holds. */
	'factsMatch',
	/** params: { clock } — the named clock is still running. */
	'clockRunning'
] as const;

/** Actions a lifecycle state or transition may run. */
export const ACTIONS = [
	/** params: { clock } — start the named clock (deadline task or escalation). */
	'startClock',
	/** params: { clock } — stop the named clock (complete or cancel its task). */
	'stopClock',
	/** params: { notification } — send the named notification. */
	'notify',
	/** params: { from: form field } — record the risk category from the submitted form. */
	'recordRisk',
	/** Record the time the child was found or returned. */
	'recordReturn',
	/** Allocate the RHI with the protocol's decision table. */
	'allocateRhi',
	/** Count the episode for repeat-missing stages and judgement triggers. */
	'evaluateRepeatMissing',
	/** params: { outcome } — record the RHI outcome (completed, declined-child, declined-parent, not-held, missing-again: the child went missing again before the interview, counted as the protocol's rhi.missingAgainCountsAsDeclined says). */
	'recordRhiOutcome',
	/** params: { attempts, form } — open follow-up contact tasks after a decline, done when `form` is recorded. */
	'scheduleFollowUps'
] as const;

export const RISK_RULE_KINDS = [
	'category-when',
	'minimum-category',
	'allow-category-only-when',
	'review-within'
] as const;

/**
 * Episode facts a form's answers may set (protocol.json `episodeFacts`), with the type each holds.
 * What the police and practitioners learn while grading (an injury, exploitation linked to the
 * episode, the review time agreed) becomes a fact that risk rules, guards and judgement triggers read.
 */
export const FORM_FACTS = {
	'episode.injured': 'boolean',
	'episode.victimOfCrime': 'boolean',
	'episode.exploitationLinked': 'boolean',
	'episode.reasonableActionsTaken': 'boolean',
	'episode.agreedActionsCompleted': 'boolean',
	'episode.reviewTimeHours': 'number'
} as const;

/** Lifecycle events that may start a clock. Protocol-specific events are allowed too. */
export const CLOCK_STARTS = [
	'REPORT',
	'GRADE',
	'FOUND',
	'RETURNED',
	'RHI_OFFERED',
	'RHI_DECLINED',
	'STAGE_OPENED',
	'CLOSE'
] as const;

/** Facts the RHI allocation decision table may test. */
export const ALLOCATION_FACTS = [
	'livesInArea',
	'ownChild',
	'inCare',
	'placedOutOfArea',
	'openToServices',
	'onChildProtectionPlan'
] as const;

/** Who can be told or asked to act. */
export const RECIPIENTS = [
	'police',
	'responsible-authority',
	'host-authority',
	'placing-authority',
	'parents',
	'carers',
	'iro',
	'social-worker',
	'health',
	'senior-managers',
	'lead-member',
	'missing-coordinator',
	'complex-safeguarding',
	'front-door',
	'education',
	'team-manager',
	'service-manager'
] as const;

/** The minimum content of a missing report (W&F's two lists, DfE 2014). */
export const CONTENT_ITEMS = [
	'name',
	'date-of-birth',
	'sex',
	'ethnicity',
	'legal-status',
	'responsible-authority',
	'address',
	'missing-from',
	'time-missing',
	'last-seen',
	'who-with',
	'clothing',
	'belongings',
	'description',
	'photo',
	'photo-consent',
	'medical',
	'circumstances',
	'associates',
	'places',
	'reasonable-actions',
	'risk-assessment'
] as const;

/** What a return home interview record covers. */
export const RHI_CONTENT_ITEMS = [
	'harm-suffered',
	'why-missing',
	'what-happened',
	'who-with',
	'where-found',
	'what-would-help',
	'child-wishes',
	'parent-views',
	'information-given',
	'exploitation-indicators',
	'follow-up-actions',
	'decline-reason',
	/** Which of the situations in which the interview is especially important apply. */
	'priority-circumstances',
	/** Contacts made after a decline to let the child change their mind. */
	'follow-up-attempts'
] as const;

/** What a meeting record covers (strategy meetings, Stage One/Two meetings), and the decision not to hold one. */
export const MEETING_CONTENT_ITEMS = [
	'meeting-chair',
	'meeting-attendees',
	'meeting-decisions',
	'meeting-actions',
	'meeting-not-held-rationale'
] as const;

/** What a risk assessment form records: the category (options must be the protocol's own), the agreed review time and actions. */
export const RISK_CONTENT_ITEMS = ['risk-category', 'review-time', 'agreed-actions'] as const;

export type GuardName = (typeof GUARDS)[number];
export type ActionName = (typeof ACTIONS)[number];
export type RiskRuleKind = (typeof RISK_RULE_KINDS)[number];
export type FormFactName = keyof typeof FORM_FACTS;
export type ClockStartName = (typeof CLOCK_STARTS)[number] | (string & {});
export type AllocationFactName = (typeof ALLOCATION_FACTS)[number];
export type RecipientId = (typeof RECIPIENTS)[number];
export type ContentItemId = (typeof CONTENT_ITEMS)[number];
export type RhiContentItemId = (typeof RHI_CONTENT_ITEMS)[number];
export type MeetingContentItemId = (typeof MEETING_CONTENT_ITEMS)[number];
export type RiskContentItemId = (typeof RISK_CONTENT_ITEMS)[number];
/** Any item a form question may name in `x-ui.content`. */
export type FormContentItemId = ContentItemId | RhiContentItemId | MeetingContentItemId | RiskContentItemId;
