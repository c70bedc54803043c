// Small facts about Pulumi dynamic providers that every provider in this project needs.

/** The value Pulumi passes for inputs that are not known yet (during preview). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** True when a value (or an element of a list) is the preview's unknown sentinel. */
export function isUnknown(value: unknown): boolean {
  return value === UNKNOWN || (Array.isArray(value) && value.includes(UNKNOWN));
}

/** read() gets no state on `pulumi import`/`.get()`, which dynamic resources cannot support. */
export function stateOrThrow<T>(props: T | undefined, resource: string): T {
  if (!props) {
    throw new Error(
      `${resource} cannot be imported: dynamic resources are read only from their own state (use adoptExisting instead).`,
    );
  }
  return props;
}
