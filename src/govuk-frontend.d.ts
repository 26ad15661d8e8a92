// govuk-frontend ships no type declarations; Homeward uses only its initialiser.
declare module 'govuk-frontend' {
	export function initAll(config?: Record<string, unknown>): void;
}
