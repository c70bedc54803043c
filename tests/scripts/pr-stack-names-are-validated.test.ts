// PR stacks are pr-<number>; anything else is refused with the argument named and the fix.
import { isPrStack, parsePrNumber, prNumberOf, stackNameFor } from "../../scripts/pr-stack";

describe("stackNameFor", () => {
  it("names the stack of a pull request pr-<number>", () => {
    expect(stackNameFor(7)).toBe("pr-7");
    expect(stackNameFor("42")).toBe("pr-42");
    expect(stackNameFor(" 1234 ")).toBe("pr-1234");
  });

  it.each([0, -1, 1.5, "07", "7a", "", "pr-7", NaN, 2 ** 60])("refuses %p with the fix", (bad) => {
    expect(() => stackNameFor(bad as number)).toThrow(
      /not a positive whole number\. Pass the PR's number, e\.g\. 7/,
    );
  });

  it("names the argument it was given in the error", () => {
    expect(() => parsePrNumber("x", "--pr")).toThrow(/^--pr is "x"/);
  });
});

describe("isPrStack / prNumberOf", () => {
  it("recognises short and fully qualified PR stack names of this project", () => {
    expect(isPrStack("pr-7")).toBe(true);
    expect(isPrStack("organization/pocket-id-appwrite/pr-7")).toBe(true);
    expect(prNumberOf("organization/pocket-id-appwrite/pr-12")).toBe(12);
  });

  it.each([
    "prod",
    "dev",
    "pr",
    "pr-",
    "pr-0",
    "pr-07",
    "pr-7-old",
    "xpr-7",
    "organization/other-project/pr-7",
  ])("does not take %p for a PR stack", (name) => {
    expect(isPrStack(name)).toBe(false);
    expect(prNumberOf(name)).toBeUndefined();
  });
});
