import { cn } from "./cn";

export type BarItem = { label: string; value: number; detail?: string };

/**
 * Horizontal bars, each with its label and value written beside it. The values are text, so a screen
 * reader reads the list as it would a table; the bars themselves are decoration. Bars scale to the
 * largest value (not to 1), so a chart of cents does not flatten into a line.
 */
export function BarList({
  title,
  items,
  format,
  className,
}: {
  title: string;
  items: BarItem[];
  format: (value: number) => string;
  className?: string;
}) {
  const max = Math.max(0, ...items.map((i) => i.value));
  return (
    <figure className={cn("space-y-2", className)}>
      <figcaption className="text-xs font-medium text-slate-600">{title}</figcaption>
      {items.length === 0 ? (
        <p className="text-xs text-slate-500">No data.</p>
      ) : (
        <ul aria-label={title} className="space-y-2">
          {items.map((item) => (
            <li key={item.label} className="grid grid-cols-[minmax(0,1fr)_auto] gap-x-3 gap-y-1 text-xs">
              {/* Wrapped, never cut: a long vault name would hide which connection the bar is of. */}
              <span className="wrap-anywhere text-slate-700">{item.label}</span>
              <span className="text-right font-medium text-slate-900 tabular-nums">
                {format(item.value)}
                {item.detail && <span className="font-normal text-slate-500"> · {item.detail}</span>}
              </span>
              <span aria-hidden className="col-span-2 block h-2 rounded-full bg-slate-100">
                <span
                  data-testid="bar"
                  className="block h-2 rounded-full bg-ice-600"
                  // A value above zero stays visible however small beside the largest.
                  style={{
                    width: `${max > 0 && item.value > 0 ? Math.max(2, (item.value / max) * 100) : 0}%`,
                  }}
                />
              </span>
            </li>
          ))}
        </ul>
      )}
    </figure>
  );
}
