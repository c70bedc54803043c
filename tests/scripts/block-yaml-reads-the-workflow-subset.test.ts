// The YAML reader behind workflow-check and the PR stack template: it reads the block style that
// workflows and stack files use, and refuses, with the line, anything it would have to guess at.
import * as fs from "node:fs";
import * as path from "node:path";
import {
  YamlSubsetError,
  get,
  parseBlockYaml,
  scalarText,
  toJson,
} from "../../scripts/workflow-check/block-yaml";

const parse = (text: string) => toJson(parseBlockYaml(text, "t.yml"));

describe("what it reads", () => {
  it("block maps, lists of maps, and lists at the key's own indentation", () => {
    expect(
      parse(
        [
          "on:",
          "  push:",
          "    branches: [main]",
          "  workflow_dispatch:",
          "jobs:",
          "  a:",
          "    steps:",
          "      - uses: actions/checkout@v6",
          "        with:",
          "          persist-credentials: false",
          "      - run: echo hi",
          "    needs:",
          "    - b",
          "    - c",
        ].join("\n"),
      ),
    ).toEqual({
      on: { push: { branches: ["main"] }, workflow_dispatch: null },
      jobs: {
        a: {
          steps: [
            { uses: "actions/checkout@v6", with: { "persist-credentials": "false" } },
            { run: "echo hi" },
          ],
          needs: ["b", "c"],
        },
      },
    });
  });

  it("namespaced keys split at the first colon followed by a space", () => {
    expect(parse("config:\n  pocket-id-appwrite:platform: railway\n  url: https://x.example/a:b\n")).toEqual({
      config: { "pocket-id-appwrite:platform": "railway", url: "https://x.example/a:b" },
    });
  });

  it("quoted scalars, comments, and ${{ }} expressions", () => {
    expect(
      parse(
        [
          "# header",
          'a: "x # not a comment" # a comment',
          "b: 'it''s'",
          "c: plain # comment",
          "d: ${{ secrets.X }}",
          'e: "esc \\"q\\" \\u0041"',
          "'f g': 1",
        ].join("\n"),
      ),
    ).toEqual({
      a: "x # not a comment",
      b: "it's",
      c: "plain",
      d: "${{ secrets.X }}",
      e: 'esc "q" A',
      "f g": "1",
    });
  });

  it("block scalars verbatim, including # lines and ${{ }} inside them", () => {
    const root = parseBlockYaml(
      "run: |\n  # ${{ secrets.HIDDEN }}\n  echo a\n\n    indented\nnext: x\n",
      "t.yml",
    );
    expect(scalarText(get(root, "run"))).toBe("# ${{ secrets.HIDDEN }}\necho a\n\n  indented\n");
    expect(scalarText(get(root, "next"))).toBe("x");
    expect(scalarText(get(parseBlockYaml("a: >-\n  one\n  two\n", "t.yml"), "a"))).toBe("one two");
  });

  it("one-line flow collections and multi-line plain scalars", () => {
    expect(
      parse("p: {}\nq: []\nr: { command: preview, stack-name: prod, list: [a, 'b, c'] }\ns: a &&\n  b\n"),
    ).toEqual({
      p: {},
      q: [],
      r: { command: "preview", "stack-name": "prod", list: ["a", "b, c"] },
      s: "a && b",
    });
  });

  it("the committed workflows and pulumi/actions' own action.yml shape", () => {
    const dir = path.resolve(__dirname, "..", "..", ".github", "workflows");
    for (const f of fs.readdirSync(dir))
      expect(() => parseBlockYaml(fs.readFileSync(path.join(dir, f), "utf8"), f)).not.toThrow();
    const action = parse(
      "inputs:\n  github-token:\n    description: 'Github Token'\n    required: false\n    default: ${{ github.token }}\n",
    );
    expect(action).toEqual({
      inputs: {
        "github-token": { description: "Github Token", required: "false", default: "${{ github.token }}" },
      },
    });
  });
});

describe("what it refuses, naming the line", () => {
  it.each([
    ["a: &anchor x\n", 1, /anchor, alias or tag/],
    ["a: x\nb: *alias\n", 2, /anchor, alias or tag/],
    ["a: !!str x\n", 1, /anchor, alias or tag/],
    ["a: [x,\n  y]\n", 1, /not closed on this line/],
    ["a: x\na: y\n", 2, /repeats the key "a"/],
    ["a: 1\n---\nb: 2\n", 2, /second YAML document/],
    ["a:\n\tb: 1\n", 2, /tab/],
    ['a: "open\nb: 1\n', 1, /never closed/],
    ["a: 1\n  b: 2\n", 2, /does not fit/],
    ["<<: {}\n", 1, /merge key/],
  ])("%j", (text, line, message) => {
    try {
      parseBlockYaml(text, "t.yml");
      throw new Error("expected a YamlSubsetError");
    } catch (e) {
      expect(e).toBeInstanceOf(YamlSubsetError);
      expect((e as YamlSubsetError).line).toBe(line);
      expect((e as Error).message).toMatch(new RegExp(`^t\\.yml:${line}: `));
      expect((e as Error).message).toMatch(message);
    }
  });
});
