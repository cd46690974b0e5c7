import { describe, expect, it } from "vitest";
import {
  accountWords,
  AWS_REGION_NAMES,
  AWS_REGIONS,
  connectionInputSchema,
  type ConnectionFormValues,
  connectionUpdateSchema,
  regionWords,
} from "./schema";

const base: ConnectionFormValues = {
  name: "Production",
  region: "eu-west-1",
  accountId: "-",
  endpoint: "",
  credentials: { mode: "default-chain" },
};

function parse(
  overrides: Partial<Record<keyof ConnectionFormValues, unknown>>,
  schema = connectionInputSchema,
) {
  return schema.safeParse({ ...base, ...overrides });
}

/** The first issue's path and message, for a failing parse. */
function issue(
  overrides: Partial<Record<keyof ConnectionFormValues, unknown>>,
  schema = connectionInputSchema,
) {
  const result = parse(overrides, schema);
  if (result.success) throw new Error(`expected a failure for ${JSON.stringify(overrides)}`);
  const first = result.error.issues[0];
  return { path: first?.path.join("."), message: first?.message };
}

describe("connectionInputSchema", () => {
  it("accepts a minimal connection and fills the defaults", () => {
    const result = connectionInputSchema.parse({
      name: "  Prod  ",
      region: "us-east-1",
      credentials: { mode: "default-chain" },
    });
    expect(result).toEqual({
      name: "Prod",
      region: "us-east-1",
      accountId: "-",
      endpoint: undefined,
      credentials: { mode: "default-chain" },
    });
  });

  describe("name", () => {
    it.each(["a", "Production EU", "x".repeat(64), "Ünïcødé ✓"])("accepts %j", (name) => {
      expect(parse({ name }).success).toBe(true);
    });
    it.each([
      ["", "Enter a name"],
      ["   ", "Enter a name"],
      ["x".repeat(65), "A name has at most 64 characters"],
      ["tab\there", "A name cannot contain control characters"],
    ])("rejects %j", (name, message) => {
      expect(issue({ name })).toEqual({ path: "name", message });
    });
  });

  describe("region", () => {
    it.each([
      "us-east-1",
      "us-east-2",
      "us-west-1",
      "us-west-2",
      "af-south-1",
      "ap-east-1",
      "ap-south-1",
      "ap-northeast-1",
      "ap-northeast-2",
      "ap-northeast-3",
      "ap-southeast-1",
      "ap-southeast-2",
      "ca-central-1",
      "eu-central-1",
      "eu-west-1",
      "eu-west-2",
      "eu-west-3",
      "eu-north-1",
      "eu-south-1",
      "me-south-1",
      "sa-east-1",
      "us-gov-west-1",
      "us-gov-east-1",
      "cn-north-1",
      "cn-northwest-1",
    ])("knows %s", (region) => {
      expect(AWS_REGIONS).toContain(region);
      expect(parse({ region }).success).toBe(true);
    });
    it("has a display name for every region", () => {
      for (const region of AWS_REGIONS) expect(AWS_REGION_NAMES[region]).toMatch(/\w/);
    });
    it("trims", () => {
      expect(parse({ region: " eu-west-1 " }).data?.region).toBe("eu-west-1");
    });
    it.each(["mars-north-1", "US-EAST-1", "", "us-east-1a"])(
      "rejects %j with the region in the message",
      (region) => {
        expect(issue({ region })).toEqual({
          path: "region",
          message: `Unknown AWS region "${region.trim()}"`,
        });
      },
    );
  });

  describe("accountId", () => {
    it.each([
      ["-", "-"],
      ["", "-"],
      [undefined, "-"],
      ["123456789012", "123456789012"],
      [" 123456789012 ", "123456789012"],
      ["1234-5678-9012", "123456789012"],
    ])("accepts %j as %j", (accountId, expected) => {
      expect(parse({ accountId }).data?.accountId).toBe(expected);
    });
    it.each(["12345678901", "1234567890123", "abcdefghijkl", "--", "1234-56789012"])(
      "rejects %j",
      (accountId) => {
        expect(issue({ accountId }).path).toBe("accountId");
      },
    );
  });

  describe("endpoint", () => {
    it.each([
      ["", undefined],
      [undefined, undefined],
      ["   ", undefined],
      ["http://127.0.0.1:9090", "http://127.0.0.1:9090"],
      ["https://glacier.eu-west-1.amazonaws.com", "https://glacier.eu-west-1.amazonaws.com"],
      [" https://proxy.example.com/glacier/ ", "https://proxy.example.com/glacier/"],
    ])("accepts %j", (endpoint, expected) => {
      expect(parse({ endpoint }).data?.endpoint).toBe(expected);
    });
    it.each([
      ["ftp://example.com", "Enter an http:// or https:// URL"],
      ["localhost:9090", "Enter an http:// or https:// URL"],
      ["not a url", "Enter an http:// or https:// URL"],
      ["https://user:pw@example.com", "The endpoint must not contain a user name or password"],
      ["https://user@example.com", "The endpoint must not contain a user name or password"],
      ["https://example.com/?a=1", "The endpoint must not contain a query string"],
      ["https://example.com/?", "The endpoint must not contain a query string"],
      ["https://example.com/#top", "The endpoint must not contain a fragment"],
    ])("rejects %j", (endpoint, message) => {
      expect(issue({ endpoint })).toEqual({ path: "endpoint", message });
    });
  });

  describe("credentials", () => {
    it("rejects an unknown mode", () => {
      expect(issue({ credentials: { mode: "magic" } })).toEqual({
        path: "credentials.mode",
        message: "Choose how Thaw signs in to AWS",
      });
    });

    it.each(["default", "work-prod", "team.ops@corp", "sso/admin"])("accepts profile %j", (profile) => {
      expect(parse({ credentials: { mode: "profile", profile } }).success).toBe(true);
    });
    it.each(["", "has space", "x".repeat(129), "semi;colon"])("rejects profile %j", (profile) => {
      expect(issue({ credentials: { mode: "profile", profile } }).path).toBe("credentials.profile");
    });

    const accessKey = {
      mode: "access-key",
      accessKeyId: "AKIAIOSFODNN7EXAMPLE",
      secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    };
    it.each([
      "AKIAIOSFODNN7EXAMPLE",
      "ASIAIOSFODNN7EXAMPLE",
      "AKIDTHAWDEMO00000000",
      "A".repeat(16),
      "A".repeat(128),
    ])("accepts access key id %j", (accessKeyId) => {
      expect(parse({ credentials: { ...accessKey, accessKeyId } }).success).toBe(true);
    });
    it.each(["AKIA123", "akiaiosfodnn7example", "AKIA-IOSFODNN7EXAMPLE", "A".repeat(129), ""])(
      "rejects access key id %j",
      (accessKeyId) => {
        expect(issue({ credentials: { ...accessKey, accessKeyId } }).path).toBe("credentials.accessKeyId");
      },
    );
    it("requires the secret access key on create", () => {
      expect(issue({ credentials: { ...accessKey, secretAccessKey: "" } })).toEqual({
        path: "credentials.secretAccessKey",
        message: "Enter the secret access key",
      });
      expect(issue({ credentials: { ...accessKey, secretAccessKey: undefined } }).path).toBe(
        "credentials.secretAccessKey",
      );
    });
    it.each(["has space inside", "x".repeat(257)])("rejects secret %j", (secretAccessKey) => {
      expect(issue({ credentials: { ...accessKey, secretAccessKey } }).path).toBe(
        "credentials.secretAccessKey",
      );
    });
    it("keeps a session token and drops a blank one", () => {
      expect(
        parse({ credentials: { ...accessKey, sessionToken: "FwoGZXIvYXdzE+/=" } }).data?.credentials,
      ).toMatchObject({ sessionToken: "FwoGZXIvYXdzE+/=" });
      expect(parse({ credentials: { ...accessKey, sessionToken: "" } }).data?.credentials).toEqual({
        ...accessKey,
        sessionToken: undefined,
      });
      expect(issue({ credentials: { ...accessKey, sessionToken: "a b" } }).path).toBe(
        "credentials.sessionToken",
      );
    });

    const role = { mode: "assume-role", roleArn: "arn:aws:iam::123456789012:role/ThawReader" };
    it.each([
      "arn:aws:iam::123456789012:role/ThawReader",
      "arn:aws-cn:iam::123456789012:role/service/thaw",
      "arn:aws-us-gov:iam::123456789012:role/a+b=c,d.e@f-g_h",
    ])("accepts role ARN %j", (roleArn) => {
      expect(parse({ credentials: { ...role, roleArn } }).success).toBe(true);
    });
    it.each([
      "arn:aws:iam::12345678901:role/x",
      "arn:aws:iam::123456789012:user/x",
      "arn:aws-eu:iam::123456789012:role/x",
      "arn:aws:s3:::bucket",
      "arn:aws:iam::123456789012:role/",
      "",
    ])("rejects role ARN %j", (roleArn) => {
      expect(issue({ credentials: { ...role, roleArn } }).path).toBe("credentials.roleArn");
    });
    it.each([
      ["", undefined],
      ["ab", "ab"],
      ["Ext-Id_1+=,.@:/", "Ext-Id_1+=,.@:/"],
      ["x".repeat(1224), "x".repeat(1224)],
    ])("accepts external id %j", (externalId, expected) => {
      const parsed = parse({ credentials: { ...role, externalId } });
      expect(
        parsed.success && parsed.data.credentials.mode === "assume-role"
          ? parsed.data.credentials.externalId
          : "failed",
      ).toBe(expected);
    });
    it.each(["a", "x".repeat(1225), "has space", "semi;colon"])("rejects external id %j", (externalId) => {
      expect(issue({ credentials: { ...role, externalId } }).path).toBe("credentials.externalId");
    });
    it.each(["thaw", "ops@corp.example", "x".repeat(64)])("accepts session name %j", (sessionName) => {
      expect(parse({ credentials: { ...role, sessionName } }).success).toBe(true);
    });
    it.each(["a", "x".repeat(65), "with/slash", "a b"])("rejects session name %j", (sessionName) => {
      expect(issue({ credentials: { ...role, sessionName } }).path).toBe("credentials.sessionName");
    });
  });
});

