/** Who recorded a Philomena profile, with their council unless their name already says it. */
export function recordedBy(by: string, council: string): string {
	return council && !by.includes(council) ? `${by} (${council})` : by;
}
