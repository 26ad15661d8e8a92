import { describe, expect, it } from 'vitest';
import { normalise, NOT_EXPRESSED, type NormalisedProtocol } from '../../src/lib/protocol/normalise.js';
import { compareProtocols, comparisonCsv, differencesOnly } from '../../src/lib/protocol/compare.js';
import { smallProtocol, src } from '../fixtures/audit/small-protocol.js';
import type { ProtocolPackage } from '../../src/lib/protocol/types.js';

function param(n: NormalisedProtocol, key: string) {
	const p = n.parameters.find((x) => x.key === key);
	if (!p) throw new Error(`no parameter ${key}`);
	return p;
}

/** Keys of rows that differ between the base protocol and a copy changed by `change`. */
function differingKeys(change: (p: ProtocolPackage) => void): string[] {
	const a = smallProtocol('small', '1.0');
	const b = smallProtocol('small', '1.0');
	change(b);
	return differencesOnly(compareProtocols([normalise(a), normalise(b)])).rows.map((r) => r.key);
}

describe('normalise', () => {
	it('keeps the source quote with each parameter', () => {
		const n = normalise(smallProtocol());
		expect(param(n, 'repeat.stage-one.threshold').value).toBe('3 episodes');
		expect(param(n, 'repeat.stage-one.threshold').sources[0].quote).toBe('Three episodes in 90 days open Stage One.');
		expect(param(n, 'rhi.within').value).toBe('Within 72 hours of return');
		expect(param(n, 'risk.categories').value).toBe('High; Medium; Absent');
	});

	it('says "Not expressed" for what the protocol leaves out', () => {
		const n = normalise(smallProtocol());
		expect(param(n, 'philomena.used')).toMatchObject({ value: NOT_EXPRESSED, expressed: false });
		expect(param(n, 'rhi.declineFollowUps').value).toBe(NOT_EXPRESSED);
		expect(param(n, 'content.report.clothing').value).toBe(NOT_EXPRESSED);
	});

	it('evaluates the allocation table for each cohort, first matching row winning', () => {
		const n = normalise(smallProtocol());
		expect(param(n, 'allocation.other-council-child-placed-here').value).toContain('Placing authority (the responsible (placing) authority)');
		expect(param(n, 'allocation.own-child-at-home').value).toContain('RHI team (this council)');
		expect(param(n, 'allocation.own-child-in-care-out-of-area').value).toContain('RHI team');
	});

	it('reports form coverage of listed content', () => {
		const pkg = smallProtocol();
		delete pkg.forms['missing-report'].properties.photo;
		const n = normalise(pkg);
		expect(param(n, 'content.report.photo').value).toBe('Listed; not asked on the form');
		expect(param(n, 'content.report.name').value).toBe('Listed; asked on the form');
		expect(param(n, 'content.report.summary').value).toContain('1 of 2 listed items asked');
	});
});

describe('compare', () => {
	it('finds no differences between identical protocols', () => {
		expect(differingKeys(() => {})).toEqual([]);
	});

	it('flags only the Stage One threshold when that is all that changed', () => {
		expect(
			differingKeys((p) => {
				p.protocol.repeatMissing!.stages[0].threshold = 4;
			})
		).toEqual(['repeat.stages', 'repeat.stage-one.threshold']);
	});

	it('shows a stage the other protocol does not define as not expressed', () => {
		const a = smallProtocol('a');
		const b = smallProtocol('b');
		delete b.protocol.repeatMissing;
		const table = compareProtocols([normalise(a), normalise(b)]);
		const row = table.rows.find((r) => r.key === 'repeat.stage-one.window')!;
		expect(row.cells.map((c) => c.value)).toEqual(['a rolling 90 days', NOT_EXPRESSED]);
		expect(row.differs).toBe(true);
		expect(row.cells[0].sources[0].section).toBe('6');
	});

	it('flags the RHI time limit when one protocol allows working days', () => {
		const keys = differingKeys((p) => {
			p.protocol.rhi.within = { unit: 'workingDays', amount: 5 };
		});
		expect(keys).toEqual(['rhi.within']);
	});

	it('flags a cohort whose interviewer changes when an allocation row goes', () => {
		const keys = differingKeys((p) => {
			p.protocol.rhi.allocation = p.protocol.rhi.allocation.filter((r) => r.id !== 'placed-here');
		});
		expect(keys).toEqual(['allocation.other-council-child-placed-here']);
	});

	it('flags a notification recipient one protocol leaves out', () => {
		const keys = differingKeys((p) => {
			p.protocol.notifications = p.protocol.notifications.filter((n) => n.recipient !== 'iro');
		});
		expect(keys).toEqual(['notify.iro']);
	});

	it('flags a risk category added by one protocol', () => {
		const keys = differingKeys((p) => {
			p.protocol.riskCategories.push({ id: 'low', label: 'Low', definition: 'Possible but minimal.', source: src('2', 'Low.') });
		});
		expect(keys).toEqual(['risk.categories', 'risk.category.low']);
	});

	it('writes CSV with a column per protocol, quoted, with formula-like cells defused', () => {
		const a = smallProtocol('a');
		const b = smallProtocol('b');
		b.protocol.rhi.conductedBy = '=HYPERLINK("x")';
		const csv = comparisonCsv(differencesOnly(compareProtocols([normalise(a), normalise(b)])));
		const lines = csv.trimEnd().split('\r\n');
		expect(lines[0]).toBe('"Section","Parameter","Differs","a@1.0","b@1.0","a@1.0 source","b@1.0 source"');
		const conducted = lines.find((l) => l.includes('Conducted by'))!;
		expect(conducted).toContain(`"'=HYPERLINK(""x"")"`);
		expect(conducted).toContain('"An independent worker"');
	});
});
