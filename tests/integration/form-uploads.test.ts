/**
 * Files given with forms against a real PocketBase: stored as protected upload records after
 * the question's checks, refused with GOV.UK messages when wrong, readable only by the child's
 * councils, and carried into the stored submission as the upload's id.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type PocketBase from 'pocketbase';
import { loadAllPackages } from '../../src/lib/server/protocol-files.js';
import { seedDemoData, demoEmail, DEMO_PASSWORD } from '../../src/lib/server/seed.js';
import { toSessionUser, type SessionUser } from '../../src/lib/server/session-user.js';
import { createEpisode } from '../../src/lib/server/episode-commands.js';
import { openUpload, receiveForm, type UploadTarget } from '../../src/lib/server/form-uploads.js';
import { errorMessages } from '../../src/lib/protocol/form-errors.js';
import { fieldsFromData } from '../../src/lib/protocol/form-data.js';
import type { FormSchema } from '../../src/lib/protocol/types.js';
import { startTestPocketBase, type TestPocketBase } from './pocketbase-harness.js';

let pb: TestPocketBase;
let form: FormSchema;
let wf: { pb: PocketBase; user: SessionUser };
let medway: { pb: PocketBase; user: SessionUser };
let wfAuditor: { pb: PocketBase; user: SessionUser };
let amelia: string;
let tyler: string;
let kayla: string;

const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), Buffer.alloc(64, 7)]);
const JPEG = Buffer.concat([Buffer.from('ffd8ffe000104a464946', 'hex'), Buffer.alloc(64, 9)]);

async function signedIn(email: string) {
	const client = await pb.as(email, DEMO_PASSWORD);
	const record = await client.collection('users').getOne(client.authStore.record!.id, { expand: 'authority' });
	return { pb: client, user: toSessionUser(record) };
}

function target(who: { pb: PocketBase; user: SessionUser }, childId: string): UploadTarget {
	return { schema: form, formId: 'missing-report', childId, userPb: who.pb, service: pb.admin, user: who.user };
}

function posted(entries: Array<[string, string | File]>): FormData {
	const fd = new FormData();
	for (const [k, v] of entries) fd.append(k, v);
	return fd;
}

const uploadCount = async () => (await pb.admin.collection('uploads').getList(1, 1)).totalItems;

beforeAll(async () => {
	pb = await startTestPocketBase();
	const packages = await loadAllPackages(join(process.cwd(), 'protocols'));
	form = packages.find((p) => p.protocol.metadata.id === 'westmorland-and-furness')!.forms['missing-report'];
	await seedDemoData(pb.admin, packages);
	wf = await signedIn(demoEmail('practitioner', 'westmorland-and-furness'));
	wfAuditor = await signedIn(demoEmail('auditor', 'westmorland-and-furness'));
	medway = await signedIn(demoEmail('practitioner', 'medway'));
	const child = async (given: string) => (await pb.admin.collection('children').getFirstListItem(`given_name = "${given}"`)).id;
	[amelia, tyler, kayla] = [await child('Amelia'), await child('Tyler'), await child('Kayla')];
});

afterAll(async () => {
	await pb?.stop();
});

describe('storing a file given with a form', () => {
	it('stores an accepted photo as a protected upload and answers the question with its id', async () => {
		const received = await receiveForm(
			posted([
				['missingFrom', 'Kendal'],
				['photo', new File([PNG], 'amelia.png', { type: 'image/png' })]
			]),
			target(wf, amelia)
		);
		expect(received.issues).toEqual([]);
		expect(received.fields.missingFrom).toBe('Kendal');
		const id = received.fields.photo as string;
		expect(id).toMatch(/^[a-z0-9]{15}$/);
		expect(received.uploads[id]).toEqual({ id, name: 'amelia.png', size: PNG.length, type: 'image/png' });

		const record = await pb.admin.collection('uploads').getOne(id);
		expect(record).toMatchObject({ child: amelia, uploaded_by: wf.user.id, form_id: 'missing-report', question: 'photo', name: 'amelia.png', type: 'image/png' });
		// Protected: the file's own URL opens nothing without a file token of someone who may see it.
		const bare = await fetch(pb.admin.files.getURL(record, record.file));
		expect(bare.status).toBeGreaterThanOrEqual(400);
		const opened = await openUpload(wf.pb, id);
		expect(Buffer.from(await new Response(opened!.body).arrayBuffer())).toEqual(PNG);
	});

	it('reads the type from the first bytes: a page named .png is refused with the GOV.UK message, and nothing else typed is lost', async () => {
		const before = await uploadCount();
		const received = await receiveForm(
			posted([
				['missingFrom', 'Barrow'],
				['clothing', 'Red coat'],
				['photo', new File(['<html><script>alert(1)</script></html>'], 'amelia.png', { type: 'image/png' })]
			]),
			target(wf, amelia)
		);
		expect(errorMessages(form, received.issues)).toEqual([{ path: 'photo', message: 'The selected file must be a JPG or PNG' }]);
		expect(received.fields).toMatchObject({ missingFrom: 'Barrow', clothing: 'Red coat', photo: '' });
		expect(await uploadCount()).toBe(before);
	});

	it('refuses a file larger than the question takes, and an empty one', async () => {
		const big = Buffer.concat([PNG, Buffer.alloc(5 * 1024 * 1024)]);
		const tooBig = await receiveForm(posted([['photo', new File([big], 'big.png', { type: 'image/png' })]]), target(wf, amelia));
		expect(errorMessages(form, tooBig.issues)[0].message).toBe('The selected file must be smaller than 5MB');
		const empty = await receiveForm(posted([['photo', new File([], 'empty.jpg', { type: 'image/jpeg' })]]), target(wf, amelia));
		expect(errorMessages(form, empty.issues)[0].message).toBe('The selected file is empty');
	});

	it('keeps an upload the form already had, and a refused replacement does not lose it', async () => {
		const first = await receiveForm(posted([['photo', new File([JPEG], 'first.jpg', { type: 'image/jpeg' })]]), target(wf, amelia));
		const id = first.fields.photo as string;
		const again = await receiveForm(posted([['photo', id], ['photo', new File([], '', { type: 'application/octet-stream' })]]), target(wf, amelia));
		expect(again).toMatchObject({ issues: [], fields: { photo: id } });
		expect(again.uploads[id].name).toBe('first.jpg');
		const badReplacement = await receiveForm(posted([['photo', id], ['photo', new File(['%PDF-1.4'], 'x.pdf', { type: 'application/pdf' })]]), target(wf, amelia));
		expect(badReplacement.fields.photo).toBe(id);
		expect(badReplacement.issues.map((i) => i.keyword)).toEqual(['fileType']);
	});

	it('refuses an upload id of another child, or one the user cannot see', async () => {
		const mine = (await receiveForm(posted([['photo', new File([JPEG], 'a.jpg')]]), target(wf, amelia))).fields.photo as string;
		// Kayla is placed with W&F: the same practitioner may see her, but Amelia's photo is not hers.
		const wrongChild = await receiveForm(posted([['photo', mine]]), target(wf, kayla));
		expect(wrongChild.fields.photo).toBe('');
		expect(errorMessages(form, wrongChild.issues)[0].message).toBe('The selected file could not be uploaded – choose it again');
		const theirs = (await receiveForm(posted([['photo', new File([JPEG], 't.jpg')]]), target(medway, tyler))).fields.photo as string;
		const notVisible = await receiveForm(posted([['photo', theirs]]), target(wf, amelia));
		expect(notVisible.issues.map((i) => i.keyword)).toEqual(['fileMissing']);
	});

	it('stores nothing for a child the user cannot see, nor for a role that does not record', async () => {
		const before = await uploadCount();
		const otherCouncil = await receiveForm(posted([['photo', new File([JPEG], 'x.jpg')]]), target(medway, amelia));
		expect(otherCouncil.issues.map((i) => i.keyword)).toEqual(['fileMissing']);
		const auditor = await receiveForm(posted([['photo', new File([JPEG], 'x.jpg')]]), target(wfAuditor, amelia));
		expect(auditor.issues.map((i) => i.keyword)).toEqual(['fileMissing']);
		expect(await uploadCount()).toBe(before);
	});
});

describe('reading an upload', () => {
	it('is open to the child’s councils and to nobody else', async () => {
		const id = (await receiveForm(posted([['photo', new File([PNG], 'kayla.png')]]), target(wf, kayla))).fields.photo as string;
		// Kayla is Walsall's child placed in W&F: both councils may see the photo, Medway may not.
		const walsall = await signedIn(demoEmail('practitioner', 'walsall'));
		expect((await openUpload(walsall.pb, id))?.info.name).toBe('kayla.png');
		expect(await openUpload(medway.pb, id)).toBeNull();
		await expect(medway.pb.collection('uploads').getOne(id)).rejects.toMatchObject({ status: 404 });
		// Even with a file token of their own, PocketBase will not serve another council's file.
		const record = await pb.admin.collection('uploads').getOne(id);
		const token = await medway.pb.files.getToken();
		expect((await fetch(medway.pb.files.getURL(record, record.file, { token }))).status).toBeGreaterThanOrEqual(400);
	});

	it('cannot be written with a user’s own token', async () => {
		const fd = posted([
			['file', new File([PNG], 'p.png', { type: 'image/png' })],
			['child', amelia],
			['uploaded_by', wf.user.id],
			['form_id', 'missing-report'],
			['question', 'photo'],
			['name', 'p.png'],
			['size', String(PNG.length)],
			['type', 'image/png']
		]);
		await expect(wf.pb.collection('uploads').create(fd)).rejects.toMatchObject({ status: 403 });
	});
});

describe('a missing report with a photo', () => {
	const report = {
		legalStatus: 'care-order',
		missingFrom: 'Foster placement, Kendal',
		missingAt: '2026-03-02T18:00:00.000Z',
		lastSeenAt: '2026-03-02T17:30:00.000Z',
		lastSeenLocation: 'Kendal bus station',
		clothing: 'Black hoodie',
		description: 'Slim build',
		circumstances: 'Left after an argument',
		riskAssessment: 'Medium'
	};

	it('needs consent once a photo is attached, then stores the upload id in the submission', async () => {
		const received = await receiveForm(posted([['photo', new File([JPEG], 'amelia.jpg')]]), target(wf, amelia));
		const fields = { ...fieldsFromData(form, report), ...received.fields };
		const base = { service: pb.admin, userPb: wf.pb, user: wf.user, childId: amelia };
		const refused = await createEpisode({ ...base, fields, received: received.issues });
		expect(refused.ok).toBe(false);
		if (refused.ok || refused.kind !== 'invalid') throw new Error('expected invalid');
		expect(refused.errors.map((e) => e.path)).toEqual(['photoConsent']);

		const stored = await createEpisode({ ...base, fields: { ...fields, photoConsent: 'consent-parent' } });
		if (!stored.ok) throw new Error(stored.message);
		const submission = await pb.admin.collection('submissions').getFirstListItem(`episode = "${stored.episodeId}"`);
		expect(submission.data.photo).toBe(received.fields.photo);
	});

	it('refuses a submission naming an upload that is not the child’s, however it arrives', async () => {
		const kaylas = (await receiveForm(posted([['photo', new File([JPEG], 'k.jpg')]]), target(wf, kayla))).fields.photo as string;
		const result = await createEpisode({
			service: pb.admin,
			userPb: wf.pb,
			user: wf.user,
			childId: amelia,
			fields: fieldsFromData(form, { ...report, photo: kaylas, photoConsent: 'consent-parent' })
		});
		if (result.ok || result.kind !== 'invalid') throw new Error('expected invalid');
		expect(result.errors).toEqual([{ path: 'photo', message: 'The selected file could not be uploaded – choose it again' }]);
		const typed = await createEpisode({
			service: pb.admin,
			userPb: wf.pb,
			user: wf.user,
			childId: amelia,
			fields: fieldsFromData(form, { ...report, photo: 'https://evil.example/x.jpg', photoConsent: 'consent-parent' })
		});
		expect(typed.ok).toBe(false);
	});
});
