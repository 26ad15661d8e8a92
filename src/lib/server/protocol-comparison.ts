/**
 * The comparison the /compare page and its CSV show, from the query string: `p` once per
 * protocol version ("walsall@2019.2"), `diff=1` for differences only.
 */
import type PocketBase from 'pocketbase';
import { normalise } from '../protocol/normalise.js';
import { compareProtocols, differencesOnly, type Comparison } from '../protocol/compare.js';
import { loadPackage, parseVersionRef, ProtocolNotFound } from './published-protocols.js';

export interface ComparisonRequest {
	selected: string[];
	differencesOnly: boolean;
	problems: string[];
	comparison: Comparison | null;
}

export async function comparisonFromQuery(pb: PocketBase, query: URLSearchParams): Promise<ComparisonRequest> {
	const selected = [...new Set(query.getAll('p').filter((p) => p.trim() !== ''))];
	const onlyDifferences = query.get('diff') === '1';
	const problems: string[] = [];
	const refs = selected.map((s) => ({ raw: s, ref: parseVersionRef(s) }));
	for (const r of refs) {
		if (!r.ref) problems.push(`'${r.raw}' is not a protocol version: write it as code@version, for example walsall@2019.2.`);
	}
	if (selected.length === 1 && !problems.length) problems.push('Choose at least two protocol versions to compare.');
	if (problems.length || selected.length < 2) return { selected, differencesOnly: onlyDifferences, problems, comparison: null };

	const normalised = [];
	for (const r of refs) {
		try {
			normalised.push(normalise(await loadPackage(pb, r.ref!.code, r.ref!.version)));
		} catch (e) {
			if (e instanceof ProtocolNotFound) problems.push(e.message);
			else throw e;
		}
	}
	if (problems.length) return { selected, differencesOnly: onlyDifferences, problems, comparison: null };
	const all = compareProtocols(normalised);
	return { selected, differencesOnly: onlyDifferences, problems, comparison: onlyDifferences ? differencesOnly(all) : all };
}
