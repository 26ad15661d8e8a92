/// <reference path="../../.data/pb/types.d.ts" />
// Drafts of forms in progress, shared by everyone who can see the child, and the create-only
// log of their revisions.
//
// A draft belongs to what is being filled (the child's missing report or Philomena profile, an
// episode's step), not to one person, so a colleague on the next shift picks it up. Only the
// server writes drafts, after checking with the user's own token that they can see the child;
// a user's token can read the drafts of children their council may see, and write nothing.
//
// Each save adds revision N+1 to draft_revisions, whose (draft, revision) is unique, in the same
// batch that moves the draft to N+1: of two saves made from revision N, exactly one commits and
// the other is refused as a conflict (as events' unique (stream, seq) does for episodes).

const SIGNED_IN = "@request.auth.id != ''";
const CHILD_ACCESS = (path) =>
  `${SIGNED_IN} && (${path}authority = @request.auth.authority || ${path}host_authority = @request.auth.authority)`;

migrate(
  (app) => {
    const users = app.findCollectionByNameOrId("users");
    const versions = app.findCollectionByNameOrId("protocol_versions");

    const drafts = app.findCollectionByNameOrId("drafts");
    drafts.listRule = CHILD_ACCESS("child.");
    drafts.viewRule = CHILD_ACCESS("child.");
    drafts.createRule = null;
    drafts.updateRule = null;
    drafts.deleteRule = null;
    drafts.fields.getByName("child").required = true;
    // The raw field values exactly as typed ("31/2" survives), never parsed answers.
    drafts.fields.removeByName("data");
    drafts.fields.add(new JSONField({ name: "fields", maxSize: 2 * 1024 * 1024 }));
    drafts.fields.add(new TextField({ name: "step", max: 100 }));
    drafts.fields.add(new RelationField({ name: "updated_by", collectionId: users.id, maxSelect: 1 }));
    // The episode's seq when the step's draft was started: a later step by someone else is a conflict at submit.
    drafts.fields.add(new NumberField({ name: "expected_seq", onlyInt: true, min: 0 }));
    drafts.fields.add(new TextField({ name: "schema_hash", max: 128 }));
    drafts.addIndex("idx_drafts_child", false, "child", "");
    app.save(drafts);

    const revisions = new Collection({
      type: "base",
      name: "draft_revisions",
      listRule: CHILD_ACCESS("draft.child."),
      viewRule: CHILD_ACCESS("draft.child."),
      createRule: null,
      updateRule: null,
      deleteRule: null,
      fields: [
        // Removed with its draft when the form is recorded or the draft discarded.
        { name: "draft", type: "relation", collectionId: drafts.id, maxSelect: 1, required: true, cascadeDelete: true },
        { name: "revision", type: "number", onlyInt: true, min: 1, required: true },
        { name: "kind", type: "select", values: ["saved", "submitted"], maxSelect: 1, required: true },
        { name: "fields", type: "json", maxSize: 2 * 1024 * 1024 },
        { name: "author", type: "relation", collectionId: users.id, maxSelect: 1 },
        // Which open page (browser tab, or page load without JavaScript) saved it.
        { name: "editor", type: "text", max: 64 },
        { name: "created", type: "autodate", onCreate: true, onUpdate: false }
      ],
      indexes: ["CREATE UNIQUE INDEX idx_draft_revisions_revision ON draft_revisions (draft, revision)"]
    });
    app.save(revisions);

    // A child-level submission (a Philomena profile) has no episode to say which protocol it follows.
    const submissions = app.findCollectionByNameOrId("submissions");
    submissions.fields.add(new RelationField({ name: "protocol_version", collectionId: versions.id, maxSelect: 1 }));
    submissions.addIndex("idx_submissions_child_form", false, "child, form_id", "");
    app.save(submissions);
  },
  (app) => {
    app.delete(app.findCollectionByNameOrId("draft_revisions"));

    const submissions = app.findCollectionByNameOrId("submissions");
    submissions.removeIndex("idx_submissions_child_form");
    submissions.fields.removeByName("protocol_version");
    app.save(submissions);

    const drafts = app.findCollectionByNameOrId("drafts");
    drafts.removeIndex("idx_drafts_child");
    for (const name of ["fields", "step", "updated_by", "expected_seq", "schema_hash"]) drafts.fields.removeByName(name);
    drafts.fields.add(new JSONField({ name: "data", maxSize: 2 * 1024 * 1024 }));
    drafts.fields.getByName("child").required = false;
    drafts.listRule = `${SIGNED_IN} && owner = @request.auth.id`;
    drafts.viewRule = `${SIGNED_IN} && owner = @request.auth.id`;
    app.save(drafts);
  }
);
