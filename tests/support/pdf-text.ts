/**
 * The text of a PDF made by pdfkit with embedded fonts, for tests: inflates the streams, reads
 * each font's ToUnicode map and decodes the glyph codes of every text operator. A small reader
 * for our own documents, not a general PDF parser.
 */
import { inflateSync } from 'node:zlib';

interface PdfObject {
	dict: string;
	stream: Buffer | null;
}

function objects(pdf: Buffer): Map<number, PdfObject> {
	const text = pdf.toString('latin1');
	const out = new Map<number, PdfObject>();
	for (const m of text.matchAll(/(\d+) 0 obj\s*([\s\S]*?)endobj/g)) {
		const body = m[2];
		const at = body.indexOf('stream');
		if (at === -1) {
			out.set(Number(m[1]), { dict: body, stream: null });
			continue;
		}
		const dict = body.slice(0, at);
		let start = at + 'stream'.length;
		if (body[start] === '\r') start++;
		if (body[start] === '\n') start++;
		const end = body.lastIndexOf('endstream');
		let raw = Buffer.from(body.slice(start, end).replace(/\r?\n$/, ''), 'latin1');
		if (dict.includes('/FlateDecode')) raw = inflateSync(raw);
		out.set(Number(m[1]), { dict, stream: raw });
	}
	return out;
}

function utf16(spaced: string): string {
	const hex = spaced.replace(/\s+/g, '');
	let s = '';
	for (let i = 0; i + 4 <= hex.length; i += 4) s += String.fromCharCode(parseInt(hex.slice(i, i + 4), 16));
	return s;
}

function parseCmap(cmap: string): Map<number, string> {
	const map = new Map<number, string>();
	for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
		for (const m of block[1].matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(\[[^\]]*\]|<[0-9a-fA-F\s]+>)/g)) {
			const lo = parseInt(m[1], 16);
			const hi = parseInt(m[2], 16);
			if (m[3].startsWith('[')) {
				// A ligature maps to several characters: "<0066 0069>" is "fi".
				const dsts = [...m[3].matchAll(/<([0-9a-fA-F\s]+)>/g)].map((d) => d[1]);
				dsts.forEach((d, i) => map.set(lo + i, utf16(d)));
			} else {
				const base = parseInt(m[3].slice(1, -1), 16);
				for (let c = lo; c <= hi; c++) map.set(c, String.fromCharCode(base + c - lo));
			}
		}
	}
	for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
		for (const m of block[1].matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F\s]+)>/g)) map.set(parseInt(m[1], 16), utf16(m[2]));
	}
	return map;
}

/** Each line of text in the PDF, in the order it was written. */
export function pdfText(pdf: Uint8Array): string {
	const objs = objects(Buffer.from(pdf));
	const fonts = new Map<string, Map<number, string>>();
	for (const { dict } of objs.values()) {
		for (const m of dict.matchAll(/\/(F\d+) (\d+) 0 R/g)) {
			const font = objs.get(Number(m[2]));
			const toUnicode = font && /\/ToUnicode (\d+) 0 R/.exec(font.dict);
			const cmap = toUnicode && objs.get(Number(toUnicode[1]))?.stream;
			if (cmap) fonts.set(m[1], parseCmap(cmap.toString('latin1')));
		}
	}
	const lines: string[] = [];
	for (const { stream } of objs.values()) {
		if (!stream) continue;
		const content = stream.toString('latin1');
		if (!content.includes(' Tf')) continue;
		let font: Map<number, string> | undefined;
		for (const block of content.matchAll(/BT([\s\S]*?)ET/g)) {
			let line = '';
			for (const op of block[1].matchAll(/\/(F\d+) [\d.]+ Tf|\[((?:[^\]\\]|\\.)*)\] TJ|<([0-9a-fA-F]*)> Tj/g)) {
				if (op[1]) font = fonts.get(op[1]);
				const hexes = op[2] !== undefined ? [...op[2].matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => h[1]) : op[3] !== undefined ? [op[3]] : [];
				for (const hex of hexes) {
					for (let i = 0; i + 4 <= hex.length; i += 4) line += font?.get(parseInt(hex.slice(i, i + 4), 16)) ?? '\uFFFD';
				}
			}
			lines.push(line);
		}
	}
	return lines.join('\n');
}
