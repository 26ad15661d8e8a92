/**
 * Authors' guidance (`x-ui.guidance`) from Markdown to GOV.UK HTML, through a fixed allowlist.
 *
 * `marked` only splits the text into tokens; the HTML is written here, one known element per
 * token kind, and every piece of the author's text is escaped. So nothing an author writes can
 * become an element or attribute we did not choose: raw HTML is shown as the text it is, a
 * link's address must be http(s), mailto or tel (or a path on this site), and images are never
 * loaded (their description is shown instead). No DOM is needed, so the server and the browser
 * produce the same markup and hydration keeps it.
 *
 * What is kept: paragraphs, bulleted and numbered lists, bold, italic, links written as links
 * (`[text](address)` or `<address>`) and line breaks.
 * Headings become bold paragraphs, so guidance cannot break the page's heading outline.
 */
import { Lexer, type Token, type Tokens } from 'marked';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escape(text: string): string {
	return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** A link address an author may use, or null: no javascript:, data: or other schemes. */
export function safeHref(href: string): string | null {
	const trimmed = href.trim();
	// A path on this site (not "//host", which is another site without a scheme).
	if (/^\/(?!\/)/.test(trimmed) || trimmed.startsWith('#')) return trimmed;
	let url: URL;
	try {
		url = new URL(trimmed);
	} catch {
		return null;
	}
	return ['http:', 'https:', 'mailto:', 'tel:'].includes(url.protocol) ? url.href : null;
}

function inline(tokens: Token[] | undefined): string {
	return (tokens ?? []).map(inlineToken).join('');
}

function inlineToken(token: Token): string {
	switch (token.type) {
		case 'text': {
			const t = token as Tokens.Text;
			return t.tokens ? inline(t.tokens) : escape(t.text);
		}
		case 'escape':
			return escape((token as Tokens.Escape).text);
		case 'strong':
			return `<strong>${inline((token as Tokens.Strong).tokens)}</strong>`;
		case 'em':
			return `<em>${inline((token as Tokens.Em).tokens)}</em>`;
		case 'del':
			return inline((token as Tokens.Del).tokens);
		case 'codespan':
			return escape((token as Tokens.Codespan).text);
		case 'br':
			return '<br>';
		case 'link': {
			const link = token as Tokens.Link;
			// Only links the author wrote as links: a bare address is left as typed, because
			// guessing where one ends gets addresses like "a&b@police.uk" wrong.
			if (!link.raw.startsWith('[') && !link.raw.startsWith('<')) return escape(link.raw);
			const text = inline(link.tokens);
			const href = safeHref(link.href);
			if (!href) return text;
			// Guidance sits in a form: leaving the page would lose what was typed (GOV.UK: open in a new tab, and say so).
			if (/^https?:/.test(href)) {
				return `<a class="govuk-link" href="${escape(href)}" rel="noreferrer noopener" target="_blank">${text} (opens in new tab)</a>`;
			}
			return `<a class="govuk-link" href="${escape(href)}">${text}</a>`;
		}
		case 'image':
			return escape((token as Tokens.Image).text);
		default:
			// Raw HTML and anything else: shown as the text the author wrote, never as markup.
			return escape(token.raw);
	}
}

function block(token: Token): string {
	switch (token.type) {
		case 'space':
		case 'hr':
		case 'def':
			return '';
		case 'paragraph':
			return `<p class="govuk-body">${inline((token as Tokens.Paragraph).tokens)}</p>`;
		case 'heading':
			return `<p class="govuk-body govuk-!-font-weight-bold">${inline((token as Tokens.Heading).tokens)}</p>`;
		case 'text': {
			const t = token as Tokens.Text;
			return `<p class="govuk-body">${t.tokens ? inline(t.tokens) : escape(t.text)}</p>`;
		}
		case 'list': {
			const list = token as Tokens.List;
			const items = list.items.map((item) => `<li>${listItem(item)}</li>`).join('');
			if (list.ordered) {
				const start = typeof list.start === 'number' && list.start !== 1 ? ` start="${list.start}"` : '';
				return `<ol class="govuk-list govuk-list--number"${start}>${items}</ol>`;
			}
			return `<ul class="govuk-list govuk-list--bullet">${items}</ul>`;
		}
		case 'blockquote':
			return (token as Tokens.Blockquote).tokens.map(block).join('');
		default:
			// Code blocks, tables, raw HTML blocks: their text, escaped, as a paragraph.
			return `<p class="govuk-body">${escape(token.raw.trim())}</p>`;
	}
}

/** A list item's content: inline text stays inline; a loose item's paragraphs stay paragraphs. */
function listItem(item: Tokens.ListItem): string {
	return item.tokens
		.map((t) => {
			if (t.type === 'text') return inlineToken(t);
			if (t.type === 'list') return block(t);
			if (t.type === 'paragraph' && !item.loose) return inline((t as Tokens.Paragraph).tokens);
			return block(t);
		})
		.join('');
}

/** Guidance Markdown as GOV.UK HTML that is safe to insert whatever the author wrote. */
export function guidanceHtml(markdown: string): string {
	const tokens = new Lexer({ gfm: true, breaks: false }).lex(markdown);
	return tokens.map(block).join('');
}
