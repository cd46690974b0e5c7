/**
 * A select job's OutputLocation (glacier-api.md §3.3): `{ S3: S3Location }` with BucketName and
 * Prefix required, encryption, canned ACL or grants, tags, metadata and storage class.
 * Pure and isomorphic.
 */

import {
  type CannedAcl,
  CANNED_ACLS,
  type EncryptionType,
  ENCRYPTION_TYPES,
  GRANTEE_TYPES,
  type GranteeType,
  GROUP_GRANTEE_URIS,
  type Permission,
  PERMISSIONS,
  type StorageClass,
  STORAGE_CLASSES,
} from "./job-types";
import {
  type Issues,
  checkObject,
  checkRequired,
  isAbsent,
  joinPath,
  readEnum,
  readObject,
  readRequiredEnum,
  readRequiredString,
  readString,
  ruleOf,
} from "./rule-issues";
import { checkBucketName, checkTagging, checkUserMetadata } from "./s3-rules";
import { utf8ByteLength } from "./text";

export interface Encryption {
  EncryptionType: EncryptionType;
  KMSKeyId?: string;
  KMSContext?: string;
}

export interface Grantee {
  Type: GranteeType;
  DisplayName?: string;
  URI?: string;
  ID?: string;
  EmailAddress?: string;
}

export interface Grant {
  Grantee: Grantee;
  Permission: Permission;
}

export interface S3Location {
  BucketName: string;
  Prefix: string;
  Encryption?: Encryption;
  CannedACL?: CannedAcl;
  AccessControlList?: Grant[];
  Tagging?: Record<string, string>;
  UserMetadata?: Record<string, string>;
  StorageClass?: StorageClass;
}

export interface OutputLocation {
  S3: S3Location;
}

/**
 * Thaw decision: S3 keys are at most 1024 bytes and Glacier appends `/<92-char job id>/results/…`
 * to the prefix, so the prefix is capped at 512 bytes to leave that room.
 */
export const MAX_OUTPUT_PREFIX_BYTES = 512;
/**
 * A canned ACL and explicit grants are refused together. Glacier's S3Location page
 * (https://docs.aws.amazon.com/amazonglacier/latest/dev/api-S3Location.html) lists CannedACL and
 * AccessControlList as two optional members and is silent on giving both; Glacier writes the results
 * with S3 PutObject, and S3 refuses `x-amz-acl` together with `x-amz-grant-*` ("If you use this
 * header, you cannot use other access control-specific headers in your request":
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html, x-amz-acl). So a job with both
 * could only fail when its results are written, hours later; the wizard, the action and the emulator
 * refuse it at InitiateJob instead, with this message, at CannedACL (a single field, where the
 * wizard shows it beside the choice to undo).
 */
export const CANNED_ACL_WITH_GRANTS = "Choose either a canned ACL or individual grants, not both";

/** S3 allows at most 100 grants in one access control list. */
export const MAX_GRANTS = 100;

const S3_KEYS = [
  "BucketName",
  "Prefix",
  "Encryption",
  "CannedACL",
  "AccessControlList",
  "Tagging",
  "UserMetadata",
  "StorageClass",
];
const ENCRYPTION_KEYS = ["EncryptionType", "KMSKeyId", "KMSContext"];
const GRANT_KEYS = ["Grantee", "Permission"];
const GRANTEE_KEYS = ["Type", "DisplayName", "URI", "ID", "EmailAddress"];

/** Which identifying member each grantee type requires (the others are refused). */
const GRANTEE_IDENTIFIER: Readonly<Record<GranteeType, "ID" | "URI" | "EmailAddress">> = {
  CanonicalUser: "ID",
  Group: "URI",
  AmazonCustomerByEmail: "EmailAddress",
};

const CANONICAL_USER_ID = /^[0-9a-f]{64}$/i;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function checkPrefix(value: unknown, path: string, issues: Issues): string | undefined {
  const prefix = readRequiredString(value, path, issues);
  if (prefix === undefined) return undefined;
  if (/\p{Cc}/u.test(prefix)) return issues.invalid(path, `${path} must not contain control characters`);
  if (utf8ByteLength(prefix) > MAX_OUTPUT_PREFIX_BYTES)
    return issues.invalid(path, `${path} must be at most ${MAX_OUTPUT_PREFIX_BYTES} bytes long`);
  return prefix;
}

export function checkEncryption(value: unknown, path: string, issues: Issues): Encryption | undefined {
  return checkObject(value, path, ENCRYPTION_KEYS, issues, (input) => {
    const type = readRequiredEnum(
      input.EncryptionType,
      joinPath(path, "EncryptionType"),
      ENCRYPTION_TYPES,
      issues,
    );
    const result: Partial<Encryption> = { EncryptionType: type };
    for (const key of ["KMSKeyId", "KMSContext"] as const) {
      if (isAbsent(input[key])) continue;
      const keyPath = joinPath(path, key);
      const text = readRequiredString(input[key], keyPath, issues);
      if (text !== undefined && type !== undefined && type !== "aws:kms") {
        issues.invalid(
          keyPath,
          `${keyPath} may only be given when ${joinPath(path, "EncryptionType")} is aws:kms`,
        );
      } else if (text !== undefined && /\s/.test(text) && key === "KMSKeyId") {
        issues.invalid(keyPath, `${keyPath} must not contain whitespace`);
      }
      result[key] = text;
    }
    return type === undefined ? undefined : { ...result, EncryptionType: type };
  });
}

