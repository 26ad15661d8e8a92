/**
 * The Facts paths a protocol condition may read with `{"var": "..."}`. Kept as one list so the
 * validator can reject a misspelt path when the package is loaded, not when a child's episode
 * first evaluates it (an unknown var is silently null in JSON Logic).
 */
import type { Facts } from './types.js';

type FactPath = { [G in keyof Facts]: `${G}.${keyof Facts[G] & string}` }[keyof Facts];

export const FACT_PATHS = [
	'child.ageYears',
	'child.inCare',
	'child.ownChild',
	'child.livesInArea',
	'child.placedOutOfArea',
	'child.openToServices',
	'child.onChildProtectionPlan',
	'child.exploitationRisk',
	'child.learningDisability',
	'child.mentalHealthConcern',
	'child.episodesInWindow',
	'child.firstTimeMissing',
	'episode.riskCategory',
	'episode.hoursMissing',
	'episode.stillMissing',
	'episode.injured',
	'episode.victimOfCrime',
	'episode.exploitationLinked',
	'episode.reasonableActionsTaken',
	'episode.reviewTimeHours',
	'episode.agreedActionsCompleted'
] as const satisfies readonly FactPath[];

// Fails to compile when a field is added to Facts but not listed above.
type UnlistedFactPath = Exclude<FactPath, (typeof FACT_PATHS)[number]>;
const everyFactListed: [UnlistedFactPath] extends [never] ? true : UnlistedFactPath = true;
void everyFactListed;

const FACT_PATH_SET: ReadonlySet<string> = new Set(FACT_PATHS);

export function isFactPath(path: string): boolean {
	return FACT_PATH_SET.has(path);
}
