/**
 * `npm run bench`: runs every `bench/*.ts` module's exported `bench…` function in turn and prints one
 * table of figures with their goals and pass/miss. Goals come from the figures themselves, in either
 * form the modules use: a figure named `… (goal >= 0.8)` / `(ms, goal < 100)`, or a `goal` entry whose
 * value names another figure (`"ratioVsOpenssl >= 0.9"`). A module that fails is reported, and the
 * rest still run; the exit status is 0 either way (the figures are the result).
 * Run a subset: `npm run bench -- emulator tree-hash`.
 */
import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

type Figures = Record<string, number | string>;
type BenchFunction = () => Promise<Figures>;

interface Goal {
  operator: string;
  target: number;
}

interface Row {
  bench: string;
  figure: string;
  value: string;
  goal: string;
  result: string;
}

const HERE = path.dirname(fileURLToPath(import.meta.url));
const OPERATOR = String.raw`(>=|<=|≥|≤|<|>)`;
const GOAL_IN_NAME = new RegExp(String.raw`goal\s*${OPERATOR}\s*(-?[\d.]+)`, "i");
const GOAL_VALUE = new RegExp(String.raw`^\s*(.+?)\s*${OPERATOR}\s*(-?[\d.]+)\s*$`);

function meets(value: number, { operator, target }: Goal): boolean {
  switch (operator) {
    case ">=":
    case "≥":
      return value >= target;
    case "<=":
    case "≤":
      return value <= target;
    case "<":
      return value < target;
    default:
      return value > target;
  }
}

/** Goals declared as `goal: "figure >= n"` (several may be separated by `;`). */
function goalsByFigure(figures: Figures): Map<string, Goal> {
  const goals = new Map<string, Goal>();
  for (const [key, value] of Object.entries(figures)) {
    if (!/^goal/i.test(key) || typeof value !== "string") continue;
    for (const part of value.split(";")) {
      const m = GOAL_VALUE.exec(part);
      if (m?.[1] && m[2] && m[3]) goals.set(m[1], { operator: m[2], target: Number(m[3]) });
    }
  }
  return goals;
}

function rowsFor(bench: string, figures: Figures): Row[] {
  const declared = goalsByFigure(figures);
  const rows: Row[] = [];
  for (const [figure, value] of Object.entries(figures)) {
    if (/^goal/i.test(figure)) continue;
    const inName = GOAL_IN_NAME.exec(figure);
    const goal =
      declared.get(figure) ??
      (inName?.[1] && inName[2] ? { operator: inName[1], target: Number(inName[2]) } : undefined);
    const result =
      goal === undefined || typeof value !== "number" ? "" : meets(value, goal) ? "pass" : "MISS";
    rows.push({
      bench,
      figure,
      value: String(value),
      goal: goal ? `${goal.operator} ${goal.target}` : "",
      result,
    });
  }
  return rows;
}

/** `bench/*.ts` modules other than this one, optionally only those named on the command line. */
function benchModules(only: readonly string[]): string[] {
  return readdirSync(HERE)
    .filter((file) => file.endsWith(".ts") && !file.endsWith(".test.ts") && file !== "run.ts")
    .filter((file) => only.length === 0 || only.includes(file.replace(/\.ts$/, "")))
    .sort();
}

async function benchFunctions(file: string): Promise<Array<[string, BenchFunction]>> {
  const exported = (await import(path.join(HERE, file))) as Record<string, unknown>;
  return Object.entries(exported).filter(
    (entry): entry is [string, BenchFunction] => /^bench/.test(entry[0]) && typeof entry[1] === "function",
  );
}

function printTable(rows: Row[]): void {
  const columns: Array<keyof Row> = ["bench", "figure", "value", "goal", "result"];
  const width = (column: keyof Row) => Math.max(column.length, ...rows.map((r) => r[column].length));
  const line = (cells: Record<keyof Row, string>) => columns.map((c) => cells[c].padEnd(width(c))).join("  ");
  const header = { bench: "bench", figure: "figure", value: "value", goal: "goal", result: "result" };
  console.log(line(header));
  console.log(columns.map((c) => "-".repeat(width(c))).join("  "));
  for (const row of rows) console.log(line(row));
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  for (const file of benchModules(process.argv.slice(2))) {
    for (const [name, run] of await benchFunctions(file)) {
      const started = performance.now();
      console.error(`running ${name} (${file})…`);
      try {
        rows.push(...rowsFor(name, await run()));
        console.error(`  done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        rows.push({
          bench: name,
          figure: "error",
          value: message.split("\n")[0] ?? "",
          goal: "",
          result: "ERROR",
        });
      }
    }
  }
  console.log();
  printTable(rows);
  const misses = rows.filter((r) => r.result === "MISS").length;
  const passes = rows.filter((r) => r.result === "pass").length;
  console.log(
    `\n${passes} goal(s) met, ${misses} missed, ${rows.filter((r) => r.result === "ERROR").length} bench error(s).`,
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(0);
  },
);
