import { type Rng } from "./random";
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

/** A header row and `rows` sales records in one year, for Glacier Select. */
export function salesCsv(rng: Rng, rows: number, year: number, firstMonth = 1, lastMonth = 12): string {
  const lines = ["id,region,product,units,price,date"];
  for (let id = 1; id <= rows; id++) {
    const product = rng.pick(PRODUCTS);
    const price = PRICES[product] ?? 19.99;
    const month = rng.int(firstMonth, lastMonth);
    const date = `${year}-${String(month).padStart(2, "0")}-${String(rng.int(1, 28)).padStart(2, "0")}`;
    lines.push(
      [
        String(id),
        rng.pick(REGIONS),
        csvField(product),
        String(rng.int(1, 250)),
        price.toFixed(2),
        date,
      ].join(","),
    );
  }
  return `${lines.join("\n")}\n`;
}

const FILES = [
  { path: "reports/sales-2021.csv", rows: 300, year: 2021, months: [1, 12], daysAgo: 1400 },
  { path: "reports/sales-2022.csv", rows: 400, year: 2022, months: [1, 12], daysAgo: 1050 },
  { path: "reports/sales-2023-q1.csv", rows: 250, year: 2023, months: [1, 3], daysAgo: 950 },
  { path: "reports/sales-2023-q2.csv", rows: 280, year: 2023, months: [4, 6], daysAgo: 860 },
] as const;

/** CSV reports with plain-path descriptions. */
export async function seedReports(w: SeedWriter): Promise<void> {
  w.addVault(VAULT, w.daysAgo(1500));
  for (const file of FILES) {
    const csv = salesCsv(w.rng, file.rows, file.year, file.months[0], file.months[1]);
    await w.addFile(VAULT, Buffer.from(csv, "utf8"), file.path, w.daysAgo(file.daysAgo));
  }
}
