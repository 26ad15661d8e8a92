/**
 * Authorization matrix over HTTP with real user tokens: every role × own/other authority ×
 * collection × operation, against the real PocketBase with the project's migrations.
 * The expectation table below is the security policy in one place; each cell is one request.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type PocketBase from 'pocketbase';
import { startTestPocketBase, TEST_PASSWORD, type TestPocketBase } from './pocketbase-harness.js';

const ROLES = ['lead', 'practitioner', 'auditor', 'admin'] as const;
type Role = (typeof ROLES)[number];
type Scope = 'own' | 'other';
type Op = 'list' | 'view' | 'create' | 'update' | 'delete';

const COLLECTIONS = [
	'authorities',
	'users',
	'protocols',
	'published_versions',
	'draft_versions',
	'children',
	'episodes',
	'submissions',
	'uploads',
	'drafts',
	'draft_revisions',
	'tasks',
	'notifications',
	'events'
] as const;
type Collection = (typeof COLLECTIONS)[number];

const writer = (role: Role) => role === 'lead' || role === 'practitioner';

/** The policy: may a user of `role`, acting on a record of its own or another authority, do `op`? */
function allowed(role: Role, scope: Scope, c: Collection, op: Op): boolean {
	const own = scope === 'own';
	const read = op === 'list' || op === 'view';
	switch (c) {
		case 'authorities':
			return read; // names of councils are not secret; nobody but the service writes them
		case 'users':
			return read && own; // colleagues only; created by the service; own-record updates tested separately
		case 'protocols':
			if (read) return true; // public documents, auditors compare every area
			if (op === 'create' || op === 'update') return own && role === 'lead';
			return false;
		case 'published_versions':
			if (read) return true;
			if (op === 'create') return own && role === 'lead'; // a new draft of own protocol
			return false; // immutable
		case 'draft_versions':
			if (read) return own;
			if (op === 'create') return own && role === 'lead';
			return own && role === 'lead';
		case 'children':
			if (read) return own;
			if (op === 'create' || op === 'update') return own && writer(role);
			return false;
		case 'episodes':
		case 'submissions':
		case 'uploads': // files given with forms: the child's councils read them, only the server writes
		case 'events':
		case 'tasks':
		case 'notifications':
			return read && own; // written only by the server after the engine decides
		case 'drafts':
		case 'draft_revisions':
			// Shared by whoever can see the child (a colleague picks a draft up); written only by the server.
			return read && own;
	}
}

interface AuthorityFixture {
	authority: string;
	protocol: string;
	published: string;
	draft: string;
	child: string;
	episode: string;
	submission: string;
	upload: string;
	task: string;
	notification: string;
	event: string;
	draftForm: string;
	draftRevision: string;
	users: Record<Role, string>;
}

let pb: TestPocketBase;
const fx: Record<'alpha' | 'beta', AuthorityFixture> = {} as never;
const clients = new Map<string, PocketBase>();
let hostedChild = '';
let counter = 0;
const unique = (p: string) => `${p}-${Date.now().toString(36)}-${++counter}`;

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001', 'hex');

/** An upload record's fields, as multipart: a PNG given for the photo question. */
function uploadBody(child: string, uploadedBy: string): FormData {
	const fd = new FormData();
	fd.set('file', new File([PNG], 'photo.png', { type: 'image/png' }));
	for (const [k, v] of Object.entries({ child, uploaded_by: uploadedBy, form_id: 'missing-report', question: 'photo', name: 'photo.png', size: String(PNG.length), type: 'image/png' })) {
		fd.set(k, v);
	}
	return fd;
}

