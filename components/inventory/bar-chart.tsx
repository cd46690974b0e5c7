export type Bar = { label: string; value: number; detail?: string };

/** A small hand-made SVG bar chart; each bar has a tooltip and the chart a text alternative. */
export function BarChart({
  title,
  bars,
  format,
}: {
  title: string;
  bars: Bar[];
  format: (value: number) => string;
}) {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const width = 320;
  const height = 96;
  const gap = 2;
  const barWidth = bars.length > 0 ? Math.max(2, (width - gap * (bars.length - 1)) / bars.length) : 0;
  const first = bars[0];
  const last = bars[bars.length - 1];
  return (
    <figure className="space-y-1">
      <figcaption className="text-xs font-medium text-slate-600">{title}</figcaption>
      {bars.length === 0 ? (
        <p className="text-xs text-slate-500">No data.</p>
      ) : (
        <svg
          role="img"
          aria-label={`${title}: ${bars.map((b) => `${b.label} ${format(b.value)}`).join(", ")}`}
          viewBox={`0 0 ${width} ${height}`}
          className="h-24 w-full"
        >
          {bars.map((b, i) => {
            const h = Math.max(b.value > 0 ? 2 : 0, (b.value / max) * (height - 4));
            return (
              <rect
                key={b.label}
                x={i * (barWidth + gap)}
                y={height - h}
                width={barWidth}
                height={h}
                rx={1}
                className="fill-ice-600"
              >
                <title>{`${b.label}: ${format(b.value)}${b.detail ? ` (${b.detail})` : ""}`}</title>
              </rect>
            );
          })}
        </svg>
      )}
      {first && last && (
        <div className="flex justify-between text-[11px] text-slate-500">
          <span>{first.label}</span>
          {bars.length > 1 && <span>{last.label}</span>}
        </div>
      )}
    </figure>
  );
}
