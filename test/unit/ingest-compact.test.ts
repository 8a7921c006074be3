import { describe, expect, it } from "vitest";
import { IntLists, TextIds } from "../../src/ingest/compact.ts";

describe("IntLists", () => {
  it("keeps each list's values in order across batches, and grows", () => {
    const l = new IntLists();
    for (let i = 0; i < 3000; i++) l.append(i, [i, i + 1]);
    for (let i = 2999; i >= 0; i--) l.append(i, [7, 8, 9], 1);
    expect(l.values(5)).toEqual([5, 6, 8, 9]);
    expect(l.values(2999)).toEqual([2999, 3000, 8, 9]);
    expect(l.includes(5, 9)).toBe(true);
    expect(l.includes(5, 7)).toBe(false);
    expect(l.values(5000)).toEqual([]);
    expect(l.includes(5000, 0)).toBe(false);
    expect(l.includes(1, 0xffffffff | 0)).toBe(false);
    l.append(1, [0xffffffff | 0]);
    expect(l.includes(1, 0xffffffff | 0)).toBe(true);
  });
});

describe("TextIds", () => {
  it("numbers text, 0 for null, past its bound a number per value", () => {
    const t = new TextIds(2);
    expect(t.id(null)).toBe(0);
    const a = t.id("a");
    expect(t.id("a")).toBe(a);
    t.id("b");
    const c = t.id("c");
    expect(t.id("c")).not.toBe(c);
    expect(t.text(c)).toBe("c");
    expect(t.text(a)).toBe("a");
    expect(t.text(0)).toBeNull();
  });
});
