import { describe, expect, it } from "vitest";
import { checkActionForm, checkActionText } from "./action-body";

describe("server-action body gate", () => {
  it.each([
    ['[{"name":"x","endpoint":"$undefined","n":"$n12","d":"$D2024-01-02T03:04:05.000Z"}]', true],
    ['[{"price":"$$5"}]', true],
    ["[]", true],
    ['["$1"]', false],
    ['[{"a":["$@0"]}]', false],
    ['[{"$K1":1}]', false],
    ['["$F1"]', false],
    ["1e309", false],
    ['{"a":1}', false],
    ["not json", false],
    [`${"[".repeat(100)}${"]".repeat(100)}`, false],
  ])("%s → %s", (body, ok) => {
    expect(checkActionText(body).ok).toBe(ok);
  });

  it("allows a FormData argument's own reference, and user text that starts with $", () => {
    const form = new FormData();
    form.set("0", '[null,"$K1"]');
    form.set("1_email", "a@example.com");
    form.set("1_password", "$ecret password");
    form.set("_1_next", "/");
    expect(checkActionForm(form)).toEqual({ ok: true });
    form.set("0", '[null,"$K2"]');
    expect(checkActionForm(form).ok).toBe(false);
    const noJs = new FormData();
    noJs.set("$ACTION_ID_abc", "");
    noJs.set("email", "$x");
    expect(checkActionForm(noJs)).toEqual({ ok: true });
  });
});
