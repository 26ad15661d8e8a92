/**
 * England and Wales bank holidays, shipped as data.
 *
 * 2018–2027 are the dates published on GOV.UK (https://www.gov.uk/bank-holidays), including
 * the one-off days: VE Day moved to Friday 8 May 2020, the spring bank holiday moved to
 * 2 June 2022 plus the Platinum Jubilee on 3 June 2022, the State Funeral of Queen Elizabeth II
 * on 19 September 2022, and the Coronation of King Charles III on 8 May 2023.
 * 2028–2030 follow the standing rules (substitute weekdays when a holiday falls at a weekend);
 * check them against GOV.UK when it publishes those years, as a proclamation can still move a day.
 *
 * A date outside the covered years is an error: guessing would silently move statutory deadlines.
 */

export const BANK_HOLIDAY_YEARS = { from: 2018, to: 2030 } as const;

/** ISO date → name. */
const HOLIDAYS: Record<number, Array<[string, string]>> = {
	2018: [
		['2018-01-01', "New Year's Day"],
		['2018-03-30', 'Good Friday'],
		['2018-04-02', 'Easter Monday'],
		['2018-05-07', 'Early May bank holiday'],
		['2018-05-28', 'Spring bank holiday'],
		['2018-08-27', 'Summer bank holiday'],
		['2018-12-25', 'Christmas Day'],
		['2018-12-26', 'Boxing Day']
	],
	2019: [
		['2019-01-01', "New Year's Day"],
		['2019-04-19', 'Good Friday'],
		['2019-04-22', 'Easter Monday'],
		['2019-05-06', 'Early May bank holiday'],
		['2019-05-27', 'Spring bank holiday'],
		['2019-08-26', 'Summer bank holiday'],
		['2019-12-25', 'Christmas Day'],
		['2019-12-26', 'Boxing Day']
	],
	2020: [
		['2020-01-01', "New Year's Day"],
		['2020-04-10', 'Good Friday'],
		['2020-04-13', 'Easter Monday'],
		['2020-05-08', 'Early May bank holiday (VE day)'],
		['2020-05-25', 'Spring bank holiday'],
		['2020-08-31', 'Summer bank holiday'],
		['2020-12-25', 'Christmas Day'],
		['2020-12-28', 'Boxing Day (substitute day)']
	],
	2021: [
		['2021-01-01', "New Year's Day"],
		['2021-04-02', 'Good Friday'],
		['2021-04-05', 'Easter Monday'],
		['2021-05-03', 'Early May bank holiday'],
		['2021-05-31', 'Spring bank holiday'],
		['2021-08-30', 'Summer bank holiday'],
		['2021-12-27', 'Christmas Day (substitute day)'],
		['2021-12-28', 'Boxing Day (substitute day)']
	],
	2022: [
		['2022-01-03', "New Year's Day (substitute day)"],
		['2022-04-15', 'Good Friday'],
		['2022-04-18', 'Easter Monday'],
		['2022-05-02', 'Early May bank holiday'],
		['2022-06-02', 'Spring bank holiday'],
		['2022-06-03', 'Platinum Jubilee bank holiday'],
		['2022-08-29', 'Summer bank holiday'],
		['2022-09-19', 'Bank Holiday for the State Funeral of Queen Elizabeth II'],
		['2022-12-26', 'Boxing Day'],
		['2022-12-27', 'Christmas Day (substitute day)']
	],
	2023: [
		['2023-01-02', "New Year's Day (substitute day)"],
		['2023-04-07', 'Good Friday'],
		['2023-04-10', 'Easter Monday'],
		['2023-05-01', 'Early May bank holiday'],
		['2023-05-08', 'Bank holiday for the coronation of King Charles III'],
		['2023-05-29', 'Spring bank holiday'],
		['2023-08-28', 'Summer bank holiday'],
		['2023-12-25', 'Christmas Day'],
		['2023-12-26', 'Boxing Day']
	],
	2024: [
		['2024-01-01', "New Year's Day"],
		['2024-03-29', 'Good Friday'],
		['2024-04-01', 'Easter Monday'],
		['2024-05-06', 'Early May bank holiday'],
		['2024-05-27', 'Spring bank holiday'],
		['2024-08-26', 'Summer bank holiday'],
		['2024-12-25', 'Christmas Day'],
		['2024-12-26', 'Boxing Day']
	],
	2025: [
		['2025-01-01', "New Year's Day"],
		['2025-04-18', 'Good Friday'],
		['2025-04-21', 'Easter Monday'],
		['2025-05-05', 'Early May bank holiday'],
		['2025-05-26', 'Spring bank holiday'],
		['2025-08-25', 'Summer bank holiday'],
		['2025-12-25', 'Christmas Day'],
		['2025-12-26', 'Boxing Day']
	],
	2026: [
		['2026-01-01', "New Year's Day"],
		['2026-04-03', 'Good Friday'],
		['2026-04-06', 'Easter Monday'],
		['2026-05-04', 'Early May bank holiday'],
		['2026-05-25', 'Spring bank holiday'],
		['2026-08-31', 'Summer bank holiday'],
		['2026-12-25', 'Christmas Day'],
		['2026-12-28', 'Boxing Day (substitute day)']
	],
	2027: [
		['2027-01-01', "New Year's Day"],
		['2027-03-26', 'Good Friday'],
		['2027-03-29', 'Easter Monday'],
		['2027-05-03', 'Early May bank holiday'],
		['2027-05-31', 'Spring bank holiday'],
		['2027-08-30', 'Summer bank holiday'],
		['2027-12-27', 'Christmas Day (substitute day)'],
		['2027-12-28', 'Boxing Day (substitute day)']
	],
	2028: [
		['2028-01-03', "New Year's Day (substitute day)"],
		['2028-04-14', 'Good Friday'],
		['2028-04-17', 'Easter Monday'],
		['2028-05-01', 'Early May bank holiday'],
		['2028-05-29', 'Spring bank holiday'],
		['2028-08-28', 'Summer bank holiday'],
		['2028-12-25', 'Christmas Day'],
		['2028-12-26', 'Boxing Day']
	],
	2029: [
		['2029-01-01', "New Year's Day"],
		['2029-03-30', 'Good Friday'],
		['2029-04-02', 'Easter Monday'],
		['2029-05-07', 'Early May bank holiday'],
		['2029-05-28', 'Spring bank holiday'],
		['2029-08-27', 'Summer bank holiday'],
		['2029-12-25', 'Christmas Day'],
		['2029-12-26', 'Boxing Day']
	],
	2030: [
		['2030-01-01', "New Year's Day"],
		['2030-04-19', 'Good Friday'],
		['2030-04-22', 'Easter Monday'],
		['2030-05-06', 'Early May bank holiday'],
		['2030-05-27', 'Spring bank holiday'],
		['2030-08-26', 'Summer bank holiday'],
		['2030-12-25', 'Christmas Day'],
		['2030-12-26', 'Boxing Day']
	]
};

