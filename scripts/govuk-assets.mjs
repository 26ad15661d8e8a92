// Copies govuk-frontend's fonts and images to static/assets, where its stylesheet expects them
// (absolute /assets/... URLs). Run on install; the copies are not committed.
import { cpSync, existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const govuk = join(dirname(require.resolve('govuk-frontend/package.json')), 'dist', 'govuk', 'assets');
const target = join(root, 'static', 'assets');
if (!existsSync(join(target, 'fonts'))) {
	mkdirSync(target, { recursive: true });
	cpSync(govuk, target, { recursive: true });
}
