import { z } from "zod";
import { type AwsFailure } from "@/lib/glacier/failure";

/**
 * The connection form's rules, shared by the client form and the server action (no server imports
 * here). Values are trimmed; optional text fields treat "" as absent, because that is what an empty
 * input submits.
 */

/** Regions where the Glacier vault API is offered (commercial, GovCloud and China partitions). */
export const AWS_REGION_NAMES = {
  "us-east-1": "US East (N. Virginia)",
  "us-east-2": "US East (Ohio)",
  "us-west-1": "US West (N. California)",
  "us-west-2": "US West (Oregon)",
  "af-south-1": "Africa (Cape Town)",
  "ap-east-1": "Asia Pacific (Hong Kong)",
  "ap-south-1": "Asia Pacific (Mumbai)",
  "ap-south-2": "Asia Pacific (Hyderabad)",
  "ap-northeast-1": "Asia Pacific (Tokyo)",
  "ap-northeast-2": "Asia Pacific (Seoul)",
  "ap-northeast-3": "Asia Pacific (Osaka)",
  "ap-southeast-1": "Asia Pacific (Singapore)",
  "ap-southeast-2": "Asia Pacific (Sydney)",
  "ap-southeast-3": "Asia Pacific (Jakarta)",
  "ap-southeast-4": "Asia Pacific (Melbourne)",
  "ca-central-1": "Canada (Central)",
  "eu-central-1": "Europe (Frankfurt)",
  "eu-central-2": "Europe (Zurich)",
  "eu-west-1": "Europe (Ireland)",
  "eu-west-2": "Europe (London)",
  "eu-west-3": "Europe (Paris)",
  "eu-north-1": "Europe (Stockholm)",
  "eu-south-1": "Europe (Milan)",
  "eu-south-2": "Europe (Spain)",
  "il-central-1": "Israel (Tel Aviv)",
  "me-south-1": "Middle East (Bahrain)",
  "me-central-1": "Middle East (UAE)",
  "sa-east-1": "South America (São Paulo)",
  "us-gov-west-1": "AWS GovCloud (US-West)",
  "us-gov-east-1": "AWS GovCloud (US-East)",
  "cn-north-1": "China (Beijing)",
  "cn-northwest-1": "China (Ningxia)",
} as const;

export type AwsRegion = keyof typeof AWS_REGION_NAMES;
export const AWS_REGIONS = Object.keys(AWS_REGION_NAMES) as [AwsRegion, ...AwsRegion[]];

/**
 * A connection's account in words. Glacier's AccountId "-" means "the AWS account ID associated with the
 * credentials used to sign the request" (the AccountId parameter of every operation, e.g. ListVaults),
 * which Thaw cannot name without asking STS.
 */
export function accountWords(accountId: string): string {
  return accountId === "-" ? "the account of these credentials" : `account ${accountId}`;
}

/** `US East (N. Virginia), us-east-1`: the console's name first, then the code the API and CLI use. */
export function regionWords(region: string): string {
  const name = (AWS_REGION_NAMES as Record<string, string>)[region];
  return name ? `${name}, ${region}` : region;
}

export const CREDENTIAL_MODES = ["default-chain", "profile", "access-key", "assume-role"] as const;
export type CredentialMode = (typeof CREDENTIAL_MODES)[number];

export const CREDENTIAL_MODE_LABELS: Record<CredentialMode, string> = {
  "default-chain": "Default credential chain of the server",
  profile: "Named profile from the server's AWS config",
  "access-key": "Access key",
  "assume-role": "Assume an IAM role",
};

/** A trimmed text field where "" (an empty input) means absent. */
function optionalText<Out>(inner: z.ZodType<Out, string>) {
  return z
    .string()
    .trim()
    .optional()
    .transform((value) => (value ? value : undefined))
    .pipe(inner.optional());
}

const PRINTABLE_NO_SPACE = /^[\x21-\x7E]+$/;

export const connectionNameSchema = z
  .string()
  .trim()
  .min(1, { error: "Enter a name" })
  .max(64, { error: "A name has at most 64 characters" })
  .regex(/^[^\p{Cc}]*$/u, { error: "A name cannot contain control characters" });

export const regionSchema = z
  .string()
  .trim()
  .pipe(z.enum(AWS_REGIONS, { error: (issue) => `Unknown AWS region "${String(issue.input)}"` }));

export const accountIdSchema = z
  .string()
  .trim()
  .optional()
  // The console shows account ids as 1234-5678-9012; accept that form too.
  .transform((value) => (value ? value.replace(/^(\d{4})-(\d{4})-(\d{4})$/, "$1$2$3") : "-"))
  .pipe(
    z.string().regex(/^(-|\d{12})$/, {
      error: 'Enter a 12-digit account ID, or "-" for the account of the credentials',
    }),
  );