export interface BankHoliday {
	/** ISO date, e.g. "2023-05-08". */
	date: string;
	name: string;
}

export class CalendarRangeError extends RangeError {
	constructor(what: string) {
		super(
			`${what} is outside the England and Wales bank holiday data, which covers ` +
				`${BANK_HOLIDAY_YEARS.from}–${BANK_HOLIDAY_YEARS.to}. ` +
				`Add that year's bank holidays to src/lib/protocol/bank-holidays.ts from GOV.UK.`
		);
		this.name = 'CalendarRangeError';
	}
}

export function assertCoveredYear(year: number, what = `The year ${year}`): void {
	if (!Number.isInteger(year) || year < BANK_HOLIDAY_YEARS.from || year > BANK_HOLIDAY_YEARS.to) {
		throw new CalendarRangeError(what);
	}
}

/** The bank holidays of one year, in date order. */
export function bankHolidaysIn(year: number): BankHoliday[] {
	assertCoveredYear(year);
	return HOLIDAYS[year].map(([date, name]) => ({ date, name }));
}

/** Day numbers (days since 1970-01-01) of every covered bank holiday. */
export function bankHolidayDayNumbers(): Set<number> {
	const days = new Set<number>();
	for (let y = BANK_HOLIDAY_YEARS.from; y <= BANK_HOLIDAY_YEARS.to; y++) {
		for (const [date] of HOLIDAYS[y]) days.add(Date.parse(`${date}T00:00:00Z`) / 86_400_000);
	}
	return days;
}

/** Whether an ISO date ("2022-09-19") is a bank holiday; throws outside the covered years. */
export function isBankHoliday(isoDate: string): boolean {
	const year = Number(isoDate.slice(0, 4));
	assertCoveredYear(year, isoDate);
	return HOLIDAYS[year].some(([date]) => date === isoDate);
}
