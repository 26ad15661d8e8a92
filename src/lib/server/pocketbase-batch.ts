/**
 * A PocketBase batch (one write transaction: all or nothing) sent as one JSON body.
 *
 * The SDK's own `createBatch()` always sends multipart form data, even with no file in it,
 * which costs the server encoding and PocketBase parsing on every step. Homeward's batches
 * never carry files, so this sends `{ requests: [...] }` to the same /api/batch endpoint,
 * which PocketBase takes as JSON; rules, hooks and the transaction are PocketBase's as before.
 */
import type PocketBase from 'pocketbase';
import { ClientResponseError } from 'pocketbase';

interface BatchRequest {
	method: 'POST' | 'PATCH' | 'DELETE';
	url: string;
	body?: Record<string, unknown>;
}

export interface CollectionBatch {
	create(body: Record<string, unknown>): void;
	update(id: string, body: Record<string, unknown>): void;
	delete(id: string): void;
}

export interface Batch {
	collection(name: string): CollectionBatch;
	/** Sends every request at once; rejects with the SDK's ClientResponseError when any fails. */
	send(): Promise<Array<{ status: number; body: unknown }>>;
}

export function createBatch(pb: PocketBase): Batch {
	const requests: BatchRequest[] = [];
	return {
		collection(name) {
			const base = `/api/collections/${encodeURIComponent(name)}/records`;
			return {
				create: (body) => void requests.push({ method: 'POST', url: base, body }),
				update: (id, body) => void requests.push({ method: 'PATCH', url: `${base}/${encodeURIComponent(id)}`, body }),
				delete: (id) => void requests.push({ method: 'DELETE', url: `${base}/${encodeURIComponent(id)}` })
			};
		},
		send: () => pb.send('/api/batch', { method: 'POST', body: { requests } })
	};
}

/**
 * Whether a write (a batch, or one request) failed because a unique index refused it: another
 * write took the same sequence number or key first.
 */
export function isUniqueViolation(err: unknown): boolean {
	return err instanceof ClientResponseError && JSON.stringify(err.response ?? {}).includes('validation_not_unique');
}
