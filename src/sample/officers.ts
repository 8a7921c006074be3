import type { Random } from "./random.ts";

// Officers' names for diproses_oleh: a few per desk, drawn once per sample from a list of common
// Indonesian names.

const NAMES = [
  "Rina Marlina", "Dedi Saputra", "Sri Wahyuni", "Ahmad Fauzi", "Nur Aisyah", "Budi Santoso", "Yuliana Putri",
  "Hendra Gunawan", "Siti Rahmawati", "Rudi Hartono", "Fitri Handayani", "Agus Salim", "Dewi Lestari", "Joko Susilo",
  "Ratna Sari", "Irwan Syahputra", "Mega Purnamasari", "Fajar Ramadhan", "Lina Marlina", "Taufik Hidayat",
  "Nurhayati", "Zulkifli", "Eka Prasetya", "Rahmat Hidayat", "Wulan Sari", "Syafrizal", "Intan Permata",
  "Doni Firmansyah", "Yusnita", "Arif Budiman",
];

export class Officers {
  private readonly desks = new Map<string, string[]>();

  constructor(private readonly random: Random) {}

  /** Someone at the desk of `actor` (the SOP step's Pelaksana); a desk keeps the same few people. */
  at(actor: string): string {
    let people = this.desks.get(actor);
    if (!people) {
      const size = /kepala dinas|kadis|sekretaris/i.test(actor) ? 1 : this.random.int(2, 4);
      people = Array.from({ length: size }, () => this.random.pick(NAMES));
      this.desks.set(actor, people);
    }
    return this.random.pick(people);
  }
}
