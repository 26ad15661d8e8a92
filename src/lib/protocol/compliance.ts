/**
 * A local protocol checked against the national baseline package (protocols/england-dfe-2014).
 * Every check is drawn from something the baseline states and cites the baseline's source for
 * it, so a check exists only where the baseline says something. Each result is pass, fail or
 * not expressed, with the reason in words.
 *
 * Fail: the protocol says something that falls short of the baseline (a longer deadline, an
 * interviewer who need not be independent, a notification only at a later step, a form that
 * does not ask for an item), or its RHI arrangements leave a gap the runtime would hit (no time
 * limit, no interviewer for a cohort). Not expressed: the protocol is silent on the matter and
 * may rely on the guidance directly.
 */

import type { AllocationRule, Clock, Duty, ProtocolPackage, Source } from './types.js';
import {
	COHORTS,
	allocationRowFor,
	contentCoverage,
	describeAllocation,
	missingReportFormId,
	rhiClocks,
	type Cohort,
	type ProtocolRef
} from './normalise.js';
import { describeCondition, describeDuration, describeEvents, describeRecipient, withinLimit } from './describe.js';

export type CheckStatus = 'pass' | 'fail' | 'not-expressed';

export interface CheckResult {
	id: string;
	/** What the baseline requires, as a statement. */
	title: string;
	status: CheckStatus;
	reason: string;
	/** Where the baseline states it. */
	citations: Source[];
}

export interface ComplianceReport {
	subject: ProtocolRef;
	baseline: ProtocolRef;
	checks: CheckResult[];
	counts: Record<CheckStatus, number>;
}

export const STATUS_LABELS: Record<CheckStatus, string> = {
	pass: 'PASS',
	fail: 'FAIL',
	'not-expressed': 'NOT EXPRESSED'
};

function refOf(pkg: ProtocolPackage): ProtocolRef {
	const m = pkg.protocol.metadata;
	return { id: m.id, version: m.version, title: m.title, authority: m.authority.name };
}

function dutyOf(pkg: ProtocolPackage, id: string): Duty | undefined {
	return pkg.protocol.duties?.find((d) => d.id === id);
}

/** "Police" → "police", leaving "Independent Reviewing Officer (IRO)" capitalised as a title. */
function lowerFirst(text: string): string {
	return /^[A-Z][a-z]+( [a-z]|$)/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}

