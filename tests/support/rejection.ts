/**
 * What `promise` rejects with, checked to be an `errorClass` so a test can assert on its members; a
 * resolution or a different error fails the test instead.
 */
export async function rejectionOf<E extends Error>(
  promise: Promise<unknown>,
  errorClass: new (...args: never[]) => E,
): Promise<E> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof errorClass) return error;
    throw error;
  }
  throw new Error(`expected a ${errorClass.name}`);
}