async function makeAuthority(code: string): Promise<AuthorityFixture> {
	const a = pb.admin;
	const authority = (await a.collection('authorities').create({ code, name: `${code} council`, kind: 'council' })).id;
	const users = {} as Record<Role, string>;
	for (const role of ROLES) {
		users[role] = (
			await a.collection('users').create({
				email: `${role}@${code}.test`,
				password: TEST_PASSWORD,
				passwordConfirm: TEST_PASSWORD,
				verified: true,
				name: `${role} ${code}`,
				role,
				authority
			})
		).id;
	}
	const protocol = (await a.collection('protocols').create({ code, title: `${code} protocol`, authority })).id;
	const published = (await a.collection('protocol_versions').create({ protocol, version: '1', status: 'published', package: { v: 1 } })).id;
	const draft = (await a.collection('protocol_versions').create({ protocol, version: '2', status: 'draft', package: { v: 2 } })).id;
	const child = (
		await a.collection('children').create({ given_name: 'Sam', family_name: code, date_of_birth: '2011-01-01 00:00:00.000Z', legal_status: 'none', authority })
	).id;
	const episode = (
		await a.collection('episodes').create({ child, protocol_version: published, lifecycle_id: 'l', state: 'reported', snapshot: { value: 'reported' }, seq: 1 })
	).id;
	const submission = (
		await a.collection('submissions').create({ child, episode, form_id: 'missing-report', form_version: '1', schema_hash: 'h', data: { a: 1 } })
	).id;
	const upload = (await a.collection('uploads').create(uploadBody(child, users.practitioner))).id;
	const task = (
		await a.collection('tasks').create({ child, episode, authority, key: unique('t'), kind: 'deadline', title: 'RHI', due_at: '2026-01-01 10:00:00.000Z', status: 'open' })
	).id;
	const notification = (await a.collection('notifications').create({ authority, child, recipient: 'police', key: unique('n'), title: 'Told' })).id;
	const event = (
		await a.collection('events').create({ child, episode, stream: episode, seq: 1, type: 'REPORT', at: '2026-01-01 10:00:00.000Z', payload: {} })
	).id;
	const draftForm = (
		await a.collection('drafts').create({ owner: users.practitioner, child, form_id: 'missing-report', key: unique('d'), fields: { x: '1' }, revision: 1 })
	).id;
	const draftRevision = (await a.collection('draft_revisions').create({ draft: draftForm, revision: 1, kind: 'saved', fields: { x: '1' } })).id;
	return { authority, protocol, published, draft, child, episode, submission, upload, task, notification, event, draftForm, draftRevision, users };
}

beforeAll(async () => {
	pb = await startTestPocketBase();
	fx.alpha = await makeAuthority('alpha');
	fx.beta = await makeAuthority('beta');
	hostedChild = (
		await pb.admin.collection('children').create({
			given_name: 'Placed',
			family_name: 'Elsewhere',
			date_of_birth: '2010-01-01 00:00:00.000Z',
			legal_status: 'looked-after',
			authority: fx.beta.authority,
			host_authority: fx.alpha.authority
		})
	).id;
	for (const role of ROLES) clients.set(role, await pb.as(`${role}@alpha.test`));
});

afterAll(async () => {
	await pb?.stop();
});

const pbName: Record<Collection, string> = {
	authorities: 'authorities',
	users: 'users',
	protocols: 'protocols',
	published_versions: 'protocol_versions',
	draft_versions: 'protocol_versions',
	children: 'children',
	episodes: 'episodes',
	submissions: 'submissions',
	uploads: 'uploads',
	drafts: 'drafts',
	draft_revisions: 'draft_revisions',
	tasks: 'tasks',
	notifications: 'notifications',
	events: 'events'
};

function targetId(c: Collection, f: AuthorityFixture, role: Role): string {
	switch (c) {
		case 'authorities':
			return f.authority;
		case 'users':
			// Another user than the caller: their own record is covered by the self-update tests.
			return f.users[role === 'lead' ? 'practitioner' : 'lead'];
		case 'protocols':
			return f.protocol;
		case 'published_versions':
			return f.published;
		case 'draft_versions':
			return f.draft;
		case 'children':
			return f.child;
		case 'episodes':
			return f.episode;
		case 'submissions':
			return f.submission;
		case 'uploads':
			return f.upload;
		case 'drafts':
			return f.draftForm;
		case 'draft_revisions':
			return f.draftRevision;
		case 'tasks':
			return f.task;
		case 'notifications':
			return f.notification;
		case 'events':
			return f.event;
	}
}

function createBody(c: Collection, f: AuthorityFixture, caller: string): Record<string, unknown> | FormData {
	const at = '2026-02-01 09:00:00.000Z';
	switch (c) {
		case 'authorities':
			return { code: unique('auth'), name: 'New council', kind: 'council' };
		case 'users':
			return { email: `${unique('u')}@x.test`, password: TEST_PASSWORD, passwordConfirm: TEST_PASSWORD, role: 'admin', authority: f.authority };
		case 'protocols':
			return { code: unique('p'), title: 'New', authority: f.authority };
		case 'published_versions':
		case 'draft_versions':
			return { protocol: f.protocol, version: unique('v'), status: 'draft', package: { v: 9 } };
		case 'children':
			return { given_name: 'New', family_name: 'Child', date_of_birth: '2012-02-02 00:00:00.000Z', legal_status: 'none', authority: f.authority };
		case 'episodes':
			return { child: f.child, protocol_version: f.published, lifecycle_id: 'l', state: 'closed', snapshot: {} };
		case 'submissions':
			return { child: f.child, form_id: 'x', form_version: '1', schema_hash: 'h', data: {} };
		case 'uploads':
			return uploadBody(f.child, caller);
		case 'drafts':
			return { owner: caller, child: f.child, form_id: 'x', key: unique('d'), fields: {}, revision: 1 };
		case 'draft_revisions':
			return { draft: f.draftForm, revision: 1000 + ++counter, kind: 'saved', fields: { forged: 'yes' } };
		case 'tasks':
			return { child: f.child, authority: f.authority, key: unique('t'), kind: 'deadline', title: 'x', due_at: at, status: 'done' };
		case 'notifications':
			return { authority: f.authority, recipient: 'police', key: unique('n'), title: 'x' };
		case 'events':
			return { child: f.child, episode: f.episode, stream: f.episode, seq: 2, type: 'FORGED', at };
	}
}

