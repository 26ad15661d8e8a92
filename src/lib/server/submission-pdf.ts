/**
 * A stored submission as a PDF, from the same summary rows the page shows (the Philomena
 * profile is emailed to the police as one). Made on the server with pdfkit, no browser needed.
 * The text is set in DejaVu Sans, embedded, so £, curly quotes and names such as Zoë, Łukasz or
 * Ștefan print as typed (the PDF standard fonts cover Western European letters only).
 */
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import type { SummaryRow } from '../protocol/form-summary.js';

export interface PrintableSubmission {
	title: string;
	formVersion: string;
	protocol: string;
	/** London time, in words. */
	recordedAt: string;
	recordedBy: string;
	child: { name: string; dateOfBirth: string; responsibleAuthority: string };
	episode: { missingFrom: string; state: string } | null;
	rows: SummaryRow[];
	/** Upload ids of images the form allows a copy to show (a photo with consent to share it). */
	shownUploads: string[];
	/** What the downloaded file is called: the form and the child. */
	fileName: string;
}

const require = createRequire(import.meta.url);
const FONT = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
const BOLD = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf');

const MARGIN = 56;
const TEXT = '#0b0c0c';
const SECONDARY = '#505a5f';

/** The PDF's bytes. `images` holds the bytes of the uploads in `shownUploads` (JPG or PNG). */
export async function submissionPdf(s: PrintableSubmission, images: Map<string, Uint8Array>, printedAt: string): Promise<Uint8Array> {
	const doc = new PDFDocument({
		size: 'A4',
		margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
		font: FONT,
		bufferPages: true,
		info: { Title: `${s.title}: ${s.child.name}`, Author: 'Homeward', Subject: s.protocol }
	});
	doc.registerFont('text', FONT);
	doc.registerFont('bold', BOLD);
	const chunks: Buffer[] = [];
	doc.on('data', (c: Buffer) => chunks.push(c));
	const done = new Promise<void>((resolve, reject) => {
		doc.on('end', resolve);
		doc.on('error', reject);
	});
	const width = doc.page.width - 2 * MARGIN;
	const bottom = () => doc.page.height - MARGIN;

	/** Starts a new page unless `height` more points fit on this one. */
	const keep = (height: number) => {
		if (doc.y + height > bottom()) doc.addPage();
	};

	doc.font('bold').fontSize(20).fillColor(TEXT).text(s.title, { width });
	doc.moveDown(0.2);
	doc.font('text').fontSize(14).text(s.child.name, { width });
	doc.moveDown(0.8);

	const meta: Array<[string, string]> = [
		['Date of birth', s.child.dateOfBirth],
		['Responsible authority', s.child.responsibleAuthority],
		...(s.episode ? ([['Missing since', s.episode.missingFrom || 'Not recorded'], ['Episode', s.episode.state]] as Array<[string, string]>) : []),
		['Recorded', s.recordedAt ? `${s.recordedAt} (UK time)` : ''],
		['Recorded by', s.recordedBy || 'Not known'],
		['Form version', s.formVersion],
		['Protocol', s.protocol]
	];
	const keyWidth = 150;
	for (const [key, value] of meta) {
		if (!value) continue;
		doc.fontSize(10);
		const h = Math.max(doc.font('bold').heightOfString(key, { width: keyWidth - 10 }), doc.font('text').heightOfString(value, { width: width - keyWidth }));
		keep(h + 4);
		const y = doc.y;
		doc.font('bold').fillColor(SECONDARY).text(key, MARGIN, y, { width: keyWidth - 10 });
		doc.font('text').fillColor(TEXT).text(value, MARGIN + keyWidth, y, { width: width - keyWidth });
		doc.x = MARGIN;
		doc.y = y + h + 4;
	}
	doc.moveDown(0.5);
	doc.moveTo(MARGIN, doc.y).lineTo(MARGIN + width, doc.y).lineWidth(1).strokeColor('#b1b4b6').stroke();
	doc.moveDown(0.8);

	const writeRows = (rows: SummaryRow[], indent: number) => {
		for (const row of rows) {
			const w = width - indent;
			const x = MARGIN + indent;
			doc.fontSize(11);
			const labelHeight = doc.font('bold').heightOfString(row.label, { width: w });
			const value = row.lines.join('\n');
			const valueHeight = value ? doc.font('text').heightOfString(value, { width: w }) : 0;
			const image = row.uploadId && s.shownUploads.includes(row.uploadId) ? images.get(row.uploadId) : undefined;
			// A question and the first of its answer (or its photo) stay on one page.
			keep(labelHeight + Math.min(valueHeight, 60) + (image ? 215 : 8));
			doc.font('bold').fillColor(TEXT).text(row.label, x, doc.y, { width: w });
			if (value) doc.font('text').text(value, x, doc.y, { width: w });
			if (image) {
				doc.moveDown(0.3);
				doc.image(Buffer.from(image), x, doc.y, { fit: [200, 200] });
				doc.y += 205;
			}
			for (const group of row.groups ?? []) {
				doc.moveDown(0.3);
				doc.fontSize(11);
				keep(40);
				doc.font('bold').fillColor(SECONDARY).text(group.label, x + 12, doc.y, { width: w - 12 });
				doc.fillColor(TEXT);
				writeRows(group.rows, indent + 12);
			}
			doc.x = MARGIN;
			doc.moveDown(0.6);
		}
	};
	if (s.rows.length === 0) doc.font('text').fontSize(11).text('No answers were recorded with this form.', { width });
	writeRows(s.rows, 0);

	// Every page says what it is a page of, so a printed sheet that goes astray can be put back.
	const range = doc.bufferedPageRange();
	for (let i = range.start; i < range.start + range.count; i++) {
		doc.switchToPage(i);
		doc.font('text').fontSize(8).fillColor(SECONDARY);
		// Written inside the bottom margin: lift the margin so pdfkit does not start a new page for it.
		const margin = doc.page.margins.bottom;
		doc.page.margins.bottom = 0;
		const y = doc.page.height - MARGIN + 14;
		doc.text(`${s.title}: ${s.child.name}`, MARGIN, y, { width: width - 90, lineBreak: false, ellipsis: true });
		doc.text(`Page ${i - range.start + 1} of ${range.count}`, MARGIN + width - 90, y, { width: 90, align: 'right', lineBreak: false });
		doc.text(`Printed from Homeward ${printedAt} (UK time)`, MARGIN, y + 11, { width, lineBreak: false });
		doc.page.margins.bottom = margin;
	}
	doc.end();
	await done;
	return new Uint8Array(Buffer.concat(chunks));
}
