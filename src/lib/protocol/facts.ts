/**
 * Facts (types.ts) from plain child and episode records, as a condition or decision table
 * reads them. Everything that depends on time is computed at an instant passed in.
 */

import type { Facts } from './types.js';
import { HOUR_MS, londonParts } from './london-time.js';

export interface ChildRecord {
	/** ISO date, e.g. "2011-02-28". */
	dateOfBirth: string;
	inCare: boolean;
	/** Code of the authority responsible for the child (the placing authority for a child in care). */
	responsibleAuthority: string;
	/** Code of the authority the child lives or is placed in; defaults to the responsible one. */
	livesInAuthority?: string | null;
	openToServices?: boolean;
	onChildProtectionPlan?: boolean;
	exploitationRisk?: Facts['child']['exploitationRisk'];
	learningDisability?: boolean;
	mentalHealthConcern?: boolean;
}

export interface EpisodeRecord {
	/** When the child went missing (or was reported), epoch ms. */
	missingSince: number;
	/** When the child was found or returned, epoch ms; absent while still missing. */
	returnedAt?: number | null;
	riskCategory?: string | null;
	injured?: boolean;
	victimOfCrime?: boolean;
	exploitationLinked?: boolean;
	reasonableActionsTaken?: boolean;
	reviewTimeHours?: number | null;
	agreedActionsCompleted?: boolean;
}

/** Whole years of age on the London calendar date of `at`; a 29 February birthday falls on 1 March. */
export function ageInYears(dateOfBirth: string, at: number): number {
	const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(dateOfBirth);
	if (!match) throw new Error(`Date of birth '${dateOfBirth}' is not an ISO date (YYYY-MM-DD).`);
	const [by, bm, bd] = [Number(match[1]), Number(match[2]), Number(match[3])];
	const now = londonParts(at);
	const beforeBirthday = now.month < bm || (now.month === bm && now.day < bd);
	return now.year - by - (beforeBirthday ? 1 : 0);
}

export interface FactsInput {
	child: ChildRecord;
	episode: EpisodeRecord;
	/** Code of the authority whose protocol runs. */
	protocolAuthority: string;
	/** The instant the facts describe, epoch ms. */
	at: number;
	/** Episodes for this child in the protocol's repeat window, this one included. */
	episodesInWindow?: number;
	firstTimeMissing?: boolean;
}

export function buildFacts(input: FactsInput): Facts {
	const { child, episode, protocolAuthority, at } = input;
	const livesIn = child.livesInAuthority ?? child.responsibleAuthority;
	const end = episode.returnedAt ?? at;
	const episodesInWindow = input.episodesInWindow ?? 1;
	return {
		child: {
			ageYears: ageInYears(child.dateOfBirth, at),
			inCare: child.inCare,
			ownChild: child.responsibleAuthority === protocolAuthority,
			livesInArea: livesIn === protocolAuthority,
			placedOutOfArea: child.inCare && livesIn !== child.responsibleAuthority,
			openToServices: child.openToServices ?? false,
			onChildProtectionPlan: child.onChildProtectionPlan ?? false,
			exploitationRisk: child.exploitationRisk ?? 'none',
			learningDisability: child.learningDisability ?? false,
			mentalHealthConcern: child.mentalHealthConcern ?? false,
			episodesInWindow,
			firstTimeMissing: input.firstTimeMissing ?? episodesInWindow <= 1
		},
		episode: {
			riskCategory: episode.riskCategory ?? null,
			hoursMissing: Math.max(0, (end - episode.missingSince) / HOUR_MS),
			stillMissing: episode.returnedAt == null,
			injured: episode.injured ?? false,
			victimOfCrime: episode.victimOfCrime ?? false,
			exploitationLinked: episode.exploitationLinked ?? false,
			reasonableActionsTaken: episode.reasonableActionsTaken ?? false,
			reviewTimeHours: episode.reviewTimeHours ?? null,
			agreedActionsCompleted: episode.agreedActionsCompleted ?? false
		}
	};
}
