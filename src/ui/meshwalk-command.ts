/**
 * A meshwalk command line to print for the learner, with the flags that make it act on the
 * cluster in use: a suggestion must work when pasted as printed.
 */
export function meshwalkCommand(args: string, commandFlags: string | undefined): string {
  return commandFlags ? `meshwalk ${args} ${commandFlags}` : `meshwalk ${args}`;
}
