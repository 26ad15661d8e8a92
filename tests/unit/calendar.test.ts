import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
	addCalendarDays,
	addDuration,
	addHours,
	addWorkingDays,
	dayOfIsoDate,
	isWorkingDay,
	nthWorkingDayAfter,
	workingDaysBetween
} from '../../src/lib/protocol/calendar.js';
import { BANK_HOLIDAY_YEARS, bankHolidaysIn, isBankHoliday } from '../../src/lib/protocol/bank-holidays.js';
import { formatLondon, londonDayNumber, londonInstant, londonOffset, londonParts } from '../../src/lib/protocol/london-time.js';

const H = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

describe('Europe/London wall clock', () => {
	it('knows British Summer Time starts at 01:00 UTC on the last Sunday of March', () => {
		expect(londonOffset(Date.parse('2024-03-31T00:59:59Z'))).toBe(0);
		expect(londonOffset(Date.parse('2024-03-31T01:00:00Z'))).toBe(H);
		expect(londonOffset(Date.parse('2025-10-26T00:59:59Z'))).toBe(H);
		expect(londonOffset(Date.parse('2025-10-26T01:00:00Z'))).toBe(0);
	});

	it('reads London wall time either side of a change', () => {
		expect(iso(londonInstant(2024, 7, 1, 9, 0))).toBe('2024-07-01T08:00:00.000Z');
		expect(iso(londonInstant(2024, 12, 1, 9, 0))).toBe('2024-12-01T09:00:00.000Z');
		// 01:30 does not exist on 31 March 2024: treated as 02:30 BST.
		expect(iso(londonInstant(2024, 3, 31, 1, 30))).toBe('2024-03-31T01:30:00.000Z');
		// 01:30 happens twice on 27 October 2024: the first (BST) is meant.
		expect(iso(londonInstant(2024, 10, 27, 1, 30))).toBe('2024-10-27T00:30:00.000Z');
		expect(formatLondon(Date.parse('2024-03-14T14:05:00Z'))).toBe('Thursday 14 March 2024, 14:05');
	});

	it('gives the London calendar date, not the UTC one, just after midnight in summer', () => {
		const t = Date.parse('2024-06-30T23:30:00Z');
		expect(londonParts(t)).toMatchObject({ year: 2024, month: 7, day: 1, hour: 0, minute: 30 });
		expect(londonDayNumber(t)).toBe(dayOfIsoDate('2024-07-01'));
	});
});

describe('deadlines across the clock changes', () => {
	it('adds hours as elapsed time over the March weekend', () => {
		const saturday = londonInstant(2024, 3, 30, 10, 0);
		const due = addHours(saturday, 72);
		expect(due - saturday).toBe(72 * H);
		expect(formatLondon(due)).toBe('Tuesday 2 April 2024, 11:00');
	});

	it('adds calendar days at the same wall-clock time over the October weekend', () => {
		const friday = londonInstant(2024, 10, 25, 14, 5);
		const due = addCalendarDays(friday, 7);
		expect(formatLondon(due)).toBe('Friday 1 November 2024, 14:05');
		expect(due - friday).toBe(7 * 24 * H + H);
	});

	it('adds calendar days over the March weekend with one hour fewer elapsed', () => {
		const saturday = londonInstant(2025, 3, 29, 20, 0);
		const due = addDuration(saturday, { unit: 'days', amount: 2 });
		expect(formatLondon(due)).toBe('Monday 31 March 2025, 20:00');
		expect(due - saturday).toBe(47 * H);
	});

	it('ends a working-day deadline at 23:59:59.999 London time, in summer and winter', () => {
		const summer = addWorkingDays(londonInstant(2024, 7, 1, 9), 1);
		expect(iso(summer)).toBe('2024-07-02T22:59:59.999Z');
		const winter = addWorkingDays(londonInstant(2024, 12, 2, 9), 1);
		expect(iso(winter)).toBe('2024-12-03T23:59:59.999Z');
	});

	it('ends a working-day deadline correctly when it lands on the day the clocks go back', () => {
		// Friday 25 October 2024 + 1 working day = Monday 28; the weekend with the change is skipped.
		expect(iso(addWorkingDays(londonInstant(2024, 10, 25, 16), 1))).toBe('2024-10-28T23:59:59.999Z');
		// A Thursday episode: 1 working day is Friday, still in BST.
		expect(iso(addWorkingDays(londonInstant(2024, 10, 24, 16), 1))).toBe('2024-10-25T22:59:59.999Z');
	});
});

