/**
 * Who may record for a child: the role that may act, and whether the user's own token sees the
 * child (PocketBase's rules decide: the responsible council and the host council).
 */
import type PocketBase from 'pocketbase';
import { ClientResponseError, type RecordModel } from 'pocketbase';
import type { SessionUser } from './session-user.js';

const RECORDING_ROLES = new Set(['practitioner', 'lead']);

/** Practitioners and leads record; auditors and admins read. */
export function mayRecord(user: SessionUser): boolean {
	return RECORDING_ROLES.has(user.role);
}

/** The child as the user's own token sees it, or null when it is not theirs to see. */
export async function visibleChild(userPb: PocketBase, childId: string): Promise<RecordModel | null> {
	try {
		return await userPb.collection('children').getOne(childId);
	} catch (err) {
		if (err instanceof ClientResponseError && (err.status === 404 || err.status === 403)) return null;
		throw err;
	}
}
