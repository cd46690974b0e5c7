/** The typed result every server action returns (importable by client components: plain types only). */
export type ActionResult<T = undefined> =
  | { ok: true; data: T; message?: string }
  | { ok: false; message: string; fieldErrors: Record<string, string> };

export function actionFailure(
  message: string,
  fieldErrors: Record<string, string> = {},
): ActionResult<never> {
  return { ok: false, message, fieldErrors };
}
