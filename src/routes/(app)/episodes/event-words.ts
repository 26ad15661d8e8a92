/** What a logged event is called in the protocol's own words. */
import type { LifecycleConfig } from '$lib/protocol/types';

const FIXED: Record<string, string> = {
	REPORT: 'Missing report submitted'
};

/** The label the lifecycle gives the step (its transition's meta.label), else the event name in words. */
export function eventLabel(lifecycle: LifecycleConfig | undefined, type: string, payload?: Record<string, unknown> | null): string {
	if (type === 'ESCALATED') return `Escalation: ${String(payload?.title ?? payload?.clock ?? 'a clock ran out')}`;
	if (FIXED[type]) return FIXED[type];
	for (const state of Object.values(lifecycle?.states ?? {})) {
		const on = state.on?.[type];
		for (const t of on === undefined ? [] : Array.isArray(on) ? on : [on]) {
			if (t.meta?.label) return t.meta.label;
		}
	}
	const words = type.replace(/_/g, ' ').toLowerCase();
	return words.charAt(0).toUpperCase() + words.slice(1);
}
