import { randomBytes } from "node:crypto";

// Real Glacier ids are URL-safe base64 of these lengths: archive ids 138 characters, upload ids 92,
// capacity ids 24. base64url of n bytes is ceil(4n/3) characters.
export const newArchiveId = () => randomBytes(103).toString("base64url");
export const newUploadId = () => randomBytes(69).toString("base64url");
export const newCapacityId = () => randomBytes(18).toString("base64url");
export const newRequestId = () => randomBytes(33).toString("base64url");
