import { Rng } from "./random";
import { type SeedWriter } from "./writer";

const VAULT = "reports";
const REGIONS = ["us-east", "us-west", "eu-west", "eu-central", "ap-south", "sa-east"] as const;
const PRODUCTS = ["Widget", "Gadget", "Sprocket", "Gizmo", "Doohickey", "Cable, 2m", 'Monitor 27"'] as const;
const PRICES: Readonly<Record<string, number>> = {
  Widget: 4.99,
  Gadget: 12.5,
  Sprocket: 0.75,
  Gizmo: 29.0,
  Doohickey: 7.25,
};

/** RFC 4180 quoting, needed for the product names with a comma or a quote. */
function csvField(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * The sales files' header. Its names exercise Glacier Select's column rules (s3-glacier-select-sql-reference-select.html):
 * `date` is a reserved keyword, so a query must write `s."date"`; `Region`, `Product`, `UNITS` and
 * `AMOUNT` are mixed case, matched case-insensitively when unquoted (`s.region`) and exactly when quoted
 * (`s."Region"`; `s."region"` is MissingHeaderName). `"date"` is quoted in the file too, as CSV allows.
 */
export const SALES_HEADER = 'id,"date",Region,Product,UNITS,Price,AMOUNT';
export const SALES_COLUMNS = ["id", "date", "Region", "Product", "UNITS", "Price", "AMOUNT"] as const;

/** A header row and `rows` sales records in one year, for Glacier Select. */
export function salesCsv(rng: Rng, rows: number, year: number, firstMonth = 1, lastMonth = 12): string {
  const lines = [SALES_HEADER];
  for (let id = 1; id <= rows; id++) {
    // Draws in the order the seed always made them, so the vaults seeded after this one stay as they were.
    const product = rng.pick(PRODUCTS);
    const price = PRICES[product] ?? 19.99;
    const month = rng.int(firstMonth, lastMonth);
    const date = `${year}-${String(month).padStart(2, "0")}-${String(rng.int(1, 28)).padStart(2, "0")}`;
    const region = rng.pick(REGIONS);
    const units = rng.int(1, 250);
    const fields = [String(id), date, region, csvField(product), String(units), price.toFixed(2)];
    lines.push([...fields, (units * price).toFixed(2)].join(","));
  }
  return `${lines.join("\n")}\n`;
}

/**
 * The customers file's header: `Name` (a display name) and `name` (a login) differ only in case, so an
 * unquoted `s.name` matches both and is AmbiguousFieldName; `s."Name"` and `s."name"` each pick one.
 * `value` is a reserved keyword (`s."value"`).
 */
export const CUSTOMERS_HEADER = 'id,Name,name,City,"value"';
export const CUSTOMERS_COLUMNS = ["id", "Name", "name", "City", "value"] as const;

const FIRST = ["Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "Ken", "Radia", "Niklaus"];
const LAST = [
  "Lovelace",
  "Hopper",
  "Turing",
  "Dijkstra",
  "Liskov",
  "Knuth",
  "Allen",
  "Thompson",
  "Perlman",
  "Wirth",
];
const CITIES = ["Lisbon", "Oslo", "Montréal", "Kyoto", "São Paulo", "Cape Town", "Zürich"] as const;

/** A header row and `rows` customers with a lifetime value, for the case and keyword rules. */
export function customersCsv(rng: Rng, rows: number): string {
  const lines = [CUSTOMERS_HEADER];
  for (let id = 1; id <= rows; id++) {
    const first = rng.pick(FIRST);
    const last = rng.pick(LAST);
    const login = `${first[0] ?? ""}${last}${id}`.toLowerCase();
    const value = (rng.int(0, 500_000) / 100).toFixed(2);
    lines.push([String(id), `${first} ${last}`, login, rng.pick(CITIES), value].join(","));
  }
  return `${lines.join("\n")}\n`;
}

const FILES = [
  { path: "reports/sales-2021.csv", rows: 300, year: 2021, months: [1, 12], daysAgo: 1400 },
  { path: "reports/sales-2022.csv", rows: 400, year: 2022, months: [1, 12], daysAgo: 1050 },
  { path: "reports/sales-2023-q1.csv", rows: 250, year: 2023, months: [1, 3], daysAgo: 950 },
  { path: "reports/sales-2023-q2.csv", rows: 280, year: 2023, months: [4, 6], daysAgo: 860 },
] as const;

export const CUSTOMERS_FILE = { path: "reports/customers-2023.csv", rows: 120, daysAgo: 800 } as const;

/** CSV reports with plain-path descriptions. */
export async function seedReports(w: SeedWriter): Promise<void> {
  w.addVault(VAULT, w.daysAgo(1500));
  for (const file of FILES) {
    const csv = salesCsv(w.rng, file.rows, file.year, file.months[0], file.months[1]);
    await w.addFile(VAULT, Buffer.from(csv, "utf8"), file.path, w.daysAgo(file.daysAgo));
  }
}

/**
 * The customers file, in the reports vault. Seeded last, with its own generator: the shared one's draws
 * (archive ids included) and so every other vault stay as they were before this file existed.
 */
export async function seedCustomers(w: SeedWriter): Promise<void> {
  const customers = customersCsv(new Rng("reports/customers"), CUSTOMERS_FILE.rows);
  await w.addFile(
    VAULT,
    Buffer.from(customers, "utf8"),
    CUSTOMERS_FILE.path,
    w.daysAgo(CUSTOMERS_FILE.daysAgo),
  );
}
