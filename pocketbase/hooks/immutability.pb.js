/// <reference path="../../.data/pb/types.d.ts" />
// API rules stop users; these hooks stop everyone, the service superuser included, so the
// event log stays append-only and a published protocol version never changes under an episode.

onRecordUpdate((e) => {
  throw new BadRequestError("The event log is append-only: events cannot be changed.");
}, "events");

onRecordDelete((e) => {
  throw new BadRequestError("The event log is append-only: events cannot be deleted.");
}, "events");

onRecordUpdate((e) => {
  const before = e.record.original();
  if (before.get("status") !== "draft") {
    const samePackage = JSON.stringify(before.get("package")) === JSON.stringify(e.record.get("package"));
    const sameVersion = before.get("version") === e.record.get("version") && before.get("protocol") === e.record.get("protocol");
    const allowedStatus = e.record.get("status") === before.get("status") || e.record.get("status") === "withdrawn";
    if (!samePackage || !sameVersion || !allowedStatus) {
      throw new BadRequestError("A published protocol version is immutable: publish a new version instead.");
    }
  }
  e.next();
}, "protocol_versions");

onRecordDelete((e) => {
  if (e.record.get("status") !== "draft") {
    throw new BadRequestError("A published protocol version cannot be deleted: episodes are pinned to it.");
  }
  e.next();
}, "protocol_versions");
