/**
 * Europe/London wall-clock time without a date library.
 *
 * The zone's offset is read from Intl once per year (the two clock changes are found by a
 * binary search over hours and cached), so converting an instant to London wall time or back
 * is plain arithmetic afterwards. Instants are epoch milliseconds; "wall" values are epoch
 * milliseconds of the same fields read as if they were UTC, which makes day arithmetic exact.
 */

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

const MIN_YEAR = 1900;
const MAX_YEAR = 2200;

let formatter: Intl.DateTimeFormat | null = null;

function londonFormatter(): Intl.DateTimeFormat {
	formatter ??= new Intl.DateTimeFormat('en-GB', {
		timeZone: 'Europe/London',
		hourCycle: 'h23',
		year: 'numeric',
		month: 'numeric',
		day: 'numeric',
		hour: 'numeric',
		minute: 'numeric',
		second: 'numeric'
	});
	return formatter;
}

/** The zone offset at an instant, straight from Intl (slow; only used to fill the cache). */
function intlOffset(instant: number): number {
	const fields: Record<string, number> = {};
	for (const part of londonFormatter().formatToParts(new Date(instant))) {
		if (part.type !== 'literal') fields[part.type] = Number(part.value);
	}
	const wall = Date.UTC(fields.year, fields.month - 1, fields.day, fields.hour, fields.minute, fields.second);
	const wholeSeconds = Math.floor(instant / 1000) * 1000;
	return wall - wholeSeconds;
}

/** One year's offsets: `base` outside [start, end), `summer` inside. */
interface YearOffsets {
	base: number;
	summer: number;
	start: number;
	end: number;
}

const yearCache: Array<YearOffsets | undefined> = [];

/** First hour in [from, to) whose offset differs from the offset at `from`, or null. */
function findChange(from: number, to: number): number | null {
	const first = intlOffset(from);
	if (intlOffset(to - HOUR_MS) === first) return null;
	let lo = 0;
	let hi = Math.round((to - from) / HOUR_MS) - 1;
	while (lo < hi) {
		const mid = (lo + hi) >> 1;
		if (intlOffset(from + mid * HOUR_MS) === first) lo = mid + 1;
		else hi = mid;
	}
	return from + lo * HOUR_MS;
}

function offsetsFor(year: number): YearOffsets {
	if (year < MIN_YEAR || year > MAX_YEAR) {
		throw new RangeError(`London time is only computed for the years ${MIN_YEAR}–${MAX_YEAR}; got ${year}.`);
	}
	const cached = yearCache[year - MIN_YEAR];
	if (cached) return cached;
	const jan = Date.UTC(year, 0, 1);
	const jul = Date.UTC(year, 6, 1);
	const next = Date.UTC(year + 1, 0, 1);
	const base = intlOffset(jan);
	const summer = intlOffset(jul);
	// Since 1972 the UK changes clocks exactly twice a year, once in each half.
	const start = summer === base ? jul : (findChange(jan, jul) ?? jul);
	const end = summer === base ? jul : (findChange(jul, next) ?? next);
	const offsets = { base, summer, start, end };
	yearCache[year - MIN_YEAR] = offsets;
	return offsets;
}

let yearStarts: Float64Array | null = null;

/** The UTC year of an instant without allocating a Date (this runs for every deadline). */
function utcYear(instant: number): number {
	if (!yearStarts) {
		yearStarts = new Float64Array(MAX_YEAR - MIN_YEAR + 3);
		for (let y = MIN_YEAR; y <= MAX_YEAR + 2; y++) yearStarts[y - MIN_YEAR] = Date.UTC(y, 0, 1);
	}
	let y = 1970 + Math.floor(instant / 31_556_952_000);
	if (y < MIN_YEAR || y > MAX_YEAR) return y;
	if (instant < yearStarts[y - MIN_YEAR]) y--;
	else if (instant >= yearStarts[y + 1 - MIN_YEAR]) y++;
	return y;
}

/** London's offset from UTC at an instant, in milliseconds (0 in winter, 3,600,000 in summer). */
export function londonOffset(instant: number): number {
	const o = offsetsFor(utcYear(instant));
	return instant >= o.start && instant < o.end ? o.summer : o.base;
}

/** The London wall time of an instant, as epoch milliseconds of the same fields read as UTC. */
export function toWall(instant: number): number {
	return instant + londonOffset(instant);
}

/**
 * The instant at which London clocks show `wall`.
 * A time skipped when clocks go forward (01:00–01:59 on the last Sunday of March) is moved
 * forward by the hour that was skipped; a time that happens twice when clocks go back
 * (01:00–01:59 on the last Sunday of October) means its first occurrence (still BST).
 */
export function fromWall(wall: number): number {
	const o = offsetsFor(utcYear(wall));
	const larger = Math.max(o.base, o.summer);
	const smaller = Math.min(o.base, o.summer);
	const early = wall - larger;
	if (londonOffset(early) === larger) return early;
	const late = wall - smaller;
	if (londonOffset(late) === smaller) return late;
	// In the gap: the clock fields do not exist, so keep the instant the earlier offset gives.
	return late;
}

/** Days since 1970-01-01 of the London calendar date of an instant. */
export function londonDayNumber(instant: number): number {
	return Math.floor(toWall(instant) / DAY_MS);
}

export interface LondonDateTime {
	year: number;
	/** 1–12 */
	month: number;
	day: number;
	hour: number;
	minute: number;
	second: number;
	millisecond: number;
	/** 0 = Sunday … 6 = Saturday */
	weekday: number;
}

export function londonParts(instant: number): LondonDateTime {
	const d = new Date(toWall(instant));
	return {
		year: d.getUTCFullYear(),
		month: d.getUTCMonth() + 1,
		day: d.getUTCDate(),
		hour: d.getUTCHours(),
		minute: d.getUTCMinutes(),
		second: d.getUTCSeconds(),
		millisecond: d.getUTCMilliseconds(),
		weekday: d.getUTCDay()
	};
}

/** The instant London clocks show the given fields (see `fromWall` for clock-change hours). */
export function londonInstant(year: number, month: number, day: number, hour = 0, minute = 0, second = 0, ms = 0): number {
	return fromWall(Date.UTC(year, month - 1, day, hour, minute, second, ms));
}

/** "Thursday 14 March 2024, 14:05" — how a due time is shown to a practitioner. */
export function formatLondon(instant: number): string {
	const p = londonParts(instant);
	const days = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
	const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
	const hh = String(p.hour).padStart(2, '0');
	const mm = String(p.minute).padStart(2, '0');
	return `${days[p.weekday]} ${p.day} ${months[p.month - 1]} ${p.year}, ${hh}:${mm}`;
}
