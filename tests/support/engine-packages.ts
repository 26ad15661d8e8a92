/** Loads protocol packages from disk for engine tests and benchmarks (plain JSON reads). */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FormSchema, LifecycleConfig, ProtocolDocument, ProtocolPackage } from '../../src/lib/protocol/types.js';
import type { Facts } from '../../src/lib/protocol/types.js';

export function loadPackageDir(dir: string): ProtocolPackage {
	const read = (f: string) => JSON.parse(readFileSync(join(dir, f), 'utf8'));
	const protocol = read('protocol.json') as ProtocolDocument;
	const lifecycle = read(protocol.lifecycle || 'lifecycle.json') as LifecycleConfig;
	const forms: Record<string, FormSchema> = {};
	for (const ref of protocol.forms) if (existsSync(join(dir, ref.file))) forms[ref.id] = read(ref.file) as FormSchema;
	return { protocol, lifecycle, forms };
}

/** Every `protocols/<id>/<version>/` folder that has both a protocol and a lifecycle. */
export function referencePackageDirs(root = 'protocols'): string[] {
	if (!existsSync(root)) return [];
	const dirs: string[] = [];
	for (const id of readdirSync(root)) {
		const idDir = join(root, id);
		if (!existsSync(idDir) || !readdirSync(idDir, { withFileTypes: true }).some((d) => d.isDirectory())) continue;
		for (const version of readdirSync(idDir)) {
			const dir = join(idDir, version);
			if (existsSync(join(dir, 'protocol.json')) && existsSync(join(dir, 'lifecycle.json'))) dirs.push(dir);
		}
	}
	return dirs.sort();
}

export function sampleFacts(overrides: { child?: Partial<Facts['child']>; episode?: Partial<Facts['episode']> } = {}): Facts {
	return {
		child: {
			ageYears: 14,
			inCare: true,
			ownChild: true,
			livesInArea: true,
			placedOutOfArea: false,
			openToServices: true,
			onChildProtectionPlan: false,
			exploitationRisk: 'none',
			learningDisability: false,
			mentalHealthConcern: false,
			episodesInWindow: 1,
			firstTimeMissing: true,
			...overrides.child
		},
		episode: {
			riskCategory: null,
			hoursMissing: 0,
			stillMissing: true,
			injured: false,
			victimOfCrime: false,
			exploitationLinked: false,
			reasonableActionsTaken: false,
			reviewTimeHours: null,
			agreedActionsCompleted: false,
			...overrides.episode
		}
	};
}
