/**
 * Constants of the lesson format that code running lessons needs, kept apart from the zod
 * schema (schema.ts re-exports them) so that importing them does not load zod: the engine, the
 * TUI and `run`/`check` before they parse lessons must start fast.
 */

/** A variable name as used in `{{NAME}}`. */
export const VAR_NAME = /^[A-Z][A-Z0-9_]*$/;

/** Defaults the engine applies when a verification leaves them out. */
export const VERIFY_DEFAULTS = { timeoutMs: 60_000, intervalMs: 1_000, settle: 1 } as const;

/**
 * How long a step's own command with an `expect` is tried again when it does not show it yet
 * (the answer may depend on a policy still reaching the sidecars), when the step's
 * verification sets no `timeout`. Its `interval`, else the verification default, is the wait.
 */
export const COMMAND_EXPECT_DEFAULTS = { timeoutMs: 10_000 } as const;
