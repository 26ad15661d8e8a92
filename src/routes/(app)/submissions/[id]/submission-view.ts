/**
 * One stored submission as a document: the form's title and version, who recorded it and when,
 * the child and the episode, and the answers as summary rows. Read with the user's own token,
 * so only the child's councils get it; the page, the print stylesheet and the PDF all use it.
 */
import { error } from '@sveltejs/kit';
import { ClientResponseError, type RecordModel } from 'pocketbase';
import { summaryRows } from '$lib/protocol/form-summary';
import { fileAnswers } from '$lib/protocol/form-files';
import { protocolLabel } from '$lib/protocol/describe';
import { serviceClient } from '$lib/server/pocketbase-clients';
import { packageFromStored } from '$lib/server/stored-package';
import { shownImages, uploadInfos } from '$lib/server/form-uploads';
import { authorOf } from '$lib/server/record-authors';
import type { PrintableSubmission } from '$lib/server/submission-pdf';
import { dateInWords } from '../../children/display';
import { formatInstant, stateLabel } from '../../episodes/episode-display';

export interface SubmissionView extends PrintableSubmission {
	id: string;
	child: PrintableSubmission['child'] & { id: string };
	episode: (PrintableSubmission['episode'] & { id: string }) | null;
}

/** "Philomena Protocol profile", "Amelia Hart" → "philomena-protocol-profile-amelia-hart" */
function slug(...parts: string[]): string {
	return parts
		.join(' ')
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-|-$/g, '');
}

export async function loadSubmission(locals: App.Locals, id: string): Promise<SubmissionView> {
	let s: RecordModel;
	try {
		s = await locals.pb.collection('submissions').getOne(id, { expand: 'child,child.authority,episode,episode.protocol_version,protocol_version' });
	} catch (err) {
		if (err instanceof ClientResponseError && (err.status === 404 || err.status === 403 || err.status === 400)) {
			error(404, { message: 'No form with this reference is visible to you. Check the link, or open it from the child’s page.' });
		}
		throw err;
	}
	const child = s.expand?.child as RecordModel;
	const episode = s.expand?.episode as RecordModel | undefined;
	// A form recorded for the child outside any episode (a Philomena profile) names its protocol version itself.
	const stored = (episode?.expand?.protocol_version ?? s.expand?.protocol_version)?.package;
	const pkg = stored === undefined ? undefined : packageFromStored(stored);
	const schema = pkg?.forms[s.form_id];
	const data = (s.data ?? {}) as Record<string, unknown>;

	// Who recorded it, read by the service only once the user's token has shown them the form:
	// a host council sees the name and council of the responsible council's practitioner.
	const author = s.author ? await authorOf(await serviceClient(), s.author).catch(() => null) : null;
	const recordedBy = author ? [author.name, author.council].filter(Boolean).join(', ') : '';
	const uploads = schema ? await uploadInfos(locals.pb, fileAnswers(schema, data).map((f) => f.id)) : {};
	const shown = schema ? shownImages(schema, data, uploads) : [];
	const childName = `${child.given_name} ${child.family_name}`;
	const title = schema?.title ?? s.form_id;
	return {
		id: s.id,
		title,
		formVersion: String(s.form_version),
		protocol: pkg ? protocolLabel(pkg) : '',
		recordedAt: formatInstant(s.created),
		recordedBy,
		child: { id: child.id, name: childName, dateOfBirth: dateInWords(child.date_of_birth), responsibleAuthority: child.expand?.authority?.name ?? '' },
		episode: episode
			? {
					id: episode.id,
					missingFrom: formatInstant(episode.missing_from),
					state: stateLabel(pkg?.lifecycle, episode.state)
				}
			: null,
		rows: schema ? summaryRows(schema, data, uploads) : [],
		shownUploads: shown,
		fileName: `${slug(title, childName)}.pdf`
	};
}