const updateBody: Record<Collection, Record<string, unknown>> = {
	authorities: { name: 'Renamed' },
	users: { name: 'Renamed' },
	protocols: { title: 'Renamed protocol' },
	published_versions: { package: { tampered: true } },
	draft_versions: { package: { edited: true } },
	children: { ethnicity: 'Edited' },
	episodes: { state: 'closed' },
	submissions: { data: { tampered: true } },
	uploads: { name: 'renamed.png' },
	drafts: { fields: { tampered: 'yes' } },
	draft_revisions: { fields: { tampered: 'yes' } },
	tasks: { status: 'done' },
	notifications: { title: 'Edited' },
	events: { type: 'TAMPERED' }
};

/** A throwaway copy of the target made by the service, so delete attempts don't eat fixtures. */
async function disposable(c: Collection, f: AuthorityFixture): Promise<string> {
	const body = createBody(c, f, f.users.practitioner);
	if (!(body instanceof FormData)) {
		if (c === 'published_versions') body.status = 'published';
		if (c === 'events') body.seq = 1000 + ++counter;
	}
	return (await pb.admin.collection(pbName[c]).create(body)).id;
}

async function attempt(client: PocketBase, c: Collection, op: Op, f: AuthorityFixture, role: Role): Promise<boolean> {
	const col = client.collection(pbName[c]);
	const id = targetId(c, f, role);
	try {
		switch (op) {
			case 'list': {
				const items = await col.getFullList({ filter: client.filter('id = {:id}', { id }) });
				return items.length === 1;
			}
			case 'view':
				await col.getOne(id);
				return true;
			case 'create':
				await col.create(createBody(c, f, client.authStore.record!.id));
				return true;
			case 'update':
				await col.update(id, updateBody[c]);
				return true;
			case 'delete':
				await col.delete(await disposable(c, f));
				return true;
		}
	} catch (err) {
		const status = (err as { status?: number }).status;
		if (status && status >= 400 && status < 500) return false;
		throw err;
	}
}

describe('authorization matrix (role × own/other authority × collection × operation)', () => {
	for (const role of ROLES) {
		for (const scope of ['own', 'other'] as const) {
			for (const c of COLLECTIONS) {
				for (const op of ['list', 'view', 'create', 'update', 'delete'] as const) {
					const expected = allowed(role, scope, c, op);
					it(`${role} ${expected ? 'can' : 'cannot'} ${op} ${scope} ${c}`, async () => {
						const f = scope === 'own' ? fx.alpha : fx.beta;
						expect(await attempt(clients.get(role)!, c, op, f, role)).toBe(expected);
					});
				}
			}
		}
	}
});

