import { describe, expect, it } from "vitest";
import { hashPassword, MIN_PASSWORD_LENGTH, passwordProblem, SCRYPT_PARAMS, verifyPassword } from "../../src/auth/password.ts";
import { FAILURE_WINDOW_MS, LOCK_MS, MAX_FAILURES, throttleDecision } from "../../src/auth/throttle.ts";

describe("hashPassword / verifyPassword", () => {
  it("a hash verifies its own password and no other", async () => {
    const stored = await hashPassword("kopi tubruk pagi hari");
    expect(stored).toMatch(new RegExp(`^scrypt\\$N=${SCRYPT_PARAMS.N},r=${SCRYPT_PARAMS.r},p=${SCRYPT_PARAMS.p}\\$[^$]+\\$[^$]+$`));
    expect(stored).not.toContain("kopi");
    expect(await verifyPassword("kopi tubruk pagi hari", stored)).toBe(true);
    expect(await verifyPassword("kopi tubruk pagi har", stored)).toBe(false);
    expect(await verifyPassword("Kopi tubruk pagi hari", stored)).toBe(false);
    expect(await verifyPassword("", stored)).toBe(false);
  });

  it("two hashes of one password differ (a fresh salt each) and both verify", async () => {
    const [first, second] = await Promise.all([hashPassword("sama sama saja 123"), hashPassword("sama sama saja 123")]);
    expect(first).not.toBe(second);
    expect(await verifyPassword("sama sama saja 123", first)).toBe(true);
    expect(await verifyPassword("sama sama saja 123", second)).toBe(true);
  });

  it("reads the parameters from the stored string: a hash made with a smaller N still verifies", async () => {
    const stored = await hashPassword("parameter lama tetap jalan", { N: 1024, r: 8, p: 1 });
    expect(stored.startsWith("scrypt$N=1024,r=8,p=1$")).toBe(true);
    expect(await verifyPassword("parameter lama tetap jalan", stored)).toBe(true);
    expect(await verifyPassword("parameter baru", stored)).toBe(false);
    // The same salt and hash claimed under other parameters no longer match.
    expect(await verifyPassword("parameter lama tetap jalan", stored.replace("N=1024", "N=2048"))).toBe(false);
  });

  it("a tampered or malformed stored string answers false, never throws", async () => {
    const stored = await hashPassword("rahasia negara sekali", { N: 1024, r: 8, p: 1 });
    const [scheme, params, salt, key] = stored.split("$") as [string, string, string, string];
    const flipped = (key[0] === "A" ? "B" : "A") + key.slice(1);
    const tampered = [
      [scheme, params, salt, flipped].join("$"),
      [scheme, params, (salt[0] === "A" ? "B" : "A") + salt.slice(1), key].join("$"),
      ["argon2id", params, salt, key].join("$"),
      [scheme, "N=1000,r=8,p=1", salt, key].join("$"), // N not a power of two
      [scheme, "N=2097152,r=8,p=1", salt, key].join("$"), // beyond the bound
      [scheme, "N=1024,r=0,p=1", salt, key].join("$"),
      [scheme, params, salt].join("$"),
      [scheme, params, "c2hvcnQ=", key].join("$"), // a 5-byte salt
      [scheme, params, salt, "a2V5"].join("$"), // a 3-byte hash
      `${stored}$extra`,
      "",
      "not a hash",
      "scrypt$N=1024,r=8,p=1$!!!$???",
    ];
    for (const bad of tampered) expect(await verifyPassword("rahasia negara sekali", bad), bad).toBe(false);
  });
});

