/** A problem found in the roster file: where it is (file line or sheet row; the header as written) and why. */
export interface RosterError {
  line: number;
  /** the column's header as written in the file; '' when the problem is the whole line or file */
  column: string;
  reason: string;
}

/** `line N, column X: reason`, the form SPEC.md promises admins. */
export function formatRosterError(e: RosterError): string {
  return e.column === '' ? `line ${e.line}: ${e.reason}` : `line ${e.line}, column ${e.column}: ${e.reason}`;
}

/** Errors in file order: by line, header problems first. */
export function sortRosterErrors(errors: RosterError[]): RosterError[] {
  return errors.map((e, i) => ({ e, i })).sort((a, b) => a.e.line - b.e.line || a.i - b.i).map(({ e }) => e);
}
