/**
 * Several normalised protocols side by side: one row per parameter any of them expresses,
 * one column per protocol, and whether the row differs. Also the same table as CSV.
 */

import type { Source } from './types.js';
import { NOT_EXPRESSED, SECTIONS, type NormalisedProtocol, type ProtocolRef, type Section } from './normalise.js';

export interface ComparisonCell {
	value: string;
	expressed: boolean;
	sources: Source[];
}

export interface ComparisonRow {
	key: string;
	section: Section;
	label: string;
	cells: ComparisonCell[];
	/** True when at least two columns hold different values (a missing value counts as a value). */
	differs: boolean;
}

export interface Comparison {
	columns: ProtocolRef[];
	rows: ComparisonRow[];
}

/** Whitespace and case do not make two values different. */
function comparable(value: string): string {
	return value.replace(/\s+/g, ' ').trim().toLowerCase();
}

export function compareProtocols(protocols: NormalisedProtocol[]): Comparison {
	const order: Array<{ key: string; section: Section; label: string }> = [];
	const seen = new Set<string>();
	for (const p of protocols) {
		for (const param of p.parameters) {
			if (seen.has(param.key)) continue;
			seen.add(param.key);
			order.push({ key: param.key, section: param.section, label: param.label });
		}
	}
	// Keep each protocol's own order within a section, sections in the fixed reading order.
	const sectionIndex = (s: Section) => SECTIONS.indexOf(s);
	const stable = order.map((o, i) => ({ ...o, i }));
	stable.sort((a, b) => sectionIndex(a.section) - sectionIndex(b.section) || a.i - b.i);

	const lookups = protocols.map((p) => new Map(p.parameters.map((x) => [x.key, x])));
	const rows = stable.map(({ key, section, label }) => {
		const cells: ComparisonCell[] = lookups.map((m) => {
			const param = m.get(key);
			return param
				? { value: param.value, expressed: param.expressed, sources: param.sources }
				: { value: NOT_EXPRESSED, expressed: false, sources: [] };
		});
		const differs = new Set(cells.map((c) => comparable(c.value))).size > 1;
		return { key, section, label, cells, differs };
	});
	return { columns: protocols.map((p) => p.ref), rows };
}

export function differencesOnly(c: Comparison): Comparison {
	return { columns: c.columns, rows: c.rows.filter((r) => r.differs) };
}

/** A cell as CSV: quoted, and a leading =, +, - or @ defused so spreadsheets do not run it as a formula. */
function csvCell(value: string): string {
	const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
	return `"${safe.replace(/"/g, '""')}"`;
}

/** The comparison as CSV (RFC 4180, CRLF line ends): values, whether the row differs, then each column's first source. */
export function comparisonCsv(c: Comparison): string {
	const names = c.columns.map((col) => `${col.id}@${col.version}`);
	const header = ['Section', 'Parameter', 'Differs', ...names, ...names.map((n) => `${n} source`)];
	const lines = [header.map(csvCell).join(',')];
	for (const row of c.rows) {
		const sources = row.cells.map((cell) =>
			cell.sources.length ? cell.sources.map((s) => `${s.document}, ${s.section}: “${s.quote}”`).join(' | ') : ''
		);
		lines.push([row.section, row.label, row.differs ? 'yes' : 'no', ...row.cells.map((x) => x.value), ...sources].map(csvCell).join(','));
	}
	return lines.join('\r\n') + '\r\n';
}
