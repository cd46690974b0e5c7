"use client";

import { FormSection } from "@/components/ui/field";
import { CSV_DEFAULTS } from "@/lib/glacier/csv-serialization-rules";
import { type FILE_HEADER_INFO, type QUOTE_FIELDS } from "@/lib/glacier/job-types";
import { encodeCharacterNotation } from "@/lib/glacier/schemas/select-characters";
import { ChoiceField, type SelectForm, TextField } from "./select-form-fields";

const IN = "SelectParameters.InputSerialization.csv";
const OUT = "SelectParameters.OutputSerialization.csv";

const HEADER_CHOICES = [
  { value: "USE", label: "USE: the first line names the columns" },
  { value: "IGNORE", label: "IGNORE: skip the first line" },
  { value: "NONE", label: "NONE: the first line is data" },
] as const satisfies readonly { value: (typeof FILE_HEADER_INFO)[number]; label: string }[];

const QUOTE_CHOICES = [
  { value: "ASNEEDED", label: "ASNEEDED: only fields that need it" },
  { value: "ALWAYS", label: "ALWAYS: every field" },
] as const satisfies readonly { value: (typeof QUOTE_FIELDS)[number]; label: string }[];

/** Placeholder text: the default Glacier applies when the input is left empty. */
const byDefault = (value: string) => `${encodeCharacterNotation(value)} (default)`;

/** Field, record, quote and escape characters: the members the input and the output fieldset share. */
const CHARACTER_MEMBERS = [
  { member: "FieldDelimiter" },
  {
    member: "RecordDelimiter",
    hint: "One character, or \\r\\n. With \\n, CRLF line ends are read too.",
  },
  { member: "QuoteCharacter" },
  {
    member: "QuoteEscapeCharacter",
    hint: "Inside quotes, this character followed by a quote stands for a quote.",
  },
] as const satisfies readonly { member: keyof typeof CSV_DEFAULTS; hint?: string }[];

function CharacterFields({ form, base }: { form: SelectForm; base: typeof IN | typeof OUT }) {
  return CHARACTER_MEMBERS.map((field) => (
    <TextField
      key={field.member}
      form={form}
      name={`${base}.${field.member}`}
      placeholder={byDefault(CSV_DEFAULTS[field.member])}
      hint={"hint" in field ? field.hint : undefined}
      mono
    />
  ));
}

/** InputSerialization.csv and OutputSerialization.csv. Characters use the `\t`, `\n`, `\r` notation. */
export function SelectCsvFields({ form }: { form: SelectForm }) {
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <FormSection legend="Input CSV" className="grid gap-4 sm:grid-cols-2">
        <ChoiceField
          form={form}
          name={`${IN}.FileHeaderInfo`}
          choices={HEADER_CHOICES}
          none="Not sent (Glacier reads the first line as data)"
          className="sm:col-span-2"
        />
        <CharacterFields form={form} base={IN} />
        <TextField
          form={form}
          name={`${IN}.Comments`}
          placeholder="none"
          hint="Lines that start with it are skipped."
          mono
        />
      </FormSection>
      <FormSection legend="Output CSV" className="grid gap-4 sm:grid-cols-2">
        <ChoiceField
          form={form}
          name={`${OUT}.QuoteFields`}
          choices={QUOTE_CHOICES}
          none="Not sent (as needed)"
          className="sm:col-span-2"
        />
        <CharacterFields form={form} base={OUT} />
      </FormSection>
      <p className="text-xs text-slate-500 lg:col-span-2">
        Write a tab as <code>\t</code>, a line feed as <code>\n</code>, a carriage return as <code>\r</code>.
        Empty fields are left out of the request, so Glacier applies its default.
      </p>
    </div>
  );
}
