import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/env.ts";

describe("configuration", () => {
  it("has working defaults on an empty environment", () => {
    const c = loadConfig({});
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c.DATA_DIR).toBe("./data");
    expect(c.PORT).toBe(3000);
    expect(c.publicUrl).toBe("http://localhost:3000");
    expect(c.LOG_LEVEL).toBe("info");
  });

  it("reads every variable", () => {
    const c = loadConfig({
      DATABASE_URL: "postgres://u:p@db.example:5433/mutu",
      DATA_DIR: "/var/lib/mutubaku",
      PORT: "8080",
      PUBLIC_URL: "https://mutubaku.kampar.go.id",
      LOG_LEVEL: "warn",
      DEFAULT_LANG: "en",
    });
    expect(c).toMatchObject({ DATABASE_URL: "postgres://u:p@db.example:5433/mutu", PORT: 8080, DEFAULT_LANG: "en" });
    expect(c.publicUrl).toBe("https://mutubaku.kampar.go.id");
  });

  it("treats an empty DATABASE_URL as unset", () => {
    expect(loadConfig({ DATABASE_URL: "" }).DATABASE_URL).toBeUndefined();
  });

  it.each([
    ["DATABASE_URL", "mysql://root@localhost/test"],
    ["DATABASE_URL", "not a url"],
    ["PORT", "eighty"],
    ["PORT", "70000"],
    ["PUBLIC_URL", "ftp://x"],
    ["LOG_LEVEL", "loud"],
  ])("names %s when it is wrong (%s)", (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`^Invalid configuration:\\n  ${name}: `));
  });

  it("never echoes the database URL, which may hold a password", () => {
    expect(() => loadConfig({ DATABASE_URL: "mysql://u:secret@h/d" })).toThrow(/^(?![\s\S]*secret)/);
  });
});
