/**
 * Who recorded something, as any council that may see the record is shown it: their name and
 * council. Read with the service client (a host council's users cannot read the responsible
 * council's users), and only once the user's own token has shown them the record.
 */
import type PocketBase from 'pocketbase';
import { ClientResponseError } from 'pocketbase';

export interface RecordAuthor {
	name: string;
	council: string;
}

/** The author, or null when the user no longer exists. */
export async function authorOf(service: PocketBase, userId: string): Promise<RecordAuthor | null> {
	try {
		const u = await service.collection('users').getOne(userId, { expand: 'authority', fields: 'name,expand.authority.name' });
		return { name: String(u.name ?? ''), council: String(u.expand?.authority?.name ?? '') };
	} catch (err) {
		if (err instanceof ClientResponseError && err.status === 404) return null;
		throw err;
	}
}
