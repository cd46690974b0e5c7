import { describe, it } from "vitest";
import { type SelectJobValues } from "./select-job";
import { OWNER_ID, S3, expectError, expectValid } from "@/tests/support/select-job";

describe("selectJobSchema: OutputLocation.S3", () => {
  it("needs a bucket name that follows S3's naming rules", () => {
    expectError((v) => (v.OutputLocation.S3.BucketName = ""), `${S3}.BucketName`, /^S3 bucket is required\n/);
    for (const [name, why] of [
      ["ab", /3 to 63/],
      ["Thaw-Results", /lower-case letters/],
      ["-thaw", /begin and end/],
      ["thaw..results", /adjacent dots/],
      ["192.168.1.10", /IP address/],
      ["xn--thaw", /reserved prefix/],
      ["thaw-s3alias", /reserved suffix/],
    ] as const) {
      expectError((v) => (v.OutputLocation.S3.BucketName = name), `${S3}.BucketName`, why);
    }
    expectValid((v) => (v.OutputLocation.S3.BucketName = "thaw.results-2024"));
  });

  it("needs a prefix of at most 512 bytes without control characters", () => {
    expectError((v) => (v.OutputLocation.S3.Prefix = ""), `${S3}.Prefix`, /^Key prefix is required\n/);
    expectError((v) => (v.OutputLocation.S3.Prefix = "a\tb"), `${S3}.Prefix`, /control characters/);
    expectError(
      (v) => (v.OutputLocation.S3.Prefix = "p".repeat(513)),
      `${S3}.Prefix`,
      /^Key prefix must be at most 512 bytes long\n/,
    );
  });

  it("allows KMS key id and context only with aws:kms", () => {
    expectValid((v) =>
      Object.assign(v.OutputLocation.S3.Encryption, {
        EncryptionType: "aws:kms",
        KMSKeyId: "alias/thaw",
        KMSContext: "eyJhIjoiYiJ9",
      }),
    );
    expectValid((v) => (v.OutputLocation.S3.Encryption.EncryptionType = "AES256"));
    expectError(
      (v) =>
        Object.assign(v.OutputLocation.S3.Encryption, { EncryptionType: "AES256", KMSKeyId: "alias/thaw" }),
      `${S3}.Encryption.KMSKeyId`,
      /^KMS key ID may only be given when Encryption type is aws:kms\nOutputLocation\.S3\.Encryption\.KMSKeyId · InvalidParameterValueException$/,
    );
    expectError(
      (v) => Object.assign(v.OutputLocation.S3.Encryption, { EncryptionType: "AES256", KMSContext: "ctx" }),
      `${S3}.Encryption.KMSContext`,
      /^KMS encryption context may only be given when Encryption type is aws:kms\n/,
    );
    expectError(
      (v) => (v.OutputLocation.S3.Encryption.KMSKeyId = "alias/thaw"),
      `${S3}.Encryption.EncryptionType`,
      /^Encryption type is required\n/,
    );
    expectError(
      (v) => (v.OutputLocation.S3.Encryption.EncryptionType = "SSE-C"),
      `${S3}.Encryption.EncryptionType`,
      /aws:kms, AES256/,
    );
  });

  it("checks the canned ACL and storage class enums, and refuses a canned ACL together with grants", () => {
    expectValid((v) => (v.OutputLocation.S3.CannedACL = "bucket-owner-full-control"));
    expectError(
      (v) => (v.OutputLocation.S3.CannedACL = "everyone"),
      `${S3}.CannedACL`,
      /Valid values are private/,
    );
    expectValid((v) => (v.OutputLocation.S3.StorageClass = "STANDARD_IA"));
    expectError(
      (v) => (v.OutputLocation.S3.StorageClass = "GLACIER"),
      `${S3}.StorageClass`,
      /STANDARD, REDUCED_REDUNDANCY, STANDARD_IA/,
    );
    expectError(
      (v) => {
        v.OutputLocation.S3.CannedACL = "private";
        v.OutputLocation.S3.AccessControlList = [
          {
            Grantee: { Type: "CanonicalUser", ID: OWNER_ID, URI: "", EmailAddress: "", DisplayName: "" },
            Permission: "READ",
          },
        ];
      },
      `${S3}.CannedACL`,
      /^Choose either a canned ACL or individual grants, not both\n/,
    );
  });
});

