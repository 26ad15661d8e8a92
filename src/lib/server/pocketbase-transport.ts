/**
 * How the server's PocketBase clients reach PocketBase: plain node:http over kept-alive
 * connections, instead of the global `fetch`.
 *
 * Every request a user makes costs the app several PocketBase calls, and measured on the step
 * endpoint the global fetch (undici behind WHATWG streams and abort signals) spent about twice
 * the CPU per call of node:http. The PocketBase SDK reads only `status`, `url` and `json()`
 * from a response, which is all this returns. Anything this does not handle (a FormData body,
 * an abort signal, a URL that is not http) goes to the global fetch unchanged.
 */
import http from 'node:http';

// Closed well before PocketBase would close an idle connection itself (Go's default is the
// read timeout, minutes), so a request is never written to a socket the server has dropped.
const IDLE_MS = 4000;
const agent = new http.Agent({ keepAlive: true, timeout: IDLE_MS, scheduling: 'lifo' });

export interface PocketBaseResponse {
	status: number;
	url: string;
	json(): Promise<unknown>;
}

interface SendInit {
	method?: string;
	headers?: Record<string, string>;
	body?: unknown;
	signal?: AbortSignal | null;
}

export function pocketBaseFetch(url: string, init: SendInit = {}): Promise<PocketBaseResponse> {
	const body = init.body;
	if ((body !== undefined && body !== null && typeof body !== 'string') || init.signal || !url.startsWith('http:')) {
		return fetch(url, init as RequestInit);
	}
	const method = init.method ?? 'GET';
	return send(url, { ...init, method }, body ?? undefined, method === 'GET' || method === 'HEAD');
}

function send(url: string, init: SendInit & { method: string }, body: string | undefined, mayRetry: boolean): Promise<PocketBaseResponse> {
	return new Promise((resolve, reject) => {
		const headers: Record<string, string | number> = { ...init.headers };
		if (body !== undefined) headers['Content-Length'] = Buffer.byteLength(body);
		const req = http.request(url, { method: init.method, headers, agent }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (c: Buffer) => chunks.push(c));
			res.on('error', reject);
			res.on('end', () => {
				const text = chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks).toString('utf8');
				resolve({ status: res.statusCode ?? 0, url, json: async () => JSON.parse(text) });
			});
		});
		req.on('error', (err: NodeJS.ErrnoException) => {
			// A kept-alive connection the server closed just as it was reused (PocketBase
			// restarting): a read is tried once more on a new connection, as Node's documentation
			// recommends. A write is not, since the server may have applied it.
			if (mayRetry && req.reusedSocket && (err.code === 'ECONNRESET' || err.code === 'EPIPE')) {
				send(url, init, body, false).then(resolve, reject);
			} else {
				reject(err);
			}
		});
		req.end(body);
	});
}
