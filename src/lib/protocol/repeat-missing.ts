/**
 * Repeat-missing stages, counted per child across episodes, and the professional-judgement
 * triggers. Windows are counted in London calendar days (docs/decisions/repeat-missing-windows.md):
 * a window of N days holds the N calendar days ending on (rolling) or starting on (from-first)
 * the day of an episode.
 */

import type { Facts, JudgementTrigger, RepeatMissing, RepeatStage } from './types.js';
import type { TaskDescriptor } from './clocks.js';
import { addDuration } from './calendar.js';
import { londonDayNumber } from './london-time.js';
import { holds } from './conditions.js';

export interface EpisodeStart {
	id: string;
	childId: string;
	/** When the episode started (missing since / reported), epoch ms. */
	at: number;
}

export interface StageOpening {
	stageId: string;
	label: string;
	childId: string;
	/** The episode that reached the threshold. */
	episodeId: string;
	/** Episodes counted in the window at that episode. */
	count: number;
	/** When the episode that reached the threshold started, epoch ms. */
	episodeAt: number;
	/** The earliest counted episode's start, epoch ms. */
	windowFrom: number;
	/** Null when the protocol sets no deadline for the meeting. */
	meetingDueAt: number | null;
	chair: string;
	attendees: string[];
	form?: string;
}

/**
 * Episode counts in a stage's window at each episode, for one child's episodes sorted by start.
 * `rolling`: episodes on the N calendar days ending on this episode's day.
 * `from-first`: runs start at an episode; the run holds episodes on the N days from its first
 * day; the first episode after that starts a new run.
 * Also returns where each window starts (an index into `days`).
 */
export function windowCounts(days: ArrayLike<number>, window: RepeatStage['window']): { counts: Int32Array; starts: Int32Array } {
	const n = days.length;
	const counts = new Int32Array(n);
	const starts = new Int32Array(n);
	let lo = 0;
	for (let i = 0; i < n; i++) {
		if (window.kind === 'rolling') {
			while (days[lo] < days[i] - window.days + 1) lo++;
		} else if (days[i] > days[lo] + window.days - 1) {
			lo = i;
		}
		counts[i] = i - lo + 1;
		starts[i] = lo;
	}
	return { counts, starts };
}

function byStart(a: EpisodeStart, b: EpisodeStart): number {
	return a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * Every stage opening in the episodes given, counted per child (siblings missing together are
 * separate episodes of separate children). A stage opens at the episode whose count first
 * reaches its threshold; it opens again only after the count has fallen below the threshold
 * (rolling) or a new run has begun (from-first).
 */
export function stageOpenings(stages: RepeatStage[], episodes: EpisodeStart[]): StageOpening[] {
	if (!stages.length || !episodes.length) return [];
	const children = groupByChild(episodes);
	if (children.size > 1) return [...children.values()].flatMap((list) => childStageOpenings(stages, list)).sort((a, b) => a.episodeAt - b.episodeAt);
	return childStageOpenings(stages, episodes);
}

function childStageOpenings(stages: RepeatStage[], episodes: EpisodeStart[]): StageOpening[] {
	const sorted = [...episodes].sort(byStart);
	const days = sorted.map((e) => londonDayNumber(e.at));
	const out: StageOpening[] = [];
	for (const stage of stages) {
		const { counts, starts } = windowCounts(days, stage.window);
		for (let i = 0; i < sorted.length; i++) {
			if (reachesThreshold(counts, starts, i, stage)) out.push(opening(stage, sorted[i], counts[i], sorted[starts[i]].at));
		}
	}
	return out.sort((a, b) => a.episodeAt - b.episodeAt);
}

/** Whether the count at episode i newly reaches the stage's threshold. */
export function reachesThreshold(counts: Int32Array, starts: Int32Array, i: number, stage: RepeatStage): boolean {
	if (counts[i] < stage.threshold) return false;
	if (i === 0) return true;
	if (stage.window.kind === 'from-first' && starts[i] !== starts[i - 1]) return true;
	return counts[i - 1] < stage.threshold;
}

export function opening(stage: RepeatStage, episode: EpisodeStart, count: number, windowFrom: number): StageOpening {
	const o: StageOpening = {
		stageId: stage.id,
		label: stage.label,
		childId: episode.childId,
		episodeId: episode.id,
		count,
		episodeAt: episode.at,
		windowFrom,
		meetingDueAt: stage.meeting.within ? addDuration(episode.at, stage.meeting.within) : null,
		chair: stage.meeting.chair,
		attendees: stage.meeting.attendees
	};
	if (stage.meeting.form) o.form = stage.meeting.form;
	return o;
}

/** The stages a new (or given) episode opens, from the child's whole history including it. */
export function stagesOpenedBy(stages: RepeatStage[], episodes: EpisodeStart[], episodeId: string): StageOpening[] {
	return stageOpenings(stages, episodes).filter((o) => o.episodeId === episodeId);
}

/** Episodes in the first stage's window at the given episode (Facts.child.episodesInWindow). */
export function episodesInWindow(repeat: RepeatMissing | undefined, episodes: EpisodeStart[], episodeId: string): number {
	const stage = repeat?.stages[0];
	const target = episodes.find((e) => e.id === episodeId);
	if (!target) throw new Error(`Episode '${episodeId}' is not in the child's episode list.`);
	const sorted = episodes.filter((e) => e.childId === target.childId).sort(byStart);
	const i = sorted.indexOf(target);
	if (!stage) return 1;
	return windowCounts(sorted.map((e) => londonDayNumber(e.at)), stage.window).counts[i];
}

/** Group episodes by child: siblings missing together are separate episodes, counted separately. */
export function groupByChild(episodes: EpisodeStart[]): Map<string, EpisodeStart[]> {
	const m = new Map<string, EpisodeStart[]>();
	for (const e of episodes) {
		const list = m.get(e.childId);
		if (list) list.push(e);
		else m.set(e.childId, [e]);
	}
	return m;
}

export function stageTask(o: StageOpening, startedAt: number): TaskDescriptor {
	const t: TaskDescriptor = {
		clockId: `${o.stageId}:${o.episodeId}`,
		title: `Hold a ${o.label} meeting (${o.count} episodes), chaired by ${o.chair}`,
		startedAt,
		dueAt: o.meetingDueAt,
		actor: o.chair,
		kind: 'stage-meeting'
	};
	if (o.form) t.form = o.form;
	return t;
}

/* ---------- Professional judgement ---------- */

/** The triggers that hold for these facts. */
export function judgementTriggers(repeat: RepeatMissing | undefined, facts: Facts): JudgementTrigger[] {
	if (!repeat) return [];
	return repeat.judgementTriggers.filter((t) => holds(t.when, facts, `repeatMissing.judgementTriggers '${t.id}'`));
}

/**
 * A decision task when any trigger holds: decide whether to hold a meeting, and record a
 * rationale with the protocol's form when none is held.
 */
export function judgementDecisionTask(repeat: RepeatMissing | undefined, triggers: JudgementTrigger[], startedAt: number, dueAt: number, actor: string): TaskDescriptor | null {
	if (!triggers.length) return null;
	const t: TaskDescriptor = {
		clockId: 'judgement-decision',
		title: `Decide whether to hold a missing meeting (${triggers.map((x) => x.label).join('; ')}); record the rationale if none is held`,
		startedAt,
		dueAt,
		actor,
		kind: 'judgement-decision'
	};
	if (repeat?.rationaleForm) t.form = repeat.rationaleForm;
	return t;
}
