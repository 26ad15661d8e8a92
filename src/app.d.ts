import type PocketBase from 'pocketbase';
import type { SessionUser } from '$lib/server/session-user';

declare global {
	namespace App {
		interface Locals {
			/** PocketBase client carrying this request's user token (never shared between requests). */
			pb: PocketBase;
			/** The signed-in user, refreshed against PocketBase before any decision; null when signed out. */
			user: SessionUser | null;
		}
		interface Error {
			message: string;
		}
	}
}

export {};
