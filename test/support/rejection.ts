/**
 * The error a promise rejects with, for assertions on every property of it.
 * Fails the test when the promise resolves.
 */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the operation to fail, but it succeeded");
}
