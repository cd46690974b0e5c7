import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { DEMO_CREDENTIALS } from "./harness";

const run = promisify(execFile);

/** The AWS CLI / boto3 configured only through the environment, as a user would: no files, no IMDS. */
export function awsCliEnv(region: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    AWS_ACCESS_KEY_ID: DEMO_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: DEMO_CREDENTIALS.secretAccessKey,
    AWS_DEFAULT_REGION: region,
    AWS_CONFIG_FILE: "/dev/null",
    AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
    AWS_EC2_METADATA_DISABLED: "true",
  };
}

/** Runs `aws glacier <args>` against `endpointUrl` and parses its JSON output (`{}` when it prints nothing). */
export async function awsGlacier(
  endpointUrl: string,
  region: string,
  ...args: string[]
): Promise<Record<string, unknown>> {
  const { stdout } = await run(
    "aws",
    ["glacier", ...args, "--account-id", "-", "--endpoint-url", endpointUrl, "--output", "json"],
    { env: awsCliEnv(region) },
  );
  return stdout.trim() === "" ? {} : (JSON.parse(stdout) as Record<string, unknown>);
}
