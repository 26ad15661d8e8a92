/// <reference path="../../.data/pb/types.d.ts" />
// A draft can be deleted by whoever may see the child, from check your answers. Like recording
// it, deleting writes a closing revision first in the same batch, so a save made meanwhile
// makes the deletion fail instead of being lost with it.

migrate(
  (app) => {
    const revisions = app.findCollectionByNameOrId("draft_revisions");
    revisions.fields.getByName("kind").values = ["saved", "submitted", "discarded"];
    app.save(revisions);
  },
  (app) => {
    const revisions = app.findCollectionByNameOrId("draft_revisions");
    revisions.fields.getByName("kind").values = ["saved", "submitted"];
    app.save(revisions);
  }
);
