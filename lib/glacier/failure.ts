/**
 * An AWS failure as a page shows it: a sentence for a person, plus what AWS support asks for.
 * Plain data, so server code can pass it to client components as a prop.
 */
export type AwsFailure = {
  code: string;
  /** What happened, in a sentence a storage admin can act on. */
  message: string;
  /** The service's own message, when the service answered. */
  awsMessage: string | undefined;
  requestId: string | undefined;
  httpStatus: number | undefined;
  retryable: boolean;
};
