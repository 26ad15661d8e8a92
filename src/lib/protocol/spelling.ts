/** Suggesting the name an author probably meant when they misspell one. */

function editDistance(a: string, b: string): number {
	const previous = Array.from({ length: b.length + 1 }, (_, i) => i);
	for (let i = 1; i <= a.length; i++) {
		let diagonal = previous[0];
		previous[0] = i;
		for (let j = 1; j <= b.length; j++) {
			const above = previous[j];
			const cost = a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1;
			previous[j] = Math.min(previous[j] + 1, previous[j - 1] + 1, diagonal + cost);
			diagonal = above;
		}
	}
	return previous[b.length];
}

/** The candidate closest to `input`, if it is close enough to be a plausible typo. */
export function closestName(input: string, candidates: readonly string[]): string | undefined {
	let best: string | undefined;
	let bestDistance = Infinity;
	for (const candidate of candidates) {
		const distance = editDistance(input, candidate);
		if (distance < bestDistance) {
			best = candidate;
			bestDistance = distance;
		}
	}
	const allowed = Math.max(2, Math.floor(input.length / 3));
	if (bestDistance <= allowed) return best;
	// A shortened name ("bool" for "boolean") is a typo too, when only one candidate fits.
	const lower = input.toLowerCase();
	const extensions = lower.length >= 3 ? candidates.filter((c) => c.toLowerCase().startsWith(lower)) : [];
	return extensions.length === 1 ? extensions[0] : undefined;
}

/** ` (did you mean "x"?)` or nothing. */
export function didYouMean(input: string, candidates: readonly string[]): string {
	const guess = closestName(input, candidates);
	return guess && guess !== input ? ` (did you mean "${guess}"?)` : '';
}
