/** Thrown inside the simulated network when a request needs something it does not model. */
export class NotSimulated extends Error {
  override name = 'NotSimulated';
}

/**
 * A request whose answer would come from the internet (a name only public DNS knows, a public
 * server the simulator does not model, a port it does not model): refused, never guessed.
 */
export function noInternet(what: string): NotSimulated {
  return new NotSimulated(`${what}: the simulated cluster has no internet`);
}
