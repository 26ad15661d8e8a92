import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { FormSchema } from '../../src/lib/protocol/types.js';
import { summaryRows } from '../../src/lib/protocol/form-summary.js';
import { shareableUploads } from '../../src/lib/protocol/form-conditions.js';
import { submissionPdf, type PrintableSubmission } from '../../src/lib/server/submission-pdf.js';
import { pdfText } from '../support/pdf-text.js';
import { solidPng } from '../support/png.js';

const PNG = solidPng(40, 50);

const submission = (extra: Partial<PrintableSubmission> = {}): PrintableSubmission => ({
	title: 'Philomena Protocol profile',
	formVersion: '1.0.0',
	protocol: 'Westmorland and Furness procedure, version 2024.1',
	recordedAt: 'Monday 2 March 2026, 09:15',
	recordedBy: 'Pat Example, Westmorland and Furness Council',
	child: { name: 'Zoë Łukasz-Ștefan O’Neill', dateOfBirth: '12 April 2011', responsibleAuthority: 'Walsall Council' },
	episode: { missingFrom: 'Sunday 1 March 2026, 18:00', state: 'Reported missing' },
	rows: [
		{ path: 'money', label: 'Money they had', lines: ['£20 in a “blue” purse'] },
		{ path: 'photo', label: 'Recent photo', lines: ['zoe.png (1KB)'], uploadId: 'abcdefghij12345', file: { id: 'abcdefghij12345', name: 'zoe.png', size: 1000, type: 'image/png' } },
		{ path: 'associates', label: 'Known associates', lines: [], groups: [{ label: 'Associate 1', rows: [{ path: 'associates[0].name', label: 'Name', lines: ['Kim Lowther'] }] }] }
	],
	shownUploads: [],
	fileName: 'philomena-protocol-profile-zoe.pdf',
	...extra
});

describe('a submission as a PDF', () => {
	it('is a PDF holding the form, the child, who recorded it and every answer, with £, curly quotes and accented names intact', async () => {
		const pdf = await submissionPdf(submission(), new Map(), 'Tuesday 3 March 2026, 10:00');
		expect(Buffer.from(pdf.slice(0, 5)).toString()).toBe('%PDF-');
		const text = pdfText(pdf);
		for (const expected of [
			'Philomena Protocol profile',
			'Zoë Łukasz-Ștefan O’Neill',
			'12 April 2011',
			'Walsall Council',
			'Monday 2 March 2026, 09:15 (UK time)',
			'Pat Example, Westmorland and Furness Council',
			'Money they had',
			'£20 in a “blue” purse',
			'zoe.png (1KB)',
			'Associate 1',
			'Kim Lowther',
			'Page 1 of 1',
			'Printed from Homeward Tuesday 3 March 2026, 10:00 (UK time)'
		]) {
			expect(text).toContain(expected);
		}
		expect(text).not.toContain('\uFFFD');
	});

	it('shows a photo only when the form lets a copy show it', async () => {
		const hasImage = (pdf: Uint8Array) => Buffer.from(pdf).toString('latin1').includes('/Subtype /Image');
		expect(hasImage(await submissionPdf(submission(), new Map([['abcdefghij12345', PNG]]), 'now'))).toBe(false);
		expect(hasImage(await submissionPdf(submission({ shownUploads: ['abcdefghij12345'] }), new Map([['abcdefghij12345', PNG]]), 'now'))).toBe(true);
	});

	it('runs onto further pages, each numbered', async () => {
		const rows = Array.from({ length: 60 }, (_, i) => ({ path: `q${i}`, label: `Question ${i + 1}`, lines: [`Answer ${i + 1}`] }));
		const text = pdfText(await submissionPdf(submission({ rows }), new Map(), 'now'));
		const pages = Number(/Page 1 of (\d+)/.exec(text)?.[1]);
		expect(pages).toBeGreaterThan(1);
		expect(text).toContain(`Page ${pages} of ${pages}`);
		expect(text).toContain('Answer 60');
	});
});

describe('the W&F Philomena profile as the police receive it', () => {
	const schema: FormSchema = JSON.parse(readFileSync('protocols/westmorland-and-furness/2024.1/forms/philomena-profile.json', 'utf8'));
	const photo = 'abcdefghij12345';
	const answers = {
		childName: 'Kayla Morris',
		description: 'Slim, 5 feet 2, long dark hair',
		photo,
		photoConsent: 'consent-parent',
		providerName: 'Fellside House',
		placementAddress: '1 Fell Road, Kendal',
		risks: ['criminal-exploitation'],
		associates: [{ name: 'Dean “DJ” O’Connor', relationship: 'Older male, known to police' }],
		missingAt: '2026-03-01T18:00:00.000Z'
	};
	const uploads = { [photo]: { id: photo, name: 'kayla.png', size: PNG.length, type: 'image/png' } };

	it('prints the profile’s answers in the form’s order with the photo the carer consented to share', async () => {
		const rows = summaryRows(schema, answers, uploads);
		const pdf = await submissionPdf(
			submission({ title: schema.title, rows, shownUploads: shareableUploads(schema, answers, {}), child: { name: 'Kayla Morris', dateOfBirth: '22 January 2010', responsibleAuthority: 'Walsall Council' } }),
			new Map([[photo, PNG]]),
			'now'
		);
		const text = pdfText(pdf);
		const order = ['Physical description', 'Recent photo', 'Provider and home name', 'Known risks', 'Family, friends and associates', 'When the child went missing'];
		const at = order.map((label) => text.indexOf(label));
		expect(at.every((i) => i >= 0)).toBe(true);
		expect([...at].sort((a, b) => a - b)).toEqual(at);
		for (const shown of ['kayla.png', 'Child criminal exploitation or county lines', 'Dean “DJ” O’Connor', 'Sunday 1 March 2026, 18:00']) expect(text).toContain(shown);
		expect(Buffer.from(pdf).toString('latin1')).toContain('/Subtype /Image');
	});
});
