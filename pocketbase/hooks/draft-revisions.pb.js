/// <reference path="../../.data/pb/types.d.ts" />
// A draft's revisions are a log: a revision, once saved, never changes, even for the service
// superuser. They go only when their draft goes (recorded or discarded), by cascade.

onRecordUpdate((e) => {
  throw new BadRequestError("A draft's saved revisions cannot be changed: save a new revision instead.");
}, "draft_revisions");
