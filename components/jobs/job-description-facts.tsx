import { FactList } from "@/components/ui/card";
import { formatBytes, formatUtc } from "@/lib/glacier/format";

/** DescribeJob's members in the order of glacier-api.md §4; anything else Glacier sends follows. */
const ORDER = [
  "JobId",
  "JobDescription",
  "Action",
  "StatusCode",
  "StatusMessage",
  "Completed",
  "VaultARN",
  "ArchiveId",
  "Tier",
  "CreationDate",
  "CompletionDate",
  "ArchiveSizeInBytes",
  "InventorySizeInBytes",
  "RetrievalByteRange",
  "SHA256TreeHash",
  "ArchiveSHA256TreeHash",
  "SNSTopic",
  "InventoryRetrievalParameters",
  "JobOutputPath",
  "SelectParameters",
  "OutputLocation",
];

const MONO = new Set([
  "JobId",
  "ArchiveId",
  "SHA256TreeHash",
  "ArchiveSHA256TreeHash",
  "VaultARN",
  "JobOutputPath",
]);

function render(key: string, value: unknown): React.ReactNode {
  if (value === null || value === undefined) return null;
  if (typeof value === "object") {
    return (
      <pre className="overflow-auto rounded bg-slate-50 p-2 text-xs">{JSON.stringify(value, null, 2)}</pre>
    );
  }
  if (typeof value === "boolean") return value ? "true" : "false";
  if (key.endsWith("Date") && typeof value === "string") return `${formatUtc(value)} (${value})`;
  if (key.endsWith("SizeInBytes") && typeof value === "number")
    return `${formatBytes(value)} (${value} bytes)`;
  if (MONO.has(key)) return <span className="font-mono text-xs break-all">{String(value)}</span>;
  return String(value);
}

/** Every field of the job's description as Glacier last sent it; nulls shown as “—”. */
export function JobDescriptionFacts({ description }: { description: Record<string, unknown> }) {
  const keys = [
    ...ORDER.filter((k) => k in description),
    ...Object.keys(description).filter((k) => !ORDER.includes(k)),
  ];
  return (
    <FactList
      facts={keys.map((k) => [
        <span key={k} className="font-mono text-xs">
          {k}
        </span>,
        render(k, description[k]),
      ])}
    />
  );
}
