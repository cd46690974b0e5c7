/** An error whose message is written for the user (the rest are logged and replaced by a generic sentence). */
export class UserFacingError extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = "UserFacingError";
  }
}
