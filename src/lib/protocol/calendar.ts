/**
 * Deadline arithmetic in Europe/London: hours, calendar days and working days.
 * What "within N working days" means is recorded in docs/decisions/working-days.md.
 */

import type { Duration } from './types.js';
import { BANK_HOLIDAY_YEARS, CalendarRangeError, bankHolidayDayNumbers } from './bank-holidays.js';
import { DAY_MS, HOUR_MS, fromWall, londonDayNumber, toWall } from './london-time.js';

const FIRST_DAY = Date.UTC(BANK_HOLIDAY_YEARS.from, 0, 1) / DAY_MS;
const LAST_DAY = Date.UTC(BANK_HOLIDAY_YEARS.to, 11, 31) / DAY_MS;

/**
 * Working-day tables over the covered years, built once:
 * `workingDays` lists the day numbers of working days in order, and `workingBefore[i]` is how
 * many of them fall strictly before day FIRST_DAY + i. Adding n working days is then two lookups.
 */
let tables: { workingDays: Int32Array; workingBefore: Int32Array; isWorking: Uint8Array } | null = null;

function workingTables() {
	if (tables) return tables;
	const holidays = bankHolidayDayNumbers();
	const span = LAST_DAY - FIRST_DAY + 1;
	const isWorking = new Uint8Array(span);
	const workingBefore = new Int32Array(span + 1);
	const list: number[] = [];
	for (let i = 0; i < span; i++) {
		const day = FIRST_DAY + i;
		workingBefore[i] = list.length;
		if (!isWeekend(day) && !holidays.has(day)) {
			isWorking[i] = 1;
			list.push(day);
		}
	}
	workingBefore[span] = list.length;
	tables = { workingDays: Int32Array.from(list), workingBefore, isWorking };
	return tables;
}

/** ISO date of a day number, for messages. */
export function isoDateOfDay(day: number): string {
	return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Day number of an ISO date "YYYY-MM-DD" (a London calendar date). */
export function dayOfIsoDate(iso: string): number {
	return Date.parse(`${iso}T00:00:00Z`) / DAY_MS;
}

function checkCovered(day: number, what: string): void {
	if (day < FIRST_DAY || day > LAST_DAY) throw new CalendarRangeError(`${what} (${isoDateOfDay(day)})`);
}

/** 0 = Sunday … 6 = Saturday. 1970-01-01 was a Thursday. */
export function weekdayOfDay(day: number): number {
	return (((day + 4) % 7) + 7) % 7;
}

export function isWeekend(day: number): boolean {
	const w = weekdayOfDay(day);
	return w === 0 || w === 6;
}

/** Whether a London calendar day is a working day (not a weekend, not a bank holiday). */
export function isWorkingDay(day: number): boolean {
	checkCovered(day, 'The date');
	return workingTables().isWorking[day - FIRST_DAY] === 1;
}

/** The instant of 00:00 London time on a day. */
export function startOfLondonDay(day: number): number {
	return fromWall(day * DAY_MS);
}

/** The last millisecond of a London day (23:59:59.999), whatever the clock change that day. */
export function endOfLondonDay(day: number): number {
	return fromWall((day + 1) * DAY_MS) - 1;
}

/** Absolute hours: 72 hours is 72 hours even across a clock change. */
export function addHours(instant: number, hours: number): number {
	return instant + hours * HOUR_MS;
}

/** The same London wall-clock time `days` calendar days later. */
export function addCalendarDays(instant: number, days: number): number {
	return fromWall(toWall(instant) + days * DAY_MS);
}

/**
 * The day number of the n-th working day after `day` (n ≥ 1), or the first working day on or
 * after `day` when n = 0.
 */
export function nthWorkingDayAfter(day: number, n: number): number {
	if (!Number.isInteger(n) || n < 0) throw new RangeError(`A number of working days must be a whole number of at least 0; got ${n}.`);
	checkCovered(day, 'The start date');
	const t = workingTables();
	const i = day - FIRST_DAY;
	const index = n === 0 ? t.workingBefore[i] : t.workingBefore[i + 1] + n - 1;
	if (index >= t.workingDays.length) {
		throw new CalendarRangeError(`${n} working days after ${isoDateOfDay(day)}`);
	}
	return t.workingDays[index];
}

/**
 * The end (23:59:59.999 London) of the n-th working day after the London date of `instant`.
 * "Within 10 working days of an episode on Monday" is the end of Monday two weeks later,
 * absent bank holidays; the day of the episode itself never counts.
 */
export function addWorkingDays(instant: number, n: number): number {
	return endOfLondonDay(nthWorkingDayAfter(londonDayNumber(instant), n));
}

/** Working days from the London date of `from` to that of `to`: days d with from < d ≤ to. */
export function workingDaysBetween(from: number, to: number): number {
	const a = londonDayNumber(from);
	const b = londonDayNumber(to);
	checkCovered(a, 'The start date');
	checkCovered(b, 'The end date');
	const t = workingTables();
	if (b <= a) return 0;
	return t.workingBefore[b - FIRST_DAY + 1] - t.workingBefore[a - FIRST_DAY + 1];
}

/** Absolute due time of a Duration counted from `instant`. */
export function addDuration(instant: number, duration: Duration): number {
	switch (duration.unit) {
		case 'hours':
			return addHours(instant, duration.amount);
		case 'days':
			return addCalendarDays(instant, duration.amount);
		case 'workingDays':
			return addWorkingDays(instant, duration.amount);
		default:
			throw new Error(`Unknown duration unit '${(duration as Duration).unit}': use hours, days or workingDays.`);
	}
}

/** "72 hours", "10 working days", "7 days". */
export function describeDuration(duration: Duration): string {
	const unit = duration.unit === 'workingDays' ? 'working day' : duration.unit === 'days' ? 'day' : 'hour';
	return `${duration.amount} ${unit}${duration.amount === 1 ? '' : 's'}`;
}
