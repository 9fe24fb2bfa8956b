/** A sleep that a wake-up can cut short (the in-process nudge after new work is queued). */
export class Waker {
  private pending: (() => void) | undefined;
  private woken = false;

  sleep(ms: number): Promise<void> {
    if (this.woken) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const self = this;
      function done(): void {
        clearTimeout(timer);
        self.pending = undefined;
        resolve();
      }
      this.pending = done;
    });
  }

  wake(): void {
    if (this.pending) this.pending();
    else this.woken = true;
  }
}

export const delay = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
