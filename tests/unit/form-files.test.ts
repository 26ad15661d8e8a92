import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { FormSchema } from '../../src/lib/protocol/types.js';
import {
	UPLOAD_MAX_BYTES,
	UPLOAD_TYPES,
	fileAnswers,
	fileIssue,
	formatBytes,
	limitsHint,
	sniffType
} from '../../src/lib/protocol/form-files.js';
import { applyFormControl, formControlOf, moveItem, type FieldValues } from '../../src/lib/protocol/form-data.js';
import { checkForm } from '../../src/lib/protocol/form-check.js';
import { errorMessages } from '../../src/lib/protocol/form-errors.js';
import { summaryRows } from '../../src/lib/protocol/form-summary.js';

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const JPEG = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]);
const PDF = new TextEncoder().encode('%PDF-1.7\n');
const HTML = new TextEncoder().encode('<html><script>');

const missingReport = JSON.parse(readFileSync('protocols/westmorland-and-furness/2024.1/forms/missing-report.json', 'utf8')) as FormSchema;
const photo = missingReport.properties.photo;
const UPLOAD = 'abcdefghij12345';

describe('reading what a file really is', () => {
	it('knows JPG, PNG and PDF from their first bytes, whatever the name or the browser says', () => {
		expect(sniffType(PNG)).toBe('image/png');
		expect(sniffType(JPEG)).toBe('image/jpeg');
		expect(sniffType(PDF)).toBe('application/pdf');
		expect(sniffType(HTML)).toBeNull();
		expect(sniffType(new Uint8Array())).toBeNull();
	});

	it('refuses a file the question does not take, with the GOV.UK messages', () => {
		const issues = [
			fileIssue(photo, 'photo', { size: 1000, type: 'application/pdf' }),
			fileIssue(photo, 'photo', { size: 1000, type: null })
		];
		expect(issues.map((i) => i?.keyword)).toEqual(['fileType', 'fileType']);
		const messages = errorMessages(missingReport, [issues[0]!]);
		expect(messages).toEqual([{ path: 'photo', message: 'The selected file must be a JPG or PNG' }]);
		const big = fileIssue(photo, 'photo', { size: 5 * 1024 * 1024 + 1, type: 'image/png' })!;
		expect(errorMessages(missingReport, [big])[0].message).toBe('The selected file must be smaller than 5MB');
		const empty = fileIssue(photo, 'photo', { size: 0, type: null })!;
		expect(errorMessages(missingReport, [empty])[0].message).toBe('The selected file is empty');
		expect(fileIssue(photo, 'photo', { size: 5 * 1024 * 1024, type: 'image/jpeg' })).toBeNull();
	});

	it('says the limits in the hint and sizes as people read them', () => {
		expect(limitsHint(photo)).toBe('JPG or PNG, smaller than 5MB');
		expect(limitsHint({ type: 'string', title: 'Letter', 'x-ui': { widget: 'file' } })).toBe('JPG, PNG or PDF, smaller than 10MB');
		expect(formatBytes(1536 * 1024)).toBe('1.5MB');
		expect(formatBytes(12_000)).toBe('12KB');
		expect(formatBytes(12)).toBe('12 bytes');
	});

	it('never lets a question take more than every upload may be', () => {
		expect(fileIssue({ type: 'string', title: 'Big', 'x-ui': { widget: 'file', maxBytes: 10 ** 9 } }, 'big', { size: UPLOAD_MAX_BYTES + 1, type: 'application/pdf' })?.keyword).toBe(
			'fileTooLarge'
		);
	});

	it('agrees with the meta-schema and the uploads collection on the types and size any upload may have', () => {
		const meta = JSON.parse(readFileSync('schemas/form.schema.json', 'utf8'));
		const ui = meta.$defs.uiCommon.properties;
		expect(ui.accept.items.enum).toEqual(Object.keys(UPLOAD_TYPES));
		expect(ui.maxBytes.maximum).toBe(UPLOAD_MAX_BYTES);
		const migration = readFileSync('pocketbase/migrations/1733100000_uploads.js', 'utf8');
		expect(migration).toContain(`mimeTypes: ${JSON.stringify(Object.keys(UPLOAD_TYPES)).replace(/,/g, ', ')}`);
		expect(migration).toContain('maxSize: 10 * 1024 * 1024');
		expect(migration).toContain('protected: true');
	});
});