describe("connectionUpdateSchema", () => {
  const accessKey = { mode: "access-key", accessKeyId: "AKIAIOSFODNN7EXAMPLE" };
  it("treats a blank secret access key as 'keep the stored one'", () => {
    const result = connectionUpdateSchema.safeParse({
      ...base,
      credentials: { ...accessKey, secretAccessKey: "" },
    });
    expect(result.success && result.data.credentials).toEqual({
      ...accessKey,
      secretAccessKey: undefined,
      sessionToken: undefined,
    });
  });
  it("applies every other rule of the create schema", () => {
    expect(issue({ name: "" }, connectionUpdateSchema).path).toBe("name");
    expect(issue({ credentials: { ...accessKey, accessKeyId: "short" } }, connectionUpdateSchema).path).toBe(
      "credentials.accessKeyId",
    );
    expect(
      issue({ credentials: { ...accessKey, secretAccessKey: "a b" } }, connectionUpdateSchema).path,
    ).toBe("credentials.secretAccessKey");
  });
});

describe("a connection's account and region in words", () => {
  it('says "-" as the account of the credentials, and an id as itself', () => {
    expect(accountWords("-")).toBe("the account of these credentials");
    expect(accountWords("123456789012")).toBe("account 123456789012");
  });

  it("names a region the way the console does, then its code", () => {
    expect(regionWords("eu-west-1")).toBe("Europe (Ireland), eu-west-1");
    // A region this table does not know still shows its code.
    expect(regionWords("xx-test-9")).toBe("xx-test-9");
  });
});
