import { cn } from "./cn";

export function Card({
  title,
  actions,
  className,
  children,
  headingLevel = 2,
}: {
  title?: React.ReactNode;
  actions?: React.ReactNode;
  className?: string;
  children: React.ReactNode;
  headingLevel?: 2 | 3;
}) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <section className={cn("rounded-lg border border-slate-200 bg-white shadow-sm", className)}>
      {(title || actions) && (
        <header className="flex items-center justify-between gap-3 border-b border-slate-200 px-4 py-3">
          {title && <Heading className="text-sm font-semibold text-slate-800">{title}</Heading>}
          {actions && <div className="flex items-center gap-2">{actions}</div>}
        </header>
      )}
      <div className="p-4">{children}</div>
    </section>
  );
}

/** A two-column list of facts (label → value), as on a vault or job page. */
export function FactList({ facts }: { facts: Array<[React.ReactNode, React.ReactNode]> }) {
  return (
    <dl className="grid grid-cols-[minmax(8rem,max-content)_1fr] gap-x-6 gap-y-2 text-sm">
      {facts.map(([label, value], i) => (
        <div key={i} className="contents">
          <dt className="text-slate-500">{label}</dt>
          <dd className="min-w-0 break-words text-slate-900">
            {value ?? <span className="text-slate-400">—</span>}
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** One entry of a settings list (connections, users): a card as a list item, named for assistive tech. */
export function CardListItem({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <li aria-label={label} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      {children}
    </li>
  );
}

/** One figure of a `<dl>` of totals: its label over its value; `large` for the headline figures. */
export function Figure({
  label,
  value,
  large = false,
}: {
  label: React.ReactNode;
  value: React.ReactNode;
  large?: boolean;
}) {
  return (
    <div>
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className={cn("font-semibold text-slate-900 tabular-nums", large && "text-lg")}>{value}</dd>
    </div>
  );
}