describe('a file answer is the id of its upload', () => {
	const context = { child: { name: 'Amelia Hart', dateOfBirth: '2011-04-12', responsibleAuthority: 'Westmorland and Furness Council' } };

	it('asks for consent once a photo is attached, and not before', () => {
		const without = checkForm(missingReport, {}, context);
		expect(without.errors.map((e) => e.path)).not.toContain('photoConsent');
		const withPhoto = checkForm(missingReport, { photo: UPLOAD }, context);
		expect(withPhoto.errors.find((e) => e.path === 'photoConsent')?.message).toMatch(/^Answer ‘Has the person with parental responsibility consented/);
		expect(withPhoto.data.photo).toBe(UPLOAD);
	});

	it('reports a file refused when posted among the other problems, in form order', () => {
		const refused = fileIssue(photo, 'photo', { size: 10, type: 'application/pdf' })!;
		const checked = checkForm(missingReport, { missingFrom: 'Kendal' }, context, [refused]);
		const paths = checked.errors.map((e) => e.path);
		expect(paths).toContain('photo');
		expect(paths.indexOf('description')).toBeLessThan(paths.indexOf('photo'));
		expect(paths.indexOf('photo')).toBeLessThan(paths.indexOf('circumstances'));
	});

	it('drops a refused file’s problem when its question is hidden', () => {
		const form: FormSchema = {
			$id: 'f',
			title: 'F',
			version: '1',
			type: 'object',
			properties: {
				hasLetter: { type: 'boolean', title: 'Is there a letter?' },
				letter: { type: 'string', title: 'Letter', 'x-ui': { widget: 'file', showWhen: { '==': [{ var: 'hasLetter' }, true] } } }
			}
		};
		const refused = { path: 'letter', keyword: 'fileType' as const, params: {} };
		expect(checkForm(form, { hasLetter: 'no' }, {}, [refused]).errors).toEqual([]);
		expect(checkForm(form, { hasLetter: 'yes' }, {}, [refused]).errors.map((e) => e.path)).toEqual(['letter']);
	});

	it('finds every file answer, inside groups too', () => {
		const form: Pick<FormSchema, 'properties'> = {
			properties: {
				photo: { type: 'string', title: 'Photo', 'x-ui': { widget: 'photo' } },
				people: {
					type: 'array',
					title: 'People',
					items: { type: 'object', title: 'Person', properties: { picture: { type: 'string', title: 'Picture', 'x-ui': { widget: 'photo' } } } }
				}
			}
		};
		expect(fileAnswers(form, { photo: UPLOAD, people: [{}, { picture: 'bbbbbbbbbbbbbbb' }] })).toEqual([
			{ path: 'photo', node: form.properties.photo, id: UPLOAD },
			{ path: 'people[1].picture', node: form.properties.people.items!.properties!.picture, id: 'bbbbbbbbbbbbbbb' }
		]);
	});

	it('shows the file’s name and size in the summary, with the upload to link to', () => {
		const rows = summaryRows(missingReport, { photo: UPLOAD }, { [UPLOAD]: { id: UPLOAD, name: 'amelia.jpg', size: 123_456, type: 'image/jpeg' } });
		expect(rows).toEqual([
			{ path: 'photo', label: 'Recent photo', lines: ['amelia.jpg (121KB)'], file: { id: UPLOAD, name: 'amelia.jpg', size: 123_456, type: 'image/jpeg' }, uploadId: UPLOAD }
		]);
		// An upload the reader cannot see is not named.
		expect(summaryRows(missingReport, { photo: UPLOAD })[0].lines).toEqual(['A file was attached but cannot be shown']);
	});
});

