/// <reference path="../../.data/pb/types.d.ts" />
// Homeward's data model and API rules.
//
// Rules are written for a user's own token talking to PocketBase directly: whatever the
// SvelteKit server enforces, a practitioner with curl must not be able to write episode
// state, tasks, notifications or the event log, nor read another council's children unless
// the child is placed with their council (host authority). The server writes those
// collections with the service superuser, after the protocol engine has decided.

const SIGNED_IN = "@request.auth.id != ''";
// A child is visible to its responsible authority and to the host authority it is placed with.
const CHILD_ACCESS = (path) =>
  `${SIGNED_IN} && (${path}authority = @request.auth.authority || ${path}host_authority = @request.auth.authority)`;

migrate(
  (app) => {
    const settings = app.settings();
    settings.meta.appName = "Homeward";
    settings.batch.enabled = true;
    settings.batch.maxRequests = 50;
    settings.batch.timeout = 10;
    app.save(settings);

    const autodates = () => [
      { name: "created", type: "autodate", onCreate: true, onUpdate: false },
      { name: "updated", type: "autodate", onCreate: true, onUpdate: true }
    ];

    // ---- authorities: councils (and the national baseline) ----
    const authorities = new Collection({
      type: "base",
      name: "authorities",
      listRule: SIGNED_IN,
      viewRule: SIGNED_IN,
      createRule: null,
      updateRule: null,
      deleteRule: null,
      fields: [
        { name: "code", type: "text", required: true, max: 64 },
        { name: "name", type: "text", required: true, max: 200 },
        { name: "kind", type: "select", values: ["council", "national"], maxSelect: 1, required: true },
        ...autodates()
      ],
      indexes: ["CREATE UNIQUE INDEX idx_authorities_code ON authorities (code)"]
    });
    app.save(authorities);

    // ---- users: one authority and one role each; no sign-up, no self-promotion ----
    const users = app.findCollectionByNameOrId("users");
    users.fields.add(new SelectField({ name: "role", values: ["lead", "practitioner", "auditor", "admin"], maxSelect: 1, required: true }));
    users.fields.add(new RelationField({ name: "authority", collectionId: authorities.id, maxSelect: 1, required: true, cascadeDelete: false }));
    users.fields.add(new TextField({ name: "team", max: 200 }));
    // Colleagues in the same authority can see each other (task assignment); nobody else.
    users.listRule = `${SIGNED_IN} && authority = @request.auth.authority`;
    users.viewRule = `${SIGNED_IN} && (id = @request.auth.id || authority = @request.auth.authority)`;
    users.createRule = null;
    users.updateRule =
      "id = @request.auth.id && @request.body.role:changed = false && @request.body.authority:changed = false && @request.body.team:changed = false && @request.body.email:changed = false";
    users.deleteRule = null;
    users.manageRule = null;
    app.save(users);

    // ---- protocols and their versions ----
    const protocols = new Collection({
      type: "base",
      name: "protocols",
      // Protocols are public documents: every signed-in user (auditors especially) may read them.
      listRule: SIGNED_IN,
      viewRule: SIGNED_IN,
      createRule: `${SIGNED_IN} && @request.auth.role = 'lead' && @request.body.authority = @request.auth.authority`,
      updateRule: `${SIGNED_IN} && @request.auth.role = 'lead' && authority = @request.auth.authority && @request.body.authority:changed = false && @request.body.code:changed = false`,
      deleteRule: null,
      fields: [
        { name: "code", type: "text", required: true, max: 100 },
        { name: "title", type: "text", required: true, max: 300 },
        { name: "authority", type: "relation", collectionId: authorities.id, maxSelect: 1, required: true },
        ...autodates()
      ],
      indexes: ["CREATE UNIQUE INDEX idx_protocols_code ON protocols (code)"]
    });
    app.save(protocols);

    const versions = new Collection({
      type: "base",
      name: "protocol_versions",
      // Published versions are readable by every signed-in user; drafts only by their own authority.
      listRule: `${SIGNED_IN} && (status = 'published' || protocol.authority = @request.auth.authority)`,
      viewRule: `${SIGNED_IN} && (status = 'published' || protocol.authority = @request.auth.authority)`,
      createRule: `${SIGNED_IN} && @request.auth.role = 'lead' && @request.body.protocol.authority = @request.auth.authority && @request.body.status = 'draft'`,
      // A published version is immutable, for everyone but the service account.
      updateRule: `${SIGNED_IN} && @request.auth.role = 'lead' && protocol.authority = @request.auth.authority && status = 'draft' && @request.body.status:changed = false && @request.body.protocol:changed = false`,
      deleteRule: `${SIGNED_IN} && @request.auth.role = 'lead' && protocol.authority = @request.auth.authority && status = 'draft'`,
      fields: [
        { name: "protocol", type: "relation", collectionId: protocols.id, maxSelect: 1, required: true },
        { name: "version", type: "text", required: true, max: 50 },
        { name: "status", type: "select", values: ["draft", "published", "withdrawn"], maxSelect: 1, required: true },
        { name: "published_at", type: "date" },
        { name: "content_hash", type: "text", max: 128 },
        { name: "package", type: "json", required: true, maxSize: 5 * 1024 * 1024 },
        ...autodates()
      ],
      indexes: ["CREATE UNIQUE INDEX idx_protocol_versions_version ON protocol_versions (protocol, version)"]
    });
    app.save(versions);

    // Which protocol version an authority runs for new episodes.
    authorities.fields.add(new RelationField({ name: "active_protocol", collectionId: versions.id, maxSelect: 1 }));
    app.save(authorities);

    // ---- children ----
    const children = new Collection({
      type: "base",
      name: "children",
      listRule: CHILD_ACCESS(""),
      viewRule: CHILD_ACCESS(""),
      // Practitioners and leads add children to their own authority, or as the host authority.
      createRule: `${SIGNED_IN} && (@request.auth.role = 'practitioner' || @request.auth.role = 'lead') && (@request.body.authority = @request.auth.authority || @request.body.host_authority = @request.auth.authority)`,
      updateRule: `${SIGNED_IN} && (@request.auth.role = 'practitioner' || @request.auth.role = 'lead') && authority = @request.auth.authority && @request.body.authority:changed = false`,
      deleteRule: null,
      fields: [
        { name: "given_name", type: "text", required: true, max: 100 },
        { name: "family_name", type: "text", required: true, max: 100 },
        { name: "preferred_name", type: "text", max: 100 },
        { name: "date_of_birth", type: "date", required: true },
        { name: "sex", type: "select", values: ["female", "male", "other", "not-known"], maxSelect: 1 },
        { name: "ethnicity", type: "text", max: 100 },
        {
          name: "legal_status",
          type: "select",
          values: ["looked-after", "child-protection-plan", "child-in-need", "early-help", "none"],
          maxSelect: 1,
          required: true
        },
        { name: "authority", type: "relation", collectionId: authorities.id, maxSelect: 1, required: true },
        { name: "host_authority", type: "relation", collectionId: authorities.id, maxSelect: 1 },
        { name: "open_to_services", type: "bool" },
        { name: "exploitation_risk", type: "select", values: ["none", "low", "medium", "high"], maxSelect: 1 },
        { name: "learning_disability", type: "bool" },
        { name: "mental_health_concern", type: "bool" },
        { name: "created_by", type: "relation", collectionId: users.id, maxSelect: 1 },
        ...autodates()
      ],
      indexes: [
        "CREATE INDEX idx_children_authority ON children (authority)",
        "CREATE INDEX idx_children_host ON children (host_authority)"
      ]
    });
    app.save(children);

    // ---- episodes: state is written by the server only ----
    const episodes = new Collection({
      type: "base",
      name: "episodes",
      listRule: CHILD_ACCESS("child."),
      viewRule: CHILD_ACCESS("child."),
      createRule: null,
      updateRule: null,
      deleteRule: null,
      fields: [
        { name: "child", type: "relation", collectionId: children.id, maxSelect: 1, required: true },
        { name: "protocol_version", type: "relation", collectionId: versions.id, maxSelect: 1, required: true },
        { name: "lifecycle_id", type: "text", required: true, max: 100 },
        { name: "state", type: "text", required: true, max: 100 },
        { name: "snapshot", type: "json", required: true, maxSize: 1024 * 1024 },
        { name: "seq", type: "number", onlyInt: true, min: 0 },
        { name: "risk_category", type: "text", max: 50 },
        { name: "missing_from", type: "date" },
        { name: "reported_at", type: "date" },
        { name: "returned_at", type: "date" },
        { name: "closed_at", type: "date" },
        { name: "rhi_authority", type: "relation", collectionId: authorities.id, maxSelect: 1 },
        { name: "rhi_team", type: "text", max: 200 },
        { name: "created_by", type: "relation", collectionId: users.id, maxSelect: 1 },
        ...autodates()
      ],
      indexes: ["CREATE INDEX idx_episodes_child ON episodes (child)"]
    });
    app.save(episodes);

    // ---- submissions: completed forms, written by the server with the episode ----
    const submissions = new Collection({
      type: "base",
      name: "submissions",
      listRule: CHILD_ACCESS("child."),
      viewRule: CHILD_ACCESS("child."),
      createRule: null,
      updateRule: null,
      deleteRule: null,
      fields: [
        { name: "child", type: "relation", collectionId: children.id, maxSelect: 1, required: true },
        { name: "episode", type: "relation", collectionId: episodes.id, maxSelect: 1 },
        { name: "form_id", type: "text", required: true, max: 100 },
        { name: "form_version", type: "text", required: true, max: 50 },
        { name: "schema_hash", type: "text", required: true, max: 128 },
        { name: "data", type: "json", required: true, maxSize: 2 * 1024 * 1024 },
        { name: "files", type: "file", maxSelect: 10, maxSize: 10 * 1024 * 1024, mimeTypes: ["image/jpeg", "image/png", "application/pdf"] },
        { name: "author", type: "relation", collectionId: users.id, maxSelect: 1 },
        ...autodates()
      ],
      indexes: ["CREATE INDEX idx_submissions_episode ON submissions (episode)"]
    });
    app.save(submissions);

    // ---- drafts: a practitioner's unfinished form, theirs alone ----
    const drafts = new Collection({
      type: "base",
      name: "drafts",
      listRule: `${SIGNED_IN} && owner = @request.auth.id`,
      viewRule: `${SIGNED_IN} && owner = @request.auth.id`,
      createRule: null,
      updateRule: null,
      deleteRule: null,
      fields: [
        { name: "owner", type: "relation", collectionId: users.id, maxSelect: 1, required: true },
        { name: "child", type: "relation", collectionId: children.id, maxSelect: 1 },
        { name: "episode", type: "relation", collectionId: episodes.id, maxSelect: 1 },
        { name: "form_id", type: "text", required: true, max: 100 },
        { name: "key", type: "text", required: true, max: 300 },
        { name: "data", type: "json", maxSize: 2 * 1024 * 1024 },
        { name: "revision", type: "number", onlyInt: true, min: 0 },
        ...autodates()
      ],
      indexes: ["CREATE UNIQUE INDEX idx_drafts_key ON drafts (key)"]
    });
    app.save(drafts);

    // ---- tasks: clocks made concrete; written by the server only ----
    const tasks = new Collection({
      type: "base",
      name: "tasks",
      // Visible to the authority that must act, and to those who can see the child.
      listRule: `${SIGNED_IN} && (authority = @request.auth.authority || child.authority = @request.auth.authority || child.host_authority = @request.auth.authority)`,
      viewRule: `${SIGNED_IN} && (authority = @request.auth.authority || child.authority = @request.auth.authority || child.host_authority = @request.auth.authority)`,
      createRule: null,
      updateRule: null,
      deleteRule: null,
      fields: [
        { name: "child", type: "relation", collectionId: children.id, maxSelect: 1, required: true },
        { name: "episode", type: "relation", collectionId: episodes.id, maxSelect: 1 },
        { name: "authority", type: "relation", collectionId: authorities.id, maxSelect: 1, required: true },
        { name: "team", type: "text", max: 200 },
        { name: "assignee", type: "relation", collectionId: users.id, maxSelect: 1 },
        { name: "key", type: "text", required: true, max: 300 },
        { name: "kind", type: "select", values: ["deadline", "escalation", "stage-meeting", "judgement-decision", "rhi-follow-up"], maxSelect: 1, required: true },
        { name: "title", type: "text", required: true, max: 300 },
        { name: "form_id", type: "text", max: 100 },
        { name: "due_at", type: "date", required: true },
        { name: "status", type: "select", values: ["pending", "open", "due", "overdue", "done", "cancelled"], maxSelect: 1, required: true },
        { name: "completed_at", type: "date" },
        { name: "details", type: "json", maxSize: 64 * 1024 },
        ...autodates()
      ],
      indexes: [
        "CREATE UNIQUE INDEX idx_tasks_key ON tasks (key)",
        "CREATE INDEX idx_tasks_due ON tasks (status, due_at)"
      ]
    });
    app.save(tasks);

    // ---- notifications: to a role in an authority (possibly another council) ----
    const notifications = new Collection({
      type: "base",
      name: "notifications",
      listRule: `${SIGNED_IN} && authority = @request.auth.authority`,
      viewRule: `${SIGNED_IN} && authority = @request.auth.authority`,
      createRule: null,
      updateRule: null,
      deleteRule: null,
      fields: [
        { name: "authority", type: "relation", collectionId: authorities.id, maxSelect: 1, required: true },
        { name: "child", type: "relation", collectionId: children.id, maxSelect: 1 },
        { name: "episode", type: "relation", collectionId: episodes.id, maxSelect: 1 },
        { name: "recipient", type: "text", required: true, max: 100 },
        { name: "key", type: "text", required: true, max: 300 },
        { name: "title", type: "text", required: true, max: 300 },
        { name: "body", type: "text", max: 5000 },
        // What the receiving council may see of the child, as the protocol shares it.
        { name: "shared", type: "json", maxSize: 64 * 1024 },
        { name: "due_at", type: "date" },
        { name: "read_at", type: "date" },
        ...autodates()
      ],
      indexes: ["CREATE UNIQUE INDEX idx_notifications_key ON notifications (key)"]
    });
    app.save(notifications);

    // ---- events: the append-only log; (episode, seq) unique, so a racing writer fails ----
    const events = new Collection({
      type: "base",
      name: "events",
      listRule: CHILD_ACCESS("child."),
      viewRule: CHILD_ACCESS("child."),
      createRule: null,
      updateRule: null,
      deleteRule: null,
      fields: [
        { name: "child", type: "relation", collectionId: children.id, maxSelect: 1, required: true },
        { name: "episode", type: "relation", collectionId: episodes.id, maxSelect: 1 },
        { name: "stream", type: "text", required: true, max: 100 },
        { name: "seq", type: "number", onlyInt: true, min: 1, required: true },
        { name: "type", type: "text", required: true, max: 100 },
        { name: "payload", type: "json", maxSize: 256 * 1024 },
        { name: "actor", type: "relation", collectionId: users.id, maxSelect: 1 },
        { name: "at", type: "date", required: true },
        ...autodates()
      ],
      indexes: ["CREATE UNIQUE INDEX idx_events_stream_seq ON events (stream, seq)"]
    });
    app.save(events);
  },
  (app) => {
    for (const name of ["events", "notifications", "tasks", "drafts", "submissions", "episodes", "children"]) {
      app.delete(app.findCollectionByNameOrId(name));
    }
    const authorities = app.findCollectionByNameOrId("authorities");
    authorities.fields.removeByName("active_protocol");
    app.save(authorities);
    for (const name of ["protocol_versions", "protocols"]) {
      app.delete(app.findCollectionByNameOrId(name));
    }
    const users = app.findCollectionByNameOrId("users");
    for (const f of ["role", "authority", "team"]) users.fields.removeByName(f);
    app.save(users);
    app.delete(authorities);
  }
);
