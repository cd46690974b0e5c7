import { cn } from "./cn";

/** A column of a table's header: its label, or with the cells' alignment and width. */
export type Column =
  | string
  | {
      label: React.ReactNode;
      /** Right-aligned, as the column's numbers are. */
      numeric?: boolean;
      className?: string;
    };

/**
 * A table's header row: one `<th scope="col">` a column, with the padding the table's cells use, so a
 * list page declares its columns instead of spelling out each header cell. `false` leaves a column out.
 */
export function ColumnHeaders({
  columns,
  cellClassName,
}: {
  columns: readonly (Column | false)[];
  cellClassName: string;
}) {
  return (
    <tr>
      {columns.map((column, index) => {
        if (column === false) return null;
        const { label, numeric, className } = typeof column === "string" ? { label: column } : column;
        return (
          <th
            key={index}
            scope="col"
            className={cn(cellClassName, numeric && "text-right", "font-medium", className)}
          >
            {label}
          </th>
        );
      })}
    </tr>
  );
}
