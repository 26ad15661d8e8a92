/**
 * PocketBase clients for the SvelteKit server.
 *
 * A user client is made per request (a shared one would leak one user's auth store into
 * another's request). The service client is a superuser, used only after the server has
 * checked who may do what; it never carries a user's auth.
 */
import PocketBase, { BaseAuthStore, type SendOptions } from 'pocketbase';
import { pocketBaseFetch } from './pocketbase-transport.js';

export function pocketBaseUrl(): string {
	return process.env.PB_URL ?? `http://127.0.0.1:${process.env.PB_PORT ?? '8090'}`;
}

export function createUserClient(url = pocketBaseUrl()): PocketBase {
	const pb = new PocketBase(url, new BaseAuthStore());
	pb.autoCancellation(false);
	pb.beforeSend = (to: string, options: SendOptions) => ({ url: to, options: { ...options, fetch: options.fetch ?? (pocketBaseFetch as unknown as typeof fetch) } });
	return pb;
}

let service: { pb: PocketBase; authenticatedAt: number } | null = null;
let signingIn: Promise<PocketBase> | null = null;
// Superuser tokens last a day; re-authenticate well before that.
const SERVICE_REAUTH_MS = 6 * 60 * 60 * 1000;

/** The superuser client, authenticated from PB_SUPERUSER_EMAIL / PB_SUPERUSER_PASSWORD. */
export function serviceClient(): Promise<PocketBase> {
	if (service && Date.now() - service.authenticatedAt < SERVICE_REAUTH_MS && service.pb.authStore.isValid) {
		return Promise.resolve(service.pb);
	}
	// One sign-in at a time: a password check is slow on purpose, and the requests that arrive
	// together after a start (or a re-authentication) would otherwise each make their own.
	signingIn ??= signInService().finally(() => (signingIn = null));
	return signingIn;
}

async function signInService(): Promise<PocketBase> {
	const email = process.env.PB_SUPERUSER_EMAIL;
	const password = process.env.PB_SUPERUSER_PASSWORD;
	if (!email || !password) {
		throw new Error('PB_SUPERUSER_EMAIL and PB_SUPERUSER_PASSWORD must be set for the server to write records (npm start sets them).');
	}
	const pb = createUserClient();
	await pb.collection('_superusers').authWithPassword(email, password);
	service = { pb, authenticatedAt: Date.now() };
	return pb;
}

/** For scripts and tests that manage their own PocketBase. */
export async function superuserClient(url: string, email: string, password: string): Promise<PocketBase> {
	const pb = createUserClient(url);
	await pb.collection('_superusers').authWithPassword(email, password);
	return pb;
}
