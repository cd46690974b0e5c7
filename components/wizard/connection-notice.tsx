import { type WizardConnection } from "./wizard-context";

/** Which connection the job will be started with, and a warning when a link was made for another one. */
export function ConnectionNotice({
  connection,
  linkConnection,
}: {
  connection: WizardConnection;
  linkConnection: string | undefined;
}) {
  const other = linkConnection !== undefined && linkConnection !== connection.name;
  return (
    <p
      className={
        other
          ? "rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900"
          : "text-sm text-slate-600"
      }
    >
      The job starts with connection <strong>{connection.name}</strong> ({connection.region}).
      {other && (
        <>
          {" "}
          This link was made with connection <strong>{linkConnection}</strong>: switch connection first (top
          right) if the job belongs there.
        </>
      )}
    </p>
  );
}
