import "server-only";
import { DomainError, type DomainErrorOptions } from "@/lib/errors";

/**
 * Connection errors carry a message fit to show the admin, and `field` (a form path such as
 * "name" or "credentials.secretAccessKey") when one input is to blame.
 */
export class ConnectionError extends DomainError {
  constructor(message: string, field?: string, options: Omit<DomainErrorOptions, "field"> = {}) {
    super(message, { ...options, field });
    this.name = new.target.name;
  }
}

export class ConnectionNotFoundError extends ConnectionError {
  constructor(readonly connectionId: string) {
    super("That connection does not exist (it may have been deleted).", undefined, { status: 404 });
  }
}

export class DuplicateConnectionNameError extends ConnectionError {
  constructor(name: string) {
    super(`A connection named "${name}" already exists (names are compared ignoring case).`, "name", {
      status: 409,
    });
  }
}

export class SecretKeyMissingError extends ConnectionError {
  constructor() {
    super(
      "Thaw cannot store or read a secret access key: the server has no encryption key. Set THAW_SECRET_KEY " +
        "(32 random bytes as 64 hex characters, e.g. from `openssl rand -hex 32`) and restart Thaw.",
      "credentials.secretAccessKey",
    );
  }
}

export class SecretRequiredError extends ConnectionError {
  constructor(reason: "missing" | "access-key-changed") {
    super(
      reason === "missing"
        ? "Enter the secret access key."
        : "Enter the secret access key that belongs to the new access key ID.",
      "credentials.secretAccessKey",
    );
  }
}

/** Editing into access-key mode with a blank key id, when no key id is stored to keep. */
export class AccessKeyIdRequiredError extends ConnectionError {
  constructor() {
    super("Enter the access key ID.", "credentials.accessKeyId");
  }
}

/** A stored secret could not be opened: sealed under a key the server no longer has, or altered. */
export class SecretUnreadableError extends ConnectionError {
  constructor(
    readonly connectionId: string,
    detail: string,
  ) {
    super(
      `The stored secret of this connection cannot be read: ${detail} Enter the secret access key again.`,
    );
  }
}
