"use client";

import { useState } from "react";
import { type UseFormRegisterReturn } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { Field, FieldError, inputClass } from "@/components/ui/field";
import {
  type ByteRange,
  byteRangeLength,
  formatByteRange,
  isTreeHashAligned,
  MIB,
  parseByteRange,
  snapToMegabytes,
  snapToTreeHash,
} from "@/lib/glacier/byte-range";
import { formatBytes, formatCount } from "@/lib/glacier/format";
import { fieldLabel } from "@/lib/glacier/field-labels";

// Without the archive's size a range is judged as lying inside a (larger) archive.
const UNKNOWN_SIZE = Number.MAX_SAFE_INTEGER;

function alignmentFacts(
  range: ByteRange,
  archiveSize: number | null,
): { megabyte: string; treeHash: string } {
  const size = archiveSize ?? UNKNOWN_SIZE;
  const startOk = range.start % MIB === 0;
  const endOnBoundary = (range.end + 1) % MIB === 0;
  const endIsLast = archiveSize !== null && range.end === archiveSize - 1;
  const megabyte = !startOk
    ? "No: the start must be a multiple of 1 MiB (1,048,576 bytes)."
    : endOnBoundary || endIsLast
      ? "Yes."
      : archiveSize === null
        ? "Only if the end is the archive's last byte (the archive's size is not known here)."
        : "No: the end must be one byte before a multiple of 1 MiB, or the archive's last byte.";
  const treeHash = isTreeHashAligned(range, size)
    ? "Yes: the download comes with a SHA-256 tree hash to verify it."
    : archiveSize === null && startOk && !endOnBoundary
      ? "Cannot tell without the archive's size."
      : "No: Glacier sends no checksum for this range's output.";
  return { megabyte, treeHash };
}

/** One of the two choices: the whole archive, or a byte range. */
function ModeRadio({
  checked,
  onSelect,
  children,
}: {
  checked: boolean;
  onSelect: () => void;
  children: React.ReactNode;
}) {
  return (
    <label className="flex items-center gap-2">
      <input type="radio" name="byte-range-mode" checked={checked} onChange={onSelect} />
      {children}
    </label>
  );
}

/**
 * RetrievalByteRange: the whole archive (no range sent) or `start-end`, with the range's size,
 * whether it is megabyte and tree-hash aligned, and buttons that snap it to either boundary.
 */
export function ByteRangeField({
  registration,
  value,
  onChange,
  error,
  archiveSize,
}: {
  registration: UseFormRegisterReturn;
  value: string;
  onChange: (range: string) => void;
  error: string | undefined;
  /** Known when the archive was picked from an inventory. */
  archiveSize: number | null;
}) {
  const [mode, setMode] = useState<"whole" | "range">(value ? "range" : "whole");
  const parsed = value ? parseByteRange(value) : undefined;
  const range = parsed?.ok ? parsed.range : undefined;
  const facts = range ? alignmentFacts(range, archiveSize) : undefined;
  const size = archiveSize ?? UNKNOWN_SIZE;
  const snap = (fn: typeof snapToMegabytes) => {
    const snapped = range && fn(range.start, range.end, size);
    if (snapped) onChange(formatByteRange(snapped));
  };
  return (
    <fieldset className="space-y-3">
      <legend className="mb-1 text-sm font-medium text-slate-800">What to retrieve</legend>
      <div className="flex flex-wrap gap-4 text-sm">
        <ModeRadio
          checked={mode === "whole"}
          onSelect={() => {
            setMode("whole");
            onChange("");
          }}
        >
          The whole archive{archiveSize !== null && ` (${formatBytes(archiveSize)})`}
        </ModeRadio>
        <ModeRadio
          checked={mode === "range"}
          onSelect={() => {
            setMode("range");
            if (!value) onChange(`0-${Math.min(MIB, size) - 1}`);
          }}
        >
          A byte range
        </ModeRadio>
      </div>
      {mode === "range" && (
        <>
          <Field
            label={`${fieldLabel("RetrievalByteRange")} (first-last, inclusive)`}
            error={error}
            hint="Glacier wants it megabyte aligned: the start on a multiple of 1 MiB, the end one byte before one or on the archive's last byte."
          >
            {(aria) => (
              // The snap buttons sit beside the input, so an error appearing below cannot move them mid-click.
              <div className="flex flex-wrap gap-2">
                <input
                  {...aria}
                  {...registration}
                  className={`${inputClass} max-w-xs`}
                  placeholder="0-1048575"
                  inputMode="numeric"
                  spellCheck={false}
                />
                <Button disabled={!range} onClick={() => snap(snapToMegabytes)}>
                  Snap to megabyte boundaries
                </Button>
                <Button disabled={!range} onClick={() => snap(snapToTreeHash)}>
                  Snap to a tree-hash node
                </Button>
              </div>
            )}
          </Field>
          {range && facts && (
            <dl
              aria-label="Byte range facts"
              className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm"
            >
              <dt className="text-slate-500">Size</dt>
              <dd>
                {formatBytes(byteRangeLength(range))} ({formatCount(byteRangeLength(range))} bytes)
              </dd>
              <dt className="text-slate-500">Megabyte aligned</dt>
              <dd>{facts.megabyte}</dd>
              <dt className="text-slate-500">Tree-hash aligned</dt>
              <dd>{facts.treeHash}</dd>
            </dl>
          )}
        </>
      )}
      {mode === "whole" && error && <FieldError error={error} />}
    </fieldset>
  );
}
