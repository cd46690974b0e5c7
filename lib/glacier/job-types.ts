/**
 * Glacier's closed value sets (glacier-api.md §3, §4, §5) as `as const` arrays with derived types,
 * so wizards, schemas and the emulator enumerate the same values. Pure and isomorphic.
 */

export const JOB_TYPES = ["archive-retrieval", "inventory-retrieval", "select"] as const;
export type JobType = (typeof JOB_TYPES)[number];

/** The `Action` of a job description: PascalCase where InitiateJob's `Type` is kebab-case (§10.11). */
export const JOB_ACTIONS = ["ArchiveRetrieval", "InventoryRetrieval", "Select"] as const;
export type JobAction = (typeof JOB_ACTIONS)[number];

const ACTION_BY_TYPE: Readonly<Record<JobType, JobAction>> = {
  "archive-retrieval": "ArchiveRetrieval",
  "inventory-retrieval": "InventoryRetrieval",
  select: "Select",
};

const TYPE_BY_ACTION: Readonly<Record<JobAction, JobType>> = {
  ArchiveRetrieval: "archive-retrieval",
  InventoryRetrieval: "inventory-retrieval",
  Select: "select",
};

export function jobTypeToAction(type: JobType): JobAction {
  return ACTION_BY_TYPE[type];
}

export function actionToJobType(action: JobAction): JobType {
  return TYPE_BY_ACTION[action];
}

export const TIERS = ["Expedited", "Standard", "Bulk"] as const;
export type Tier = (typeof TIERS)[number];
export const DEFAULT_TIER: Tier = "Standard";

export const INVENTORY_FORMATS = ["CSV", "JSON"] as const;
export type InventoryFormat = (typeof INVENTORY_FORMATS)[number];
export const DEFAULT_INVENTORY_FORMAT: InventoryFormat = "JSON";

export const STATUS_CODES = ["InProgress", "Succeeded", "Failed"] as const;
export type StatusCode = (typeof STATUS_CODES)[number];

export const EXPRESSION_TYPES = ["SQL"] as const;
export type ExpressionType = (typeof EXPRESSION_TYPES)[number];

/** The model's enum is upper case; the developer guide writes Use/Ignore/None (matched case-insensitively). */
export const FILE_HEADER_INFO = ["USE", "IGNORE", "NONE"] as const;
export type FileHeaderInfo = (typeof FILE_HEADER_INFO)[number];

export const QUOTE_FIELDS = ["ALWAYS", "ASNEEDED"] as const;
export type QuoteFields = (typeof QUOTE_FIELDS)[number];

export const CANNED_ACLS = [
  "private",
  "public-read",
  "public-read-write",
  "aws-exec-read",
  "authenticated-read",
  "bucket-owner-read",
  "bucket-owner-full-control",
] as const;
export type CannedAcl = (typeof CANNED_ACLS)[number];

export const GRANTEE_TYPES = ["AmazonCustomerByEmail", "CanonicalUser", "Group"] as const;
export type GranteeType = (typeof GRANTEE_TYPES)[number];

export const PERMISSIONS = ["FULL_CONTROL", "WRITE", "WRITE_ACP", "READ", "READ_ACP"] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const STORAGE_CLASSES = ["STANDARD", "REDUCED_REDUNDANCY", "STANDARD_IA"] as const;
export type StorageClass = (typeof STORAGE_CLASSES)[number];

export const ENCRYPTION_TYPES = ["aws:kms", "AES256"] as const;
export type EncryptionType = (typeof ENCRYPTION_TYPES)[number];

/** S3's predefined groups, the only valid `URI` of a `Group` grantee. */
export const GROUP_GRANTEE_URIS = [
  "http://acs.amazonaws.com/groups/global/AllUsers",
  "http://acs.amazonaws.com/groups/global/AuthenticatedUsers",
  "http://acs.amazonaws.com/groups/s3/LogDelivery",
] as const;

export const VAULT_NOTIFICATION_EVENTS = [
  "ArchiveRetrievalCompleted",
  "InventoryRetrievalCompleted",
] as const;
export type VaultNotificationEvent = (typeof VAULT_NOTIFICATION_EVENTS)[number];

/** Type guard for membership in one of the lists above. */
export function isOneOf<T extends string>(values: readonly T[], value: unknown): value is T {
  return typeof value === "string" && (values as readonly string[]).includes(value);
}
