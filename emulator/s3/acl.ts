import { createHash } from "node:crypto";
import { type CannedAcl, type Permission } from "../../lib/glacier/job-types";
import { type Grant, type Grantee } from "../../lib/glacier/output-location-rules";
import { type ObjectAttributes } from "./types";
import { type XmlNode, el, elWith } from "./xml";

const ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers";
const AUTHENTICATED_USERS = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers";
const XSI = "http://www.w3.org/2001/XMLSchema-instance";

export interface Owner {
  ID: string;
  DisplayName: string;
}

/** The account's canonical user: a stable 64-hex id derived from the account id. */
export function ownerOf(accountId: string): Owner {
  return { ID: createHash("sha256").update(`thaw-emulator:${accountId}`).digest("hex"), DisplayName: "thaw" };
}

const group = (uri: string, permission: Permission): Grant => ({
  Grantee: { Type: "Group", URI: uri },
  Permission: permission,
});

/**
 * The grants a canned ACL stands for (S3 user guide, canned ACL table). The bucket owner is the
 * object owner here (one account), so the bucket-owner ACLs add nothing; aws-exec-read's EC2 grant
 * is not modelled.
 */
function cannedGrants(canned: CannedAcl | null): Grant[] {
  switch (canned) {
    case "public-read":
      return [group(ALL_USERS, "READ")];
    case "public-read-write":
      return [group(ALL_USERS, "READ"), group(ALL_USERS, "WRITE")];
    case "authenticated-read":
      return [group(AUTHENTICATED_USERS, "READ")];
    default:
      return [];
  }
}

/** The object's full ACL: the owner's FULL_CONTROL, then the canned ACL's or explicit grants. */
export function effectiveGrants(acl: ObjectAttributes["acl"], owner: Owner): Grant[] {
  const ownerGrant: Grant = {
    Grantee: { Type: "CanonicalUser", ID: owner.ID, DisplayName: owner.DisplayName },
    Permission: "FULL_CONTROL",
  };
  return [ownerGrant, ...cannedGrants(acl.canned), ...acl.grants];
}

/** Whether an anonymous request may read the object (AllUsers READ or FULL_CONTROL). */
export function isPublicRead(acl: ObjectAttributes["acl"]): boolean {
  return [...cannedGrants(acl.canned), ...acl.grants].some(
    (g) =>
      g.Grantee.Type === "Group" &&
      g.Grantee.URI === ALL_USERS &&
      (g.Permission === "READ" || g.Permission === "FULL_CONTROL"),
  );
}

function granteeXml(grantee: Grantee): XmlNode {
  return elWith(
    "Grantee",
    { "xmlns:xsi": XSI, "xsi:type": grantee.Type },
    grantee.ID === undefined ? null : el("ID", grantee.ID),
    grantee.DisplayName === undefined ? null : el("DisplayName", grantee.DisplayName),
    grantee.EmailAddress === undefined ? null : el("EmailAddress", grantee.EmailAddress),
    grantee.URI === undefined ? null : el("URI", grantee.URI),
  );
}

export function ownerXml(owner: Owner): XmlNode {
  return el("Owner", el("ID", owner.ID), el("DisplayName", owner.DisplayName));
}

/** GetObjectAcl's AccessControlPolicy document. */
export function aclXml(acl: ObjectAttributes["acl"], owner: Owner, xmlns: string): XmlNode {
  return elWith(
    "AccessControlPolicy",
    { xmlns },
    ownerXml(owner),
    el(
      "AccessControlList",
      effectiveGrants(acl, owner).map((g) =>
        el("Grant", granteeXml(g.Grantee), el("Permission", g.Permission)),
      ),
    ),
  );
}
