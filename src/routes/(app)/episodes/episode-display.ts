/** Words for an episode's stored values. */
import type { LifecycleConfig } from '$lib/protocol/types';
import { formatLondon } from '$lib/protocol/london-time';

/** The state's label from the protocol's lifecycle ("Reported missing"), else its id. */
export function stateLabel(lifecycle: LifecycleConfig | undefined, state: string): string {
	return lifecycle?.states?.[state]?.meta?.label ?? state;
}

/** PocketBase date ("2024-03-02 18:00:00.000Z") on London clocks, or '' when not set. */
export function formatInstant(value: string | undefined | null): string {
	if (!value) return '';
	const t = Date.parse(value.replace(' ', 'T'));
	return Number.isNaN(t) ? '' : formatLondon(t);
}
