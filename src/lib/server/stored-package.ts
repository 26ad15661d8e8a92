/**
 * How a protocol package is kept in `protocol_versions.package`.
 *
 * PocketBase re-encodes the value of a JSON field with every object's keys sorted. A form's
 * questions are the keys of its `properties`, and the order an author wrote them in is the order
 * a practitioner is asked them, so a package stored as a JSON object would come back with every
 * form in alphabetical order. The package is therefore stored as its JSON text (a JSON string
 * value), which PocketBase keeps byte for byte. See docs/decisions/package-stored-as-text.md.
 */
import type { ProtocolPackage } from '../protocol/types.js';

export function storedPackage(pkg: ProtocolPackage): string {
	return JSON.stringify(pkg);
}

/** The package a record holds; a version stored as an object (before this format) still reads, in key order. */
export function packageFromStored(value: unknown): ProtocolPackage {
	if (typeof value === 'string') return JSON.parse(value) as ProtocolPackage;
	if (value && typeof value === 'object') return value as ProtocolPackage;
	throw new Error('This protocol version has no package: publish it again from its files.');
}
