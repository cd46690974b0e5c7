import { describe, expect, it } from "vitest";
import { CUSTOMERS_COLUMNS, SALES_COLUMNS } from "@/emulator/seed/reports";
import { checkSelectExpression } from "./select";
import { columnReference, SELECT_EXAMPLES, selectProblemText } from "./select-editor";

describe("columnReference", () => {
  it("names a column bare only when that reads back as this column alone", () => {
    const sales = [...SALES_COLUMNS];
    expect(sales.map((name) => columnReference(name, sales))).toEqual([
      "id",
      '"date"', // reserved keyword
      "Region",
      "Product",
      "UNITS",
      "Price",
      "AMOUNT",
    ]);
    const customers = [...CUSTOMERS_COLUMNS];
    expect(customers.map((name) => columnReference(name, customers))).toEqual([
      "id",
      '"Name"', // Name and name differ only in case
      '"name"',
      "City",
      '"value"',
    ]);
    expect(columnReference('unit "net" price', [])).toBe('"unit ""net"" price"');
    expect(columnReference("_2", [])).toBe('"_2"');
  });

  it("writes references the dialect resolves to that very column", () => {
    for (const header of [[...SALES_COLUMNS], [...CUSTOMERS_COLUMNS], ["a b", "A b", "select", "_1"]]) {
      for (const name of header) {
        const expression = `SELECT s.${columnReference(name, header)} FROM archive s`;
        expect(checkSelectExpression(expression, { fileHeaderInfo: "USE", header }), expression).toBeNull();
      }
    }
  });
});

describe("the help's examples", () => {
  it.each(SELECT_EXAMPLES.map((e) => [e.title, e] as const))(
    "%s passes the dialect on the seed's sales header",
    (_, example) => {
      expect(example.expression).toMatch(/\bFROM archive\b/);
      expect(example.expression).not.toMatch(/S3Object/i);
      const header = example.fileHeaderInfo === "USE" ? [...SALES_COLUMNS] : null;
      expect(
        checkSelectExpression(example.expression, { fileHeaderInfo: example.fileHeaderInfo, header }),
      ).toBeNull();
    },
  );
});

it("words a problem as the form shows it: AWS's message, code and place", () => {
  const problem = checkSelectExpression("SELECT * FROM archive LIMIT 5", { fileHeaderInfo: "NONE" });
  expect(problem).not.toBeNull();
  if (problem) {
    expect(selectProblemText(problem)).toBe(
      `${problem.message} (${problem.code}, line ${problem.line}, column ${problem.column})`,
    );
    expect(problem.message).toMatch(/LIMIT/);
  }
});