export function checkGrantee(value: unknown, path: string, issues: Issues): Grantee | undefined {
  return checkObject(value, path, GRANTEE_KEYS, issues, (input) => {
    const type = readRequiredEnum(input.Type, joinPath(path, "Type"), GRANTEE_TYPES, issues);
    if (type === undefined) return undefined;
    const required = GRANTEE_IDENTIFIER[type];
    const grantee: Grantee = { Type: type };
    if (!isAbsent(input.DisplayName))
      grantee.DisplayName = readString(input.DisplayName, joinPath(path, "DisplayName"), issues);
    for (const key of ["ID", "URI", "EmailAddress"] as const) {
      const keyPath = joinPath(path, key);
      if (key !== required) {
        if (!isAbsent(input[key]))
          issues.invalid(keyPath, `${keyPath} must not be given for a ${type} grantee`);
        continue;
      }
      const text = isAbsent(input[key])
        ? issues.missing(keyPath, `${keyPath} is required for a ${type} grantee`)
        : readRequiredString(input[key], keyPath, issues);
      if (text === undefined) continue;
      if (key === "ID" && !CANONICAL_USER_ID.test(text))
        issues.invalid(keyPath, `${keyPath} must be a canonical user ID (64 hexadecimal characters)`);
      if (key === "EmailAddress" && !EMAIL.test(text))
        issues.invalid(keyPath, `${keyPath} is not an email address`);
      if (key === "URI" && !(GROUP_GRANTEE_URIS as readonly string[]).includes(text)) {
        issues.invalid(keyPath, `${keyPath} must be one of ${GROUP_GRANTEE_URIS.join(", ")}`);
      }
      grantee[key] = text;
    }
    return grantee;
  });
}

export function checkAccessControlList(value: unknown, path: string, issues: Issues): Grant[] | undefined {
  if (!Array.isArray(value)) return issues.invalid(path, `${path} must be a list of grants`);
  if (value.length > MAX_GRANTS) return issues.invalid(path, `${path} may hold at most ${MAX_GRANTS} grants`);
  const before = issues.size;
  const grants: Grant[] = [];
  value.forEach((entry: unknown, index) => {
    const grantPath = joinPath(path, index);
    const input = readObject(entry, grantPath, GRANT_KEYS, issues);
    if (input === undefined) return;
    const grantee = checkRequired(input.Grantee, joinPath(grantPath, "Grantee"), issues, checkGrantee);
    const permission = readRequiredEnum(
      input.Permission,
      joinPath(grantPath, "Permission"),
      PERMISSIONS,
      issues,
    );
    if (grantee && permission) grants.push({ Grantee: grantee, Permission: permission });
  });
  return issues.size > before ? undefined : grants;
}

export function checkS3Location(value: unknown, path: string, issues: Issues): S3Location | undefined {
  return checkObject(value, path, S3_KEYS, issues, (input) => {
    const bucketPath = joinPath(path, "BucketName");
    const bucket = readRequiredString(input.BucketName, bucketPath, issues);
    const location: Partial<S3Location> = {
      BucketName: bucket === undefined ? undefined : checkBucketName(bucket, bucketPath, issues),
      Prefix: checkPrefix(input.Prefix, joinPath(path, "Prefix"), issues),
    };
    const at = (key: string) => joinPath(path, key);
    if (!isAbsent(input.Encryption))
      location.Encryption = checkEncryption(input.Encryption, at("Encryption"), issues);
    if (!isAbsent(input.CannedACL))
      location.CannedACL = readEnum(input.CannedACL, at("CannedACL"), CANNED_ACLS, issues);
    if (!isAbsent(input.AccessControlList)) {
      location.AccessControlList = checkAccessControlList(
        input.AccessControlList,
        at("AccessControlList"),
        issues,
      );
      if (!isAbsent(input.CannedACL)) issues.invalid(at("CannedACL"), CANNED_ACL_WITH_GRANTS);
    }
    if (!isAbsent(input.Tagging)) location.Tagging = checkTagging(input.Tagging, at("Tagging"), issues);
    if (!isAbsent(input.UserMetadata))
      location.UserMetadata = checkUserMetadata(input.UserMetadata, at("UserMetadata"), issues);
    if (!isAbsent(input.StorageClass))
      location.StorageClass = readEnum(input.StorageClass, at("StorageClass"), STORAGE_CLASSES, issues);
    const { BucketName, Prefix } = location;
    if (BucketName === undefined || Prefix === undefined) return undefined;
    return { ...location, BucketName, Prefix };
  });
}

export function checkOutputLocation(
  value: unknown,
  path: string,
  issues: Issues,
): OutputLocation | undefined {
  const input = readObject(value, path, ["S3"], issues);
  if (input === undefined) return undefined;
  const s3 = checkRequired(input.S3, joinPath(path, "S3"), issues, checkS3Location);
  return s3 === undefined ? undefined : { S3: s3 };
}

export const ruleOutputLocation = ruleOf(checkOutputLocation, "OutputLocation");
export const ruleS3Location = ruleOf(checkS3Location, "OutputLocation.S3");
export const ruleEncryption = ruleOf(checkEncryption, "OutputLocation.S3.Encryption");
export const ruleAccessControlList = ruleOf(checkAccessControlList, "OutputLocation.S3.AccessControlList");
export const ruleGrantee = ruleOf(checkGrantee, "Grantee");
