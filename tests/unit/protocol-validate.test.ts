import { beforeAll, describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { validatePackage, type PackageError } from '../../src/lib/protocol/package-validate.js';
import { readPackageFiles } from '../../src/lib/server/protocol-files.js';

const fixtureDir = resolve(__dirname, '../fixtures/protocols/minimal/1.0');
let original: Record<string, string>;

beforeAll(async () => {
	original = await readPackageFiles(fixtureDir);
});

/** A copy of the fixture with one file's text changed; fails loudly if the edit did not apply. */
function mutate(file: string, from: string, to: string): Record<string, string> {
	const text = original[file];
	expect(text, `${file} in the fixture`).toBeDefined();
	expect(text.includes(from), `fixture ${file} contains ${from}`).toBe(true);
	return { ...original, [file]: text.replace(from, to) };
}

/** Line and column (1-based) of a character offset, counted independently of the validator. */
function positionOf(text: string, offset: number): { line: number; column: number } {
	const before = text.slice(0, offset).split('\n');
	return { line: before.length, column: before[before.length - 1].length + 1 };
}

function only(errors: PackageError[]): PackageError {
	expect(errors.map((e) => `${e.file}:${e.line}:${e.column} ${e.pointer} ${e.message}`)).toHaveLength(1);
	return errors[0];
}

const validate = (files: Record<string, string>) => validatePackage(files, { id: 'minimal', version: '1.0' });

describe('a valid package', () => {
	it('is accepted and loaded with its lifecycle and forms', () => {
		const result = validate(original);
		expect(result.errors).toEqual([]);
		expect(result.package?.protocol.metadata.id).toBe('minimal');
		expect(result.package?.lifecycle.initial).toBe('reported');
		expect(Object.keys(result.package?.forms ?? {})).toEqual(['missing-report']);
	});

	it('is accepted when read from the folder the CLI and seeder read', async () => {
		expect((await readPackageFiles(fixtureDir))['forms/missing-report.json']).toContain('"$id": "missing-report"');
	});
});

describe('broken copies are rejected with a located, plain-English error', () => {
	it('names a misspelt guard and lists the guards that exist', () => {
		const files = mutate('lifecycle.json', '"type": "formSubmitted"', '"type": "formSubmited"');
		const result = validate(files);
		expect(result.package).toBeUndefined();
		const error = only(result.errors);
		expect(error.file).toBe('lifecycle.json');
		expect(error.pointer).toBe('/states/reported/on/GRADE/guard/type');
		expect(error).toMatchObject(positionOf(files['lifecycle.json'], files['lifecycle.json'].indexOf('"formSubmited"')));
		expect(error.message).toContain('unknown guard "formSubmited"');
		expect(error.message).toContain('use one of formSubmitted, riskIs, factsMatch, clockRunning');
	});

	it('names a misspelt action', () => {
		const files = mutate('lifecycle.json', '"type": "recordReturn"', '"type": "recordReturned"');
		const error = only(validate(files).errors);
		expect(error.pointer).toBe('/states/missing/on/RETURNED/actions/0/type');
		expect(error.message).toMatch(/^unknown action "recordReturned" \(did you mean "recordReturn"\?\): use one of startClock, /);
	});

	it('says a number written as text should lose its quotes', () => {
		const files = mutate('protocol.json', '"amount": 72', '"amount": "72"');
		const error = only(validate(files).errors);
		expect(error.file).toBe('protocol.json');
		expect(error.pointer).toBe('/clocks/0/duration/amount');
		expect(error).toMatchObject(positionOf(files['protocol.json'], files['protocol.json'].indexOf('"72"')));
		expect(error.message).toBe('"amount" must be a number, not the text "72": remove the quotes');
	});

	it('requires every rule to cite its source', () => {
		const sourceLine =
			',\n\t\t\t"source": { "document": "Testshire Missing Children Procedure", "section": "2.4", "quote": "Children will always be graded medium or high." }';
		const files = mutate('protocol.json', sourceLine, '');
		const text = files['protocol.json'];
		const error = only(validate(files).errors);
		expect(error.pointer).toBe('/riskRules/1');
		expect(error).toMatchObject(positionOf(text, text.lastIndexOf('{', text.indexOf('"id": "never-below-medium"'))));
		expect(error.message).toBe(
			'rule "never-below-medium" has no source: add source.document, source.section and a one-sentence source.quote'
		);
	});

	it('rejects an empty quote', () => {
		const files = mutate('protocol.json', '"quote": "Children will always be graded medium or high."', '"quote": ""');
		const error = only(validate(files).errors);
		expect(error.pointer).toBe('/riskRules/1/source/quote');
		expect(error.message).toBe('source.quote is empty: write one sentence quoted from the document');
	});

	it('finds a transition to a state that does not exist', () => {
		const files = mutate('lifecycle.json', '"target": "closed"', '"target": "closd"');
		const text = files['lifecycle.json'];
		const error = only(validate(files).errors);
		expect(error.file).toBe('lifecycle.json');
		expect(error.pointer).toBe('/states/returned/on/CLOSE/target');
		expect(error).toMatchObject(positionOf(text, text.indexOf('"closd"')));
		expect(error.message).toBe(
			'target state "closd" does not exist (did you mean "closed"?): states are reported, missing, returned, closed'
		);
	});

	it('locates a JSON syntax error in a form', () => {
		const files = mutate('forms/missing-report.json', '"version": "1",', '"version": "1"');
		const text = files['forms/missing-report.json'];
		const result = validate(files);
		expect(result.package).toBeUndefined();
		const error = result.errors.find((e) => e.message.startsWith('JSON syntax error'));
		expect(error).toBeDefined();
		expect(error).toMatchObject({ file: 'forms/missing-report.json', pointer: '' });
		expect(error).toMatchObject(positionOf(text, text.indexOf('"type": "object"')));
		expect(error?.message).toContain('a comma is missing');
	});

	it('locates a trailing comma', () => {
		const files = mutate('lifecycle.json', '"closed": { "type": "final" }', '"closed": { "type": "final" },');
		const error = validate(files).errors.find((e) => e.file === 'lifecycle.json');
		expect(error?.message).toMatch(/^JSON syntax error: .*trailing comma/);
	});

	it('points at an unknown property by its name and suggests the right one', () => {
		const files = mutate('protocol.json', '"stopsOn": ["CLOSE"]', '"stopOn": ["CLOSE"]');
		const text = files['protocol.json'];
		const errors = validate(files).errors;
		const unknown = errors.find((e) => e.pointer === '/clocks/0/stopOn');
		expect(unknown).toMatchObject(positionOf(text, text.indexOf('"stopOn"')));
		expect(unknown?.message).toMatch(/^unknown property "stopOn" in clock \(did you mean "stopsOn"\?\): allowed here are id, label, kind,/);
		expect(errors.find((e) => e.pointer === '/clocks/0')?.message).toBe('clock "rhi-72h" is missing "stopsOn": add it');
	});

	it('refuses a regular expression in a form and names the formats to use instead', () => {
		const files = mutate('forms/missing-report.json', '"maxLength": 200,', '"maxLength": 200, "pattern": "^[A-Z]",');
		const error = only(validate(files).errors);
		expect(error.pointer).toBe('/properties/name/pattern');
		expect(error.message).toContain('"pattern" is not supported');
		expect(error.message).toContain('uk-postcode');
	});

	it('explains a field that a rule kind requires', () => {
		const error = only(validate(mutate('protocol.json', '"kind": "minimum-category"', '"kind": "category-when"')).errors);
		expect(error.pointer).toBe('/riskRules/1');
		expect(error.message).toBe('rule "never-below-medium" is missing "when": add it (a category-when rule needs it)');
	});

	it('shows how to write a transition given as a bare state name', () => {
		const files = mutate('lifecycle.json', '"CLOSE": {\n\t\t\t\t\t"target": "closed",', '"CLOSE": "closed", "SHUT": {\n\t\t\t\t\t"target": "closed",');
		const error = only(validate(files).errors);
		expect(error.pointer).toBe('/states/returned/on/CLOSE');
		expect(error.message).toBe('"CLOSE" must be an object in { }, not the text "closed": write {"target": "closed"}');
	});

	it('rejects a recipient outside the library', () => {
		const files = mutate('protocol.json', '"recipient": "police"', '"recipient": "the-police"');
		const error = only(validate(files).errors);
		expect(error.pointer).toBe('/notifications/0/recipient');
		expect(error.message).toMatch(/^unknown recipient "the-police".*: use one of police, responsible-authority,/);
	});

	it('rejects an allocation fact outside the library at the misspelt name', () => {
		const files = mutate('protocol.json', '"when": { "livesInArea": true }', '"when": { "livesInTheArea": true }');
		const error = only(validate(files).errors);
		expect(error.pointer).toBe('/rhi/allocation/0/when/livesInTheArea');
		expect(error.message).toMatch(/^unknown allocation fact "livesInTheArea" \(did you mean "livesInArea"\?\)/);
	});
});

describe('cross-references between the files', () => {
	it('requires metadata to match the folder', () => {
		const error = only(validatePackage(original, { id: 'other', version: '1.0' }).errors);
		expect(error.pointer).toBe('/metadata/id');
		expect(error.message).toBe('metadata.id "minimal" does not match the package folder "other": make them the same');
	});

	it('requires the initial state to exist', () => {
		const error = only(validate(mutate('lifecycle.json', '"initial": "reported"', '"initial": "start"')).errors);
		expect(error.pointer).toBe('/initial');
		expect(error.message).toMatch(/^initial state "start" does not exist: states are reported, missing, returned, closed$/);
	});

	it('requires clocks named by actions to exist', () => {
		const files = mutate('lifecycle.json', '{ "type": "startClock", "params": { "clock": "rhi-72h" } }', '{ "type": "startClock", "params": { "clock": "rhi-27h" } }');
		const error = only(validate(files).errors);
		expect(error.pointer).toBe('/states/missing/on/RETURNED/actions/1/params/clock');
		expect(error.message).toBe('unknown clock "rhi-27h" (did you mean "rhi-72h"?): clocks in protocol.json are rhi-72h');
	});

	it('requires notifications named by notify to exist', () => {
		const files = mutate('lifecycle.json', '"notification": "tell-police"', '"notification": "tell-polic"');
		const error = only(validate(files).errors);
		expect(error.pointer).toBe('/states/reported/on/GRADE/actions/0/params/notification');
		expect(error.message).toContain('unknown notification "tell-polic"');
	});

	it('requires forms named by guards and clocks to exist', () => {
		const guard = only(validate(mutate('lifecycle.json', '"params": { "form": "missing-report" }', '"params": { "form": "missing-reprot" }')).errors);
		expect(guard.pointer).toBe('/states/reported/on/GRADE/guard/params/form');
		expect(guard.message).toMatch(/^unknown form "missing-reprot" \(did you mean "missing-report"\?\): forms listed in protocol.json are missing-report/);
		const clock = only(validate(mutate('protocol.json', '"form": "missing-report" }', '"form": "rhi-record" }')).errors);
		expect(clock.pointer).toBe('/clocks/0/task/form');
	});

	it('requires a listed form file to exist and its $id to match', () => {
		const missing = { ...original };
		delete missing['forms/missing-report.json'];
		const absent = only(validate(missing).errors);
		expect(absent).toMatchObject({ file: 'protocol.json', pointer: '/forms/0/file' });
		expect(absent.message).toContain('form file "forms/missing-report.json" is not in the package');

		const renamed = only(validate(mutate('forms/missing-report.json', '"$id": "missing-report"', '"$id": "missing"')).errors);
		expect(renamed).toMatchObject({ file: 'forms/missing-report.json', pointer: '/$id' });
		expect(renamed.message).toBe('form $id "missing" does not match its entry "missing-report" in protocol.json forms: make them the same');
	});

	it('requires clock and notification events to be handled by the lifecycle', () => {
		const error = only(validate(mutate('protocol.json', '"startsOn": ["RETURNED"]', '"startsOn": ["RETURN"]')).errors);
		expect(error.pointer).toBe('/clocks/0/startsOn/0');
		expect(error.message).toMatch(/^clock "rhi-72h" starts on "RETURN", which no transition in lifecycle.json handles \(did you mean "RETURNED"\?\): lifecycle events are GRADE, RETURNED, CLOSE/);
	});

	it('requires risk rules to name existing categories', () => {
		const error = only(validate(mutate('protocol.json', '"category": "medium"', '"category": "low"')).errors);
		expect(error.pointer).toBe('/riskRules/1/category');
		expect(error.message).toBe('unknown risk category "low": risk categories are high, medium');
	});

	it('requires conditions to read known facts', () => {
		const files = mutate('protocol.json', '"var": "episode.exploitationLinked"', '"var": "episode.exploitationLinkd"');
		const text = files['protocol.json'];
		const error = only(validate(files).errors);
		expect(error.pointer).toBe('/riskRules/0/when/==/0/var');
		expect(error).toMatchObject(positionOf(text, text.indexOf('"episode.exploitationLinkd"')));
		expect(error.message).toMatch(/^unknown fact "episode.exploitationLinkd" \(did you mean "episode.exploitationLinked"\?\): conditions may read child.ageYears, /);
	});

	it('allows only the listed JSON Logic operators', () => {
		const error = only(validate(mutate('protocol.json', '"when": { "==": [', '"when": { "throw": [')).errors);
		expect(error.pointer).toBe('/riskRules/0/when/throw');
		expect(error.message).toMatch(/^operator "throw" is not allowed in conditions: use one of var /);
	});

	it('requires form conditions to read the form’s own questions or facts', () => {
		const error = only(validate(mutate('forms/missing-report.json', '{ "var": "photo" }', '{ "var": "photograph" }')).errors);
		expect(error.file).toBe('forms/missing-report.json');
		expect(error.pointer).toBe('/properties/photoConsent/x-ui/showWhen/==/0/var');
		expect(error.message).toContain('unknown answer "photograph"');
	});

	it('requires a risk category question to offer exactly the protocol’s categories', () => {
		const question = (options: string) =>
			`"properties": {\n\t\t"grade": { "type": "string", "title": "Risk category", "oneOf": [${options}], "x-ui": { "content": "risk-category" } },`;
		const high = '{ "const": "high", "title": "High" }';
		const medium = '{ "const": "medium", "title": "Medium" }';
		const low = '{ "const": "low", "title": "Low" }';
		expect(validate(mutate('forms/missing-report.json', '"properties": {', question(`${high}, ${medium}`))).errors).toEqual([]);
		const extra = only(validate(mutate('forms/missing-report.json', '"properties": {', question(`${high}, ${medium}, ${low}`))).errors);
		expect(extra.pointer).toBe('/properties/grade');
		expect(extra.message).toBe(
			'the risk category question offers high, medium, low, but the protocol\'s risk categories are high, medium: offer exactly those, in that order, as "oneOf" options'
		);
		const words = only(validate(mutate('forms/missing-report.json', '"properties": {', '"properties": {\n\t\t"grade": { "type": "string", "title": "Risk", "x-ui": { "content": "risk-category" } },')).errors);
		expect(words.message).toMatch(/^the risk category question offers free text, but the protocol's risk categories are high, medium/);
	});

	it('requires a form’s required list to name its questions', () => {
		const error = only(validate(mutate('forms/missing-report.json', '"required": ["name", "lastSeen"]', '"required": ["name", "lastseen"]')).errors);
		expect(error.pointer).toBe('/required/1');
		expect(error.message).toContain('required question "lastseen" is not one of this form\'s questions (did you mean "lastSeen"?)');
	});

	it('requires pages a question names to be declared, once each, and each to ask something', () => {
		const paged = (pages: string) =>
			mutate('forms/missing-report.json', '"required": ["name", "lastSeen"],', `"required": ["name", "lastSeen"],\n\t"x-ui": { ${pages} },`);
		const undeclared = only(validate(mutate('forms/missing-report.json', '"x-ui": { "widget": "yesno" } }', '"x-ui": { "widget": "yesno", "page": "photos" } }')).errors);
		expect(undeclared.pointer).toBe('/properties/photo/x-ui/page');
		expect(undeclared.message).toBe('page "photos" is named but the form has no x-ui.pages: add "pages": [{ "id": "photos", "title": "..." }] to the form\'s x-ui, or remove "page"');

		const empty = only(validate(paged('"pages": [{ "id": "about", "title": "About" }, { "id": "photos", "title": "Photos" }]')).errors);
		expect(empty.pointer).toBe('/x-ui/pages/1');
		expect(empty.message).toBe('page "photos" has no questions: set "x-ui": { "page": "photos" } on the questions it should ask, or remove the page');

		const twice = validate(paged('"pages": [{ "id": "about", "title": "About" }, { "id": "about", "title": "Again" }]')).errors;
		expect(twice.map((e) => e.message)).toContain('page id "about" is used twice: give each page its own id');
	});

	it('refuses a page on a question inside a group, and a task list without pages', () => {
		const files = mutate(
			'forms/missing-report.json',
			'"photo": { "type": "boolean",',
			'"place": { "type": "object", "title": "Place", "properties": { "town": { "type": "string", "title": "Town", "x-ui": { "page": "about" } } } },\n\t\t"photo": { "type": "boolean",'
		);
		const nested = only(validate(files).errors);
		expect(nested.pointer).toBe('/properties/place/properties/town/x-ui/page');
		expect(nested.message).toContain('pages hold top-level questions, so set "page" on the question "place" instead');

		const taskList = only(validate(mutate('forms/missing-report.json', '"required": ["name", "lastSeen"],', '"required": ["name", "lastSeen"],\n\t"x-ui": { "taskList": true },')).errors);
		expect(taskList.pointer).toBe('/x-ui/taskList');
		expect(taskList.message).toBe('"taskList" shows a form\'s pages as tasks, but this form has no pages: add x-ui.pages, or remove "taskList"');
	});

	it('reports every problem at once, sorted by file and line', () => {
		let files = mutate('lifecycle.json', '"type": "formSubmitted"', '"type": "formSubmited"');
		files = { ...files, 'protocol.json': files['protocol.json'].replace('"amount": 72', '"amount": "72"') };
		const errors = validate(files).errors;
		expect(errors.map((e) => e.file)).toEqual(['protocol.json', 'lifecycle.json']);
	});

	it('flags a key written twice, which JSON.parse would silently collapse', () => {
		const files = mutate('lifecycle.json', '"initial": "reported",', '"initial": "reported",\n\t"initial": "missing",');
		const error = validate(files).errors.find((e) => e.message.includes('appears twice'));
		const text = files['lifecycle.json'];
		expect(error).toMatchObject({ file: 'lifecycle.json', pointer: '/initial', ...positionOf(text, text.lastIndexOf('"initial"')) });
	});
});

describe('a follow-up form named by a lifecycle action', () => {
	it('must be one of the package’s forms', async () => {
		const dir = resolve(__dirname, '../../protocols/walsall/2019.2');
		const files = await readPackageFiles(dir);
		expect(files['lifecycle.json']).toContain('"form": "rhi-follow-up"');
		const broken = { ...files, 'lifecycle.json': files['lifecycle.json'].replace('"form": "rhi-follow-up"\n', '"form": "rhi-folow-up"\n') };
		const result = validatePackage(broken, { id: 'walsall', version: '2019.2' });
		expect(result.errors.map((e) => `${e.file} ${e.pointer} ${e.message}`)).toEqual([
			expect.stringMatching(/^lifecycle\.json \/states\/.+\/actions\/\d+\/params\/form unknown form "rhi-folow-up" \(did you mean "rhi-follow-up"\?\)/)
		]);
	});
});
