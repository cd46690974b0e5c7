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

/** The two sizes of the bordered list tables: a page's main list, or a dense list of archives. */
const SIZES = {
  sm: { wrapper: "bg-white", table: "text-sm", head: "text-xs", cell: "px-3 py-2" },
  xs: { wrapper: "", table: "text-xs", head: "", cell: "px-2 py-2" },
} as const;

/** A bordered, horizontally scrolling table named by `label`, with its column headers; `children` are the rows. */
export function DataTable({
  label,
  columns,
  size,
  children,
}: {
  label: string;
  columns: readonly (Column | false)[];
  size: keyof typeof SIZES;
  children: React.ReactNode;
}) {
  const classes = SIZES[size];
  return (
    <div className={cn("overflow-x-auto rounded-lg border border-slate-200", classes.wrapper)}>
      <table aria-label={label} className={cn("w-full text-left", classes.table)}>
        <thead className={cn("bg-slate-50 text-slate-500 uppercase", classes.head)}>
          <ColumnHeaders cellClassName={classes.cell} columns={columns} />
        </thead>
        <tbody className="divide-y divide-slate-100">{children}</tbody>
      </table>
    </div>
  );
}
