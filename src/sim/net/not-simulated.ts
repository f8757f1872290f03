/** Thrown inside the simulated network when a request needs something it does not model. */
export class NotSimulated extends Error {
  override name = 'NotSimulated';
}