describe("passwordProblem", () => {
  const context = { email: "rina.wati@dpmptsp.example.go.id", name: "Rina Wati" };

  it("refuses a password shorter than the minimum, counting characters", () => {
    expect(MIN_PASSWORD_LENGTH).toBe(12);
    expect(passwordProblem("kopi-tubruk", context)).toBe("tooShort");
    expect(passwordProblem("", {})).toBe("tooShort");
    // Characters outside the basic plane count once each, not as two UTF-16 units.
    expect(passwordProblem("🌶".repeat(11), {})).toBe("tooShort");
    expect(passwordProblem("🌶".repeat(12), {})).toBeNull();
  });

  it("refuses a password from the shipped common list in any letter case", () => {
    expect(passwordProblem("password1234", {})).toBe("common");
    expect(passwordProblem("PassWord1234", {})).toBe("common");
    expect(passwordProblem("1QAZ2WSX3EDC", {})).toBe("common");
    expect(passwordProblem("Assalamualaikum", {})).toBe("common");
    expect(passwordProblem("bismillah123", {})).toBe("common");
  });

  it("refuses the long entries of the published list, from its top 10,000 and beyond", () => {
    expect(passwordProblem("qwerty123456", {})).toBe("common");
    expect(passwordProblem("LeaveMeAlone", {})).toBe("common");
    expect(passwordProblem("1qaz2wsx3edc4rfv", {})).toBe("common");
    expect(passwordProblem("qwerty123456789", {})).toBe("common");
  });

  it("refuses a password that is or contains the e-mail local part or the name", () => {
    expect(passwordProblem("rina.wati@dpmptsp", context)).toBe("personal");
    expect(passwordProblem("RinaWati2026!", context)).toBe("personal");
    expect(passwordProblem("selamat pagi wati", context)).toBe("personal");
    expect(passwordProblem("ali-ali-ali-ali", { email: "ali@example.id" })).toBe("personal");
    expect(passwordProblem("budi santoso 99", { name: "Budi Santoso" })).toBe("personal");
  });

  it("accepts a long, uncommon, impersonal password", () => {
    expect(passwordProblem("kopi tubruk pagi hari", context)).toBeNull();
    expect(passwordProblem("Gunung-Kerinci-3805", context)).toBeNull();
    // A short word of the name does not make every password containing it personal.
    expect(passwordProblem("sri rejeki tiap hari", { name: "Sri Wahyuni" })).toBeNull();
  });
});

describe("throttleDecision", () => {
  const start = new Date("2026-12-04T02:00:00Z");
  const at = (ms: number) => new Date(start.getTime() + ms);
  const minutes = (n: number) => n * 60_000;

  it("allows the first ten failures and refuses the eleventh attempt until 15 minutes after the last failure", () => {
    expect(MAX_FAILURES).toBe(10);
    expect(FAILURE_WINDOW_MS).toBe(minutes(15));
    expect(LOCK_MS).toBe(minutes(15));
    const failures: Date[] = [];
    for (let i = 0; i < MAX_FAILURES; i++) {
      expect(throttleDecision(failures, at(minutes(i / 2)))).toEqual({ allowed: true });
      failures.push(at(minutes(i / 2)));
    }
    const last = failures.at(-1)!;
    expect(throttleDecision(failures, at(minutes(5)))).toEqual({ allowed: false, retryAt: new Date(last.getTime() + LOCK_MS) });
    expect(throttleDecision(failures, new Date(last.getTime() + LOCK_MS - 1))).toEqual({ allowed: false, retryAt: new Date(last.getTime() + LOCK_MS) });
    expect(throttleDecision(failures, new Date(last.getTime() + LOCK_MS))).toEqual({ allowed: true });
  });

  it("forgets failures older than the window", () => {
    // Nine long ago and one now: not ten within 15 minutes.
    const failures = [...Array.from({ length: 9 }, (_, i) => at(minutes(i))), at(minutes(30))];
    expect(throttleDecision(failures, at(minutes(30)))).toEqual({ allowed: true });
    // Ten spread over more than 15 minutes never lock.
    const spread = Array.from({ length: 10 }, (_, i) => at(minutes(i * 2)));
    expect(throttleDecision(spread, at(minutes(18)))).toEqual({ allowed: true });
  });

  it("takes the failures in any order and ignores ones after now", () => {
    const failures = Array.from({ length: 10 }, (_, i) => at(minutes(9 - i)));
    expect(throttleDecision(failures, at(minutes(10)))).toEqual({ allowed: false, retryAt: at(minutes(9) + LOCK_MS) });
    expect(throttleDecision(failures, at(minutes(8)))).toEqual({ allowed: true });
  });
});