describe('working days and England and Wales bank holidays', () => {
	it('counts 10 working days over the Queen\'s funeral', () => {
		expect(formatLondon(addWorkingDays(londonInstant(2022, 9, 12, 10), 10))).toBe('Tuesday 27 September 2022, 23:59');
	});

	it('skips the Jubilee, the coronation and substitute days', () => {
		expect(isWorkingDay(dayOfIsoDate('2022-06-02'))).toBe(false);
		expect(isWorkingDay(dayOfIsoDate('2022-06-03'))).toBe(false);
		expect(isWorkingDay(dayOfIsoDate('2023-05-08'))).toBe(false);
		expect(isWorkingDay(dayOfIsoDate('2022-05-30'))).toBe(true); // spring holiday moved to 2 June
		expect(isWorkingDay(dayOfIsoDate('2020-05-04'))).toBe(true); // early May moved to VE day
		expect(isWorkingDay(dayOfIsoDate('2020-12-28'))).toBe(false);
		expect(isWorkingDay(dayOfIsoDate('2021-12-27'))).toBe(false);
		expect(isWorkingDay(dayOfIsoDate('2022-01-03'))).toBe(false);
		// Friday before Christmas 2023 + 1 working day skips the weekend, Christmas and Boxing Day.
		expect(formatLondon(addWorkingDays(londonInstant(2023, 12, 22, 10), 1))).toBe('Wednesday 27 December 2023, 23:59');
	});

	it('matches the standing rules in every covered year, apart from the proclaimed changes', () => {
		const moved: Record<number, { drop: string[]; add: string[] }> = {
			2020: { drop: ['2020-05-04'], add: ['2020-05-08'] },
			2022: { drop: ['2022-05-30'], add: ['2022-06-02', '2022-06-03', '2022-09-19'] },
			2023: { drop: [], add: ['2023-05-08'] }
		};
		for (let year = BANK_HOLIDAY_YEARS.from; year <= BANK_HOLIDAY_YEARS.to; year++) {
			const expected = new Set(standingRuleHolidays(year));
			for (const d of moved[year]?.drop ?? []) expected.delete(d);
			for (const d of moved[year]?.add ?? []) expected.add(d);
			expect(bankHolidaysIn(year).map((h) => h.date)).toEqual([...expected].sort());
		}
	});

	it('refuses dates outside the covered years with an error naming the range', () => {
		expect(() => isBankHoliday('2031-01-01')).toThrow(/covers 2018–2030/);
		expect(() => isWorkingDay(dayOfIsoDate('2017-12-29'))).toThrow(/2017-12-29.*covers 2018–2030/);
		// Starts in range, ends past it: still refused, never guessed.
		expect(() => addWorkingDays(londonInstant(2030, 12, 20, 9), 10)).toThrow(/10 working days after 2030-12-20.*2018–2030/);
	});

	it('counts working days between two instants as the days after the first up to the second', () => {
		expect(workingDaysBetween(londonInstant(2022, 9, 12, 10), londonInstant(2022, 9, 27, 8))).toBe(10);
		expect(workingDaysBetween(londonInstant(2024, 1, 5), londonInstant(2024, 1, 5, 23))).toBe(0);
	});
});

const inRange = fc.integer({ min: Date.UTC(2018, 0, 1), max: Date.UTC(2030, 5, 30) });