describe('repeating groups without JavaScript: the buttons the server handles', () => {
	const form: Pick<FormSchema, 'properties'> = {
		properties: {
			associates: {
				type: 'array',
				title: 'Associates',
				maxItems: 2,
				items: { type: 'object', title: 'Associate', properties: { name: { type: 'string', title: 'Name' } } }
			}
		}
	};
	const two: FieldValues = { 'associates[0]': '', 'associates[0].name': 'Kim', 'associates[1]': '', 'associates[1].name': 'Lee', other: 'kept' };
	const posted = (name: string, value: string) => {
		const fd = new FormData();
		fd.set(name, value);
		return fd;
	};

	it('moves an item up or down with everything typed in it', () => {
		expect(moveItem(two, 'associates', 1, 0)).toEqual({ 'associates[1]': '', 'associates[1].name': 'Kim', 'associates[0]': '', 'associates[0].name': 'Lee', other: 'kept' });
		const down = formControlOf(posted('_move', 'associates[0]:down'))!;
		expect(down).toEqual({ kind: 'move', path: 'associates', index: 0, direction: 'down' });
		expect(applyFormControl(form, two, down)['associates[0].name']).toBe('Lee');
		// Past either end nothing moves.
		expect(applyFormControl(form, two, { kind: 'move', path: 'associates', index: 0, direction: 'up' })).toEqual(two);
		expect(applyFormControl(form, two, { kind: 'move', path: 'associates', index: 1, direction: 'down' })).toEqual(two);
	});

	it('adds no item beyond maxItems, and ignores buttons for questions the form does not have', () => {
		expect(applyFormControl(form, two, formControlOf(posted('_add', 'associates'))!)).toEqual(two);
		expect(applyFormControl(form, { other: 'x' }, { kind: 'add', path: 'associates' })).toEqual({ other: 'x', 'associates[0]': '' });
		expect(applyFormControl(form, two, { kind: 'add', path: 'nonsense' })).toEqual(two);
		expect(applyFormControl(form, two, { kind: 'remove-file', path: '__proto__' })).toEqual(two);
	});

	it('reads remove and remove-file buttons, and nothing from a plain submit', () => {
		expect(formControlOf(posted('_remove', 'associates[1]'))).toEqual({ kind: 'remove', path: 'associates', index: 1 });
		expect(formControlOf(posted('_removeFile', 'photo'))).toEqual({ kind: 'remove-file', path: 'photo' });
		expect(formControlOf(posted('name', 'Sam'))).toBeNull();
		expect(formControlOf(posted('_move', 'associates[1]:sideways'))).toBeNull();
	});

	it('says how many items are too many or too few', () => {
		expect(errorMessages(form, [{ path: 'associates', keyword: 'maxItems', params: { limit: 2 } }])[0].message).toBe('You can add no more than 2 associates: remove one');
		expect(errorMessages(form, [{ path: 'associates', keyword: 'minItems', params: { limit: 3 } }])[0].message).toBe('Add at least 3 associates');
	});
});

describe('which files a printed or downloaded copy may show', () => {
	const philomena = JSON.parse(readFileSync('protocols/westmorland-and-furness/2024.1/forms/philomena-profile.json', 'utf8')) as FormSchema;

	it('shows the W&F photo only with consent to share it, and never for a question that does not say', async () => {
		const { shareableUploads } = await import('../../src/lib/protocol/form-conditions.js');
		expect(shareableUploads(missingReport, { photo: UPLOAD, photoConsent: 'consent-parent' }, {})).toEqual([UPLOAD]);
		expect(shareableUploads(missingReport, { photo: UPLOAD, photoConsent: 'consent-parent-and-child' }, {})).toEqual([UPLOAD]);
		expect(shareableUploads(missingReport, { photo: UPLOAD, photoConsent: 'refused' }, {})).toEqual([]);
		expect(shareableUploads(missingReport, { photo: UPLOAD }, {})).toEqual([]);
		expect(shareableUploads(philomena, { photo: UPLOAD, photoConsent: 'consent-parent' }, {})).toEqual([UPLOAD]);
		expect(shareableUploads(philomena, { photo: UPLOAD, photoConsent: 'refused' }, {})).toEqual([]);
		const noRule: Pick<FormSchema, 'properties'> = { properties: { letter: { type: 'string', title: 'Letter', 'x-ui': { widget: 'file' } } } };
		expect(shareableUploads(noRule, { letter: UPLOAD }, {})).toEqual([]);
	});
});