function quoteList(items: string[]): string {
	if (items.length <= 1) return items.join('');
	return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

const OTHER_COUNCIL = COHORTS.find((c) => c.id === 'other-council-child-placed-here')!;
const OWN_OUT_OF_AREA = COHORTS.find((c) => c.id === 'own-child-in-care-out-of-area')!;

/* ---------- The checks ---------- */

function checkRhiOffered(subject: ProtocolPackage, baseline: ProtocolPackage, consumed: Set<string>): CheckResult {
	const duty = dutyOf(baseline, 'rhi-offered-every-return');
	if (duty) consumed.add(duty.id);
	const base = { id: 'rhi-offered-every-return', title: 'Every child who returns is offered a return home interview', citations: [duty?.source ?? baseline.protocol.rhi.source] };
	const clocks = rhiClocks(subject).filter((c) => c.startsOn.some((e) => e === 'FOUND' || e === 'RETURNED'));
	const unallocated = subject.protocol.rhi ? COHORTS.filter((c) => !allocationRowFor(subject.protocol.rhi.allocation, c.facts)) : COHORTS;
	if (unallocated.length) {
		return { ...base, status: 'fail', reason: `The RHI allocation table names no one to interview: ${quoteList(unallocated.map((c) => c.label.toLowerCase()))}.` };
	}
	const unconditional = clocks.find((c) => c.when === undefined || c.when === true);
	if (unconditional) {
		return { ...base, status: 'pass', reason: `The clock '${unconditional.label}' starts whenever ${describeEvents(unconditional.startsOn)}, with no condition, and every cohort has an interviewer.` };
	}
	if (clocks.length) {
		return { ...base, status: 'fail', reason: `The RHI clock starts only when ${describeCondition(clocks[0].when)}, so other returning children are not offered an interview.` };
	}
	const localDuty = dutyOf(subject, 'rhi-offered-every-return');
	if (localDuty) {
		return { ...base, status: 'pass', reason: `The protocol states the duty (“${localDuty.text}”), though no clock starts the interview on return.` };
	}
	return { ...base, status: 'fail', reason: 'No clock starts a return home interview when a child is found or returns, and the protocol does not state the duty.' };
}

function checkRhiTimescale(subject: ProtocolPackage, baseline: ProtocolPackage): CheckResult | undefined {
	const limit = baseline.protocol.rhi?.within;
	if (!limit) return undefined;
	const limitWords = describeDuration(limit);
	const baseClock = rhiClocks(baseline)[0];
	const base = { id: 'rhi-within-timescale', title: `The return home interview takes place within ${limitWords} of return`, citations: [baseClock?.source ?? baseline.protocol.rhi.source] };
	const within = subject.protocol.rhi?.within;
	if (!within) {
		return { ...base, status: 'fail', reason: `The protocol sets no time limit for the return home interview (rhi.within); the baseline requires ${limitWords}.` };
	}
	if (!withinLimit(within, limit)) {
		return { ...base, status: 'fail', reason: `The protocol allows ${describeDuration(within)}, which can be longer than ${limitWords}.` };
	}
	const clocks: Clock[] = rhiClocks(subject);
	if (!clocks.length) {
		return { ...base, status: 'fail', reason: `The protocol states ${describeDuration(within)} but no clock enforces it: add a deadline clock started when the child is found or returns.` };
	}
	const tooLong = clocks.find((c) => !withinLimit(c.duration, limit));
	if (tooLong) {
		return { ...base, status: 'fail', reason: `The clock '${tooLong.label}' allows ${describeDuration(tooLong.duration)}, longer than ${limitWords}.` };
	}
	return { ...base, status: 'pass', reason: `Within ${describeDuration(within)}, enforced by the clock '${clocks[0].label}'.` };
}

function checkIndependence(subject: ProtocolPackage, baseline: ProtocolPackage, consumed: Set<string>): CheckResult {
	const duty = dutyOf(baseline, 'rhi-independent');
	if (duty) consumed.add(duty.id);
	const base = { id: 'rhi-independent', title: 'The return home interview is done by someone independent of the child’s care', citations: [duty?.source ?? baseline.protocol.rhi.source] };
	const rhi = subject.protocol.rhi;
	if (!rhi) return { ...base, status: 'fail', reason: 'The protocol has no return home interview arrangements.' };
	return rhi.independentOfCare
		? { ...base, status: 'pass', reason: `Conducted by: ${rhi.conductedBy}.` }
		: { ...base, status: 'fail', reason: `The protocol says the interviewer need not be independent of the child’s care (conducted by: ${rhi.conductedBy}).` };
}

function checkNotifications(subject: ProtocolPackage, baseline: ProtocolPackage): CheckResult[] {
	const results: CheckResult[] = [];
	const recipients = [...new Set(baseline.protocol.notifications.map((n) => n.recipient))];
	for (const recipient of recipients) {
		const first = baseline.protocol.notifications.find((n) => n.recipient === recipient)!;
		const scope = first.when !== undefined ? ` (when ${describeCondition(first.when)})` : '';
		const who = describeRecipient(recipient);
		const base = {
			id: `notify-${recipient}`,
			title: `${who} told when ${describeEvents([first.on])}${scope}`,
			citations: baseline.protocol.notifications.filter((n) => n.recipient === recipient).map((n) => n.source)
		};
		const local = subject.protocol.notifications.filter((n) => n.recipient === recipient);
		const viaAllocation = (subject.protocol.rhi?.allocation ?? []).filter((r: AllocationRule) => r.notify.includes(recipient));
		if (!local.length && !viaAllocation.length) {
			results.push({ ...base, status: 'not-expressed', reason: `The protocol does not say that the ${lowerFirst(who)} is told.` });
			continue;
		}
		if (first.within && local.length && local.every((n) => n.within && !withinLimit(n.within, first.within!))) {
			results.push({ ...base, status: 'fail', reason: `The protocol allows ${describeDuration(local[0].within!)}; the baseline requires ${describeDuration(first.within)}.` });
			continue;
		}
		const sameEvent = local.find((n) => n.on === first.on);
		if (sameEvent) {
			const scopeWords = sameEvent.when !== undefined ? ` (when ${describeCondition(sameEvent.when)})` : '';
			const within = sameEvent.within ? `, within ${describeDuration(sameEvent.within)}` : '';
			results.push({ ...base, status: 'pass', reason: `Told when ${describeEvents([sameEvent.on])}${scopeWords}${within}.` });
			continue;
		}
		const actually = local.length
			? `only when ${describeEvents([...new Set(local.map((n) => n.on))])}`
			: `only when the RHI is allocated (${quoteList(viaAllocation.map((r) => `row '${r.id}'`))})`;
		results.push({ ...base, status: 'fail', reason: `The protocol tells the ${lowerFirst(who)} ${actually}, not when ${describeEvents([first.on])}.` });
	}
	return results;
}

function checkContent(
	subject: ProtocolPackage,
	required: Array<{ id: string; source: Source }>,
	declared: Array<{ id: string }> | undefined,
	formId: string | undefined,
	id: string,
	title: string,
	formLabel: string
): CheckResult | undefined {
	if (!required.length) return undefined;
	const citations = [...new Map(required.map((r) => [`${r.source.section}|${r.source.quote}`, r.source])).values()];
	const base = { id, title, citations };
	const declaredIds = new Set((declared ?? []).map((d) => d.id));
	const unlisted = required.filter((r) => !declaredIds.has(r.id)).map((r) => r.id);
	const form = formId ? subject.forms[formId] : undefined;
	if (!form) {
		return { ...base, status: 'fail', reason: `The package has no ${formLabel}${formId ? ` ('${formId}' is named but its file is not loaded)` : ''}, so nothing captures the content.` };
	}
	const coverage = contentCoverage(form);
	const unasked = required.filter((r) => !coverage.has(r.id)).map((r) => r.id);
	// What counts is what the form asks: the declared list is the author's own summary of it.
	const listNote = unlisted.length ? ` The protocol does not list ${quoteList(unlisted)} in its own content list.` : '';
	if (!unasked.length) {
		return { ...base, status: 'pass', reason: `The ${formLabel} ('${form.title}') asks for all ${required.length} items.${listNote}` };
	}
	return { ...base, status: 'fail', reason: `The ${formLabel} ('${form.title}') does not ask for ${quoteList(unasked)}.${listNote}` };
}

function checkRepeatAnalysis(subject: ProtocolPackage, baseline: ProtocolPackage, consumed: Set<string>): CheckResult | undefined {
	const duty = dutyOf(baseline, 'analyse-repeat-episodes');
	const source = duty?.source ?? baseline.protocol.repeatMissing?.source;
	if (!source) return undefined;
	if (duty) consumed.add(duty.id);
	const base = { id: 'analyse-repeat-episodes', title: 'Repeat episodes are given particular attention and the data is analysed', citations: [source] };
	const localDuty = dutyOf(subject, 'analyse-repeat-episodes');
	const stages = subject.protocol.repeatMissing?.stages ?? [];
	if (localDuty && stages.length) {
		return { ...base, status: 'pass', reason: `The protocol states the duty and counts repeat episodes per child: ${quoteList(stages.map((s) => `${s.label} at ${s.threshold} episodes`))}.` };
	}
	if (localDuty) return { ...base, status: 'pass', reason: `The protocol states the duty: “${localDuty.text}”` };
	if (stages.length) {
		return { ...base, status: 'pass', reason: `Repeat episodes are counted per child and open meetings: ${quoteList(stages.map((s) => `${s.label} at ${s.threshold} episodes`))}.` };
	}
	return { ...base, status: 'not-expressed', reason: 'The protocol neither states the analysis duty (analyse-repeat-episodes) nor counts repeat episodes.' };
}

function checkCohortAllocation(subject: ProtocolPackage, baseline: ProtocolPackage, cohort: Cohort, id: string, title: string): CheckResult {
	const baseRow = allocationRowFor(baseline.protocol.rhi.allocation, cohort.facts);
	const base = { id, title, citations: [baseRow?.source ?? baseline.protocol.rhi.source] };
	const row = subject.protocol.rhi ? allocationRowFor(subject.protocol.rhi.allocation, cohort.facts) : undefined;
	if (!row) {
		return { ...base, status: 'fail', reason: `No row of the RHI allocation table matches ${cohort.label.toLowerCase()}: add a row saying who does the interview.` };
	}
	return { ...base, status: 'pass', reason: `${cohort.label}: ${describeAllocation(row)} (row '${row.id}').` };
}

function checkDefinitions(subject: ProtocolPackage, baseline: ProtocolPackage): CheckResult | undefined {
	const defs = baseline.protocol.definitions;
	if (!defs.length) return undefined;
	const local = subject.protocol.definitions;
	const missing = defs.filter((d) => !local.some((l) => l.id === d.id || l.term.toLowerCase() === d.term.toLowerCase()));
	const base = { id: 'definitions', title: 'The guidance’s definitions are used', citations: (missing.length ? missing : defs).map((d) => d.source) };
	return missing.length
		? { ...base, status: 'not-expressed', reason: `The protocol does not define ${quoteList(missing.map((d) => `'${d.term}'`))}.` }
		: { ...base, status: 'pass', reason: `All ${defs.length} terms are defined.` };
}

function checkOtherClocks(subject: ProtocolPackage, baseline: ProtocolPackage): CheckResult[] {
	const rhi = new Set(rhiClocks(baseline));
	return baseline.protocol.clocks
		.filter((c) => !rhi.has(c))
		.map((c) => {
			const base = { id: `clock-${c.id}`, title: `${c.label}: within ${describeDuration(c.duration)} of when ${describeEvents(c.startsOn)}`, citations: [c.source] };
			const local = subject.protocol.clocks.find((l) => l.id === c.id) ?? subject.protocol.clocks.find((l) => l.label.toLowerCase() === c.label.toLowerCase());
			if (!local) return { ...base, status: 'not-expressed' as const, reason: `The protocol has no clock '${c.id}'.` };
			return withinLimit(local.duration, c.duration)
				? { ...base, status: 'pass' as const, reason: `The clock '${local.label}' allows ${describeDuration(local.duration)}.` }
				: { ...base, status: 'fail' as const, reason: `The clock '${local.label}' allows ${describeDuration(local.duration)}, longer than ${describeDuration(c.duration)}.` };
		});
}

function checkRemainingDuties(subject: ProtocolPackage, baseline: ProtocolPackage, consumed: Set<string>): CheckResult[] {
	return (baseline.protocol.duties ?? [])
		.filter((d) => !consumed.has(d.id))
		.map((d) => {
			const local = dutyOf(subject, d.id);
			const base = { id: `duty-${d.id}`, title: `${d.holder}: ${d.text}`, citations: [d.source] };
			return local
				? { ...base, status: 'pass' as const, reason: `The protocol states it: “${local.text}”` }
				: { ...base, status: 'not-expressed' as const, reason: `The protocol does not state this duty (no duty with id '${d.id}').` };
		});
}

/** Check `subject` against every statement of `baseline` that a check exists for. */
export function checkCompliance(subject: ProtocolPackage, baseline: ProtocolPackage): ComplianceReport {
	const consumed = new Set<string>();
	const b = baseline.protocol;
	const checks: Array<CheckResult | undefined> = [
		checkRhiOffered(subject, baseline, consumed),
		checkRhiTimescale(subject, baseline),
		checkIndependence(subject, baseline, consumed),
		...checkNotifications(subject, baseline),
		checkContent(
			subject,
			b.minimumReportContent,
			subject.protocol.minimumReportContent,
			missingReportFormId(subject),
			'minimum-report-content',
			'The missing report captures the minimum content',
			'missing report form'
		),
		checkContent(
			subject,
			b.rhi?.content ?? [],
			subject.protocol.rhi?.content,
			subject.protocol.rhi?.form,
			'rhi-content',
			'The return home interview record covers what the guidance asks',
			'RHI form'
		),
		checkRepeatAnalysis(subject, baseline, consumed),
		checkCohortAllocation(
			subject,
			baseline,
			OTHER_COUNCIL,
			'rhi-child-placed-by-another-council',
			'The protocol says who does the interview for a child placed in the area by another council'
		),
		checkCohortAllocation(
			subject,
			baseline,
			OWN_OUT_OF_AREA,
			'rhi-own-child-placed-out-of-area',
			'The protocol says who does the interview for its own child placed out of the area'
		),
		checkDefinitions(subject, baseline),
		...checkOtherClocks(subject, baseline),
		...checkRemainingDuties(subject, baseline, consumed)
	];
	const present = checks.filter((c): c is CheckResult => c !== undefined);
	const counts: Record<CheckStatus, number> = { pass: 0, fail: 0, 'not-expressed': 0 };
	for (const c of present) counts[c.status]++;
	return { subject: refOf(subject), baseline: refOf(baseline), checks: present, counts };
}