describe('working-day properties', () => {
	it('never lands on a weekend or bank holiday, and is always after the start day', () => {
		fc.assert(
			fc.property(inRange, fc.integer({ min: 0, max: 60 }), (start, n) => {
				const due = addWorkingDays(start, n);
				const day = londonDayNumber(due);
				const p = londonParts(due);
				expect(p.weekday === 0 || p.weekday === 6).toBe(false);
				expect(isBankHoliday(new Date(day * 86_400_000).toISOString().slice(0, 10))).toBe(false);
				expect([p.hour, p.minute, p.second, p.millisecond]).toEqual([23, 59, 59, 999]);
				if (n > 0) expect(day).toBeGreaterThan(londonDayNumber(start));
				if (n > 0) expect(workingDaysBetween(start, due)).toBe(n);
			})
		);
	});

	it('is strictly increasing in n and never decreasing in the start', () => {
		fc.assert(
			fc.property(inRange, fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 20 }), (start, n, k) => {
				expect(addWorkingDays(start, n + k)).toBeGreaterThan(addWorkingDays(start, n));
			})
		);
		// "Within 0 working days" of a weekend or bank holiday is the next working day, which is
		// also the first working day after it: 0 and 1 agree exactly when the start is not a working day.
		fc.assert(
			fc.property(inRange, (start) => {
				const zero = addWorkingDays(start, 0);
				const one = addWorkingDays(start, 1);
				if (isWorkingDay(londonDayNumber(start))) expect(one).toBeGreaterThan(zero);
				else expect(one).toBe(zero);
			})
		);
		expect(addWorkingDays(londonInstant(2018, 1, 1, 9), 0)).toBe(addWorkingDays(londonInstant(2018, 1, 1, 9), 1));
		fc.assert(
			fc.property(inRange, fc.integer({ min: 0, max: 30 * 86_400_000 }), fc.integer({ min: 1, max: 40 }), (start, later, n) => {
				expect(addWorkingDays(start + later, n)).toBeGreaterThanOrEqual(addWorkingDays(start, n));
			})
		);
	});

	it('agrees with stepping one day at a time', () => {
		fc.assert(
			fc.property(fc.integer({ min: dayOfIsoDate('2018-01-01'), max: dayOfIsoDate('2030-06-01') }), fc.integer({ min: 1, max: 25 }), (day, n) => {
				let d = day;
				let left = n;
				while (left > 0) {
					d++;
					if (isWorkingDay(d)) left--;
				}
				expect(nthWorkingDayAfter(day, n)).toBe(d);
			})
		);
	});

	it('keeps calendar-day deadlines at the same wall-clock minute', () => {
		fc.assert(
			fc.property(inRange, fc.integer({ min: 1, max: 60 }), (start, days) => {
				const a = londonParts(start);
				const b = londonParts(addCalendarDays(start, days));
				// Only a wall time that does not exist on the target day (the skipped spring hour) may move by one hour.
				if (a.hour !== b.hour) expect(Math.abs(a.hour - b.hour)).toBe(1);
				expect(b.minute).toBe(a.minute);
				expect(londonDayNumber(addCalendarDays(start, days)) - londonDayNumber(start)).toBe(days);
			})
		);
	});
});

/** England and Wales rules without proclamations: an oracle written independently of the data. */
function standingRuleHolidays(year: number): string[] {
	const d = (m: number, day: number) => new Date(Date.UTC(year, m - 1, day));
	const s = (date: Date) => date.toISOString().slice(0, 10);
	const shift = (date: Date, n: number) => new Date(date.getTime() + n * 86_400_000);
	const firstMonday = (m: number) => {
		const x = d(m, 1);
		return shift(x, (8 - x.getUTCDay()) % 7);
	};
	const lastMonday = (m: number) => {
		const x = d(m + 1, 0);
		return shift(x, -((x.getUTCDay() + 6) % 7));
	};
	// Anonymous Gregorian computus.
	const a = year % 19;
	const b = Math.floor(year / 100);
	const c = year % 100;
	const dd = Math.floor(b / 4);
	const e = b % 4;
	const f = Math.floor((b + 8) / 25);
	const g = Math.floor((b - f + 1) / 3);
	const h = (19 * a + b - dd - g + 15) % 30;
	const i = Math.floor(c / 4);
	const k = c % 4;
	const l = (32 + 2 * e + 2 * i - h - k) % 7;
	const m = Math.floor((a + 11 * h + 22 * l) / 451);
	const month = Math.floor((h + l - 7 * m + 114) / 31);
	const day = ((h + l - 7 * m + 114) % 31) + 1;
	const easter = d(month, day);

	const newYear = d(1, 1);
	const nyDow = newYear.getUTCDay();
	const ny = nyDow === 6 ? shift(newYear, 2) : nyDow === 0 ? shift(newYear, 1) : newYear;
	const xmas = d(12, 25);
	const xDow = xmas.getUTCDay();
	let christmas: Date[];
	if (xDow === 5) christmas = [xmas, d(12, 28)]; // Boxing Day on Saturday
	else if (xDow === 6) christmas = [d(12, 27), d(12, 28)];
	else if (xDow === 0) christmas = [d(12, 26), d(12, 27)];
	else christmas = [xmas, d(12, 26)];
	return [ny, shift(easter, -2), shift(easter, 1), firstMonday(5), lastMonday(5), lastMonday(8), ...christmas].map(s).sort();
}