describe('rules beyond the matrix', () => {
	it('a guest reads nothing and cannot sign up', async () => {
		const guest = pb.guest();
		for (const c of ['children', 'episodes', 'events', 'protocols', 'authorities', 'users'] as const) {
			expect(await guest.collection(c).getFullList()).toHaveLength(0);
		}
		await expect(
			guest.collection('users').create({ email: 'new@x.test', password: TEST_PASSWORD, passwordConfirm: TEST_PASSWORD, role: 'admin', authority: fx.alpha.authority })
		).rejects.toMatchObject({ status: expect.any(Number) });
	});

	it('a user can rename themselves but not change their own role, authority or team', async () => {
		const me = clients.get('practitioner')!;
		const id = fx.alpha.users.practitioner;
		await expect(me.collection('users').update(id, { name: 'Pat' })).resolves.toMatchObject({ name: 'Pat' });
		for (const body of [{ role: 'admin' }, { authority: fx.beta.authority }, { team: 'Other team' }]) {
			await expect(me.collection('users').update(id, body)).rejects.toMatchObject({ status: 404 });
		}
		const stored = await pb.admin.collection('users').getOne(id);
		expect(stored.role).toBe('practitioner');
		expect(stored.authority).toBe(fx.alpha.authority);
	});

	it('a practitioner cannot move a child to another authority', async () => {
		const me = clients.get('practitioner')!;
		await expect(me.collection('children').update(fx.alpha.child, { authority: fx.beta.authority })).rejects.toMatchObject({ status: 404 });
		expect((await pb.admin.collection('children').getOne(fx.alpha.child)).authority).toBe(fx.alpha.authority);
	});

	it('the host authority sees a child placed with it by another council, and the responsible authority still does', async () => {
		const hostUser = clients.get('practitioner')!;
		await expect(hostUser.collection('children').getOne(hostedChild)).resolves.toMatchObject({ id: hostedChild });
		const responsible = await pb.as('practitioner@beta.test');
		await expect(responsible.collection('children').getOne(hostedChild)).resolves.toMatchObject({ id: hostedChild });
		// ...but the host cannot edit the responsible authority's record.
		await expect(hostUser.collection('children').update(hostedChild, { ethnicity: 'x' })).rejects.toMatchObject({ status: 404 });
	});

	it('an auditor sees every published protocol version but no child of another authority', async () => {
		const auditor = clients.get('auditor')!;
		const versions = (await auditor.collection('protocol_versions').getFullList()).map((v) => v.id);
		expect(versions).toEqual(expect.arrayContaining([fx.alpha.published, fx.beta.published]));
		// Another council's drafts stay private to that council.
		expect(versions).not.toContain(fx.beta.draft);
		const children = await auditor.collection('children').getFullList();
		expect(children.map((c) => c.id)).not.toContain(fx.beta.child);
	});

	it('the event log is append-only even for the service superuser', async () => {
		await expect(pb.admin.collection('events').update(fx.alpha.event, { type: 'TAMPERED' })).rejects.toMatchObject({ status: 400 });
		await expect(pb.admin.collection('events').delete(fx.alpha.event)).rejects.toMatchObject({ status: 400 });
		expect((await pb.admin.collection('events').getOne(fx.alpha.event)).type).toBe('REPORT');
	});

	it('a second event with the same sequence number in a stream is refused', async () => {
		await expect(
			pb.admin.collection('events').create({ child: fx.alpha.child, episode: fx.alpha.episode, stream: fx.alpha.episode, seq: 1, type: 'DUPLICATE', at: '2026-01-01 10:00:00.000Z' })
		).rejects.toMatchObject({ status: 400 });
	});

	it('a draft’s saved revisions cannot be changed even by the service superuser, nor a revision number reused', async () => {
		await expect(pb.admin.collection('draft_revisions').update(fx.alpha.draftRevision, { fields: { tampered: 'yes' } })).rejects.toMatchObject({ status: 400 });
		expect((await pb.admin.collection('draft_revisions').getOne(fx.alpha.draftRevision)).fields).toEqual({ x: '1' });
		await expect(pb.admin.collection('draft_revisions').create({ draft: fx.alpha.draftForm, revision: 1, kind: 'saved', fields: {} })).rejects.toMatchObject({ status: 400 });
	});

	it('the host authority reads the drafts of a child placed with it; the responsible authority does too', async () => {
		const draft = await pb.admin.collection('drafts').create({ owner: fx.beta.users.practitioner, child: hostedChild, form_id: 'missing-report', key: unique('d'), fields: { a: 'b' }, revision: 1 });
		await expect(clients.get('practitioner')!.collection('drafts').getOne(draft.id)).resolves.toMatchObject({ id: draft.id });
		await expect((await pb.as('practitioner@beta.test')).collection('drafts').getOne(draft.id)).resolves.toMatchObject({ id: draft.id });
		await expect(clients.get('practitioner')!.collection('drafts').update(draft.id, { fields: {} })).rejects.toMatchObject({ status: 403 });
	});

	it('a published protocol version is immutable even for the service superuser', async () => {
		await expect(pb.admin.collection('protocol_versions').update(fx.alpha.published, { package: { changed: true } })).rejects.toMatchObject({ status: 400 });
		await expect(pb.admin.collection('protocol_versions').delete(fx.alpha.published)).rejects.toMatchObject({ status: 400 });
		expect((await pb.admin.collection('protocol_versions').getOne(fx.alpha.published)).package).toEqual({ v: 1 });
		// Withdrawing is allowed; its content still cannot change.
		await expect(pb.admin.collection('protocol_versions').update(fx.alpha.published, { status: 'withdrawn' })).resolves.toMatchObject({ status: 'withdrawn' });
	});
});
