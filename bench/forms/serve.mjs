/** A static file server on 127.0.0.1 for the built pages; nothing is cached, so each load is fresh. */
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json' };

export function serve(dir) {
	const server = createServer(async (req, res) => {
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		let file = path.normalize(path.join(dir, decodeURIComponent(url.pathname)));
		if (!file.startsWith(dir)) return res.writeHead(403).end();
		if (url.pathname.endsWith('/')) file = path.join(file, 'index.html');
		try {
			const body = await readFile(file);
			res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store',
				// Cross-origin isolation gives performance.now() 5 µs resolution instead of 100 µs.
				'cross-origin-opener-policy': 'same-origin',
				'cross-origin-embedder-policy': 'require-corp'
			});
			res.end(body);
		} catch {
			res.writeHead(404).end('not found');
		}
	});
	return new Promise((resolve) => {
		server.listen(0, '127.0.0.1', () => {
			const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
			resolve({ origin: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(r)) });
		});
	});
}