describe("selectJobSchema: grants", () => {
  const grant =
    (Type: string, ids: { ID?: string; URI?: string; EmailAddress?: string }, Permission = "READ") =>
    (v: SelectJobValues) => {
      v.OutputLocation.S3.AccessControlList.push({
        Grantee: { Type, ID: "", URI: "", EmailAddress: "", DisplayName: "", ...ids },
        Permission,
      });
    };
  const at = (index: number, rest: string) => `${S3}.AccessControlList.${index}.${rest}`;

  it("each grantee type needs its own identifier", () => {
    expectValid(grant("CanonicalUser", { ID: OWNER_ID }, "FULL_CONTROL"));
    expectValid(grant("Group", { URI: "http://acs.amazonaws.com/groups/global/AllUsers" }));
    expectValid(grant("AmazonCustomerByEmail", { EmailAddress: "ops@example.com" }, "READ_ACP"));
    expectError(
      grant("CanonicalUser", {}),
      at(0, "Grantee.ID"),
      /^Canonical user ID \(Grant 1\) is required for a CanonicalUser grantee\n/,
    );
    expectError(
      grant("Group", {}),
      at(0, "Grantee.URI"),
      /^Group \(Grant 1\) is required for a Group grantee\n/,
    );
    expectError(
      grant("AmazonCustomerByEmail", {}),
      at(0, "Grantee.EmailAddress"),
      /^Email address \(Grant 1\) is required/,
    );
  });

  it("refuses the identifiers of another grantee type, and malformed ones", () => {
    expectError(
      grant("Group", { URI: "http://acs.amazonaws.com/groups/global/AllUsers", ID: OWNER_ID }),
      at(0, "Grantee.ID"),
      /must not be given for a Group/,
    );
    expectError(grant("CanonicalUser", { ID: "owner" }), at(0, "Grantee.ID"), /64 hexadecimal/);
    expectError(
      grant("AmazonCustomerByEmail", { EmailAddress: "ops" }),
      at(0, "Grantee.EmailAddress"),
      /not an email address/,
    );
    expectError(
      grant("Group", { URI: "http://example.com/everyone" }),
      at(0, "Grantee.URI"),
      /must be one of/,
    );
  });

  it("checks the grantee type and the permission", () => {
    expectError(grant("Role", {}), at(0, "Grantee.Type"), /AmazonCustomerByEmail, CanonicalUser, Group/);
    expectError(
      grant("CanonicalUser", { ID: OWNER_ID }, "DELETE"),
      at(0, "Permission"),
      /FULL_CONTROL, WRITE/,
    );
  });

  it("allows at most 100 grants", () => {
    const many = (n: number) => (v: SelectJobValues) => {
      for (let i = 0; i < n; i++) grant("CanonicalUser", { ID: OWNER_ID })(v);
    };
    expectValid(many(100));
    expectError(many(101), `${S3}.AccessControlList`, /at most 100 grants/);
  });
});

describe("selectJobSchema: tags and user metadata rows", () => {
  const tags =
    (...rows: [string, string][]) =>
    (v: SelectJobValues) => {
      v.OutputLocation.S3.Tagging = rows.map(([Key, Value]) => ({ Key, Value }));
    };
  const meta =
    (...rows: [string, string][]) =>
    (v: SelectJobValues) => {
      v.OutputLocation.S3.UserMetadata = rows.map(([Key, Value]) => ({ Key, Value }));
    };

  it("puts a tag key problem on the row's Key and a value problem on its Value", () => {
    expectValid(tags(["project", "thaw"], ["cost center", "it-ops"], ["1", ""]));
    expectError(tags(["ok", "1"], ["aws:owner", "x"]), `${S3}.Tagging.1.Key`, /reserved prefix "aws:"/);
    expectError(tags(["", "x"]), `${S3}.Tagging.0.Key`, /1 to 128 characters/);
    expectError(tags(["k".repeat(129), "x"]), `${S3}.Tagging.0.Key`, /1 to 128 characters/);
    expectError(tags(["team", "a&b"]), `${S3}.Tagging.0.Value`, /The value of tag "team" may contain only/);
    expectError(tags(["team", "v".repeat(257)]), `${S3}.Tagging.0.Value`, /at most 256 characters/);
  });

  it("allows at most 10 tags and no repeated key", () => {
    const rows = (n: number) => Array.from({ length: n }, (_, i): [string, string] => [`k${i}`, "v"]);
    expectValid(tags(...rows(10)));
    expectError(tags(...rows(11)), `${S3}.Tagging`, /at most 10 tags/);
    expectError(tags(["team", "a"], ["team", "b"]), `${S3}.Tagging.1.Key`, /already used/);
  });

  it("checks metadata keys (HTTP token), values (no control characters) and the 2 KB total", () => {
    expectValid(meta(["source-vault", "reports"], ["run", "2024 Q1 — é"]));
    expectError(meta(["source vault", "x"]), `${S3}.UserMetadata.0.Key`, /no spaces/);
    expectError(meta(["a", "x"], ["A", "y"]), `${S3}.UserMetadata.1.Key`, /case-insensitive/);
    expectError(meta(["a", "x"], ["a", "y"]), `${S3}.UserMetadata.1.Key`, /already used/);
    expectError(meta(["note", "line\nbreak"]), `${S3}.UserMetadata.0.Value`, /control characters/);
    expectError(meta(["big", "x".repeat(2046)]), `${S3}.UserMetadata`, /at most 2048 bytes/);
  });
});
