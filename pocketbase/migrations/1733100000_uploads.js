/// <reference path="../../.data/pb/types.d.ts" />
// Files and photos given with forms: one file per record, the form's answer holding the
// record's id. Readable by whoever can see the child (as children are); written only by the
// server, after it has checked the file against the question and the user's own token against
// the child. Files are protected: PocketBase serves one only with a file token of a user whose
// token passes the view rule, so a file URL on its own opens nothing.
//
// The size and types here are the outer bound for every protocol (a question's x-ui.accept and
// x-ui.maxBytes narrow them); src/lib/protocol/form-files.ts UPLOAD_TYPES/UPLOAD_MAX_BYTES match.

const SIGNED_IN = "@request.auth.id != ''";
const CHILD_ACCESS = `${SIGNED_IN} && (child.authority = @request.auth.authority || child.host_authority = @request.auth.authority)`;

migrate(
  (app) => {
    const children = app.findCollectionByNameOrId("children");
    const users = app.findCollectionByNameOrId("users");
    const uploads = new Collection({
      type: "base",
      name: "uploads",
      listRule: CHILD_ACCESS,
      viewRule: CHILD_ACCESS,
      createRule: null,
      updateRule: null,
      deleteRule: null,
      fields: [
        {
          name: "file",
          type: "file",
          required: true,
          maxSelect: 1,
          maxSize: 10 * 1024 * 1024,
          mimeTypes: ["image/jpeg", "image/png", "application/pdf"],
          protected: true
        },
        { name: "child", type: "relation", collectionId: children.id, maxSelect: 1, required: true, cascadeDelete: false },
        { name: "uploaded_by", type: "relation", collectionId: users.id, maxSelect: 1, required: true },
        { name: "form_id", type: "text", required: true, max: 100 },
        // The question's field path when the file was given (e.g. "photo", "associates[1].photo").
        { name: "question", type: "text", required: true, max: 300 },
        { name: "name", type: "text", required: true, max: 255 },
        { name: "size", type: "number", onlyInt: true, min: 1, required: true },
        // The type read from the file's first bytes, not the browser's claim.
        { name: "type", type: "text", required: true, max: 100 },
        { name: "created", type: "autodate", onCreate: true, onUpdate: false },
        { name: "updated", type: "autodate", onCreate: true, onUpdate: true }
      ],
      indexes: ["CREATE INDEX idx_uploads_child ON uploads (child)"]
    });
    app.save(uploads);
  },
  (app) => {
    app.delete(app.findCollectionByNameOrId("uploads"));
  }
);
