// What a bench must undo, even after an error or an interrupt, in this order: processes, then connections, then
// databases (a database cannot be dropped while a process still holds a connection to it); `last` runs after.
type Undo = () => Promise<unknown>;

export function teardown(last: () => void = () => undefined): { processes: Undo[]; connections: Undo[]; databases: Undo[]; undoAll(): Promise<void> } {
  const processes: Undo[] = [];
  const connections: Undo[] = [];
  const databases: Undo[] = [];
  let undone: Promise<void> | undefined;
  const undo = (fns: Undo[]) => Promise.all(fns.map((f) => f().catch((err: Error) => console.error(`cleanup: ${err.message}`))));
  return {
    processes, connections, databases,
    undoAll: () => (undone ??= (async () => {
      await undo(processes);
      await undo(connections);
      await undo(databases);
      last();
    })()),
  };
}
