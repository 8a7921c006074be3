// Password hashing with scrypt from node:crypto (memory-hard, no home-made crypto) and the rules a
// new password must pass. No SQL, no HTTP: the sign-in and user pages call these.
import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";
import { readFileSync } from "node:fs";

export interface ScryptParams {
  /** CPU/memory cost, a power of two; memory is about 128 × N × r bytes. */
  N: number;
  r: number;
  p: number;
}

// N = 2^15, r = 8: 32 MiB and, measured on this machine (2 CPUs, AMD EPYC, load ≈ 0.5) on
// 2026-12-04, 65–69 ms per hash (median 68 ms of 7); N = 2^16 took 137 ms, too close to the
// 300 ms sign-in target once the machine is busy. See docs/performance.md.
export const SCRYPT_PARAMS: ScryptParams = { N: 32_768, r: 8, p: 1 };

const SALT_BYTES = 16;
const KEY_BYTES = 32;
// Bounds on what a stored string may ask for, so that a corrupted or planted row cannot make one
// sign-in take gigabytes or minutes.
const MAX_N = 2 ** 20;
const MAX_R = 32;
const MAX_P = 16;

const STORED = /^scrypt\$N=(\d{1,8}),r=(\d{1,3}),p=(\d{1,3})\$([A-Za-z0-9+/]+={0,2})\$([A-Za-z0-9+/]+={0,2})$/;

function derive(plain: string, salt: Buffer, keyBytes: number, { N, r, p }: ScryptParams): Promise<Buffer> {
  // OpenSSL needs 128 × r × (N + p + 2) bytes; Node's default cap (32 MiB) is just below N = 2^15.
  const maxmem = 128 * r * (N + p + 2);
  // NFC so that the same password typed on two keyboards (composed or decomposed é) matches.
  return new Promise((resolve, reject) => {
    scrypt(plain.normalize("NFC"), salt, keyBytes, { N, r, p, maxmem }, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/** `scrypt$N=…,r=…,p=…$<salt base64>$<hash base64>`: the parameters travel with the hash. */
export async function hashPassword(plain: string, params: ScryptParams = SCRYPT_PARAMS): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(plain, salt, KEY_BYTES, params);
  return `scrypt$N=${params.N},r=${params.r},p=${params.p}$${salt.toString("base64")}$${key.toString("base64")}`;
}

interface Stored {
  params: ScryptParams;
  salt: Buffer;
  key: Buffer;
}

function parseStored(stored: string): Stored | null {
  const match = STORED.exec(stored);
  if (!match) return null;
  const [, n, r, p, salt, key] = match;
  const params: ScryptParams = { N: Number(n), r: Number(r), p: Number(p) };
  const powerOfTwo = params.N > 1 && (params.N & (params.N - 1)) === 0;
  if (!powerOfTwo || params.N > MAX_N || params.r < 1 || params.r > MAX_R || params.p < 1 || params.p > MAX_P) return null;
  const saltBytes = Buffer.from(salt ?? "", "base64");
  const keyBytes = Buffer.from(key ?? "", "base64");
  if (saltBytes.length < SALT_BYTES || keyBytes.length < 16 || keyBytes.length > 64) return null;
  return { params, salt: saltBytes, key: keyBytes };
}

/** True only when `plain` is the password `stored` was made from; false for anything else. */
export async function verifyPassword(plain: string, stored: string): Promise<boolean> {
  const parsed = parseStored(stored);
  if (!parsed) return false;
  try {
    const key = await derive(plain, parsed.salt, parsed.key.length, parsed.params);
    return timingSafeEqual(key, parsed.key);
  } catch {
    return false;
  }
}

export const MIN_PASSWORD_LENGTH = 12;

/** A random initial password (16 characters), for an account to change at its first sign-in. */
export const initialPassword = (): string => randomBytes(12).toString("base64url");

/** Why a new password is refused; stable keys that the pages translate. */
export type PasswordProblem = "tooShort" | "common" | "personal";

let common: Set<string> | undefined;

// Read once, on first use: most processes (jobs, CLI) never check a new password.
function commonPasswords(): Set<string> {
  if (!common) {
    const text = readFileSync(new URL("./common-passwords.txt", import.meta.url), "utf8");
    common = new Set(
      text
        .split("\n")
        .map((line) => line.trim())
        .filter((line) => line !== "" && !line.startsWith("#"))
        .map((line) => line.toLowerCase()),
    );
  }
  return common;
}

// The pieces of an e-mail local part or a name that a password must not contain: the whole of it
// (spaces and dots dropped), and each word long enough to be more than a chance match.
function personalWords(email: string | undefined, name: string | undefined): string[] {
  const words: string[] = [];
  const local = email?.toLowerCase().split("@")[0]?.trim() ?? "";
  const fullName = name?.toLowerCase().trim() ?? "";
  for (const [whole, parts] of [
    [local.replace(/[._+-]/g, ""), local.split(/[._+-]+/)],
    [fullName.replace(/\s+/g, ""), fullName.split(/\s+/)],
  ] as const) {
    if (whole.length >= 3) words.push(whole);
    words.push(...parts.filter((part) => part.length >= 4));
  }
  return words;
}

/** The reason `plain` may not be chosen as a password, or null when it may. */
export function passwordProblem(plain: string, context: { email?: string; name?: string }): PasswordProblem | null {
  // Characters as people count them, not UTF-16 units.
  if ([...plain].length < MIN_PASSWORD_LENGTH) return "tooShort";
  const lower = plain.toLowerCase();
  if (commonPasswords().has(lower)) return "common";
  if (personalWords(context.email, context.name).some((word) => lower.includes(word))) return "personal";
  return null;
}
