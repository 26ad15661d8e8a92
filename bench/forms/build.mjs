/**
 * Builds one static page per renderer into bench/.out/forms/<renderer>/, all from the same
 * generated form. Peers (React) are bundled with esbuild; Homeward's Svelte renderer with Vite
 * and the Svelte plugin, as the app itself is built. All are production builds, minified.
 */
import { mkdir, writeFile, rm, access, rename } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { buildForm } from './schema.mjs';
import { toJsonForms, toRjsf } from './translate.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
export const root = path.resolve(here, '../..');
export const outDir = path.resolve(here, '../.out/forms');
// BENCH_LIB points `$lib` at a copy of src/lib, to measure a change before making it.
export const libDir = process.env.BENCH_LIB ? path.resolve(process.env.BENCH_LIB) : path.join(root, 'src/lib');
export const rendererFile = path.join(libDir, 'forms/FormRenderer.svelte');

// Profiles read better unminified; the benchmark itself always measures minified builds.
const minify = () => !process.env.BENCH_UNMINIFIED;

// Runs before any module in the bundle is evaluated: the start of "time to first render".
const BANNER = 'window.__tScript=performance.now();';

const page = (title, body) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>${title}</title></head>
<body>${body}</body></html>
`;

export async function writeFixtures() {
	const form = buildForm();
	const rjsf = toRjsf(form.schema);
	const jsonforms = toJsonForms(form.schema);
	await mkdir(outDir, { recursive: true });
	const fixture = { data: form.data, target: form.target, sentinel: form.sentinel, stats: form.stats };
	await writeFile(path.join(outDir, 'homeward-schema.json'), JSON.stringify(form.schema));
	await writeFile(path.join(outDir, 'fixture.json'), JSON.stringify(fixture));
	await writeFile(path.join(outDir, 'rjsf.json'), JSON.stringify({ schema: rjsf.schema, uiSchema: rjsf.uiSchema }));
	await writeFile(path.join(outDir, 'jsonforms.json'), JSON.stringify({ schema: jsonforms.schema, uischema: jsonforms.uischema }));
	return { form, notes: { rjsf: rjsf.notes, jsonforms: jsonforms.notes } };
}

async function buildPeer(name) {
	const esbuild = await import('esbuild');
	const dir = path.join(outDir, name);
	await rm(dir, { recursive: true, force: true });
	await mkdir(dir, { recursive: true });
	await esbuild.build({
		entryPoints: [path.join(here, `pages/${name}.jsx`)],
		outfile: path.join(dir, 'app.js'),
		bundle: true,
		minify: minify(),
		format: 'iife',
		target: 'es2022',
		jsx: 'automatic',
		define: { 'process.env.NODE_ENV': '"production"' },
		banner: { js: BANNER },
		logLevel: 'error'
	});
	await writeFile(path.join(dir, 'index.html'), page(name, '<div id="app"></div><script src="app.js"></script>'));
}

async function buildHomeward() {
	const { build } = await import('vite');
	const { svelte } = await import('@sveltejs/vite-plugin-svelte');
	const dir = path.join(outDir, 'homeward');
	await rm(dir, { recursive: true, force: true });
	await build({
		configFile: false,
		root: path.join(here, 'pages'),
		base: './',
		logLevel: 'error',
		mode: 'production',
		plugins: [svelte({ configFile: false, compilerOptions: { dev: false } })],
		resolve: { alias: { $lib: libDir } },
		build: {
			outDir: dir,
			emptyOutDir: true,
			minify: minify(),
			target: 'es2022',
			modulePreload: false,
			rollupOptions: { input: path.join(here, 'pages/homeward.html'), output: { banner: BANNER } }
		}
	});
	await rename(path.join(dir, 'homeward.html'), path.join(dir, 'index.html'));
}

export async function hasHomeward() {
	return access(rendererFile).then(
		() => true,
		() => false
	);
}

/** Builds every page; returns which renderers were built and the translation notes. */
export async function buildAll() {
	const { form, notes } = await writeFixtures();
	await buildPeer('rjsf');
	await buildPeer('jsonforms');
	const renderers = ['rjsf', 'jsonforms'];
	if (await hasHomeward()) {
		await buildHomeward();
		renderers.unshift('homeward');
	}
	return { form, notes, renderers };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	const { renderers } = await buildAll();
	console.log(`built ${renderers.join(', ')} into ${path.relative(root, outDir)}`);
}
