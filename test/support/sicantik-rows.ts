import type { Clock } from "../../src/clock/index.ts";

// Step rows as Kampar's SiCantik export writes them, for tests that build permits by hand, and a
// clock those tests move. Times are WIB ("YYYY-MM-DD HH:MM[:SS]").

export const SICANTIK_HEADER = "id,permohonan_izin_id,no_permohonan,jenis_izin,nama_proses,status,start_date,end_date,diproses_oleh,tgl_pengajuan,tgl_selesai";
/** SiCantik's empty date. */
const NONE = "0001-01-01 00:00:00";

export const wib = (t: string) => new Date(`${t.replace(" ", "T")}${t.length === 16 ? ":00" : ""}+07:00`);

export function movableClock(at: string): Clock & { set(t: string): void } {
  let now = wib(at);
  return { now: () => new Date(now), set: (t) => (now = wib(t)) };
}

/** One permit's rows, numbered 503/KMP/2026/n: [step, start, end or null (still open), officer]. */
export function permitRows(n: number, permitType: string, submitted: string, steps: ReadonlyArray<readonly [string, string, string | null, string]>): string[] {
  return steps.map(([step, start, end, actor], i) =>
    [`${n}${i}`, n, `503/KMP/2026/${n}`, permitType, step, end ? "Selesai" : "Proses", `${start}:00`, end ? `${end}:00` : NONE, actor, `${submitted}:00`, NONE].join(","),
  );
}
