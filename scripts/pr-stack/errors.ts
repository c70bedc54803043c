/** A bad argument, file or environment variable. The message names it and says how to fix it. */
export class PrStackError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PrStackError";
  }
}