export const endpointSchema = optionalText(
  z.url({ protocol: /^https?$/, error: "Enter an http:// or https:// URL" }).superRefine((value, ctx) => {
    // zod runs this check even when the format check above failed.
    if (!URL.canParse(value)) return;
    const url = new URL(value);
    const problem =
      url.username || url.password
        ? "The endpoint must not contain a user name or password"
        : value.includes("?")
          ? "The endpoint must not contain a query string"
          : value.includes("#")
            ? "The endpoint must not contain a fragment"
            : undefined;
    if (problem) ctx.addIssue({ code: "custom", message: problem, input: value });
  }),
);

const accessKeyIdSchema = z
  .string()
  .trim()
  .regex(/^[A-Z0-9]{16,128}$/, {
    error: "An access key ID is 16–128 capital letters and digits, like AKIA…",
  });

const secretTextSchema = z
  .string()
  .max(256, { error: "A secret access key has at most 256 characters" })
  .regex(PRINTABLE_NO_SPACE, { error: "A secret access key has no spaces or special characters" });

const profileCredentials = z.object({
  mode: z.literal("profile"),
  profile: z
    .string()
    .trim()
    .min(1, { error: "Enter the profile name" })
    .max(128, { error: "A profile name has at most 128 characters" })
    .regex(/^[\w.+@:/-]+$/, { error: "A profile name has letters, digits and . + @ : / - _ only" }),
});

const assumeRoleCredentials = z.object({
  mode: z.literal("assume-role"),
  roleArn: z
    .string()
    .trim()
    .regex(/^arn:aws(-cn|-us-gov)?:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/, {
      error: "Enter a role ARN like arn:aws:iam::123456789012:role/ThawReader",
    }),
  externalId: optionalText(
    z
      .string()
      .regex(/^[\w+=,.@:/-]{2,1224}$/, { error: "An external ID is 2–1224 letters, digits and +=,.@:/-_" }),
  ),
  sessionName: optionalText(
    z.string().regex(/^[\w+=,.@-]{2,64}$/, { error: "A session name is 2–64 letters, digits and +=,.@-_" }),
  ),
});

/**
 * On create the key id and secret are required; on edit an empty value keeps the stored one (the edit
 * form cannot show them: the key id travels masked, the secret never).
 */
function accessKeyCredentials(secret: "required" | "keep-when-blank") {
  return z.object({
    mode: z.literal("access-key"),
    accessKeyId:
      secret === "required"
        ? z.string().trim().min(1, { error: "Enter the access key ID" }).pipe(accessKeyIdSchema)
        : optionalText(accessKeyIdSchema),
    secretAccessKey:
      secret === "required"
        ? z.string().trim().min(1, { error: "Enter the secret access key" }).pipe(secretTextSchema)
        : optionalText(secretTextSchema),
    sessionToken: optionalText(
      z
        .string()
        .max(8192, { error: "A session token has at most 8192 characters" })
        .regex(PRINTABLE_NO_SPACE, { error: "A session token has no spaces" }),
    ),
  });
}

function connectionSchema(secret: "required" | "keep-when-blank") {
  return z.object({
    name: connectionNameSchema,
    region: regionSchema,
    accountId: accountIdSchema,
    endpoint: endpointSchema,
    credentials: z.discriminatedUnion(
      "mode",
      [
        z.object({ mode: z.literal("default-chain") }),
        profileCredentials,
        accessKeyCredentials(secret),
        assumeRoleCredentials,
      ],
      { error: "Choose how Thaw signs in to AWS" },
    ),
  });
}

/** Creating a connection (form and action). */
export const connectionInputSchema = connectionSchema("required");
/** Editing a connection: the same rules, except a blank secret access key keeps the stored one. */
export const connectionUpdateSchema = connectionSchema("keep-when-blank");

export type ConnectionFormValues = z.input<typeof connectionInputSchema>;
export type ConnectionInput = z.output<typeof connectionInputSchema>;
export type ConnectionUpdateFormValues = z.input<typeof connectionUpdateSchema>;
export type ConnectionUpdateInput = z.output<typeof connectionUpdateSchema>;
export type ConnectionCredentialsInput = ConnectionUpdateInput["credentials"];

/** Everything a page may show about a connection. Never carries a secret. */
export type ConnectionSummary = {
  id: string;
  name: string;
  region: string;
  accountId: string;
  endpoint: string | null;
  mode: CredentialMode;
  profile: string | null;
  /** The access key id masked to its last 4 characters, e.g. "****WXYZ" (never the whole id). */
  accessKeyIdMasked: string | null;
  roleArn: string | null;
  /** Whether an external id is stored (it is not shown; a blank external id on edit keeps it). */
  hasExternalId: boolean;
  sessionName: string | null;
  /** A sealed secret access key (and session token) is stored. */
  hasSecret: boolean;
  createdAt: string;
  updatedAt: string;
};

/** What "Test connection" answers: the account's counts, or the exact AWS error (a view type for the row's client component). */
export type ConnectionTestResult =
  | { reachable: true; vaultCount: number; archiveCount: number; totalBytes: number; elapsedMs: number }
  | { reachable: false; failure: AwsFailure; elapsedMs: number };
