import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { render } from 'svelte/server';
import { guidanceHtml, safeHref } from '../../src/lib/forms/guidance-markdown.js';
import FormRenderer from '../../src/lib/forms/FormRenderer.svelte';
import type { FormNode, FormSchema } from '../../src/lib/protocol/types.js';

/** Every tag and attribute in some HTML, to check nothing outside the allowlist got through. */
function tagsAndAttributes(html: string): { tags: Set<string>; attributes: Set<string> } {
	const tags = new Set<string>();
	const attributes = new Set<string>();
	for (const m of html.matchAll(/<\/?([a-zA-Z][\w-]*)([^>]*)>/g)) {
		tags.add(m[1].toLowerCase());
		for (const a of m[2].matchAll(/([^\s=/"']+)\s*(?:=\s*"[^"]*")?/g)) attributes.add(a[1].toLowerCase());
	}
	return { tags, attributes };
}

const ALLOWED_TAGS = new Set(['p', 'ul', 'ol', 'li', 'strong', 'em', 'a', 'br']);
const ALLOWED_ATTRIBUTES = new Set(['class', 'href', 'rel', 'target', 'start']);

describe('guidance written in Markdown', () => {
	it('renders paragraphs, lists, emphasis and links with GOV.UK classes', () => {
		const html = guidanceHtml(
			'Before reporting, **check** the _child’s_ room.\n\n- Call their phone\n- Ask friends\n\n1. First\n2. Second\n\nSee [the procedure](https://example.org/procedure) or [a page here](/protocols).'
		);
		expect(html).toBe(
			'<p class="govuk-body">Before reporting, <strong>check</strong> the <em>child’s</em> room.</p>' +
				'<ul class="govuk-list govuk-list--bullet"><li>Call their phone</li><li>Ask friends</li></ul>' +
				'<ol class="govuk-list govuk-list--number"><li>First</li><li>Second</li></ol>' +
				'<p class="govuk-body">See <a class="govuk-link" href="https://example.org/procedure" rel="noreferrer noopener" target="_blank">the procedure (opens in new tab)</a> or <a class="govuk-link" href="/protocols">a page here</a>.</p>'
		);
	});

	it('never lets an author’s HTML, scripts or event handlers through', () => {
		const hostile = [
			'<script>alert(1)</script>',
			'Hello <img src=x onerror="alert(1)"> there',
			'<div onclick="steal()">click</div>\n\nafter',
			'<a href="javascript:alert(1)">x</a>',
			'<iframe src="https://evil.example"></iframe>',
			'<style>body{display:none}</style>',
			'[click](javascript:alert(1))',
			'[click](JaVaScRiPt:alert(1))',
			'[click](  javascript:alert(1))',
			'[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
			'[vb](vbscript:msgbox(1))',
			'[protocol-relative](//evil.example/x)',
			'![tracking](https://evil.example/pixel.png)',
			'[x](https://ok.example "title\\" onmouseover=\\"alert(1))',
			'<svg><script>alert(1)</script></svg>',
			'**<b onmouseover="x()">bold</b>**',
			'- item <script>x()</script>\n- <a href=javascript:1>y</a>',
			'```\n<script>alert(1)</script>\n```',
			'| a | b |\n|---|---|\n| <script>x</script> | y |'
		];
		for (const text of hostile) {
			const html = guidanceHtml(text);
			const { tags, attributes } = tagsAndAttributes(html);
			for (const tag of tags) expect(ALLOWED_TAGS, `${text} → ${html}`).toContain(tag);
			for (const attribute of attributes) expect(ALLOWED_ATTRIBUTES, `${text} → ${html}`).toContain(attribute);
			expect(html.toLowerCase()).not.toMatch(/href="(?!https?:|\/[^/]|#|mailto:|tel:)/);
		}
	});

	it('shows raw HTML as the text the author wrote, and an image as its description', () => {
		expect(guidanceHtml('<script>alert(1)</script>')).toBe('<p class="govuk-body">&lt;script&gt;alert(1)&lt;/script&gt;</p>');
		expect(guidanceHtml('Press <b>here</b>')).toBe('<p class="govuk-body">Press &lt;b&gt;here&lt;/b&gt;</p>');
		expect(guidanceHtml('![The child’s school](https://example.org/school.png)')).toBe('<p class="govuk-body">The child’s school</p>');
		expect(guidanceHtml('[Call us](javascript:alert(1))')).toBe('<p class="govuk-body">Call us</p>');
	});

	it('accepts only web, email and phone links and paths on this site', () => {
		expect(safeHref('https://www.gov.uk/')).toBe('https://www.gov.uk/');
		expect(safeHref('mailto:missing@example.org')).toBe('mailto:missing@example.org');
		expect(safeHref('tel:01632960001')).toBe('tel:01632960001');
		expect(safeHref('/children')).toBe('/children');
		for (const bad of ['javascript:alert(1)', ' javascript:x', 'data:text/html,x', '//evil.example', 'file:///etc/passwd', 'vbscript:x']) {
			expect(safeHref(bad)).toBeNull();
		}
	});

	it('keeps £, curly quotes and accented names, escaping only what HTML needs', () => {
		expect(guidanceHtml('Costs £5 – “quoted” & Zoë’s < 3')).toBe('<p class="govuk-body">Costs £5 – “quoted” &amp; Zoë’s &lt; 3</p>');
	});

	it('renders the same in the form on the server: form-level and question-level guidance as HTML', () => {
		const schema: FormSchema = {
			$id: 'g',
			title: 'G',
			version: '1',
			type: 'object',
			'x-ui': { guidance: 'Read this first:\n\n- one\n- two' },
			properties: { name: { type: 'string', title: 'Name', 'x-ui': { guidance: 'See [the guidance](https://example.org). <script>x</script>' } } }
		};
		const { body } = render(FormRenderer, { props: { schema } });
		expect(body).toContain('<ul class="govuk-list govuk-list--bullet"><li>one</li><li>two</li></ul>');
		expect(body).toContain('<a class="govuk-link" href="https://example.org/" rel="noreferrer noopener" target="_blank">the guidance (opens in new tab)</a>');
		expect(body).toContain('&lt;script&gt;x&lt;/script&gt;');
		expect(body).not.toContain('<script>');
	});
});

describe('the reference protocols’ guidance', () => {
	const guidance: Array<[string, string]> = [];
	const collect = (file: string, node: Pick<FormNode, 'x-ui' | 'properties' | 'items'>, where: string) => {
		if (node['x-ui']?.guidance) guidance.push([`${file} ${where}`, node['x-ui'].guidance]);
		for (const [key, child] of Object.entries(node.properties ?? {})) collect(file, child, `${where}/${key}`);
		if (node.items) collect(file, node.items, `${where}/items`);
	};
	for (const id of readdirSync('protocols')) {
		for (const version of readdirSync(join('protocols', id))) {
			const dir = join('protocols', id, version, 'forms');
			let files: string[] = [];
			try {
				files = readdirSync(dir).filter((f) => f.endsWith('.json'));
			} catch {
				continue;
			}
			for (const f of files) collect(join(dir, f), JSON.parse(readFileSync(join(dir, f), 'utf8')), '');
		}
	}

	it.each(guidance)('%s reads as paragraphs and lists, with no markup shown as text', (_where, text) => {
		const html = guidanceHtml(text);
		expect(html).toMatch(/^<(p|ul|ol) class="govuk-/);
		// Raw HTML would be shown escaped: the reference guidance has none.
		expect(html).not.toContain('&lt;');
	});
});

describe('addresses in guidance', () => {
	it('leaves a bare address as typed rather than guess where it ends', () => {
		// W&F's police address: a guessed link would start after the "&" and email the wrong place.
		expect(guidanceHtml('Email RegisteredProvision&PoliceMOU@cumbria.police.uk now')).toBe(
			'<p class="govuk-body">Email RegisteredProvision&amp;PoliceMOU@cumbria.police.uk now</p>'
		);
		expect(guidanceHtml('See <https://www.gov.uk/>')).toBe(
			'<p class="govuk-body">See <a class="govuk-link" href="https://www.gov.uk/" rel="noreferrer noopener" target="_blank">https://www.gov.uk/ (opens in new tab)</a></p>'
		);
	});
});
